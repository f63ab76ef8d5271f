/** @module Audit that names the caller: Bedrock's runtime calls on the trail (management events), per-principal sessions of the audit role, model invocation logging. */
import { Match } from 'aws-cdk-lib/assertions';
import { parseGatewayConfig } from '../../lib/config';
import { ENV } from '../../lambda/platform/env-names';
import { iamStatements, statementsOfFunction, synthGateway, variablesOf } from './support';

const { template, stack } = synthGateway({ cloudTrail: true, auditIdentity: true, modelInvocationLogging: {} }, 'Audit');
const ref = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as never);

describe('CloudTrail with cloudTrail on', () => {
  // Bedrock logs InvokeModel(WithResponseStream) and Converse(Stream) as management events (readOnly
  // false); its data events (AWS::Bedrock::Model) are only the bidirectional stream and async calls.
  it('records every management event, read and write (Bedrock runtime calls among them), and no data events', () => {
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
      AdvancedEventSelectors: Match.absent(),
    });
  });
});

describe('auditIdentity', () => {
  const auditRole = stack.auditIdentity?.role;
  const gatewayRoleArn = { 'Fn::GetAtt': [ref(stack.gatewayFunction.role as never), 'Arn'] };

  it('creates a role only the gateway function may assume, and only with a source identity', () => {
    expect(auditRole).toBeDefined();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: gatewayRoleArn }, Condition: { StringLike: { 'sts:SourceIdentity': '*' } } },
          { Effect: 'Allow', Action: 'sts:SetSourceIdentity', Principal: { AWS: gatewayRoleArn } },
        ],
      },
      MaxSessionDuration: 3600,
    });
  });

  it('lets the gateway assume it and set the source identity, on that role only', () => {
    const statement = iamStatements(template).find((one) => one.Sid === 'AssumeAuditRole');
    expect(statement).toEqual({
      Sid: 'AssumeAuditRole',
      Effect: 'Allow',
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Resource: { 'Fn::GetAtt': [ref(auditRole as never), 'Arn'] },
    });
  });

  it('gives the role the catalog invoke policies and tells the gateway its ARN', () => {
    const policies = stack.bedrockAccess.invokePolicies.map((policy) => ({ Ref: ref(policy as never) }));
    template.hasResourceProperties('AWS::IAM::Role', {
      ManagedPolicyArns: Match.arrayWith(policies),
      AssumeRolePolicyDocument: Match.objectLike({ Statement: Match.arrayWith([Match.objectLike({ Action: 'sts:SetSourceIdentity' })]) }),
    });
    expect(variablesOf(template, 'OpenAI-compatible Bedrock gateway')[ENV.auditRoleArn]).toEqual({ 'Fn::GetAtt': [ref(auditRole as never), 'Arn'] });
  });

  it('is off by default', () => {
    const { template: plain } = synthGateway({}, 'NoAudit');
    expect(iamStatements(plain).some((one) => one.Sid === 'AssumeAuditRole')).toBe(false);
  });
});

