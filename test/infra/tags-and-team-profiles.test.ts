/** @module Cost allocation: `tags` on every resource of the stack, and per-team application inference profiles (created or given) with the gateway's grant and variable. */
import { Match } from 'aws-cdk-lib/assertions';
import { parseGatewayConfig } from '../../lib/config';
import { profileName } from '../../lib/team-inference-profiles';
import { ENV } from '../../lambda/platform/env-names';
import { iamStatements, synthGateway, variablesOf } from './support';

const EXISTING = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/finance01';
const { template, stack } = synthGateway(
  {
    cloudTrail: true,
    alarmEmail: 'ops@example.com',
    tags: { 'cost-center': 'CC-1234', owner: 'platform-team' },
    teamInferenceProfiles: { search: { 'claude-sonnet-4-5': 'create', 'nova-micro': 'create' }, finance: { 'nova-micro': EXISTING } },
  },
  'Tagged',
);

/** Resource types CloudFormation tags through a `Tags` property, as they appear in this template. */
function taggable(): [string, { Type: string; Properties?: { Tags?: unknown } }][] {
  return Object.entries(template.toJSON().Resources as Record<string, { Type: string; Properties?: { Tags?: unknown } }>).filter(
    ([, resource]) => resource.Properties?.Tags !== undefined,
  );
}

function tagsOf(tags: unknown): Record<string, string> {
  if (Array.isArray(tags)) return Object.fromEntries((tags as { Key: string; Value: string }[]).map((tag) => [tag.Key, tag.Value]));
  return tags as Record<string, string>;
}

describe('tags', () => {
  it('puts every configured tag on every tagged resource', () => {
    const resources = taggable();
    expect(resources.length).toBeGreaterThan(20);
    for (const [logicalId, resource] of resources) {
      expect({ logicalId, tags: tagsOf(resource.Properties?.Tags) }).toEqual({ logicalId, tags: expect.objectContaining({ 'cost-center': 'CC-1234', owner: 'platform-team' }) });
    }
  });

  it.each([
    'AWS::Lambda::Function',
    'AWS::DynamoDB::Table',
    'AWS::IAM::Role',
    'AWS::Logs::LogGroup',
    'AWS::KMS::Key',
    'AWS::SNS::Topic',
    'AWS::ApiGateway::RestApi',
    'AWS::ApiGateway::Stage',
    'AWS::WAFv2::WebACL',
    'AWS::Events::Rule',
    'AWS::S3::Bucket',
    'AWS::CloudTrail::Trail',
    'AWS::Bedrock::ApplicationInferenceProfile',
  ])('tags %s', (type) => {
    const ofType = taggable().filter(([, resource]) => resource.Type === type);
    expect(ofType.length).toBeGreaterThan(0);
  });

  it.each([
    { tags: { 'aws:owner': 'x' }, problem: 'the "aws:" prefix is reserved' },
    { tags: { owner: 'a'.repeat(257) }, problem: 'gateway.tags.owner' },
    { tags: { 'bad#key': 'x' }, problem: 'expected letters, digits, spaces' },
  ])('refuses $tags', ({ tags, problem }) => {
    expect(() => parseGatewayConfig({ tags })).toThrow(problem);
  });
});

