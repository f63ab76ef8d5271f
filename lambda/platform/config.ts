/**
 * @module Runtime configuration, read from the environment once, failing with the variable's name.
 *
 * It imports no domain folder (a test checks it), so the CDK app and every Lambda read it without
 * pulling in domain code: the shapes, defaults and syntax rules of settings live here, and the
 * domains import them from here.
 */
import { ENV } from './env-names';
import { DEFAULT_RESILIENCE_SETTINGS, type ResilienceSettings } from './resilience-settings';

/** The deployment's guardrail (`GATEWAY_GUARDRAIL`). */
interface DeploymentGuardrail {
  readonly guardrailIdentifier: string;
  readonly guardrailVersion: string;
  readonly trace?: 'enabled' | 'disabled' | 'enabled_full';
  /**
   * Refuses requests that name a different guardrail, so callers cannot swap a mandatory guardrail
   * for a weaker one. @default false
   */
  readonly enforced?: boolean;
}

/**
 * The syntax of an operator-written principal pattern: an IAM or STS ARN, a 12-digit account or `*`,
 * `*` as wildcard, no commas or spaces (lists of them are comma-separated).
 */
const ARN_PATTERN_SYNTAX = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):[^,\s]+$/;

/** IAM identity token audience when none is configured (the local runner); a deployment sets its own. */
const DEFAULT_STS_AUDIENCE = 'bedrock-gateway';

/**
 * How long a budget reservation may stay unsettled before the sweep counts it as stranded: the
 * longest a request lives (15 minutes, the Lambda's limit) plus 5 minutes of margin for clock skew.
 */
const DEFAULT_STALE_RESERVATION_AFTER_MS = 20 * 60_000;

/** Settings every runtime (Lambda, local server, tests) shares. */
interface RuntimeConfig {
  /** Largest accepted request body in bytes. */
  readonly maxBodyBytes: number;
  /** Whether prompts and completions may appear in logs. */
  readonly logPrompts: boolean;
  /** DynamoDB table name for the ledger. */
  readonly tableName: string;
  /** Days a per-request usage record is kept. */
  readonly usageRetentionDays: number;
  /** Days a stored Responses API response is kept (OpenAI keeps them 30 days). */
  readonly responseRetentionDays: number;
  /**
   * Age in ms after which an unsettled budget reservation counts as stranded (its process died) and
   * `releaseStaleReservations` gives it back. Must exceed the longest request (15 minutes), or the
   * sweep would release the holds of requests still running.
   */
  readonly staleReservationAfterMs: number;
  /** Raw JSON of `GATEWAY_CATALOG`, parsed by the catalog. */
  readonly catalogJson?: string;
  /** Merge the live listing and the AWS Price List into the catalog (`GATEWAY_CATALOG_REFRESH`), and how long one fetch is used. */
  readonly catalogRefresh: { readonly enabled: boolean; readonly maxAgeMs: number };
  /** The deployment's Bedrock guardrail, from `GATEWAY_GUARDRAIL`. */
  readonly guardrail?: DeploymentGuardrail;
  /** Whether caching models get automatic cache points. */
  readonly autoCachePoints: boolean;
  /** Raw JSON of `GATEWAY_JWT_ISSUERS`. */
  readonly jwtIssuersJson?: string;
  /** Who may use IAM identity tokens, and the audience they are signed for (`GATEWAY_STS_*`). */
  readonly sts: StsSettings;
  /**
   * Role/user ARN patterns with `*`, from `GATEWAY_ADMIN_PRINCIPALS`, that an IAM caller of `/admin`
   * must match; empty lets in any IAM caller API Gateway admitted.
   */
  readonly adminPrincipals: readonly string[];
  /** Raw JSON of `GATEWAY_ROUTES`. */
  readonly routesJson?: string;
  /** Retries, timeouts, keep-alive, concurrency limits and circuit breakers (`GATEWAY_RETRY_*` and friends). */
  readonly resilience: ResilienceSettings;
  /** Where budget alerts go besides the log (`GATEWAY_ALERT_*`). */
  readonly alerts: AlertSettings;
  /**
   * Per team, the application inference profile ARN its calls of a model go through, by the model
   * name as configured (`GATEWAY_TEAM_INFERENCE_PROFILES`); names are resolved in the catalog at start.
   */
  readonly teamInferenceProfiles: TeamInferenceProfileSettings;
  /** `GATEWAY_AUDIT_ROLE_ARN`: Bedrock calls go through per-principal sessions of this role. */
  readonly auditRoleArn?: string;
}

