/** @module Least-privilege IAM (Bedrock, DynamoDB per role), the ledger table and the Lambda house defaults. */
import { Capture, Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../lambda/platform/env-names';
import { createModelCatalog } from '../../lambda/catalog';
import { asArray, iamStatements, synthGateway } from './support';

const { template, stack } = synthGateway({}, 'Resources');
const statements = iamStatements(template);
const actionsOf = (statement: Record<string, unknown>): string[] => asArray(statement.Action) as string[];

describe('Bedrock permissions', () => {
  it('never grants a wildcard Bedrock action', () => {
    const bedrockActions = statements.flatMap(actionsOf).filter((action) => action.startsWith('bedrock:'));
    expect(bedrockActions.length).toBeGreaterThan(0);
    for (const action of bedrockActions) expect(action).not.toMatch(/\*/);
  });

  it('never grants the invoke actions on "*" or any wildcard resource', () => {
    const invoke = statements.filter((statement) => actionsOf(statement).some((a) => a.startsWith('bedrock:InvokeModel')));
    expect(invoke.length).toBeGreaterThan(0);
    for (const statement of invoke) {
      expect(actionsOf(statement).sort()).toEqual(['bedrock:CountTokens', 'bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream']);
      for (const resource of asArray(statement.Resource)) {
        expect(resource).not.toBe('*');
        expect(JSON.stringify(resource)).not.toMatch(/\*/);
      }
    }
  });

  it('grants invoke on every ARN the catalog derives, split across managed policies', () => {
    const granted = statements
      .filter((statement) => actionsOf(statement).includes('bedrock:InvokeModel'))
      .flatMap((statement) => asArray(statement.Resource));
    expect(granted).toHaveLength(stack.bedrockAccess.invokeResourceArns.length);
    expect(stack.bedrockAccess.invokePolicies.length).toBeGreaterThanOrEqual(1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', stack.bedrockAccess.invokePolicies.length);
  });

  it('uses "*" only for X-Ray, which has no resource types (no list action: the gateway answers listings from its catalog)', () => {
    const starActions = new Set(statements.filter((statement) => asArray(statement.Resource).includes('*')).flatMap(actionsOf));
    expect([...starActions].sort()).toEqual([
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('narrows to the allow-listed models', () => {
    const { stack: narrow } = synthGateway({ models: ['claude-sonnet-4-5'] }, 'Narrow');
    const entry = createModelCatalog({ allowList: ['claude-sonnet-4-5'] }).list()[0];

    expect(narrow.catalog.list()).toHaveLength(1);
    expect(narrow.bedrockAccess.invokeResourceArns.join(' ')).toContain(entry?.foundationModelId);
    expect(narrow.bedrockAccess.invokeResourceArns.length).toBeLessThan(stack.bedrockAccess.invokeResourceArns.length);
  });

  it('grants ApplyGuardrail on the configured guardrail only', () => {
    const { template: guarded } = synthGateway({ guardrail: { id: 'gr1abc', version: '3' } }, 'Guarded');
    const guardrail = iamStatements(guarded).filter((statement) => actionsOf(statement).includes('bedrock:ApplyGuardrail'));

    expect(guardrail).toHaveLength(1);
    expect(JSON.stringify(guardrail[0]?.Resource)).toContain(':guardrail/gr1abc');
  });

  it('grants routing targets in their own Region and inference profile', () => {
    const { stack: routed } = synthGateway(
      {
        models: ['nova-pro', 'claude-haiku-4-5'],
        routes: { chat: ['nova-pro', { model: 'eu.anthropic.claude-haiku-4-5-20251001-v1:0', region: 'eu-west-1' }] },
      },
      'Routed',
    );
    const granted = routed.bedrockAccess.invokeResourceArns.map((arn) => JSON.stringify(arn)).join(' ');

    expect(granted).toContain(':bedrock:eu-west-1:');
    expect(granted).toContain('inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(granted).toContain('foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0');
  });

  it('fails synthesis naming the route when a routing target is unknown', () => {
    expect(() => synthGateway({ routes: { chat: ['nova-pro', 'gpt-9'] } }, 'BadRoute')).toThrow(/gateway\.routes chat\.targets\[1\].*gpt-9/);
  });

  it('fails synthesis naming the key when a model is not in the catalog', () => {
    expect(() => synthGateway({ models: ['no-such-model'] }, 'Bad')).toThrow(/no-such-model/);
  });
});

describe('DynamoDB permissions', () => {
  const dynamoStatementsOf = (functionId: string): Record<string, unknown>[] => {
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${functionId}Role`) }] },
    });
    return Object.values(policies)
      .flatMap((policy) => (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement)
      .filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
  };

  it.each([
    {
      fn: 'GatewayFunction',
      // DeleteItem only on stored responses: see the next test.
      table: ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      index: false,
    },
    { fn: 'AuthorizerFunction', table: ['dynamodb:GetItem', 'dynamodb:Query'], index: false },
    {
      fn: 'AdminFunction',
      table: [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:DeleteItem',
        'dynamodb:DescribeTable',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      index: true,
    },
  ])('gives $fn only its own actions on the ledger (index: $index)', ({ fn, table, index }) => {
    const dynamo = dynamoStatementsOf(fn);
    const onTable = dynamo.filter((statement) => !JSON.stringify(statement.Resource).includes('/index/'));
    const onIndex = dynamo.filter((statement) => JSON.stringify(statement.Resource).includes('/index/gsi1'));

    expect(onTable.flatMap(actionsOf).sort()).toEqual(table);
    expect(onIndex.flatMap(actionsOf)).toEqual(index ? ['dynamodb:Query'] : []);
    for (const statement of dynamo) expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|index\/\*/);
  });

  it('lets the gateway delete only stored responses (partition keys RESPONSE#...)', () => {
    const deletes = dynamoStatementsOf('GatewayFunction').filter((statement) => actionsOf(statement).includes('dynamodb:DeleteItem'));

    expect(deletes).toHaveLength(1);
    expect(actionsOf(deletes[0] as Record<string, unknown>)).toEqual(['dynamodb:DeleteItem']);
    expect(deletes[0]?.['Condition']).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RESPONSE#*'] } });
  });

  it('sets the stored-response retention on the gateway (30 days unless configured)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayFunctionRole'), 'Arn'] },
      Environment: { Variables: Match.objectLike({ [ENV.responseRetentionDays]: '30' }) },
    });
  });

  it.each(['GatewayFunction', 'AuthorizerFunction', 'AdminFunction'])('sets %s GATEWAY_TABLE_NAME to the ledger', (fn) => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${fn}Role`), 'Arn'] },
      Environment: { Variables: Match.objectLike({ [ENV.tableName]: { Ref: Match.stringLikeRegexp('^Ledger') } }) },
    });
  });
});

describe('ledger table', () => {
  it('has the pk/sk keys, on-demand billing, PITR, KMS encryption, TTL and the gsi1 index', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      DeletionProtectionEnabled: true,
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('is retained by default', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('is deleted, without deletion protection, when removalPolicy is destroy', () => {
    const { template: disposable } = synthGateway({ removalPolicy: 'destroy' }, 'Disposable');
    disposable.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });

  it('uses a rotating customer-managed key when asked', () => {
    const { template: cmk } = synthGateway({ tableEncryption: 'customer-managed' }, 'Cmk');
    cmk.hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LedgerKey'), 'Arn'] } },
    });
    cmk.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('ledger') });
  });
});

