/** @module Ledger maintenance: the sweep function, its five-minute schedule and its least-privilege DynamoDB grants. */
import { Match } from 'aws-cdk-lib/assertions';
import { ENV } from '../../lambda/platform/env-names';
import { asArray, synthGateway } from './support';

const { template } = synthGateway({}, 'Maintenance');

/** The logical id of the one resource of `type` whose id starts with `prefix`. */
function logicalIdOf(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** Every statement of the policies attached to the role whose logical id starts with `rolePrefix`. */
function statementsOfRole(source: typeof template, rolePrefix: string): Record<string, unknown>[] {
  const policies = source.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${rolePrefix}`) }] } });
  return Object.values(policies).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: Record<string, unknown>[] } } }).Properties.PolicyDocument.Statement,
  );
}

const actionsOf = (statement: Record<string, unknown>): string[] => asArray(statement.Action) as string[];
const functionId = logicalIdOf('AWS::Lambda::Function', 'MaintenanceFunction');
const ledgerTableId = logicalIdOf('AWS::DynamoDB::Table', 'Ledger');

describe('maintenance function', () => {
  it('runs on Node.js 22, arm64, with 256 MB and a 2-minute timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MaintenanceFunctionRole'), 'Arn'] },
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 120,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it('gets the ledger table and the 20-minute reservation lifetime', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MaintenanceFunctionRole'), 'Arn'] },
      Environment: {
        Variables: Match.objectLike({ [ENV.tableName]: { Ref: ledgerTableId }, [ENV.staleReservationAfterMs]: '1200000' }),
      },
    });
  });

  it('gives the admin function the same lifetime for manual runs', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AdminFunctionRole'), 'Arn'] },
      Environment: { Variables: Match.objectLike({ [ENV.staleReservationAfterMs]: '1200000' }) },
    });
  });

  it('is not retried asynchronously: the next scheduled run is the retry', () => {
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
    });
  });
});

describe('maintenance schedule', () => {
  it('runs the function every five minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId, 'Arn'] } })],
    });
  });

  it('lets only its own rule invoke the function', () => {
    const ruleId = logicalIdOf('AWS::Events::Rule', 'MaintenanceSchedule');
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });
});

describe('maintenance permissions', () => {
  const statements = statementsOfRole(template, 'MaintenanceFunctionRole');
  const dynamo = statements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));

  it('may only read, write and describe the table (no scan, no batch) and Query the gsi1 index', () => {
    expect(dynamo).toEqual([
      {
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'],
        Resource: { 'Fn::GetAtt': [ledgerTableId, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ledgerTableId, 'Arn'] }, '/index/gsi1']] },
      },
    ]);
  });

  it('has no action beyond the sweep, its budget alerts (publish, with the topic key), its own logs and X-Ray', () => {
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sns:Publish',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('may use a customer-managed table key to read and write, without wildcard KMS actions', () => {
    const { template: cmk } = synthGateway({ tableEncryption: 'customer-managed' }, 'MaintenanceCmk');
    // The budget alert topic's key is granted too (two named actions); this is about the table's.
    const kms = statementsOfRole(cmk, 'MaintenanceFunctionRole').filter(
      (statement) => actionsOf(statement).some((action) => action.startsWith('kms:')) && !JSON.stringify(statement.Resource).includes('BudgetAlertsKey'),
    );

    expect(kms.flatMap(actionsOf).sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']);
    for (const statement of kms) expect(JSON.stringify(statement.Resource)).toMatch(/^\{"Fn::GetAtt":\["LedgerKey[0-9A-F]+","Arn"\]\}$/);
  });
});
