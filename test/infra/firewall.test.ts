/** @module WAF: managed rules with prompt-hostile body rules counted, rate limit, body size, allow list, association. */
import { Capture, Match, Template } from 'aws-cdk-lib/assertions';
import { COMMON_RULES_COUNTED, integerAbovePattern, KNOWN_BAD_INPUTS_COUNTED } from '../../lib/firewall';
import { buildGatewayStack, synthGateway } from './support';

const { template } = synthGateway({}, 'Waf');

describe('web ACL', () => {
  it('is regional, allows by default and inspects the free 16 KB of API Gateway bodies', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      AssociationConfig: { RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } } },
    });
  });

  it('is associated with the API stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      WebACLArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Firewall'), 'Arn'] },
    });
  });

  it('sets the body rules of the common rule set to COUNT, SizeRestrictions_BODY and XSS included', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'AWSManagedRulesCommonRuleSet',
          OverrideAction: { None: {} },
          Statement: {
            ManagedRuleGroupStatement: {
              VendorName: 'AWS',
              Name: 'AWSManagedRulesCommonRuleSet',
              RuleActionOverrides: COMMON_RULES_COUNTED.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
            },
          },
        }),
      ]),
    });
    expect(COMMON_RULES_COUNTED).toEqual(expect.arrayContaining(['SizeRestrictions_BODY', 'CrossSiteScripting_BODY']));
  });

  it('keeps known bad inputs blocking except their body variants', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'AWSManagedRulesKnownBadInputsRuleSet',
          Statement: {
            ManagedRuleGroupStatement: Match.objectLike({
              RuleActionOverrides: KNOWN_BAD_INPUTS_COUNTED.map((name) => ({ Name: name, ActionToUse: { Count: {} } })),
            }),
          },
        }),
      ]),
    });
  });

  it('uses the Amazon IP reputation list unchanged', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'AWSManagedRulesAmazonIpReputationList',
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesAmazonIpReputationList' } },
        }),
      ]),
    });
  });

  it('blocks a client IP over the 5-minute rate with 429', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'RateLimitPerIp',
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 429, CustomResponseBodyKey: 'rate-limited' }) } },
          Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
        }),
      ]),
    });
  });

  it('blocks a declared body larger than the gateway limit with 413, by content-length', () => {
    const regex = new Capture();
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'BodyLargerThanGatewayLimit',
          Action: { Block: { CustomResponse: Match.objectLike({ ResponseCode: 413 }) } },
          Statement: {
            RegexMatchStatement: { FieldToMatch: { SingleHeader: { Name: 'content-length' } }, RegexString: regex, TextTransformations: Match.anyValue() },
          },
        }),
      ]),
    });
    expect(regex.asString()).toBe(integerAbovePattern(5 * 1024 * 1024));
  });

  it('returns JSON bodies for its blocks that OpenAI, Anthropic and AWS SDK clients read', () => {
    const bodies = new Capture();
    template.hasResourceProperties('AWS::WAFv2::WebACL', { CustomResponseBodies: bodies });
    const rateLimited = (bodies.asObject() as Record<string, { ContentType: string; Content: string }>)['rate-limited'];
    expect(rateLimited?.ContentType).toBe('APPLICATION_JSON');
    const body = JSON.parse(rateLimited?.Content ?? '') as { message: string; error: { message: string } };
    expect(body).toEqual({
      type: 'error',
      message: expect.any(String),
      error: { message: expect.any(String), type: 'rate_limit_error', code: 'rate_limit_exceeded', param: null },
    });
    expect(body.message).toBe(body.error.message);
  });

  it('has no allow list rule and no logging unless configured', () => {
    template.resourceCountIs('AWS::WAFv2::IPSet', 0);
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
  });
});

describe('web ACL with options', () => {
  const { template: configured } = synthGateway(
    { waf: { ipAllowList: ['203.0.113.0/24'], rateLimitPer5Min: 300, maxBodyBytes: 1_000_000, logging: true } },
    'WafOptions',
  );

  it('blocks every source outside the allow list first', () => {
    configured.hasResourceProperties('AWS::WAFv2::IPSet', { Addresses: ['203.0.113.0/24'], IPAddressVersion: 'IPV4', Scope: 'REGIONAL' });
    configured.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({
          Name: 'BlockOutsideAllowList',
          Priority: 0,
          Action: { Block: Match.anyValue() },
          Statement: { NotStatement: { Statement: { IPSetReferenceStatement: { Arn: Match.anyValue() } } } },
        }),
      ]),
    });
  });

  it('uses the configured rate and body limits', () => {
    configured.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Name: 'RateLimitPerIp', Statement: { RateBasedStatement: Match.objectLike({ Limit: 300 }) } }),
        Match.objectLike({
          Name: 'BodyLargerThanGatewayLimit',
          Statement: { RegexMatchStatement: Match.objectLike({ RegexString: integerAbovePattern(1_000_000) }) },
        }),
      ]),
    });
  });

  it('logs to an aws-waf-logs- group with credentials redacted', () => {
    configured.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: 'aws-waf-logs-WafOptions' });
    configured.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }],
    });
  });

  it('is left out when waf.enabled is false (cdk-nag APIG3 acknowledged with the reason)', () => {
    const { app, stack } = buildGatewayStack({ waf: { enabled: false } }, 'NoWaf', true);
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
  });
});

describe('integerAbovePattern', () => {
  it.each([
    { limit: 5_242_880, value: 5_242_880, matches: false },
    { limit: 5_242_880, value: 5_242_881, matches: true },
    { limit: 5_242_880, value: 5_242_879, matches: false },
    { limit: 5_242_880, value: 5_300_000, matches: true },
    { limit: 5_242_880, value: 9_999_999, matches: true },
    { limit: 5_242_880, value: 10_000_000, matches: true },
    { limit: 5_242_880, value: 16_384, matches: false },
    { limit: 5_242_880, value: 0, matches: false },
    { limit: 999, value: 1000, matches: true },
    { limit: 999, value: 999, matches: false },
    { limit: 1_000_000, value: 1_000_001, matches: true },
    { limit: 1_000_000, value: 999_999, matches: false },
  ])('for limit $limit, $value matches: $matches', ({ limit, value, matches }) => {
    expect(new RegExp(integerAbovePattern(limit)).test(String(value))).toBe(matches);
  });

  it('agrees with numeric comparison on a sweep around the default limit', () => {
    const limit = 5_242_880;
    const pattern = new RegExp(integerAbovePattern(limit));
    for (let value = limit - 3000; value <= limit + 3000; value += 7) {
      expect(pattern.test(String(value))).toBe(value > limit);
    }
  });

  it('fits the WAF regex length limit', () => {
    expect(integerAbovePattern(10 * 1024 * 1024).length).toBeLessThanOrEqual(200);
  });
});
