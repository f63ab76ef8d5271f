/** @module WAF web ACL for the REST API stage: managed rules tuned for prompts, per-IP rate limit, body size limit, optional allow list. */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Rules of AWSManagedRulesCommonRuleSet set to COUNT: they inspect the body, and prompts are
 * large and full of code, HTML, paths and URLs. `SizeRestrictions_BODY` blocks anything over 8 KB;
 * the XSS, LFI, RFI and SSRF body rules misfire on prompts that quote code, file paths or
 * metadata URLs. The gateway validates bodies itself; these still count, so misuse stays visible.
 */
const COMMON_RULES_COUNTED = [
  'SizeRestrictions_BODY',
  'CrossSiteScripting_BODY',
  'GenericLFI_BODY',
  'GenericRFI_BODY',
  'EC2MetaDataSSRF_BODY',
] as const;

/**
 * Rules of AWSManagedRulesKnownBadInputsRuleSet set to COUNT: Log4j and Java deserialization
 * payloads in a body are text to an LLM (a prompt may well ask about `${jndi:...}`) and the gateway
 * runs on Node.js. The header, URI and query variants stay blocking.
 */
const KNOWN_BAD_INPUTS_COUNTED = ['Log4JRCE_BODY', 'JavaDeserializationRCE_BODY'] as const;

/** Body inspection limit for API Gateway: the free default. Body rules only count, so more adds cost, not protection. */
const BODY_INSPECTION_LIMIT = 'KB_16';

/**
 * A regular expression matching decimal integers strictly greater than `limit`, used on the
 * `content-length` header. WAF sees at most the first 16-64 KB of a body, so a body-size
 * constraint cannot express a 5 MiB limit; the declared length can be compared exactly.
 */
function integerAbovePattern(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) {
    throw new Error(`integerAbovePattern: limit must be a non-negative safe integer, got ${limit}.`);
  }
  const digits = String(limit);
  const alternatives = [`[1-9]\\d{${digits.length},}`];
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[i]);
    if (digit === 9) continue;
    const rest = digits.length - i - 1;
    const next = digit + 1 === 9 ? '9' : `[${digit + 1}-9]`;
    alternatives.push(`${digits.slice(0, i)}${next}${rest > 0 ? `\\d{${rest}}` : ''}`);
  }
  return `^(${alternatives.join('|')})$`;
}

interface GatewayFirewallProps {
  /** ARN of the API Gateway stage to protect (`arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>`). */
  readonly stageArn: string;
  /**
   * Requests per client IP in any 5-minute window before the IP is blocked (429).
   * @default 2000
   */
  readonly rateLimitPer5Min?: number;
  /**
   * URI paths (exact, as the client sends them, stage included) the per-IP rate limit does not
   * count: health probes of load balancers and uptime checks, which must never be rate limited.
   * @default - every path counts
   */
  readonly rateLimitExemptPaths?: readonly string[];
  /**
   * Largest accepted `content-length`, the same limit as the gateway's `GATEWAY_MAX_BODY_BYTES`.
   * Larger declared bodies are blocked (413) before they reach Lambda.
   * @default 5 MiB
   */
  readonly maxBodyBytes?: number;
  /**
   * CIDRs allowed to call the API; when set, every other source is blocked (403).
   * @default - no allow list: every source is evaluated by the other rules
   */
  readonly ipAllowList?: readonly string[];
  /**
   * Send WAF logs (Authorization and Cookie headers redacted) to a log group.
   * @default false
   */
  readonly logging?: boolean;
  /**
   * Retention of the WAF log group, when `logging` is on.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of the WAF log group.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The rate rule's scope-down: everything but the exempt paths (exact matches). */
function exemptPathsScope(paths: readonly string[]): Pick<wafv2.CfnWebACL.RateBasedStatementProperty, 'scopeDownStatement'> {
  if (paths.length === 0) return {};
  const matches: wafv2.CfnWebACL.StatementProperty[] = paths.map((path) => ({
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: 'EXACTLY',
      searchString: path,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  }));
  const exempt = matches.length === 1 ? (matches[0] as wafv2.CfnWebACL.StatementProperty) : { orStatement: { statements: matches } };
  return { scopeDownStatement: { notStatement: { statement: exempt } } };
}

/**
 * OpenAI's error object inside Anthropic's envelope, and the message at the top where AWS SDKs read
 * it on `/bedrock`: one WAF answer every kind of client reads.
 */
function errorBody(message: string, type: string, code: string): string {
  return JSON.stringify({ type: 'error', message, error: { message, type, code, param: null } });
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

function managedRule(
  name: string,
  priority: number,
  counted: readonly string[],
): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ruleActionOverrides:
          counted.length > 0 ? counted.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
      },
    },
    visibilityConfig: visibility(name),
  };
}

/**
 * The gateway's web ACL, associated with the REST API stage.
 *
 * Rules, in order: optional IP allow list (block others, 403), per-IP rate limit (429),
 * declared body size over `maxBodyBytes` (413), Amazon IP reputation list, known bad inputs
 * (body variants counted), core rule set (body rules counted). Blocks answer in an error shape both OpenAI and Anthropic clients read.
 */
class GatewayFirewall extends Construct {
  readonly webAcl: wafv2.CfnWebACL;
  readonly logGroup?: logs.LogGroup;
  readonly ipSet?: wafv2.CfnIPSet;
  /** The web ACL's metric name: the `WebACL` dimension of its AWS/WAFV2 metrics. */
  readonly metricName: string;