/** Team to model name to application inference profile ARN. */
type TeamInferenceProfileSettings = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** An application inference profile ARN (what `CreateInferenceProfile` returns). */
const APPLICATION_INFERENCE_PROFILE_ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]+:\d{12}:application-inference-profile\/[a-z0-9]+$/;

/** Budget alert destinations; the log always gets them. */
interface AlertSettings {
  /** SNS topic ARN (`GATEWAY_ALERT_TOPIC_ARN`). */
  readonly topicArn?: string;
  /** Webhook URL (`GATEWAY_ALERT_WEBHOOK_URL`): https, or http with `webhookAllowPrivateNetworks`. */
  readonly webhookUrl?: string;
  /** `GATEWAY_ALERT_WEBHOOK_TIMEOUT_MS`. @default 5000 */
  readonly webhookTimeoutMs: number;
  /** `GATEWAY_ALERT_WEBHOOK_ALLOW_PRIVATE`: local receivers (loopback, private, plain http). @default false */
  readonly webhookAllowPrivateNetworks: boolean;
}

/** IAM identity token settings; an empty `accounts` list refuses every token. */
interface StsSettings {
  /** 12-digit account ids, from `GATEWAY_STS_ACCOUNTS`. */
  readonly accounts: readonly string[];
  /** ARN patterns with `*`, from `GATEWAY_STS_PRINCIPALS`; empty allows any caller of an allowed account. */
  readonly principals: readonly string[];
  /** From `GATEWAY_STS_AUDIENCE`, else `DEFAULT_STS_AUDIENCE` (meant for the local runner). */
  readonly audience: string;
}

/** 5 MiB: below Lambda's 6 MB invocation payload limit, with room for the event envelope. */
const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_TABLE_NAME = 'bedrock-gateway-ledger';
const DEFAULT_USAGE_RETENTION_DAYS = 90;
const DEFAULT_RESPONSE_RETENTION_DAYS = 30;

type Env = Readonly<Record<string, string | undefined>>;

function readPositiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new Error(`Environment variable ${name} must be a positive integer, got "${raw}".`);
  }
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`Environment variable ${name} must be "true" or "false", got "${raw}".`);
}

function readNonNegativeInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`Environment variable ${name} must be a non-negative integer, got "${raw}".`);
  }
  return value;
}

/** Reads the resilience settings; zero means "off" only where the setting says so. */
function readResilienceSettings(env: Env): ResilienceSettings {
  const d = DEFAULT_RESILIENCE_SETTINGS;
  return {
    maxAttempts: readPositiveInteger(env, ENV.retryMaxAttempts, d.maxAttempts),
    attemptsPerTarget: readPositiveInteger(env, ENV.retryAttemptsPerTarget, d.attemptsPerTarget),
    baseDelayMs: readNonNegativeInteger(env, ENV.retryBaseDelayMs, d.baseDelayMs),
    maxDelayMs: readNonNegativeInteger(env, ENV.retryMaxDelayMs, d.maxDelayMs),
    retryDeadlineMs: readPositiveInteger(env, ENV.retryDeadlineMs, d.retryDeadlineMs),
    connectTimeoutMs: readPositiveInteger(env, ENV.connectTimeoutMs, d.connectTimeoutMs),
    firstByteTimeoutMs: readPositiveInteger(env, ENV.firstByteTimeoutMs, d.firstByteTimeoutMs),
    responseTimeoutMs: readPositiveInteger(env, ENV.responseTimeoutMs, d.responseTimeoutMs),
    streamIdleTimeoutMs: readPositiveInteger(env, ENV.streamIdleTimeoutMs, d.streamIdleTimeoutMs),
    keepAliveIntervalMs: readNonNegativeInteger(env, ENV.keepAliveIntervalMs, d.keepAliveIntervalMs),
    maxConcurrentRequests: readNonNegativeInteger(env, ENV.maxConcurrentRequests, d.maxConcurrentRequests),
    maxConcurrentPerModel: readNonNegativeInteger(env, ENV.maxConcurrentPerModel, d.maxConcurrentPerModel),
    shedRetryAfterSeconds: readPositiveInteger(env, ENV.shedRetryAfterSeconds, d.shedRetryAfterSeconds),
    breakerFailureThreshold: readPositiveInteger(env, ENV.breakerFailureThreshold, d.breakerFailureThreshold),
    breakerCooldownMs: readPositiveInteger(env, ENV.breakerCooldownMs, d.breakerCooldownMs),
  };
}

