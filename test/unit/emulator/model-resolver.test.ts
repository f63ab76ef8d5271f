/** @module Unit tests of model id, inference profile and ARN resolution. */

import { DEFAULT_MODELS } from '../../../local/bedrock-emulator/default-models';
import { ModelResolver, embeddingDialectOf } from '../../../local/bedrock-emulator/model-resolver';

const resolver = new ModelResolver(DEFAULT_MODELS, { applicationInferenceProfiles: { abc123: 'amazon.nova-pro-v1:0' } });
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('ModelResolver', () => {
  it.each([
    { id: SONNET, expected: SONNET },
    { id: `us.${SONNET}`, expected: SONNET },
    { id: `eu.${SONNET}`, expected: SONNET },
    { id: `apac.${SONNET}`, expected: SONNET },
    { id: `global.${SONNET}`, expected: SONNET },
    { id: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET}`, expected: SONNET },
    { id: `arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.${SONNET}`, expected: SONNET },
    { id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', expected: 'amazon.nova-pro-v1:0' },
    { id: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/unmapped', expected: DEFAULT_MODELS[0]?.modelId },
  ])('resolves $id to $expected', ({ id, expected }) => {
    expect(resolver.resolve(id, 'chat')?.model.modelId).toBe(expected);
  });

  it('reports the profile prefix it stripped', () => {
    expect(resolver.resolve(`global.${SONNET}`, 'chat')?.profileGeo).toBe('global');
  });

  it('resolves an unmapped application inference profile to the first model of the needed kind', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/unmapped';

    expect(resolver.resolve(arn, 'embedding')?.model.modelId).toBe('amazon.titan-embed-text-v2:0');
  });

  it.each([
    { id: 'claude-sonnet-4-5' },
    { id: 'anthropic.claude-sonnet-4-5-20250929-v1' },
    { id: `xx.${SONNET}` },
    { id: `arn:aws:bedrock:us-east-1::foundation-model/unknown.model-v1:0` },
    { id: `arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc` },
  ])('returns undefined for $id', ({ id }) => {
    expect(resolver.resolve(id, 'chat')).toBeUndefined();
  });
});

describe('embeddingDialectOf', () => {
  it.each([
    { modelId: 'amazon.titan-embed-text-v2:0', dialect: 'titan-text-v2' },
    { modelId: 'cohere.embed-english-v3', dialect: 'cohere-v3' },
    { modelId: 'cohere.embed-multilingual-v3', dialect: 'cohere-v3' },
    { modelId: 'cohere.embed-v4:0', dialect: 'cohere-v4' },
    { modelId: 'amazon.nova-lite-v1:0', dialect: undefined },
  ])('derives $dialect for $modelId', ({ modelId, dialect }) => {
    expect(embeddingDialectOf({ modelId, provider: 'x', name: 'x', kind: 'embedding' })).toBe(dialect);
  });
});
