/**
 * @module The environment variables the runtime reads; the CDK stack sets the same names.
 *
 * Kept in one table so the infrastructure and the runtime cannot drift apart.
 */
const ENV = {
  /** DynamoDB table holding keys, budgets, rate windows and usage. */
  tableName: 'GATEWAY_TABLE_NAME',
  /** Largest accepted request body in bytes (default 5 MiB). */
  maxBodyBytes: 'GATEWAY_MAX_BODY_BYTES',
  /** `true` logs prompts and completions; off by default. */
  logPrompts: 'GATEWAY_LOG_PROMPTS',
  /** JSON: catalog allow-list, additions and overrides (see lambda/catalog). */
  catalog: 'GATEWAY_CATALOG',
  /** JSON: default Bedrock guardrail `{ "id", "version", "trace"? }`. */
  guardrail: 'GATEWAY_GUARDRAIL',
  /** `true` adds cache points after the system prompt, tools and last user turn on caching models. */
  autoCachePoints: 'GATEWAY_AUTO_CACHE_POINTS',
  /** JSON: accepted JWT issuers and claim mapping (see lambda/identity). */
  jwtIssuers: 'GATEWAY_JWT_ISSUERS',
  /** JSON: routing table of logical models to fallback chains and weighted targets. */
  routes: 'GATEWAY_ROUTES',
  /** Days a per-request usage record is kept before its TTL removes it. */
  usageRetentionDays: 'GATEWAY_USAGE_RETENTION_DAYS',
  /** Local runner only: bearer token protecting `/admin/*` (in AWS, IAM protects it). */
  adminToken: 'GATEWAY_ADMIN_TOKEN',
  /** Local runner only: a virtual key created at start with no budget. */
  devKey: 'GATEWAY_DEV_KEY',
} as const;

type EnvName = (typeof ENV)[keyof typeof ENV];

export { ENV };
export type { EnvName };