function readOptional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

/** Splits a comma-separated list, dropping blanks. */
function readList(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Reads the `GATEWAY_STS_*` variables, failing with the variable's name on a malformed entry. */
function readStsSettings(env: Env): StsSettings {
  const accounts = readList(env, ENV.stsAccounts);
  const badAccount = accounts.find((account) => !/^\d{12}$/.test(account));
  if (badAccount !== undefined) {
    throw new Error(`Environment variable ${ENV.stsAccounts} must list 12-digit AWS account ids separated by commas, got "${badAccount}".`);
  }
  const principals = readList(env, ENV.stsPrincipals);
  const badPrincipal = principals.find((principal) => !principal.startsWith('arn:'));
  if (badPrincipal !== undefined) {
    throw new Error(`Environment variable ${ENV.stsPrincipals} must list ARN patterns like "arn:aws:iam::123456789012:role/ci-*", got "${badPrincipal}".`);
  }
  return { accounts, principals, audience: readOptional(env, ENV.stsAudience)?.trim() ?? DEFAULT_STS_AUDIENCE };
}

/** Reads `GATEWAY_ADMIN_PRINCIPALS`, failing with the variable's name on a malformed pattern. */
function readAdminPrincipals(env: Env): string[] {
  const principals = readList(env, ENV.adminPrincipals);
  const bad = principals.find((principal) => !ARN_PATTERN_SYNTAX.test(principal));
  if (bad !== undefined) {
    throw new Error(`Environment variable ${ENV.adminPrincipals} must list IAM ARN patterns like "arn:aws:iam::123456789012:role/GatewayAdmin*", got "${bad}".`);
  }
  return principals;
}

const GUARDRAIL_TRACES = ['enabled', 'disabled', 'enabled_full'] as const;

/** Parses `{"id","version","trace"?,"enforced"?}`, failing with the variable's name and the field. */
function readGuardrail(env: Env): DeploymentGuardrail | undefined {
  const raw = readOptional(env, ENV.guardrail);
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`Environment variable ${ENV.guardrail} must be JSON like {"id":"gr-123","version":"1"}.`);
  }
  const value = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const { id, version, trace, enforced } = value;
  if (typeof id !== 'string' || id === '') throw new Error(`${ENV.guardrail}.id must be a non-empty string.`);
  if (typeof version !== 'string' || version === '') throw new Error(`${ENV.guardrail}.version must be a non-empty string such as "1" or "DRAFT".`);
  if (trace !== undefined && !GUARDRAIL_TRACES.includes(trace as (typeof GUARDRAIL_TRACES)[number])) {
    throw new Error(`${ENV.guardrail}.trace must be one of ${GUARDRAIL_TRACES.join(', ')}, got ${JSON.stringify(trace)}.`);
  }
  if (enforced !== undefined && typeof enforced !== 'boolean') throw new Error(`${ENV.guardrail}.enforced must be true or false.`);
  return {
    guardrailIdentifier: id,
    guardrailVersion: version,
    ...(trace === undefined ? {} : { trace: trace as (typeof GUARDRAIL_TRACES)[number] }),
    ...(enforced === undefined ? {} : { enforced }),
  };
}

/** Reads `GATEWAY_TEAM_INFERENCE_PROFILES`, failing with the variable's name and the entry. */
function readTeamInferenceProfiles(env: Env): TeamInferenceProfileSettings {
  const raw = readOptional(env, ENV.teamInferenceProfiles);
  if (raw === undefined) return {};
  const name = ENV.teamInferenceProfiles;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`Environment variable ${name} must be JSON like {"search":{"claude-sonnet-4-5":"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"}}.`);
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isObject(parsed)) throw new Error(`Environment variable ${name} must be a JSON object of teams.`);
  const teams: Record<string, Record<string, string>> = {};
  for (const [team, models] of Object.entries(parsed)) {
    if (team.trim() === '') throw new Error(`${name}: team names must not be empty.`);
    if (!isObject(models)) throw new Error(`${name}.${team} must be an object of model names to profile ARNs.`);
    teams[team] = {};
    for (const [model, arn] of Object.entries(models)) {
      if (typeof arn !== 'string' || !APPLICATION_INFERENCE_PROFILE_ARN.test(arn)) {
        throw new Error(`${name}.${team}.${model} must be an application inference profile ARN like "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123", got ${JSON.stringify(arn)}.`);
      }
      (teams[team] as Record<string, string>)[model] = arn;
    }
  }
  return teams;
}

