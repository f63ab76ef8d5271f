/** @module readRuntimeConfig: GATEWAY_STALE_RESERVATION_AFTER_MS and GATEWAY_ADMIN_PRINCIPALS, their defaults and validation. */
import { DEFAULT_STALE_RESERVATION_AFTER_MS } from '../../../lambda/ledger';
import { ENV } from '../../../lambda/platform/env-names';
import { readRuntimeConfig } from '../../../lambda/platform/config';

describe('readRuntimeConfig: stale reservation lifetime', () => {
  it('defaults to 20 minutes', () => {
    expect(readRuntimeConfig({}).staleReservationAfterMs).toBe(DEFAULT_STALE_RESERVATION_AFTER_MS);
    expect(DEFAULT_STALE_RESERVATION_AFTER_MS).toBe(20 * 60_000);
  });

  it('reads a positive integer of milliseconds', () => {
    expect(readRuntimeConfig({ [ENV.staleReservationAfterMs]: '1800000' }).staleReservationAfterMs).toBe(1_800_000);
  });

  it.each([{ raw: '0' }, { raw: '-5' }, { raw: '1.5' }, { raw: '20m' }])('throws naming the variable for $raw', ({ raw }) => {
    expect(() => readRuntimeConfig({ [ENV.staleReservationAfterMs]: raw })).toThrow(
      `Environment variable GATEWAY_STALE_RESERVATION_AFTER_MS must be a positive integer, got "${raw}".`,
    );
  });
});

describe('readRuntimeConfig: GATEWAY_ADMIN_PRINCIPALS', () => {
  it('defaults to no list (any IAM caller API Gateway admitted)', () => {
    expect(readRuntimeConfig({}).adminPrincipals).toEqual([]);
    expect(readRuntimeConfig({ [ENV.adminPrincipals]: ' , ' }).adminPrincipals).toEqual([]);
  });

  it('reads comma-separated ARN patterns, trimmed', () => {
    const raw = ' arn:aws:iam::123456789012:role/GatewayAdmin , arn:aws:iam::*:role/ops-* ';
    expect(readRuntimeConfig({ [ENV.adminPrincipals]: raw }).adminPrincipals).toEqual([
      'arn:aws:iam::123456789012:role/GatewayAdmin',
      'arn:aws:iam::*:role/ops-*',
    ]);
  });

  it.each([
    { bad: 'GatewayAdmin' },
    { bad: 'arn:aws:s3:::bucket' },
    { bad: 'arn:aws:iam::12345:role/GatewayAdmin' },
    { bad: 'arn:aws:iam::123456789012:role/Gateway Admin' },
  ])('throws naming the variable for "$bad"', ({ bad }) => {
    expect(() => readRuntimeConfig({ [ENV.adminPrincipals]: `arn:aws:iam::123456789012:role/ok,${bad}` })).toThrow(
      `Environment variable GATEWAY_ADMIN_PRINCIPALS must list IAM ARN patterns like "arn:aws:iam::123456789012:role/GatewayAdmin*", got "${bad}".`,
    );
  });
});

