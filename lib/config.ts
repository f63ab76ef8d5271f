/** @module Typed deployment configuration, read from the `gateway` object in cdk.json context, with defaults and validation. */
import { z } from 'zod';
import { APPLICATION_INFERENCE_PROFILE_ARN, ARN_PATTERN_SYNTAX, DEFAULT_MAX_BODY_BYTES } from '../lambda/platform/config';
import { ENV } from '../lambda/platform/env-names';

/** The cdk.json context key that holds the deployment configuration. */
const CONFIG_CONTEXT_KEY = 'gateway';


/** API Gateway's own REST API payload quota (10 MB); a larger body limit could never be reached. */
const API_GATEWAY_MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

/** The retention periods CloudWatch Logs accepts (`RetentionInDays`). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Gateway function memory (MB): Lambda bills it for the whole time a request waits on Bedrock. */
const GATEWAY_MEMORY_MB = { default: 512, minimum: 256 } as const;

const ENDPOINT_TYPES = ['regional', 'private'] as const;
const REMOVAL_POLICIES = ['retain', 'destroy'] as const;
const TABLE_ENCRYPTIONS = ['aws-managed', 'customer-managed'] as const;
const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;

type EndpointType = (typeof ENDPOINT_TYPES)[number];
type RemovalPolicyName = (typeof REMOVAL_POLICIES)[number];
type TableEncryptionName = (typeof TABLE_ENCRYPTIONS)[number];
type LogLevelName = (typeof LOG_LEVELS)[number];

/** `gateway.resilience` keys and the runtime variables they set (defaults live in the runtime). */
const RESILIENCE_ENV = {
  maxAttempts: ENV.retryMaxAttempts,
  attemptsPerTarget: ENV.retryAttemptsPerTarget,
  baseDelayMs: ENV.retryBaseDelayMs,
  maxDelayMs: ENV.retryMaxDelayMs,
  deadlineMs: ENV.retryDeadlineMs,
  connectTimeoutMs: ENV.connectTimeoutMs,
  firstByteTimeoutMs: ENV.firstByteTimeoutMs,
  responseTimeoutMs: ENV.responseTimeoutMs,
  streamIdleTimeoutMs: ENV.streamIdleTimeoutMs,
  keepAliveIntervalMs: ENV.keepAliveIntervalMs,
  maxConcurrentRequests: ENV.maxConcurrentRequests,
  maxConcurrentPerModel: ENV.maxConcurrentPerModel,
  shedRetryAfterSeconds: ENV.shedRetryAfterSeconds,
  breakerFailureThreshold: ENV.breakerFailureThreshold,
  breakerCooldownMs: ENV.breakerCooldownMs,
} as const;
type ResilienceKey = keyof typeof RESILIENCE_ENV;

/** Any JSON value; passed through to the runtime untouched (catalog overrides, routes). */
type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

const nonEmpty = z.string().trim().min(1);
const vpcIdSchema = z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'expected a VPC id like "vpc-0123456789abcdef0"');
const vpceIdSchema = z.string().regex(/^vpce-[0-9a-f]{8,17}$/, 'expected a VPC endpoint id like "vpce-0123456789abcdef0"');
const subnetIdSchema = z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'expected a subnet id like "subnet-0123456789abcdef0"');
const cidrSchema = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/, 'expected an IPv4 or IPv6 CIDR like "203.0.113.0/24"');
const arnSchema = z.string().regex(/^arn:aws[a-z-]*:/, 'expected an ARN');
const positiveInt = z.number().int().positive();
const accountIdSchema = z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id like "123456789012"');
const principalPatternSchema = z
  .string()
  .regex(ARN_PATTERN_SYNTAX, 'expected an IAM ARN pattern like "arn:aws:iam::123456789012:role/ci-*" (* as wildcard, no commas)');
/** Sent as an HTTP header value and compared by STS: printable ASCII without spaces or commas. */
const audienceSchema = z.string().regex(/^[A-Za-z0-9._:/@+=-]{1,256}$/, 'expected 1-256 characters of letters, digits and . _ : / @ + = -');

/**
 * Tag keys and values as AWS accepts them (letters, digits, spaces and `_ . : / = + - @`; keys 1 to
 * 128 characters, not starting with `aws:`; values up to 256).
 * @see https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Why a tag key is refused, or undefined (record keys are checked here: zod reports bad ones without a reason). */