describe('per-team application inference profiles', () => {
  it('creates one profile per team and model, copying the model the catalog calls, tagged with the team', () => {
    template.resourceCountIs('AWS::Bedrock::ApplicationInferenceProfile', 2);
    template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      InferenceProfileName: 'Tagged-search-nova-micro',
      ModelSource: { CopyFrom: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, '::foundation-model/amazon.nova-micro-v1:0']] } },
      Tags: Match.arrayWith([{ Key: 'gateway-model', Value: 'nova-micro' }, { Key: 'team', Value: 'search' }]),
    });
    template.hasResourceProperties('AWS::Bedrock::ApplicationInferenceProfile', {
      InferenceProfileName: 'Tagged-search-claude-sonnet-4-5',
      ModelSource: { CopyFrom: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':inference-profile/(us|global)\\.anthropic\\.claude-sonnet-4-5')])] } },
    });
  });

  it('lets the gateway invoke through exactly those profiles and the given one', () => {
    const statement = iamStatements(template).find((one) => one.Sid === 'InvokeTeamInferenceProfiles');
    expect(statement).toMatchObject({ Effect: 'Allow', Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] });
    const resources = statement?.Resource as unknown[];
    expect(resources).toHaveLength(3);
    expect(resources).toContain(EXISTING);
    const created = Object.keys(template.findResources('AWS::Bedrock::ApplicationInferenceProfile'));
    for (const id of created) expect(resources).toContainEqual({ 'Fn::GetAtt': [id, 'InferenceProfileArn'] });
  });

  it('tells the gateway which team calls which model through which profile', () => {
    const variable = variablesOf(template, 'OpenAI-compatible Bedrock gateway')[ENV.teamInferenceProfiles];
    const rendered = JSON.stringify(stack.resolve(variable));
    expect(rendered).toContain('\\"finance\\":{\\"nova-micro\\":\\"' + EXISTING);
    expect(rendered).toContain('\\"search\\":{');
    expect(rendered).toContain('InferenceProfileArn');
  });

  it('adds nothing without teamInferenceProfiles', () => {
    const { template: plain } = synthGateway({}, 'Untagged');
    plain.resourceCountIs('AWS::Bedrock::ApplicationInferenceProfile', 0);
    expect(iamStatements(plain).some((one) => one.Sid === 'InvokeTeamInferenceProfiles')).toBe(false);
  });

  it.each([
    { input: { search: { 'nova-micro': 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0' } }, problem: 'expected "create" or an application inference profile ARN' },
    { input: { search: ['nova-micro'] }, problem: 'gateway.teamInferenceProfiles.search' },
  ])('refuses $input', ({ input, problem }) => {
    expect(() => parseGatewayConfig({ teamInferenceProfiles: input })).toThrow(problem);
  });

  it('fails synthesis naming a model the catalog does not serve', () => {
    expect(() => synthGateway({ teamInferenceProfiles: { search: { 'nova-mikro': 'create' } } }, 'BadModel')).toThrow(
      'gateway.teamInferenceProfiles.search.nova-mikro names no served catalog model',
    );
  });

  // AWS::Bedrock::ApplicationInferenceProfile tags: ^[a-zA-Z0-9\s._:/=+@-]*$ (ASCII only), unlike other resources.
  it.each<{ config: { tags?: Record<string, string>; teamInferenceProfiles: Record<string, Record<string, string>> }; problem: string }>([
    { config: { teamInferenceProfiles: { 'Équipe': { 'nova-micro': 'create' } } }, problem: 'a created profile of team "Équipe" would carry the tag "team": "Équipe"' },
    { config: { tags: { owner: 'équipe-données' }, teamInferenceProfiles: { search: { 'nova-micro': 'create' } } }, problem: 'would carry the tag "owner": "équipe-données"' },
  ])('fails synthesis when a created profile would carry a tag Bedrock refuses: $problem', ({ config, problem }) => {
    expect(() => synthGateway(config, 'NonAsciiTags')).toThrow(problem);
  });

  it.each(['search', '---', 'data_science'])('gives the profiles of team %j a name and description within the CloudFormation patterns', (team) => {
    const { template: named } = synthGateway({ teamInferenceProfiles: { [team]: { 'nova-micro': 'create' } } }, 'Named');
    const [profile] = Object.values(named.findResources('AWS::Bedrock::ApplicationInferenceProfile')) as { Properties: { InferenceProfileName: string; Description: string } }[];
    expect(profile?.Properties.Description).toMatch(/^([0-9a-zA-Z:.][ _-]?)+$/);
    expect(profile?.Properties.Description.length).toBeLessThanOrEqual(200);
    expect(profile?.Properties.InferenceProfileName).toMatch(/^([0-9a-zA-Z][ _-]?)+$/);
  });

  it('fails synthesis when the catalog calls the model through an application profile, which CopyFrom cannot copy', () => {
    const catalog = { overrides: { 'nova-micro': { bedrockModelId: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123' } } };
    expect(() => synthGateway({ catalog, teamInferenceProfiles: { search: { 'nova-micro': 'create' } } }, 'CopyApplicationProfile')).toThrow(
      'a profile cannot copy arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123 (CopyFrom takes a foundation model or a system-defined inference profile)',
    );
  });

  it('takes a team name with Unicode letters when the profile is given by ARN (nothing is created or tagged)', () => {
    expect(() => synthGateway({ teamInferenceProfiles: { 'Équipe': { 'nova-micro': EXISTING } } }, 'GivenProfile')).not.toThrow();
  });

  it.each([
    { parts: ['BedrockGateway', 'search', 'claude-sonnet-4-5'], expected: 'BedrockGateway-search-claude-sonnet-4-5' },
    { parts: ['Gw', 'Équipe données', 'nova-micro'], expected: 'Gw-quipe-donn-es-nova-micro' },
    { parts: ['Gw', 'x'.repeat(80), 'nova-micro'], expected: `Gw-${'x'.repeat(61)}` },
  ])('names a profile within Bedrock\'s rule: $expected', ({ parts, expected }) => {
    expect(profileName(...parts)).toBe(expected);
  });
});
