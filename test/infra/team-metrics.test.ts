/** @module Team cost in CloudWatch: the top-teams widgets read the per-team EMF metrics; alarm thresholds come from the config. */
import { Match } from 'aws-cdk-lib/assertions';
import { parseGatewayConfig } from '../../lib/config';
import { synthGateway } from './support';

const { template } = synthGateway(
  { alarms: { serverErrorRatePercent: 2, bedrockThrottles: 25, latencyP99Ms: 60_000, budgetDenials: 5, dynamoDbThrottles: 3, maintenanceErrors: 1 } },
  'TeamMetrics',
);

function dashboardBody(): string {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard')) as { Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } } }[];
  return (dashboards[0]?.Properties.DashboardBody['Fn::Join'][1] ?? []).map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
}

describe('team metrics on the dashboard', () => {
  const body = dashboardBody();

  it.each([
    { title: 'Top 10 teams by cost (USD)', metric: 'CostUsd' },
    { title: 'Top 10 teams by input tokens', metric: 'InputTokens' },
    { title: 'Top 10 teams by output tokens', metric: 'OutputTokens' },
  ])('shows "$title": the 10 teams with the highest $metric sum, from the service and Team dimensions', ({ title, metric }) => {
    expect(body).toContain(`"title":"${title}"`);
    expect(body).toContain(`SORT(SEARCH('{BedrockGateway,service,Team} MetricName=\\"${metric}\\" service=\\"bedrock-gateway\\"', 'Sum', 300), SUM, DESC, 10)`);
  });

  it('quotes a namespace with other characters than letters and digits in the SEARCH schema, as CloudWatch requires', () => {
    const { template: dotted } = synthGateway({ metricsNamespace: 'Team.Gateway-1' }, 'DottedNamespace');
    const dashboard = Object.values(dotted.findResources('AWS::CloudWatch::Dashboard'))[0] as { Properties: { DashboardBody: { 'Fn::Join': [string, unknown[]] } } };
    const text = dashboard.Properties.DashboardBody['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join('');
    expect(text).toContain(`SORT(SEARCH('{\\"Team.Gateway-1\\",service,Team} MetricName=\\"CostUsd\\"`);
    expect(text).toContain(`SEARCH('{\\"Team.Gateway-1\\",Model,service} MetricName=`);
  });

  it('never splits metrics by key or principal', () => {
    expect(body).not.toMatch(/KeyId|Principal|keyId|principal=/);
  });
});

describe('alarm thresholds from the config', () => {
  it.each([
    { alarm: 'BedrockThrottlingAlarm', metric: 'BedrockThrottles', threshold: 25 },
    { alarm: 'LatencyP99Alarm', metric: 'LatencyMs', threshold: 60_000 },
    { alarm: 'BudgetDenialSpikeAlarm', metric: 'BudgetDenials', threshold: 5 },
  ])('$alarm fires above $threshold', ({ metric, threshold }) => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric, Threshold: threshold });
  });

  it('applies the 5xx rate, DynamoDB throttle and maintenance error thresholds', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 2, Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(requests > 0, 100 * errors / requests, 0)' })]) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 3, Metrics: Match.arrayWith([Match.objectLike({ Expression: 'reads + writes' })]) });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
  });

  it.each([
    { input: { serverErrorRatePercent: 150 }, problem: 'gateway.alarms.serverErrorRatePercent' },
    { input: { latencyP99Ms: 0 }, problem: 'gateway.alarms.latencyP99Ms' },
    { input: { costUsd: 10 }, problem: 'unknown key(s) "costUsd"' },
  ])('fails naming $problem', ({ input, problem }) => {
    expect(() => parseGatewayConfig({ alarms: input })).toThrow(problem);
  });
});