describe('readRuntimeConfig: GATEWAY_ALERT_* (budget alert destinations)', () => {
  it('defaults to the log only, with a 5-second webhook limit', () => {
    expect(readRuntimeConfig({}).alerts).toEqual({ webhookTimeoutMs: 5000, webhookAllowPrivateNetworks: false });
  });

  it('reads the topic, the webhook and its time limit', () => {
    expect(
      readRuntimeConfig({
        [ENV.alertTopicArn]: 'arn:aws:sns:eu-west-1:123456789012:Gateway-BudgetAlerts1234',
        [ENV.alertWebhookUrl]: 'https://hooks.example.com/budget?token=abc',
        [ENV.alertWebhookTimeoutMs]: '2500',
      }).alerts,
    ).toEqual({
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:Gateway-BudgetAlerts1234',
      webhookUrl: 'https://hooks.example.com/budget?token=abc',
      webhookTimeoutMs: 2500,
      webhookAllowPrivateNetworks: false,
    });
  });

  it('accepts a plain-http local webhook only with GATEWAY_ALERT_WEBHOOK_ALLOW_PRIVATE=true', () => {
    const local = { [ENV.alertWebhookUrl]: 'http://127.0.0.1:9000/hook' };
    expect(() => readRuntimeConfig(local)).toThrow('Environment variable GATEWAY_ALERT_WEBHOOK_URL must be an https:// URL, got "http://127.0.0.1:9000/hook".');
    expect(readRuntimeConfig({ ...local, [ENV.alertWebhookAllowPrivate]: 'true' }).alerts.webhookUrl).toBe('http://127.0.0.1:9000/hook');
  });

  it.each([
    { name: ENV.alertTopicArn, raw: 'alerts', error: 'must be an SNS topic ARN' },
    { name: ENV.alertTopicArn, raw: 'arn:aws:sqs:us-east-1:123456789012:q', error: 'must be an SNS topic ARN' },
    { name: ENV.alertWebhookUrl, raw: 'hooks.example.com', error: 'must be a URL like' },
    { name: ENV.alertWebhookTimeoutMs, raw: '0', error: 'must be a positive integer' },
  ])('throws naming $name for "$raw"', ({ name, raw, error }) => {
    expect(() => readRuntimeConfig({ [name]: raw })).toThrow(`Environment variable ${name} ${error}`);
  });
});

describe('readRuntimeConfig: GATEWAY_TEAM_INFERENCE_PROFILES', () => {
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123';

  it('defaults to no team profiles', () => {
    expect(readRuntimeConfig({}).teamInferenceProfiles).toEqual({});
  });

  it('reads team to model to profile ARN', () => {
    expect(readRuntimeConfig({ [ENV.teamInferenceProfiles]: JSON.stringify({ search: { 'claude-sonnet-4-5': arn } }) }).teamInferenceProfiles).toEqual({
      search: { 'claude-sonnet-4-5': arn },
    });
  });

  it.each([
    { raw: '{', error: 'Environment variable GATEWAY_TEAM_INFERENCE_PROFILES must be JSON like' },
    { raw: '[]', error: 'must be a JSON object of teams' },
    { raw: '{"search":"nova-micro"}', error: 'GATEWAY_TEAM_INFERENCE_PROFILES.search must be an object of model names to profile ARNs' },
    { raw: '{"search":{"nova-micro":"us.amazon.nova-micro-v1:0"}}', error: 'GATEWAY_TEAM_INFERENCE_PROFILES.search.nova-micro must be an application inference profile ARN' },
    { raw: '{"search":{"nova-micro":"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0"}}', error: 'must be an application inference profile ARN' },
  ])('throws for $raw', ({ raw, error }) => {
    expect(() => readRuntimeConfig({ [ENV.teamInferenceProfiles]: raw })).toThrow(error);
  });
});

describe('readRuntimeConfig: GATEWAY_AUDIT_ROLE_ARN', () => {
  it('is absent by default (calls as the function role)', () => {
    expect(readRuntimeConfig({}).auditRoleArn).toBeUndefined();
  });

  it('reads a role ARN', () => {
    expect(readRuntimeConfig({ [ENV.auditRoleArn]: 'arn:aws:iam::123456789012:role/Gateway-AuditIdentityRole1AB2' }).auditRoleArn).toBe(
      'arn:aws:iam::123456789012:role/Gateway-AuditIdentityRole1AB2',
    );
  });

  it.each([{ raw: 'GatewayAudit' }, { raw: 'arn:aws:iam::123456789012:user/alice' }, { raw: 'arn:aws:sts::123456789012:assumed-role/A/b' }])('throws naming the variable for $raw', ({ raw }) => {
    expect(() => readRuntimeConfig({ [ENV.auditRoleArn]: raw })).toThrow('Environment variable GATEWAY_AUDIT_ROLE_ARN must be an IAM role ARN');
  });
});
