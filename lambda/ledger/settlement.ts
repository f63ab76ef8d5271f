/**
 * @module Settling a served request so that it is always recorded and charged, whatever DynamoDB does.
 *
 * Within the invocation every write is repeated past the SDK's own attempts until a deadline (each
 * is exactly-once by its marker, so repeating is safe): the usage record, each budget counter and
 * each rate window at once, then the daily aggregate once the record is in. Whatever still failed is
 * written as a pending settlement (pending-settlements.ts) that the maintenance sweep finishes at the
 * recorded cost; only if that write fails too is the settlement logged as lost (with everything
 * needed to replay it) and counted, for an alarm. Rate-window corrections are not deferred: by the
 * time the sweep runs their minute is over and nothing reads it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';
import type { BudgetCounters, BudgetReservation, BudgetSpendListener } from './budget-counters';
import type { PendingSettlement, PendingSettlementStore, RemainingSteps, SettlementPlan } from './pending-settlements';
import type { RateLimiter, RateReservation } from './rate-limiter';
import { retryUntil } from './storage-faults';
import type { UsageStore } from './usage-store';

/** The stores a settlement writes to. */
interface SettlementParts {
  readonly budgets: BudgetCounters;
  readonly rateLimits: RateLimiter;
  readonly usage: UsageStore;
  readonly pending: PendingSettlementStore;
  /** Told of each budget's spend before and after a settlement (budget alerts). */
  readonly onBudgetSpend?: BudgetSpendListener;
}

interface SettlementOptions {
  /** Wall-clock epoch ms for retry deadlines (not the ledger's business clock). @default Date.now */
  readonly now?: () => number;
  readonly logger: Logger;
  readonly metrics?: Metrics;
  /** Epoch ms the invocation ends (Lambda); the deferral must be written before it. */
  readonly deadlineAtMs?: number;
}

/** How long the settlement's own writes are repeated before what is left is deferred. */
const SETTLE_RETRY_WINDOW_MS = 10_000;
/** How long the sweep repeats one pending settlement's writes before leaving it for the next sweep. */
const SWEEP_RETRY_WINDOW_MS = 2_000;
/** Extra time for writing the deferral. */
const DEFER_RETRY_WINDOW_MS = 5_000;
/** Kept free before the invocation's deadline for the deferral, and for the deferral itself. */
const DEFER_RESERVE_MS = 3_000;
const DEADLINE_MARGIN_MS = 500;

/** What a request's rate windows need at settlement (never deferred). */
interface RateSettlement {
  readonly reservations: readonly RateReservation[];
  readonly actualTokens: number;
  readonly settledAtMs: number;
}

/** Reports a settled budget's spend change to the listener; a listener's failure is logged, never thrown. */
function reportSpend(
  parts: SettlementParts,
  reservation: BudgetReservation,
  costNanoUsd: number,
  spentAfterNanoUsd: number | undefined,
  { now, logger, requestId }: { readonly now: () => number; readonly logger: Logger; readonly requestId: string },
): void {
  const { onBudgetSpend } = parts;
  if (onBudgetSpend === undefined || spentAfterNanoUsd === undefined || reservation.limitNanoUsd === undefined || costNanoUsd <= 0) return;
  try {
    onBudgetSpend({
      subject: reservation.subject,
      period: reservation.period,
      periodKey: reservation.periodKey,
      limitNanoUsd: reservation.limitNanoUsd,
      ...(reservation.alertThresholds === undefined ? {} : { alertThresholds: reservation.alertThresholds }),
      spentBeforeNanoUsd: spentAfterNanoUsd - costNanoUsd,
      spentAfterNanoUsd,
      atMs: now(),
    });
  } catch (error) {
    logger.error('budget spend listener failed', { requestId, subject: reservation.subject, error: error as Error });
  }
}

function nothingLeft(remaining: RemainingSteps): boolean {
  return !remaining.record && !remaining.aggregate && remaining.budgets.length === 0;
}

/**
 * Runs the steps of `pending` that remain, each repeated until `deadlineAtMs`; returns what is
 * still left, and whether this run added the request to its aggregate (whose marker the caller
 * removes once no later run can repeat the addition).
 */
