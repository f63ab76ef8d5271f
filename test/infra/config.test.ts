/** @module Deployment config: defaults, and validation errors that name the key at fault. */
import { App } from 'aws-cdk-lib';
import { DEFAULT_MAX_BODY_BYTES as RUNTIME_DEFAULT_MAX_BODY_BYTES } from '../../lambda/platform/config';
import { DEFAULT_MAX_BODY_BYTES, GatewayConfigError, parseGatewayConfig, readGatewayConfig } from '../../lib/config';

describe('parseGatewayConfig', () => {
  it('applies the documented defaults when the context is absent', () => {
    const config = parseGatewayConfig(undefined);

    expect(config).toEqual({
      stackName: 'BedrockGateway',
      endpointType: 'regional',
      vpcEndpointIds: [],
      subnetIds: [],
      privateDnsEnabled: true,
      allowedSourceVpcIds: [],
      jwtIssuers: [],
      autoCachePoints: false,
      budgetAlerts: { emails: [] },
      alarms: {},
      tags: {},
      teamInferenceProfiles: {},
      catalogRefresh: false,
      iamIdentityTokens: {},
      resilience: {},
      waf: { enabled: true, rateLimitPer5Min: 2000, ipAllowList: [], maxBodyBytes: 5 * 1024 * 1024, logging: false },
      throttle: { rateLimit: 100, burstLimit: 200 },
      logRetentionDays: 30,
      logPrompts: false,
      logLevel: 'INFO',
      metricsNamespace: 'BedrockGateway',
      removalPolicy: 'retain',
      gatewayMemoryMb: 512,
      authorizerCacheTtlSeconds: 60,
      usageRetentionDays: 90,
      responseRetentionDays: 30,
      tableEncryption: 'aws-managed',
      cloudTrail: false,
      auditIdentity: false,
      apiGatewayCloudWatchRole: true,
    });
  });

  it('uses the same body limit default as the runtime', () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(RUNTIME_DEFAULT_MAX_BODY_BYTES);
  });

  it('accepts the JSON string the CLI passes with -c gateway=...', () => {
    const config = parseGatewayConfig('{"endpointType":"private","vpcEndpointIds":["vpce-0123456789abcdef0"]}');

    expect(config.endpointType).toBe('private');
    expect(config.vpcEndpointIds).toEqual(['vpce-0123456789abcdef0']);
  });

  it('reads the "gateway" context of an app', () => {
    const app = new App({ context: { gateway: { logPrompts: true, waf: { rateLimitPer5Min: 500 } } } });

    const config = readGatewayConfig(app.node);

    expect(config.logPrompts).toBe(true);
    expect(config.waf).toEqual(expect.objectContaining({ rateLimitPer5Min: 500, maxBodyBytes: DEFAULT_MAX_BODY_BYTES }));
  });

  it('keeps JWT issuers, guardrail, catalog and routes as given', () => {
    const input = {
      jwtIssuers: [{ issuer: 'https://login.example.com', audience: ['gateway'], teamClaim: 'team', algorithms: ['RS256'] }],
      guardrail: { id: 'gr-1', version: '2' },
      models: ['claude-sonnet-4-5'],
      catalog: { overrides: { 'claude-sonnet-4-5': { maxOutputTokens: 8192 } } },
      routes: { smart: { targets: ['claude-sonnet-4-5'] } },
    };

    const config = parseGatewayConfig(input);

    expect(config).toEqual(expect.objectContaining(input));
  });

  it.each([
    { input: { endpointType: 'edge' }, key: /gateway\.endpointType: .*"regional"\|"private".*received "edge"/ },
    { input: { endpointType: 'private' }, key: /gateway\.vpcEndpointIds: a private API needs/ },
    { input: { endpointType: 'private', vpcId: 'vpc-0123456789abcdef0' }, key: /gateway\.subnetIds/ },
    { input: { vpcId: 'vpc-0123456789abcdef0' }, key: /gateway\.vpcId: only applies to endpointType "private"/ },
    { input: { vpcEndpointIds: ['endpoint-1'] }, key: /gateway\.vpcEndpointIds\[0\]: expected a VPC endpoint id/ },
    { input: { wafx: {} }, key: /gateway: unknown key\(s\) "wafx"/ },
    { input: { waf: { maxBodyBytes: 20 * 1024 * 1024 } }, key: /gateway\.waf\.maxBodyBytes/ },
    { input: { waf: { rateLimitPer5Min: 5 } }, key: /gateway\.waf\.rateLimitPer5Min/ },
    { input: { logRetentionDays: 31 }, key: /gateway\.logRetentionDays: expected one of 1, 3, 5/ },
    { input: { removalPolicy: 'snapshot' }, key: /gateway\.removalPolicy/ },
    { input: { jwtIssuers: [{ issuer: 'http://idp.example.com', audience: ['a'] }] }, key: /gateway\.jwtIssuers\[0\]\.issuer: expected an https URL/ },
    { input: { jwtIssuers: [{ issuer: 'https://idp.example.com', audience: [] }] }, key: /gateway\.jwtIssuers\[0\]\.audience/ },
    { input: { alarmEmail: 'ops@example.com', alarmTopicArn: 'arn:aws:sns:us-east-1:123456789012:t' }, key: /gateway\.alarmTopicArn: set "alarmEmail"/ },
    { input: { guardrail: { id: 'g', version: 'latest' } }, key: /gateway\.guardrail\.version/ },
    { input: { metricsNamespace: 'AWS/Gateway' }, key: /gateway\.metricsNamespace/ },
    { input: { resilience: { maxAttempts: -1 } }, key: /gateway\.resilience\.maxAttempts/ },
    { input: { iamIdentityTokens: { accounts: ['12345'] } }, key: /gateway\.iamIdentityTokens\.accounts\[0\]: expected a 12-digit AWS account id/ },
    { input: { iamIdentityTokens: { principals: ['role/ci-*'] } }, key: /gateway\.iamIdentityTokens\.principals\[0\]: expected an IAM ARN pattern/ },
    { input: { iamIdentityTokens: { principals: [] } }, key: /gateway\.iamIdentityTokens\.principals: omit "principals"/ },
    { input: { adminPrincipals: ['GatewayAdmin'] }, key: /gateway\.adminPrincipals\[0\]: expected an IAM ARN pattern/ },
    { input: { adminPrincipals: ['arn:aws:s3:::bucket'] }, key: /gateway\.adminPrincipals\[0\]: expected an IAM ARN pattern/ },
    { input: { adminPrincipals: ['arn:aws:iam::123456789012:role/a,b'] }, key: /gateway\.adminPrincipals\[0\]: expected an IAM ARN pattern/ },
    { input: { adminPrincipals: [] }, key: /gateway\.adminPrincipals: omit "adminPrincipals"/ },
    { input: { iamIdentityTokens: { audience: 'has space' } }, key: /gateway\.iamIdentityTokens\.audience: expected 1-256 characters/ },
    { input: { iamIdentityTokens: { account: ['123456789012'] } }, key: /gateway\.iamIdentityTokens: unknown key\(s\) "account"/ },
    { input: { resilience: { retries: 3 } }, key: /gateway\.resilience: unknown key\(s\) "retries"/ },
    { input: { throttle: { rateLimit: 100, burstLimit: 50 } }, key: /gateway\.throttle\.burstLimit: must be at least/ },
    { input: { gatewayMemoryMb: 255 }, key: /gateway\.gatewayMemoryMb: .*256/ },
    { input: { endpointType: 'private', vpcEndpointIds: ['vpce-0123456789abcdef0'], domain: { name: 'x.example.com', certificateArn: 'arn:aws:acm:us-east-1:1:certificate/x' } }, key: /gateway\.domain/ },
  ])('throws naming the key: $key', ({ input, key }) => {
    expect(() => parseGatewayConfig(input)).toThrow(key);
  });

  it('throws a GatewayConfigError listing every problem at once', () => {
    let error: unknown;
    try {
      parseGatewayConfig({ endpointType: 'edge', logRetentionDays: 2 });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(GatewayConfigError);
    expect((error as GatewayConfigError).problems).toHaveLength(2);
  });

  it.each([
    { input: '{not json', message: /gateway: is not valid JSON/ },
    { input: ['regional'], message: /gateway: expected an object/ },
  ])('throws when the context is not an object: $input', ({ input, message }) => {
    expect(() => parseGatewayConfig(input)).toThrow(message);
  });
});
