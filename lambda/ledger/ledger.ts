/** @module The ledger: every DynamoDB-backed store of the gateway, built over one table and one client. */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_STALE_RESERVATION_AFTER_MS } from '../platform/config';
import { getLogger } from '../platform/observability';
import { hashKeySecret, isKeySecret } from '../platform/virtual-key-secret';
import { createBudgetCounters, type BudgetCounters, type BudgetSpendListener, type StaleRelease } from './budget-counters';
import { createMeterFromParts } from './dynamo-meter';
import { createKeyStore, isKeyUsable, type KeyStore, type VirtualKeyRecord } from './key-store';
import type { RequestMeter } from './meter-types';
import { createPendingSettlementStore } from './pending-settlements';
import { createPolicyCache } from './policy-cache';
import { createPolicyStore, type BudgetPolicy, type PolicyStore } from './policy-store';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { uncountedSpendNanoUsd } from './recorded-spend';
import { completePendingSettlements } from './settlement';
import { periodOf, utcDay, type BudgetPeriod, type Subject } from './table-keys';
import { createUsageStore, type UsageStore } from './usage-store';

/** What one maintenance sweep did. */
interface MaintenanceResult extends StaleRelease {
  /** Deferred settlements finished at their recorded cost. */
  readonly settlementsCompleted: number;
  /** Deferred settlements that still could not be finished (their holds are kept). */
  readonly settlementsPending: number;
  /** Budget counters whose recorded-spend baseline was recomputed. */
  readonly budgetsReseeded: number;
}

/** How often the maintenance schedule runs: a seeded counter is re-seeded for one more run than a request can live. */
const MAINTENANCE_INTERVAL_MS = 5 * 60_000;

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
   * The maintenance sweep, for the admin API and the schedule (every 5 minutes): finishes deferred
   * settlements at their recorded cost, then releases budget reservations older than
   * `staleReservationAfterMs` that were never settled (their process died before recording
   * anything; never those of a deferred settlement), then recomputes the recorded-spend baseline of
   * budgets set in the last `staleReservationAfterMs` plus one interval. Idempotent and safe beside
   * live traffic.
   */
  releaseStaleReservations(nowMs?: number): Promise<MaintenanceResult>;
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
  /** See policy-cache.ts. @default DEFAULT_POLICY_MAX_STALE_MS */
  readonly policyMaxStaleMs?: number;
  /**
   * Age after which an unsettled reservation counts as stranded: longer than any request can live
   * (the Lambda's 15 minutes) plus a margin for clock skew.
   * @default 1_200_000 (20 minutes)
   */
  readonly staleReservationAfterMs?: number;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /**
   * Told of each budget's spend before and after every settlement (also those the sweep finishes);
   * budget alerts listen here. It must not block: it runs inside the settlement.
   * @default - nobody is told
   */
  readonly onBudgetSpend?: BudgetSpendListener;
}

/**
 * Builds the ledger over one table.
 *
 * @example
 * const ledger = createDynamoLedger({ client: new DynamoDBClient({}), tableName: config.tableName });
 * const services = { ...others, meter: ledger.meter };
 */
function createDynamoLedger(options: DynamoLedgerOptions): Ledger {
  const { client, tableName, now = Date.now, logger = getLogger() } = options;
  const storedPolicies = createPolicyStore({ client, tableName, now });
  const parts = {
    policies: storedPolicies,
    budgets: createBudgetCounters({ client, tableName }),
    rateLimits: createRateLimiter({ client, tableName }),
    usage: createUsageStore({ client, tableName, retentionDays: options.usageRetentionDays }),
    pending: createPendingSettlementStore({ client, tableName }),
    ...(options.onBudgetSpend === undefined ? {} : { onBudgetSpend: options.onBudgetSpend }),
  };
  const policyCache = createPolicyCache(storedPolicies, {
    freshMs: options.policyCacheMs,
    maxStaleMs: options.policyMaxStaleMs,
    now,
    onRefreshError: (error) => logger.warn('policy refresh failed; the policies read before stay in use', { error: error as Error }),
  });
  const meter = createMeterFromParts(parts, { now, policyCache, logger, metrics: options.metrics });
  const staleAfterMs = options.staleReservationAfterMs ?? DEFAULT_STALE_RESERVATION_AFTER_MS;

  let firstDay: Promise<string> | undefined;
  /** The day the table was created: no usage is older, so a `total` budget counts from there. */
  function tableCreatedDay(): Promise<string> {
    firstDay ??= client.send(new DescribeTableCommand({ TableName: tableName })).then(
      ({ Table }) => utcDay(Table?.CreationDateTime?.getTime() ?? now()),
      (error: unknown) => {
        firstDay = undefined;
        throw error;
      },
    );
    return firstDay;
  }

  async function seed(subject: Subject, period: BudgetPeriod, periodKey: string, reseedUntilMs?: number): Promise<void> {
    const today = utcDay(now());
    const firstDay = period === 'total' ? [await tableCreatedDay(), today].sort()[0] ?? today : today;
    const uncounted = await uncountedSpendNanoUsd(parts.usage, subject, period, periodKey, { firstDay, today });
    await parts.budgets.seed(subject, period, periodKey, uncounted, reseedUntilMs);
  }

  /**
   * Budgets start from the period's recorded spend: the counter is seeded before the budget is
   * visible. A change made through this process applies to its own meter at once.
   */
  const policies: PolicyStore = {
    ...storedPolicies,
    async setBudget(subject: Subject, budget: BudgetPolicy) {
      const at = now();
      await seed(subject, budget.period, periodOf(budget.period, at).key, at + staleAfterMs + MAINTENANCE_INTERVAL_MS);
      return storedPolicies.setBudget(subject, budget).finally(() => policyCache.forget(subject));
    },
    clearBudget: (subject) => storedPolicies.clearBudget(subject).finally(() => policyCache.forget(subject)),
    setLimits: (subject, limits) => storedPolicies.setLimits(subject, limits).finally(() => policyCache.forget(subject)),
    clearLimits: (subject) => storedPolicies.clearLimits(subject).finally(() => policyCache.forget(subject)),
  };

  async function releaseStaleReservations(nowMs = now()): Promise<MaintenanceResult> {
    const pending = await completePendingSettlements(parts, { logger });
    const released = await parts.budgets.releaseStale(nowMs, staleAfterMs, pending.stillPending);
    const reseeding = await parts.budgets.reseeding(nowMs);
    for (const counter of reseeding) await seed(counter.subject, counter.period, counter.periodKey);
    return { ...released, settlementsCompleted: pending.completed, settlementsPending: pending.stillPending.size, budgetsReseeded: reseeding.length };
  }

  return {
    tableName,
    keys: createKeyStore({ client, tableName, now }),
    ...parts,
    policies,
    meter,
    now,
    releaseStaleReservations,
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
export type { DynamoLedgerOptions, Ledger, MaintenanceResult };