async function runSteps(
  { plan, remaining }: PendingSettlement,
  parts: SettlementParts,
  { deadlineAtMs, now, logger }: { readonly deadlineAtMs: number; readonly now: () => number; readonly logger: Logger },
  extra: Promise<unknown> = Promise.resolve(),
): Promise<{ readonly remaining: RemainingSteps; readonly aggregated: boolean }> {
  const retry = <T>(operation: (attempt: number) => Promise<T>): Promise<T> => retryUntil(operation, { deadlineAtMs, now });
  const log = (what: string) => (error: unknown) => {
    logger.error(`${what} failed`, { requestId: plan.record.requestId, error: error as Error });
  };
  const record: { outcome?: 'recorded' | 'duplicate' } = remaining.record ? {} : { outcome: 'recorded' };
  const budgetsLeft = new Set(remaining.budgets);
  await Promise.all([
    extra,
    remaining.record
      ? retry((attempt) => parts.usage.writeRecord(plan.record, attempt > 0)).then((result) => {
          record.outcome = result;
          if (result === 'duplicate') logger.warn('request id already recorded by another admission; usage record left unchanged', { requestId: plan.record.requestId });
        }, log('usage record'))
      : undefined,
    ...remaining.budgets.map((index) => {
      const reservation = plan.budgets[index];
      if (reservation === undefined) return undefined;
      return retry(() => parts.budgets.settle(reservation, plan.costNanoUsd)).then((settled) => {
        budgetsLeft.delete(index);
        if (settled.outcome === 'settled') {
          reportSpend(parts, reservation, plan.costNanoUsd, settled.spentNanoUsd, { now, logger, requestId: plan.record.requestId });
        } else {
          logger.warn('budget reservation no longer held (settled by an earlier attempt, or released as stale)', {
            requestId: plan.record.requestId,
            subject: reservation.subject,
          });
        }
      }, log('budget settlement'));
    }),
  ]);
  let aggregated = false;
  if (remaining.aggregate && record.outcome === 'recorded') {
    aggregated = await retry(() => parts.usage.addToAggregate(plan.record, plan.counted)).then(
      () => true,
      (error: unknown) => {
        log('usage aggregate')(error);
        return false;
      },
    );
  }
  const aggregateLeft = remaining.aggregate && record.outcome !== 'duplicate' && !aggregated;
  return { remaining: { record: record.outcome === undefined, aggregate: aggregateLeft, budgets: [...budgetsLeft] }, aggregated };
}

/**
 * Settles a request within its invocation and defers whatever could not be written. Never throws.
 */
async function settleRequest(plan: SettlementPlan, rates: RateSettlement, parts: SettlementParts, options: SettlementOptions): Promise<void> {
  const { now = Date.now, logger, metrics } = options;
  const startedAtMs = now();
  const hardDeadlineMs = (options.deadlineAtMs ?? Number.POSITIVE_INFINITY) - DEADLINE_MARGIN_MS;
  const stepsDeadlineMs = Math.min(startedAtMs + SETTLE_RETRY_WINDOW_MS, hardDeadlineMs - DEFER_RESERVE_MS);
  const rateWrites = Promise.all(
    rates.reservations.map((reservation) =>
      retryUntil(() => parts.rateLimits.settle(reservation, rates.actualTokens, rates.settledAtMs), { deadlineAtMs: stepsDeadlineMs, now }).catch(
        (error: unknown) => {
          logger.error('rate window settlement failed', { requestId: plan.record.requestId, subject: reservation.subject, error: error as Error });
        },
      ),
    ),
  );
  const everything: RemainingSteps = { record: true, aggregate: true, budgets: plan.budgets.map((_, index) => index) };
  const { remaining, aggregated } = await runSteps({ plan, remaining: everything }, parts, { deadlineAtMs: stepsDeadlineMs, now, logger }, rateWrites);
  // A deferred settlement never repeats a confirmed addition, so its marker can go now.
  if (aggregated) await parts.usage.dropAggregateMarker(plan.record);
  if (nothingLeft(remaining)) return;
  const deferDeadlineMs = Math.min(startedAtMs + SETTLE_RETRY_WINDOW_MS + DEFER_RETRY_WINDOW_MS, hardDeadlineMs);
  try {
    await retryUntil(() => parts.pending.put({ plan, remaining }), { deadlineAtMs: deferDeadlineMs, now });
    logger.warn('settlement deferred to the maintenance sweep', { requestId: plan.record.requestId, remaining });
    metrics?.addMetric(METRIC.settlementsDeferred, MetricUnit.Count, 1);
  } catch (error) {
    // Nothing else can hold it: the log line carries everything needed to replay it by hand.
    logger.error('settlement lost: DynamoDB refused every write', { requestId: plan.record.requestId, settlement: { plan, remaining }, error: error as Error });
    metrics?.addMetric(METRIC.settlementsLost, MetricUnit.Count, 1);
  }
}

/** What a sweep of pending settlements did. */
interface PendingSweep {
  readonly completed: number;
  /** Admission ids whose settlement is still pending: their holds must not be released as stale. */
  readonly stillPending: ReadonlySet<string>;
}

/** Finishes every pending settlement it can; what fails stays pending for the next sweep. */
async function completePendingSettlements(parts: SettlementParts, options: { readonly now?: () => number; readonly logger: Logger }): Promise<PendingSweep> {
  const { now = Date.now, logger } = options;
  let completed = 0;
  const stillPending = new Set<string>();
  for (const pending of await parts.pending.list()) {
    const { plan } = pending;
    const { remaining } = await runSteps(pending, parts, { deadlineAtMs: now() + SWEEP_RETRY_WINDOW_MS, now, logger });
    if (!nothingLeft(remaining)) {
      stillPending.add(plan.record.admissionId);
      continue;
    }
    try {
      await parts.pending.remove(plan);
    } catch (error) {
      logger.error('pending settlement finished but not removed; the next sweep repeats it', { requestId: plan.record.requestId, error: error as Error });
      stillPending.add(plan.record.admissionId);
      continue;
    }
    // Kept until the item was gone, so that a repeat after a failed removal could not count twice.
    await parts.usage.dropAggregateMarker(plan.record);
    completed += 1;
    logger.info('pending settlement completed', { requestId: plan.record.requestId, costNanoUsd: plan.costNanoUsd });
  }
  return { completed, stillPending };
}

export { completePendingSettlements, settleRequest };
export type { PendingSweep, RateSettlement, SettlementOptions, SettlementParts };