  constructor(scope: Construct, id: string, props: GatewayFirewallProps) {
    super(scope, id);
    const rateLimit = props.rateLimitPer5Min ?? 2000;
    const maxBodyBytes = props.maxBodyBytes ?? 5 * 1024 * 1024;
    const allowList = props.ipAllowList ?? [];
    if (!Number.isInteger(rateLimit) || rateLimit < 10 || rateLimit > 2_000_000_000) {
      throw new Error(`GatewayFirewall ${id}: rateLimitPer5Min must be an integer from 10 to 2,000,000,000, got ${rateLimit}.`);
    }
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
      throw new Error(`GatewayFirewall ${id}: maxBodyBytes must be a positive integer, got ${maxBodyBytes}.`);
    }
    const ipv4 = allowList.filter((cidr) => cidr.includes('.'));
    const ipv6 = allowList.filter((cidr) => cidr.includes(':'));
    if (ipv4.length > 0 && ipv6.length > 0) {
      throw new Error(`GatewayFirewall ${id}: ipAllowList mixes IPv4 and IPv6 CIDRs; list one address family.`);
    }

    this.metricName = `${Stack.of(this).stackName}-web-acl`;

    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    if (allowList.length > 0) {
      this.ipSet = new wafv2.CfnIPSet(this, 'AllowList', {
        scope: 'REGIONAL',
        ipAddressVersion: ipv6.length > 0 ? 'IPV6' : 'IPV4',
        addresses: [...allowList],
        description: 'Sources allowed to call the Bedrock gateway',
      });
      rules.push({
        name: 'BlockOutsideAllowList',
        priority: 0,
        action: { block: { customResponse: { responseCode: 403, customResponseBodyKey: 'forbidden' } } },
        statement: { notStatement: { statement: { ipSetReferenceStatement: { arn: this.ipSet.attrArn } } } },
        visibilityConfig: visibility('BlockOutsideAllowList'),
      });
    }
    rules.push(
      {
        name: 'RateLimitPerIp',
        priority: 10,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: 'rate-limited',
              responseHeaders: [{ name: 'retry-after', value: '60' }],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: rateLimit,
            aggregateKeyType: 'IP',
            evaluationWindowSec: 300,
            ...exemptPathsScope(props.rateLimitExemptPaths ?? []),
          },
        },
        visibilityConfig: visibility('RateLimitPerIp'),
      },
      {
        name: 'BodyLargerThanGatewayLimit',
        priority: 20,
        action: { block: { customResponse: { responseCode: 413, customResponseBodyKey: 'too-large' } } },
        statement: {
          regexMatchStatement: {
            fieldToMatch: { singleHeader: { Name: 'content-length' } },
            regexString: integerAbovePattern(maxBodyBytes),
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
        visibilityConfig: visibility('BodyLargerThanGatewayLimit'),
      },
      managedRule('AWSManagedRulesAmazonIpReputationList', 30, []),
      managedRule('AWSManagedRulesKnownBadInputsRuleSet', 40, KNOWN_BAD_INPUTS_COUNTED),
      managedRule('AWSManagedRulesCommonRuleSet', 50, COMMON_RULES_COUNTED),
    );

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: 'REGIONAL',
      description: 'Bedrock gateway REST API',
      defaultAction: { allow: {} },
      rules,
      visibilityConfig: visibility(this.metricName),
      associationConfig: { requestBody: { API_GATEWAY: { defaultSizeInspectionLimit: BODY_INSPECTION_LIMIT } } },
      customResponseBodies: {
        'rate-limited': {
          contentType: 'APPLICATION_JSON',
          content: errorBody('Too many requests from this address; retry later.', 'rate_limit_error', 'rate_limit_exceeded'),
        },
        'too-large': {
          contentType: 'APPLICATION_JSON',
          content: errorBody(`The request body exceeds ${maxBodyBytes} bytes.`, 'invalid_request_error', 'request_too_large'),
        },
        forbidden: {
          contentType: 'APPLICATION_JSON',
          content: errorBody('This address may not call the gateway.', 'permission_error', 'ip_not_allowed'),
        },
      },
    });

    new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    if (props.logging === true) {
      this.logGroup = new logs.LogGroup(this, 'Logs', {
        // WAF delivers only to log groups whose name starts with `aws-waf-logs-`.
        logGroupName: `aws-waf-logs-${Stack.of(this).stackName}`,
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      new wafv2.CfnLoggingConfiguration(this, 'Logging', {
        resourceArn: this.webAcl.attrArn,
        logDestinationConfigs: [this.logGroup.logGroupArn],
        redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
      });
    }
  }

  /** Requests the web ACL blocked (all rules), summed per period. */
  metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('BlockedRequests', 'ALL', props);
  }

  /** Requests a rule counted without blocking (e.g. `AWSManagedRulesCommonRuleSet`). */
  metricCountedRequests(rule = 'ALL', props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('CountedRequests', rule, props);
  }

  /** Requests blocked by the per-IP rate rule. */
  metricRateLimited(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.wafMetric('BlockedRequests', 'RateLimitPerIp', props);
  }

  private wafMetric(metricName: string, rule: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      dimensionsMap: { WebACL: this.metricName, Region: Stack.of(this).region, Rule: rule },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }
}

export { BODY_INSPECTION_LIMIT, COMMON_RULES_COUNTED, GatewayFirewall, integerAbovePattern, KNOWN_BAD_INPUTS_COUNTED };
export type { GatewayFirewallProps };
