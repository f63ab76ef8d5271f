/** @module The ledger: every DynamoDB-backed store of the gateway, built over one table and one client. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { hashKeySecret, isKeySecret } from '../identity/virtual-key';
import { createBudgetCounters, type BudgetCounters, type StaleRelease } from './budget-counters';
import { createMeterFromParts } from './dynamo-meter';
import { createKeyStore, isKeyUsable, type KeyStore, type VirtualKeyRecord } from './key-store';
import type { RequestMeter } from './meter-types';
import { createPolicyStore, type PolicyStore } from './policy-store';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { DEFAULT_STALE_RESERVATION_AFTER_MS } from './reservation-lifetime';
import { createUsageStore, type UsageStore } from './usage-store';

/** The stores behind keys, budgets, limits and usage, and the meter built from them. */
interface Ledger {
  readonly tableName: string;
  readonly keys: KeyStore;
  readonly policies: PolicyStore;
  readonly budgets: BudgetCounters;
  readonly rateLimits: RateLimiter;
  readonly usage: UsageStore;
  readonly meter: RequestMeter;
  /** Epoch milliseconds, shared by every store. */
  readonly now: () => number;
  /**
   * Releases budget reservations older than `staleReservationAfterMs` that were never settled
   * (their process died mid-request). Idempotent and safe beside live traffic; for the admin API or
   * a scheduled job (every few minutes).
   */
  releaseStaleReservations(nowMs?: number): Promise<StaleRelease>;
}

interface DynamoLedgerOptions {
  readonly client: DynamoDBClient;
  /** The table from `GATEWAY_TABLE_NAME`. */
  readonly tableName: string;
  /** @default Date.now */
  readonly now?: () => number;
  /** `GATEWAY_USAGE_RETENTION_DAYS`. @default 90 */
  readonly usageRetentionDays?: number;
  /** See `DynamoMeterOptions.policyCacheMs`. @default 1000 */
  readonly policyCacheMs?: number;
  /**
   * Age after which an unsettled reservation counts as stranded: longer than any request can live
   * (the Lambda's 15 minutes) plus a margin for clock skew.
   * @default 1_200_000 (20 minutes)
   */
  readonly staleReservationAfterMs?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
}

/**
 * Builds the ledger over one table.
 *
 * @example
 * const ledger = createDynamoLedger({ client: new DynamoDBClient({}), tableName: config.tableName });
 * const services = { ...others, meter: ledger.meter };
 */
function createDynamoLedger(options: DynamoLedgerOptions): Ledger {
  const { client, tableName, now = Date.now } = options;
  const parts = {
    policies: createPolicyStore({ client, tableName, now }),
    budgets: createBudgetCounters({ client, tableName }),
    rateLimits: createRateLimiter({ client, tableName }),
    usage: createUsageStore({ client, tableName, retentionDays: options.usageRetentionDays }),
  };
  const meter = createMeterFromParts(parts, { now, policyCacheMs: options.policyCacheMs, logger: options.logger, metrics: options.metrics });
  const staleAfterMs = options.staleReservationAfterMs ?? DEFAULT_STALE_RESERVATION_AFTER_MS;
  return {
    tableName,
    keys: createKeyStore({ client, tableName, now }),
    ...parts,
    meter,
    now,
    releaseStaleReservations: (nowMs = now()) => parts.budgets.releaseStale(nowMs, staleAfterMs),
  };
}

/**
 * Makes sure a key with exactly this secret exists and works (the local runner's `GATEWAY_DEV_KEY`).
 *
 * Creates it when absent (no budget, no limits), reactivates it when revoked or expired.
 * @throws Error when the secret is not of the form `sk-` plus at least 8 of `[A-Za-z0-9_-]`.
 */
async function ensureDevKey(ledger: Ledger, secret: string, name = 'dev'): Promise<VirtualKeyRecord> {
  if (!isKeySecret(secret)) throw new Error('GATEWAY_DEV_KEY must be "sk-" followed by at least 8 of A-Z a-z 0-9 _ -.');
  const existing = await ledger.keys.findByHash(hashKeySecret(secret));
  if (existing === undefined) return (await ledger.keys.create({ name, secret, createdBy: 'dev-runner' })).record;
  return isKeyUsable(existing, ledger.now()) ? existing : ledger.keys.reactivate(existing.id);
}

export { DEFAULT_STALE_RESERVATION_AFTER_MS, createDynamoLedger, ensureDevKey };
export type { DynamoLedgerOptions, Ledger };
