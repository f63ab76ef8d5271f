/**
 * @module Runtime configuration, read from the environment once, failing with the variable's name.
 */
import { ENV } from './env-names';

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
  /** Raw JSON of `GATEWAY_CATALOG`, parsed by the catalog. */
  readonly catalogJson?: string;
  /** Raw JSON of `GATEWAY_GUARDRAIL`. */
  readonly guardrailJson?: string;
  /** Raw JSON of `GATEWAY_JWT_ISSUERS`. */
  readonly jwtIssuersJson?: string;
  /** Raw JSON of `GATEWAY_ROUTES`. */
  readonly routesJson?: string;
}

/** 5 MiB: below Lambda's 6 MB invocation payload limit, with room for the event envelope. */
const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_TABLE_NAME = 'bedrock-gateway-ledger';
const DEFAULT_USAGE_RETENTION_DAYS = 90;

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

function readOptional(env: Env, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

/** Reads the runtime configuration from `env` (default `process.env`). */
function readRuntimeConfig(env: Env = process.env): RuntimeConfig {
  return {
    maxBodyBytes: readPositiveInteger(env, ENV.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    logPrompts: readBoolean(env, ENV.logPrompts, false),
    tableName: readOptional(env, ENV.tableName) ?? DEFAULT_TABLE_NAME,
    usageRetentionDays: readPositiveInteger(env, ENV.usageRetentionDays, DEFAULT_USAGE_RETENTION_DAYS),
    catalogJson: readOptional(env, ENV.catalog),
    guardrailJson: readOptional(env, ENV.guardrail),
    jwtIssuersJson: readOptional(env, ENV.jwtIssuers),
    routesJson: readOptional(env, ENV.routes),
  };
}

export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TABLE_NAME, readRuntimeConfig };
export type { RuntimeConfig };