function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > 128) return 'tag keys have 1 to 128 characters';
  if (!TAG_CHARACTERS.test(key)) return 'expected letters, digits, spaces and _ . : / = + - @ in tag keys';
  if (key.toLowerCase().startsWith('aws:')) return 'the "aws:" prefix is reserved';
  return undefined;
}
const tagValueSchema = z.string().max(256).regex(TAG_CHARACTERS, 'expected letters, digits, spaces and _ . : / = + - @');

/** Per team, per model name: `"create"` (the stack creates the profile) or an existing profile's ARN. */
const teamInferenceProfilesSchema = z.record(
  z.string().trim().min(1).max(256),
  z.record(
    nonEmpty,
    z.union([
      z.literal('create'),
      z.string().regex(APPLICATION_INFERENCE_PROFILE_ARN, 'expected "create" or an application inference profile ARN (arn:aws:bedrock:REGION:ACCOUNT:application-inference-profile/ID)'),
    ]),
  ),
);

const iamIdentityTokensSchema = z.strictObject({
  accounts: z.array(accountIdSchema).optional(),
  principals: z.array(principalPatternSchema).min(1, 'omit "principals" to allow any caller of the allowed accounts').optional(),
  audience: audienceSchema.optional(),
});

const jwtIssuerSchema = z.strictObject({
  issuer: z.url({ protocol: /^https$/, error: 'expected an https URL (the token "iss" claim)' }),
  audience: z.array(nonEmpty).min(1, 'list at least one accepted "aud" value'),
  jwksUri: z.url({ protocol: /^https$/ }).optional(),
  algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1).optional(),
  principalClaim: nonEmpty.optional(),
  teamClaim: nonEmpty.optional(),
  groupsClaim: nonEmpty.optional(),
});