/** Reads `GATEWAY_AUDIT_ROLE_ARN`, failing with the variable's name. */
function readAuditRole(env: Env): { auditRoleArn?: string } {
  const arn = readOptional(env, ENV.auditRoleArn)?.trim();
  if (arn === undefined) return {};
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(arn)) {
    throw new Error(`Environment variable ${ENV.auditRoleArn} must be an IAM role ARN like "arn:aws:iam::123456789012:role/GatewayAudit", got "${arn}".`);
  }
  return { auditRoleArn: arn };
}

const DEFAULT_ALERT_WEBHOOK_TIMEOUT_MS = 5000;

/** Reads the `GATEWAY_ALERT_*` variables, failing with the variable's name. */
function readAlertSettings(env: Env): AlertSettings {
  const topicArn = readOptional(env, ENV.alertTopicArn)?.trim();
  if (topicArn !== undefined && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(topicArn)) {
    throw new Error(`Environment variable ${ENV.alertTopicArn} must be an SNS topic ARN like "arn:aws:sns:us-east-1:123456789012:alerts", got "${topicArn}".`);
  }
  const webhookAllowPrivateNetworks = readBoolean(env, ENV.alertWebhookAllowPrivate, false);
  const webhookUrl = readOptional(env, ENV.alertWebhookUrl)?.trim();
  if (webhookUrl !== undefined) {
    let protocol: string;
    try {
      protocol = new URL(webhookUrl).protocol;
    } catch {
      throw new Error(`Environment variable ${ENV.alertWebhookUrl} must be a URL like "https://hooks.example.com/budget", got "${webhookUrl}".`);
    }
    if (protocol !== 'https:' && !(webhookAllowPrivateNetworks && protocol === 'http:')) {
      throw new Error(`Environment variable ${ENV.alertWebhookUrl} must be an https:// URL, got "${webhookUrl}".`);
    }
  }
  return {
    ...(topicArn === undefined ? {} : { topicArn }),
    ...(webhookUrl === undefined ? {} : { webhookUrl }),
    webhookTimeoutMs: readPositiveInteger(env, ENV.alertWebhookTimeoutMs, DEFAULT_ALERT_WEBHOOK_TIMEOUT_MS),
    webhookAllowPrivateNetworks,
  };
}

/** Reads the runtime configuration from `env` (default `process.env`). */
function readRuntimeConfig(env: Env = process.env): RuntimeConfig {
  return {
    maxBodyBytes: readPositiveInteger(env, ENV.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    logPrompts: readBoolean(env, ENV.logPrompts, false),
    tableName: readOptional(env, ENV.tableName) ?? DEFAULT_TABLE_NAME,
    usageRetentionDays: readPositiveInteger(env, ENV.usageRetentionDays, DEFAULT_USAGE_RETENTION_DAYS),
    responseRetentionDays: readPositiveInteger(env, ENV.responseRetentionDays, DEFAULT_RESPONSE_RETENTION_DAYS),
    staleReservationAfterMs: readPositiveInteger(env, ENV.staleReservationAfterMs, DEFAULT_STALE_RESERVATION_AFTER_MS),
    catalogJson: readOptional(env, ENV.catalog),
    catalogRefresh: { enabled: readBoolean(env, ENV.catalogRefresh, false), maxAgeMs: readPositiveInteger(env, ENV.catalogRefreshMaxAgeMs, 3_600_000) },
    guardrail: readGuardrail(env),
    autoCachePoints: readBoolean(env, ENV.autoCachePoints, false),
    jwtIssuersJson: readOptional(env, ENV.jwtIssuers),
    routesJson: readOptional(env, ENV.routes),
    sts: readStsSettings(env),
    adminPrincipals: readAdminPrincipals(env),
    resilience: readResilienceSettings(env),
    alerts: readAlertSettings(env),
    teamInferenceProfiles: readTeamInferenceProfiles(env),
    ...readAuditRole(env),
  };
}

export { APPLICATION_INFERENCE_PROFILE_ARN, ARN_PATTERN_SYNTAX, DEFAULT_MAX_BODY_BYTES, DEFAULT_STALE_RESERVATION_AFTER_MS, DEFAULT_STS_AUDIENCE, DEFAULT_TABLE_NAME, readRuntimeConfig };
export type { AlertSettings, DeploymentGuardrail, RuntimeConfig, StsSettings, TeamInferenceProfileSettings };