describe('model invocation logging', () => {
  it('puts the logging configuration with a custom resource: its own encrypted log group, prompts off', () => {
    const create = loggingConfigOf(template);
    expect(create).toContain('\\"textDataDeliveryEnabled\\":false');
    expect(create).toContain('\\"imageDataDeliveryEnabled\\":false');
    expect(create).toContain('\\"embeddingDataDeliveryEnabled\\":false');
    expect(create).toContain('\\"audioDataDeliveryEnabled\\":false');
    expect(create).toContain('cloudWatchConfig');
    const group = stack.modelInvocationLogging?.logGroup;
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), LogGroupName: Match.absent() });
    expect(group).toBeDefined();
  });

  it("runs the stack's own handler, which may put and delete the setting, pass only the delivery role, and retry for minutes", () => {
    const handler = functionNamed(template, 'Puts Bedrock model invocation logging');
    expect(handler.Properties.Timeout).toBe(300);
    expect(statementsOfFunction(template, 'Puts Bedrock model invocation logging')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Action: ['bedrock:PutModelInvocationLoggingConfiguration', 'bedrock:DeleteModelInvocationLoggingConfiguration'], Resource: '*' }),
        expect.objectContaining({
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': [ref(stack.modelInvocationLogging?.deliveryRole as never), 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
        }),
      ]),
    );
    // The provider framework's function invokes the handler and answers CloudFormation.
    const [resource] = Object.values(template.findResources('Custom::BedrockModelInvocationLogging')) as { Properties: { ServiceToken: { 'Fn::GetAtt': [string, string] } } }[];
    const framework = template.findResources('AWS::Lambda::Function')[resource?.Properties.ServiceToken['Fn::GetAtt'][0] ?? ''] as { Properties: { Description?: string } } | undefined;
    expect(framework?.Properties.Description).toMatch(/provider framework - onEvent/);
  });

  it('lets only Bedrock of this account write to the log group, through its delivery role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'bedrock.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: Match.anyValue() },
          }),
        ],
      },
    });
    // Bedrock writes the stream aws/bedrock/modelinvocations of the configured group (the group's Arn
    // attribute ends in ":*", so "<Arn>:log-stream:*" would match no stream at all).
    const groupRef = { Ref: ref(stack.modelInvocationLogging?.logGroup as never) };
    expect(iamStatements(template)).toContainEqual({
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:', groupRef, ':log-stream:aws/bedrock/modelinvocations']],
      },
    });
    expect(iamStatements(template)).toContainEqual(
      expect.objectContaining({ Action: 'iam:PassRole', Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } } }),
    );
  });

  it('delivers to its own encrypted, TLS-only bucket with destination s3, and prompts only when asked', () => {
    const { template: s3Template, stack: s3Stack } = synthGateway({ modelInvocationLogging: { destination: 's3', prompts: true } }, 'AuditS3');
    const create = loggingConfigOf(s3Template);
    expect(create).toContain('s3Config');
    expect(create).toContain('\\"textDataDeliveryEnabled\\":true');
    s3Template.hasResourceProperties('AWS::S3::Bucket', { BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
    // Bedrock writes under the key prefix: <prefix>/AWSLogs/<account>/BedrockModelInvocationLogs/.
    expect(create).toContain('\\"keyPrefix\\":\\"invocations\\"');
    const bucketArn = { 'Fn::GetAtt': [s3Stack.getLogicalId(s3Stack.modelInvocationLogging?.bucket?.node.defaultChild as never), 'Arn'] };
    s3Template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowBedrockInvocationLogs',
            Principal: { Service: 'bedrock.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [bucketArn, '/invocations/AWSLogs/', { Ref: 'AWS::AccountId' }, '/BedrockModelInvocationLogs/*']] },
          }),
        ]),
      },
    });
  });

  it('is off by default', () => {
    const { template: plain } = synthGateway({}, 'NoInvocationLogs');
    plain.resourceCountIs('Custom::BedrockModelInvocationLogging', 0);
  });

  it.each([{ input: { destination: 'firehose' } }, { input: { prompts: 'yes' } }])('refuses $input', ({ input }) => {
    expect(() => parseGatewayConfig({ modelInvocationLogging: input })).toThrow('gateway.modelInvocationLogging');
  });
});

/** The custom resource's `LoggingConfig` property as the template holds it (JSON text with references), stringified. */
function loggingConfigOf(synthesised: typeof template): string {
  const resources = Object.values(synthesised.findResources('Custom::BedrockModelInvocationLogging')) as { Properties: { LoggingConfig: unknown } }[];
  expect(resources).toHaveLength(1);
  return JSON.stringify(resources[0]?.Properties.LoggingConfig);
}

/** The one function whose description starts with `prefix`. */
function functionNamed(synthesised: typeof template, prefix: string): { Properties: { Timeout?: number } } {
  const functions = Object.values(synthesised.findResources('AWS::Lambda::Function')) as { Properties: { Description?: string; Timeout?: number } }[];
  const match = functions.filter((fn) => fn.Properties.Description?.startsWith(prefix) === true);
  expect(match).toHaveLength(1);
  return match[0] as { Properties: { Timeout?: number } };
}
