/** @module Dashboard widgets (EMF and AWS metrics), alarms to an encrypted SNS topic, optional CloudTrail. */
import { Capture, Match } from 'aws-cdk-lib/assertions';
import { METRIC } from '../../lambda/platform/metric-names';
import { synthGateway } from './support';

const { template } = synthGateway({ alarmEmail: 'ops@example.com' }, 'Obs');

/** The dashboard body with its CloudFormation joins flattened to text. */
function dashboardBody(): string {
  const body = new Capture();
  template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardBody: body });
  const value = body.asObject() as { 'Fn::Join': [string, unknown[]] };
  return value['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
}

describe('dashboard', () => {
  const body = dashboardBody();

  it.each([
    METRIC.requests,
    METRIC.errors4xx,
    METRIC.errors5xx,
    METRIC.latencyMs,
    METRIC.timeToFirstTokenMs,
    METRIC.inputTokens,
    METRIC.outputTokens,
    METRIC.cacheReadTokens,
    METRIC.cacheWriteTokens,
    METRIC.costUsd,
    METRIC.bedrockThrottles,
    METRIC.budgetDenials,
    METRIC.rateLimitDenials,
    METRIC.authFailures,
    METRIC.retries,
    METRIC.fallbacks,
    METRIC.shedRequests,
    METRIC.coldStarts,
    METRIC.staleReservationsReleased,
    METRIC.settlementsDeferred,
    METRIC.settlementsLost,
    METRIC.ledgerUnavailable,
  ])('shows the gateway metric %s', (name) => {
    expect(body).toMatch(new RegExp(`(MetricName=\\\\"${name}\\\\"|"${name}")`));
  });

  it('reads the EMF metrics from the configured namespace and service dimension', () => {
    expect(body).toContain('"BedrockGateway","Requests","service","bedrock-gateway"');
  });

  it('splits tokens, cost and time to first token by model with SEARCH', () => {
    expect(body).toContain(`SEARCH('{BedrockGateway,Model,service} MetricName=\\"${METRIC.costUsd}\\" service=\\"bedrock-gateway\\"', 'Sum', 300)`);
    expect(body).toContain(`MetricName=\\"${METRIC.timeToFirstTokenMs}\\" service=\\"bedrock-gateway\\"', 'p99', 300)`);
  });

  it.each([
    { service: 'AWS/ApiGateway', metric: '5XXError' },
    { service: 'AWS/ApiGateway', metric: 'Count' },
    { service: 'AWS/Lambda', metric: 'ConcurrentExecutions' },
    { service: 'AWS/Lambda', metric: 'Errors' },
    { service: 'AWS/Lambda', metric: 'Throttles' },
    { service: 'AWS/DynamoDB', metric: 'ReadThrottleEvents' },
    { service: 'AWS/DynamoDB', metric: 'WriteThrottleEvents' },
    { service: 'AWS/WAFV2', metric: 'BlockedRequests' },
  ])('shows $service $metric', ({ service, metric }) => {
    expect(body).toContain(`"${service}","${metric}"`);
  });

  it('shows latency at p50, p90 and p99', () => {
    for (const p of ['p50', 'p90', 'p99']) expect(body).toContain(`"stat":"${p}"`);
  });
});

describe('alarms', () => {
  it('creates the seven alarms, each notifying the topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    const topic = Object.keys(template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'Bedrock gateway alarms' } }))[0];
    template.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: topic }] }, 7);
  });

  it('alarms on the 5xx rate as a percentage of API requests', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 5,
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' }),
        Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: '5XXError' }) }) }),
      ]),
    });
  });

  it.each([
    { metric: METRIC.bedrockThrottles, threshold: 10, statistic: 'Sum' },
    { metric: METRIC.budgetDenials, threshold: 50, statistic: 'Sum' },
    { metric: METRIC.settlementsLost, threshold: 0, statistic: 'Sum' },
  ])('alarms on $metric above $threshold', ({ metric, threshold, statistic }) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'BedrockGateway',
      MetricName: metric,
      Dimensions: [{ Name: 'service', Value: 'bedrock-gateway' }],
      Statistic: statistic,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms when the maintenance function fails in two of three scheduled runs', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: Match.stringLikeRegexp('^MaintenanceFunction') } }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 0,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('alarms on the p99 latency', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: METRIC.latencyMs, ExtendedStatistic: 'p99', Threshold: 120000 });
  });

  it('alarms on DynamoDB read and write throttle events', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'reads + writes' }),
        Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/DynamoDB', MetricName: 'ReadThrottleEvents' }) }) }),
      ]),
    });
  });
});

describe('alarm topic', () => {
  it('is encrypted with a rotating key CloudWatch may use, and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('subscribes the alarm e-mail', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });

  it('is imported, not created, when alarmTopicArn is set', () => {
    const arn = 'arn:aws:sns:us-east-1:123456789012:ops-alarms';
    const { template: imported } = synthGateway({ alarmTopicArn: arn }, 'ObsImported');

    // The only topic left is the budget alerts' own.
    imported.resourcePropertiesCountIs('AWS::SNS::Topic', { DisplayName: 'Bedrock gateway alarms' }, 0);
    imported.resourceCountIs('AWS::SNS::Topic', 1);
    imported.resourcePropertiesCountIs('AWS::CloudWatch::Alarm', { AlarmActions: [arn] }, 7);
  });
});

describe('CloudTrail', () => {
  it('is off by default', () => {
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  it('writes to an encrypted, SSL-only, access-logged bucket when cloudTrail is true', () => {
    const { template: audited } = synthGateway({ cloudTrail: true }, 'Audited');

    audited.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      KMSKeyId: Match.anyValue(),
    });
    audited.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
    });
    audited.resourcePropertiesCountIs(
      'AWS::S3::BucketPolicy',
      { PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) } },
      2,
    );
  });
});
