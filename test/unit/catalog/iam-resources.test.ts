/** @module Tests for least-privilege Bedrock invoke resource ARNs. */
import { GEO_PROFILE_DESTINATION_REGIONS, bedrockInvokeResourceArns, createModelCatalog } from '../../../lambda/catalog';

const ACCOUNT = '123456789012';
const HAIKU_FM = 'anthropic.claude-haiku-4-5-20251001-v1:0';

describe('bedrockInvokeResourceArns', () => {
  it.each([
    {
      title: 'a direct model id',
      entry: { bedrockModelId: 'amazon.nova-pro-v1:0', foundationModelId: 'amazon.nova-pro-v1:0' },
      expected: ['arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0'],
    },
    {
      title: 'a us. profile',
      entry: { bedrockModelId: `us.${HAIKU_FM}`, foundationModelId: HAIKU_FM },
      expected: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${HAIKU_FM}`,
        `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU_FM}`,
        `arn:aws:bedrock:us-east-2::foundation-model/${HAIKU_FM}`,
        `arn:aws:bedrock:us-west-1::foundation-model/${HAIKU_FM}`,
        `arn:aws:bedrock:us-west-2::foundation-model/${HAIKU_FM}`,
      ],
    },
    {
      title: 'a global. profile',
      entry: { bedrockModelId: `global.${HAIKU_FM}`, foundationModelId: HAIKU_FM },
      expected: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${HAIKU_FM}`,
        `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU_FM}`,
        `arn:aws:bedrock:::foundation-model/${HAIKU_FM}`,
      ],
    },
    {
      title: 'an inference-profile ARN',
      entry: {
        bedrockModelId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${HAIKU_FM}`,
        foundationModelId: HAIKU_FM,
      },
      expected: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${HAIKU_FM}`,
        `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU_FM}`,
        `arn:aws:bedrock:::foundation-model/${HAIKU_FM}`,
      ],
    },
    {
      title: 'an application inference profile ARN',
      entry: {
        bedrockModelId: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/abc123`,
        foundationModelId: 'amazon.nova-pro-v1:0',
      },
      expected: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/abc123`,
        'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0',
      ],
    },
    {
      title: 'a us. profile of an unversioned id (Claude Sonnet 4.6)',
      entry: { bedrockModelId: 'us.anthropic.claude-sonnet-4-6', foundationModelId: 'anthropic.claude-sonnet-4-6' },
      expected: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.anthropic.claude-sonnet-4-6`,
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6',
        'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-6',
        'arn:aws:bedrock:us-west-1::foundation-model/anthropic.claude-sonnet-4-6',
        'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6',
      ],
    },
    {
      title: 'a global. profile of a "-v1" id without ":0" (Claude Opus 4.6)',
      entry: { bedrockModelId: 'global.anthropic.claude-opus-4-6-v1', foundationModelId: 'anthropic.claude-opus-4-6-v1' },
      expected: [
        `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.anthropic.claude-opus-4-6-v1`,
        'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-6-v1',
        'arn:aws:bedrock:::foundation-model/anthropic.claude-opus-4-6-v1',
      ],
    },
    {
      title: 'a dotted direct model id (DeepSeek V3.2)',
      entry: { bedrockModelId: 'deepseek.v3.2', foundationModelId: 'deepseek.v3.2' },
      expected: ['arn:aws:bedrock:us-east-1::foundation-model/deepseek.v3.2'],
    },
  ])('grants $title', ({ entry, expected }) => {
    expect(bedrockInvokeResourceArns({ entries: [entry], region: 'us-east-1', account: ACCOUNT, partition: 'aws' })).toEqual(
      expected,
    );
  });

  it('treats CDK tokens as opaque strings and falls back to the geography union', () => {
    const region = '${Token[AWS.Region.9]}';
    const account = '${Token[AWS.AccountId.4]}';
    const partition = '${Token[AWS.Partition.7]}';
    const arns = bedrockInvokeResourceArns({
      entries: [
        { bedrockModelId: 'amazon.nova-pro-v1:0', foundationModelId: 'amazon.nova-pro-v1:0' },
        { bedrockModelId: `eu.${HAIKU_FM}`, foundationModelId: HAIKU_FM },
      ],
      region,
      account,
      partition,
    });
    expect(arns).toEqual([
      `arn:${partition}:bedrock:${region}::foundation-model/amazon.nova-pro-v1:0`,
      `arn:${partition}:bedrock:${region}:${account}:inference-profile/eu.${HAIKU_FM}`,
      ...GEO_PROFILE_DESTINATION_REGIONS.eu.map((destination) => `arn:${partition}:bedrock:${destination}::foundation-model/${HAIKU_FM}`),
    ]);
  });

  it('adds configured application inference profile ARNs and removes duplicates', () => {
    const appArn = `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/p1`;
    const entry = { bedrockModelId: 'amazon.nova-pro-v1:0', foundationModelId: 'amazon.nova-pro-v1:0' };
    expect(
      bedrockInvokeResourceArns({
        entries: [entry, entry],
        region: 'us-east-1',
        account: ACCOUNT,
        partition: 'aws',
        applicationInferenceProfileArns: [appArn],
      }),
    ).toEqual([appArn, 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0']);
  });

  it('uses the partition in every ARN', () => {
    const arns = bedrockInvokeResourceArns({
      entries: createModelCatalog().list(),
      region: 'us-gov-west-1',
      account: ACCOUNT,
      partition: 'aws-us-gov',
    });
    expect(arns.every((arn) => arn.startsWith('arn:aws-us-gov:bedrock:'))).toBe(true);
  });

  it('grants every built-in model without wildcards', () => {
    const arns = bedrockInvokeResourceArns({ entries: createModelCatalog().list(), region: 'us-east-1', account: ACCOUNT, partition: 'aws' });
    expect(arns.some((arn) => arn.includes('*'))).toBe(false);
    for (const entry of createModelCatalog().list()) {
      expect(arns.some((arn) => arn.endsWith(`/${entry.bedrockModelId}`))).toBe(true);
    }
  });
});
