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
  /** `true` merges the account's live model listing and the AWS Price List into the catalog (cold start, then hourly). */
  catalogRefresh: 'GATEWAY_CATALOG_REFRESH',
  /** How long a fetched live listing is used before a background refresh, in ms (default 3600000). */
  catalogRefreshMaxAgeMs: 'GATEWAY_CATALOG_REFRESH_MAX_AGE_MS',
  /** JSON: default Bedrock guardrail `{ "id", "version", "trace"? }`. */
  guardrail: 'GATEWAY_GUARDRAIL',
  /** `true` adds cache points after the system prompt, tools and last user turn on caching models. */
  autoCachePoints: 'GATEWAY_AUTO_CACHE_POINTS',
  /** JSON: accepted JWT issuers and claim mapping (see lambda/identity). */
  jwtIssuers: 'GATEWAY_JWT_ISSUERS',
  /** Comma-separated 12-digit AWS account ids whose IAM identity tokens (`aws-iam-v1.`) are accepted; unset or empty refuses them all. */
  stsAccounts: 'GATEWAY_STS_ACCOUNTS',
  /** Comma-separated role/user ARN patterns (`*` wildcard) an IAM identity token's caller must match; unset allows any caller of an allowed account. */
  stsPrincipals: 'GATEWAY_STS_PRINCIPALS',
  /** Audience IAM identity tokens must be signed for (default `bedrock-gateway`; the CDK stack sets a per-deployment value). */
  stsAudience: 'GATEWAY_STS_AUDIENCE',
  /** JSON: routing table of logical models to fallback chains and weighted targets. */
  routes: 'GATEWAY_ROUTES',
  /** Bedrock calls per request across all targets (default 4). */
  retryMaxAttempts: 'GATEWAY_RETRY_MAX_ATTEMPTS',
  /** Bedrock calls per target before the next target is tried (default 2). */
  retryAttemptsPerTarget: 'GATEWAY_RETRY_ATTEMPTS_PER_TARGET',
  /** First retry's backoff cap in ms, doubled per retry, full jitter (default 250). */
  retryBaseDelayMs: 'GATEWAY_RETRY_BASE_DELAY_MS',
  /** Largest backoff cap in ms (default 4000). */
  retryMaxDelayMs: 'GATEWAY_RETRY_MAX_DELAY_MS',
  /** No new Bedrock attempt starts later than this many ms after the request arrived (default 30000). */
  retryDeadlineMs: 'GATEWAY_RETRY_DEADLINE_MS',
  /** TCP/TLS connect timeout towards Bedrock in ms (default 3000). */
  connectTimeoutMs: 'GATEWAY_CONNECT_TIMEOUT_MS',
  /** Streams: ms until Bedrock's first event (default 30000). */
  firstByteTimeoutMs: 'GATEWAY_FIRST_BYTE_TIMEOUT_MS',
  /** Non-streaming calls: ms for the whole Bedrock response (default 300000). */
  responseTimeoutMs: 'GATEWAY_RESPONSE_TIMEOUT_MS',
  /** Streams: longest silence between Bedrock events in ms (default 60000). */
  streamIdleTimeoutMs: 'GATEWAY_STREAM_IDLE_TIMEOUT_MS',
  /** SSE keep-alive comment interval in ms; 0 disables (default 15000). */
  keepAliveIntervalMs: 'GATEWAY_KEEPALIVE_INTERVAL_MS',
  /** Requests in flight per instance; 0 is unlimited (default 0). */
  maxConcurrentRequests: 'GATEWAY_MAX_CONCURRENT_REQUESTS',
  /** Bedrock calls in flight per target per instance; 0 is unlimited (default 0). */
  maxConcurrentPerModel: 'GATEWAY_MAX_CONCURRENT_PER_MODEL',
  /** `retry-after` seconds sent with a shed request (default 1). */
  shedRetryAfterSeconds: 'GATEWAY_SHED_RETRY_AFTER_SECONDS',
  /** Consecutive failures that open a target's circuit breaker (default 5). */
  breakerFailureThreshold: 'GATEWAY_BREAKER_FAILURE_THRESHOLD',
  /** Ms an open circuit skips its target before one probe goes through (default 30000). */
  breakerCooldownMs: 'GATEWAY_BREAKER_COOLDOWN_MS',
  /** Days a per-request usage record is kept before its TTL removes it. */
  usageRetentionDays: 'GATEWAY_USAGE_RETENTION_DAYS',
  /** Days a stored Responses API response (`store: true`) is kept before its TTL removes it (default 30). */
  responseRetentionDays: 'GATEWAY_RESPONSE_RETENTION_DAYS',
  /** Ms after which an unsettled budget reservation counts as stranded and the sweep releases it (default 1200000, 20 minutes). */
  staleReservationAfterMs: 'GATEWAY_STALE_RESERVATION_AFTER_MS',
  /** Comma-separated role/user ARN patterns (`*` wildcard) an IAM caller of `/admin` must match; unset lets in any IAM caller API Gateway admitted. */
  adminPrincipals: 'GATEWAY_ADMIN_PRINCIPALS',
  /** SNS topic ARN budget alerts are published to (the stack's alert topic); unset publishes none to SNS. */
  alertTopicArn: 'GATEWAY_ALERT_TOPIC_ARN',
  /** HTTPS URL budget alerts are POSTed to as JSON; unset sends none. */
  alertWebhookUrl: 'GATEWAY_ALERT_WEBHOOK_URL',
  /** Time limit of one webhook delivery in ms (default 5000). */
  alertWebhookTimeoutMs: 'GATEWAY_ALERT_WEBHOOK_TIMEOUT_MS',
  /** Local runner and tests only: `true` lets the webhook be `http://` on a loopback or private address. */
  alertWebhookAllowPrivate: 'GATEWAY_ALERT_WEBHOOK_ALLOW_PRIVATE',
  /** JSON `{"<team>":{"<model>":"<application inference profile ARN>"}}`: a team's calls of that model go through its own profile (Cost Explorer splits spend per team). */
  teamInferenceProfiles: 'GATEWAY_TEAM_INFERENCE_PROFILES',
  /** Role whose sessions make every Bedrock call, one per principal with its source identity naming the principal (CloudTrail shows who called); unset calls as the function's own role. */
  auditRoleArn: 'GATEWAY_AUDIT_ROLE_ARN',
  /** Local runner only: bearer token protecting `/admin/*` (in AWS, IAM protects it). */
  adminToken: 'GATEWAY_ADMIN_TOKEN',
  /** Local runner only: a virtual key created at start with no budget. */
  devKey: 'GATEWAY_DEV_KEY',
} as const;

type EnvName = (typeof ENV)[keyof typeof ENV];

export { ENV };
export type { EnvName };
