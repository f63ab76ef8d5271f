/** @module Budget alerts in the template: an encrypted SNS topic, e-mail subscriptions from the config, the gateway's grant and variables. */
import { Match } from 'aws-cdk-lib/assertions';
import { parseGatewayConfig } from '../../lib/config';
import { ENV } from '../../lambda/platform/env-names';
import { iamStatements, synthGateway, variablesOf } from './support';

const { template, stack } = synthGateway(
  { budgetAlerts: { emails: ['finance@example.com', 'platform@example.com'], webhookUrl: 'https://hooks.example.com/budget', webhookTimeoutMs: 3000 } },
  'Alerts',
);
const topicRef = { Ref: stack.getLogicalId(stack.budgetAlerts.topic.node.defaultChild as never) };

describe('budget alert topic', () => {
  it('is a KMS-encrypted topic of its own, separate from the alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Bedrock gateway budget alerts', KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Bedrock gateway alarms' });
  });

  it('refuses publishing over plain HTTP', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topicRef],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it.each(['finance@example.com', 'platform@example.com'])('subscribes %s by e-mail', (email) => {
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email, TopicArn: topicRef });
  });

  it('tells the gateway function the topic, the webhook URL and its time limit', () => {
    expect(variablesOf(template, 'OpenAI-compatible Bedrock gateway')).toMatchObject({
      [ENV.alertTopicArn]: topicRef,
      [ENV.alertWebhookUrl]: 'https://hooks.example.com/budget',
      [ENV.alertWebhookTimeoutMs]: '3000',
    });
  });

  it('tells the maintenance function the topic and the webhook too (settlements the sweep finishes alert)', () => {
    expect(variablesOf(template, 'Ledger maintenance')).toMatchObject({
      [ENV.alertTopicArn]: topicRef,
      [ENV.alertWebhookUrl]: 'https://hooks.example.com/budget',
      [ENV.alertWebhookTimeoutMs]: '3000',
    });
  });

  it('lets the gateway and the maintenance function publish to the topic and encrypt with its key, and nothing else may', () => {
    const publish = iamStatements(template).filter((statement) => JSON.stringify(statement.Action).includes('sns:Publish'));
    expect(publish).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: topicRef }),
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: topicRef }),
    ]);
    const keyRef = { 'Fn::GetAtt': [stack.getLogicalId(stack.budgetAlerts.key.node.defaultChild as never), 'Arn'] };
    expect(iamStatements(template)).toContainEqual(
      expect.objectContaining({ Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: keyRef }),
    );
  });

  it('publishes the topic ARN as a stack output', () => {
    template.hasOutput('BudgetAlertTopicArn', { Value: topicRef });
  });

  it('creates the topic without subscriptions by default', () => {
    const { template: plain } = synthGateway({}, 'AlertsDefault');
    plain.resourceCountIs('AWS::SNS::Subscription', 0);
    plain.hasResourceProperties('AWS::SNS::Topic', { DisplayName: 'Bedrock gateway budget alerts' });
  });
});

describe('budget alert configuration', () => {
  it.each([
    { input: { webhookUrl: 'http://hooks.example.com/budget' }, problem: 'gateway.budgetAlerts.webhookUrl: expected an https URL' },
    { input: { emails: ['not-an-address'] }, problem: 'gateway.budgetAlerts.emails[0]' },
    { input: { webhookTimeoutMs: 60_000 }, problem: 'gateway.budgetAlerts.webhookTimeoutMs' },
    { input: { sms: '+15550100' }, problem: 'unknown key(s) "sms"' },
  ])('fails naming $problem', ({ input, problem }) => {
    expect(() => parseGatewayConfig({ budgetAlerts: input })).toThrow(problem);
  });
});