const configSchema = z
  .strictObject({
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'expected a CloudFormation stack name (letters, digits, hyphens)')
      .default('BedrockGateway'),
    endpointType: z.enum(ENDPOINT_TYPES).default('regional'),
    vpcEndpointIds: z.array(vpceIdSchema).default([]),
    vpcId: vpcIdSchema.optional(),
    subnetIds: z.array(subnetIdSchema).default([]),
    vpcCidrBlock: cidrSchema.optional(),
    privateDnsEnabled: z.boolean().default(true),
    allowedSourceVpcIds: z.array(vpcIdSchema).default([]),
    jwtIssuers: z.array(jwtIssuerSchema).default([]),
    models: z.array(nonEmpty).min(1, 'omit "models" to allow the whole catalog, or list at least one id').optional(),
    catalog: z.record(z.string(), jsonValue).optional(),
    /**
     * Merge the account's live model listing and the AWS Price List into the catalog at cold start and
     * hourly (GATEWAY_CATALOG_REFRESH): models AWS ships later are served once priced, without a release.
     * Grants the list and Price List actions, and invoke on every foundation model and this account's
     * system-defined inference profiles (the catalog, not IAM, then decides what is served).
     */
    catalogRefresh: z.boolean().default(false),
    guardrail: z
      .strictObject({
        id: nonEmpty,
        version: z.string().regex(/^(DRAFT|\d+)$/, 'expected "DRAFT" or a version number like "1"'),
        trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
        enforced: z.boolean().optional(),
      })
      .optional(),
    routes: jsonValue.optional(),
    autoCachePoints: z.boolean().default(false),
    iamIdentityTokens: iamIdentityTokensSchema.prefault({}),
    adminPrincipals: z
      .array(principalPatternSchema)
      .min(1, 'omit "adminPrincipals" to let any IAM caller API Gateway admits administer the gateway')
      .optional(),
    resilience: z
      .strictObject(
        Object.fromEntries(Object.keys(RESILIENCE_ENV).map((key) => [key, z.number().int().min(0).optional()])) as Record<
          ResilienceKey,
          z.ZodOptional<z.ZodNumber>
        >,
      )
      .prefault({}),
    waf: z
      .strictObject({
        enabled: z.boolean().default(true),
        rateLimitPer5Min: z.number().int().min(10).max(2_000_000_000).default(2000),
        ipAllowList: z.array(cidrSchema).default([]),
        maxBodyBytes: positiveInt.max(API_GATEWAY_MAX_PAYLOAD_BYTES).default(DEFAULT_MAX_BODY_BYTES),
        logging: z.boolean().default(false),
      })
      .prefault({}),
    throttle: z
      .strictObject({
        rateLimit: positiveInt.default(100),
        burstLimit: positiveInt.max(5000).default(200),
      })
      .prefault({}),
    logRetentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `expected one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    logPrompts: z.boolean().default(false),
    logLevel: z.enum(LOG_LEVELS).default('INFO'),
    metricsNamespace: z
      .string()
      .regex(/^[A-Za-z0-9._\-/#:]{1,255}$/, 'expected a CloudWatch namespace')
      .refine((ns) => !ns.startsWith('AWS/'), 'the "AWS/" prefix is reserved')
      .default('BedrockGateway'),
    tags: z.record(z.string(), tagValueSchema).default({}),
    teamInferenceProfiles: teamInferenceProfilesSchema.default({}),
    budgetAlerts: z
      .strictObject({
        emails: z.array(z.email()).default([]),
        webhookUrl: z.url({ protocol: /^https$/, error: 'expected an https URL (alerts are POSTed to it as JSON)' }).optional(),
        webhookTimeoutMs: z.number().int().min(100).max(30_000).optional(),
      })
      .prefault({}),
    alarms: z
      .strictObject({
        serverErrorRatePercent: z.number().min(0).max(100).optional(),
        bedrockThrottles: z.number().int().min(0).optional(),
        latencyP99Ms: z.number().int().positive().max(900_000).optional(),
        budgetDenials: z.number().int().min(0).optional(),
        dynamoDbThrottles: z.number().int().min(0).optional(),
        maintenanceErrors: z.number().int().min(0).optional(),
      })
      .prefault({}),
    alarmEmail: z.email().optional(),
    alarmTopicArn: arnSchema.optional(),
    removalPolicy: z.enum(REMOVAL_POLICIES).default('retain'),
    reservedConcurrency: positiveInt.optional(),
    // 512 MB by default, 256 at least: README "Lambda cost and memory" (the gateway mostly waits for
    // Bedrock, billed by memory; a request needs a few ms of CPU and at most ~130 MiB resident).
    gatewayMemoryMb: z.number().int().min(GATEWAY_MEMORY_MB.minimum).max(10240).default(GATEWAY_MEMORY_MB.default),
    authorizerCacheTtlSeconds: z.number().int().min(1).max(3600).default(60),
    usageRetentionDays: positiveInt.max(3650).default(90),
    responseRetentionDays: positiveInt.max(3650).default(30),
    tableEncryption: z.enum(TABLE_ENCRYPTIONS).default('aws-managed'),
    cloudTrail: z.boolean().default(false),
    auditIdentity: z.boolean().default(false),
    modelInvocationLogging: z
      .strictObject({ destination: z.enum(['cloudwatch', 's3']).default('cloudwatch'), prompts: z.boolean().default(false) })
      .optional(),
    apiGatewayCloudWatchRole: z.boolean().default(true),
    domain: z.strictObject({ name: nonEmpty, certificateArn: arnSchema }).optional(),
  })
  .superRefine((config, ctx) => {
    const fail = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    if (config.endpointType === 'private') {
      const creates = config.vpcEndpointIds.length === 0;
      if (creates && config.vpcId === undefined) {
        fail(
          ['vpcEndpointIds'],
          'a private API needs "vpcEndpointIds" (existing execute-api interface endpoints) or "vpcId" with "subnetIds" and "vpcCidrBlock" to create one',
        );
      }
      if (creates && config.vpcId !== undefined && config.subnetIds.length === 0) {
        fail(['subnetIds'], 'creating an execute-api endpoint in "vpcId" needs the subnets to place it in');
      }
      if (creates && config.vpcId !== undefined && config.vpcCidrBlock === undefined) {
        fail(['vpcCidrBlock'], 'creating an execute-api endpoint needs the CIDR allowed to reach it on port 443');
      }
      if (config.domain !== undefined) {
        fail(['domain'], 'custom domains are supported for "regional" endpoints only');
      }
    } else {
      const privateOnly = ['vpcEndpointIds', 'vpcId', 'subnetIds', 'vpcCidrBlock', 'allowedSourceVpcIds'] as const;
      for (const key of privateOnly) {
        const value = config[key];
        if (value !== undefined && (!Array.isArray(value) || value.length > 0)) {
          fail([key], `only applies to endpointType "private" (endpointType is "${config.endpointType}")`);
        }
      }
    }
    for (const key of Object.keys(config.tags)) {
      const problem = tagKeyProblem(key);
      if (problem !== undefined) fail(['tags', key], problem);
    }
    if (config.alarmEmail !== undefined && config.alarmTopicArn !== undefined) {
      fail(['alarmTopicArn'], 'set "alarmEmail" (a topic is created) or "alarmTopicArn" (an existing topic), not both');
    }
    const issuers = config.jwtIssuers.map((issuer) => issuer.issuer);
    issuers.forEach((issuer, index) => {
      if (issuers.indexOf(issuer) !== index) fail(['jwtIssuers', index, 'issuer'], `duplicate issuer "${issuer}"`);
    });
    if (config.throttle.burstLimit < config.throttle.rateLimit) {
      fail(['throttle', 'burstLimit'], `must be at least throttle.rateLimit (${config.throttle.rateLimit})`);
    }
  });

/** The deployment configuration after defaults are applied. */
type GatewayConfig = z.output<typeof configSchema>;
/** What may be written under the `gateway` context key (every key optional). */
type GatewayConfigInput = z.input<typeof configSchema>;
/** One accepted JWT issuer. */
type JwtIssuerConfig = GatewayConfig['jwtIssuers'][number];
/**
 * Who may call `/v1` with IAM identity tokens (`aws-iam-v1.`), and the audience they are signed for.
 * `accounts` defaults to the deployment's own account (`[]` turns the tokens off); `principals`
 * defaults to any caller of those accounts; `audience` defaults to
 * `bedrock-gateway:<stackName>:<region>:<account>`, published as the `IamTokenAudience` output.
 */
type IamIdentityTokensConfig = GatewayConfig['iamIdentityTokens'];

/** Thrown when the `gateway` context does not validate; lists every problem with its key. */
class GatewayConfigError extends Error {
  override readonly name = 'GatewayConfigError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(
      `Invalid deployment configuration in cdk.json context "${CONFIG_CONTEXT_KEY}":\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.problems = problems;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return [CONFIG_CONTEXT_KEY, ...path.map((part) => (typeof part === 'number' ? `[${part}]` : String(part)))]
    .join('.')
    .replace(/\.\[/g, '[');
}

function describeInput(input: unknown): string {
  if (input === undefined) return '';
  const text = JSON.stringify(input);
  return text === undefined ? '' : ` (received ${text.length > 80 ? `${text.slice(0, 77)}...` : text})`;
}

/**
 * Validates a raw `gateway` context value and applies the defaults.
 *
 * Accepts the object from cdk.json or the JSON string given on the command line
 * (`cdk synth -c gateway='{"endpointType":"private",...}'`); `undefined` yields the defaults.
 *
 * @throws GatewayConfigError naming every invalid key, its value and what is allowed.
 */
function parseGatewayConfig(raw: unknown): GatewayConfig {
  let value: unknown = raw ?? {};
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch (error) {
      throw new GatewayConfigError([`${CONFIG_CONTEXT_KEY}: is not valid JSON (${(error as Error).message})`]);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GatewayConfigError([`${CONFIG_CONTEXT_KEY}: expected an object${describeInput(value)}`]);
  }
  const result = configSchema.safeParse(value, { reportInput: true });
  if (!result.success) {
    throw new GatewayConfigError(
      result.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? `: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : '';
        const message = issue.code === 'unrecognized_keys' ? 'not a configuration key (check the spelling)' : issue.message;
        const input = issue.code === 'unrecognized_keys' || issue.code === 'custom' ? '' : describeInput(issue.input);
        return `${formatPath(issue.path)}${keys}: ${message}${input}`;
      }),
    );
  }
  return result.data;
}

/** Reads and validates the `gateway` context of a construct's app (cdk.json or `-c gateway=...`). */
function readGatewayConfig(node: { tryGetContext(key: string): unknown }): GatewayConfig {
  return parseGatewayConfig(node.tryGetContext(CONFIG_CONTEXT_KEY));
}

export {
  API_GATEWAY_MAX_PAYLOAD_BYTES,
  CONFIG_CONTEXT_KEY,
  DEFAULT_MAX_BODY_BYTES,
  GATEWAY_MEMORY_MB,
  GatewayConfigError,
  LOG_RETENTION_DAYS,
  RESILIENCE_ENV,
  parseGatewayConfig,
  readGatewayConfig,
};
export type {
  EndpointType,
  GatewayConfig,
  GatewayConfigInput,
  IamIdentityTokensConfig,
  JsonValue,
  JwtIssuerConfig,
  LogLevelName,
  RemovalPolicyName,
  ResilienceKey,
  TableEncryptionName,
};