describe('Lambda functions', () => {
  it('runs all four on Node.js 22, arm64, with active tracing', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' },
      4,
    );
  });

  it('sets source maps and the Powertools variables', () => {
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Environment: {
          Variables: Match.objectLike({
            NODE_OPTIONS: '--enable-source-maps',
            POWERTOOLS_SERVICE_NAME: 'bedrock-gateway',
            POWERTOOLS_METRICS_NAMESPACE: 'BedrockGateway',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          }),
        },
      },
      4,
    );
  });

  it('gives the gateway 15 minutes, its memory and the runtime configuration', () => {
    const catalog = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      MemorySize: 512,
      Environment: {
        Variables: Match.objectLike({
          [ENV.maxBodyBytes]: String(5 * 1024 * 1024),
          [ENV.logPrompts]: 'false',
          [ENV.usageRetentionDays]: '90',
          [ENV.catalog]: catalog,
        }),
      },
    });
    expect(JSON.parse(catalog.asString())).toEqual({});
  });

  it('passes resilience, cache point and guardrail settings to the gateway as runtime variables', () => {
    const { template: tuned } = synthGateway(
      {
        resilience: { maxAttempts: 2, streamIdleTimeoutMs: 90000, maxConcurrentPerModel: 4 },
        autoCachePoints: true,
        guardrail: { id: 'gr1abc', version: '2', enforced: true },
      },
      'Tuned',
    );
    tuned.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.retryMaxAttempts]: '2',
          [ENV.streamIdleTimeoutMs]: '90000',
          [ENV.maxConcurrentPerModel]: '4',
          [ENV.autoCachePoints]: 'true',
          [ENV.guardrail]: JSON.stringify({ id: 'gr1abc', version: '2', enforced: true }),
        }),
      },
    });
  });

  it('leaves unset resilience settings to the runtime defaults', () => {
    const variables = Object.keys(
      (Object.values(template.findResources('AWS::Lambda::Function')).find((fn) => JSON.stringify(fn).includes(ENV.catalog)) as {
        Properties: { Environment: { Variables: Record<string, unknown> } };
      }).Properties.Environment.Variables,
    );
    expect(variables).not.toContain(ENV.retryMaxAttempts);
    expect(variables).not.toContain(ENV.autoCachePoints);
  });

  it('passes the JWT issuers to the authorizer and reserves concurrency when configured', () => {
    const issuers = [{ issuer: 'https://idp.example.com', audience: ['gateway'] }];
    const { template: configured } = synthGateway({ jwtIssuers: issuers, reservedConcurrency: 50 }, 'Jwt');

    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.jwtIssuers]: JSON.stringify(issuers) }) },
    });
    configured.hasResourceProperties('AWS::Lambda::Function', { Timeout: 900, ReservedConcurrentExecutions: 50 });
  });

  it('writes logs to explicit log groups with the configured retention, through its own role', () => {
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 30 }, 5);
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('LogGroup') } } }, 4);
    for (const role of Object.values(template.findResources('AWS::IAM::Role', { Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] } } }))) {
      expect((role as { Properties: { ManagedPolicyArns?: unknown } }).Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});
