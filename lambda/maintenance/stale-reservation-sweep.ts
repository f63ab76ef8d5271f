/**
 * @module The maintenance sweep: finishes deferred settlements, releases budget reservations stranded
 * by crashed processes, re-seeds recently set budgets, then logs and counts what it did.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { nanoUsdToUsd } from '../catalog/pricing';
import type { Ledger, MaintenanceResult } from '../ledger/ledger';
import { METRIC } from '../platform/metric-names';

/** What one sweep needs; the Lambda entry builds these from the environment, tests inject them. */
interface StaleReservationSweepOptions {
  /** The ledger whose budget counters are swept (its `staleReservationAfterMs` decides what is stale). */
  readonly ledger: Pick<Ledger, 'releaseStaleReservations'>;
  readonly logger: Logger;
  /** Flushed at the end: a scheduled invocation has no request pipeline that would flush it. */
  readonly metrics: Metrics;
}

/**
 * Runs `releaseStaleReservations` once, logs what came back, emits `StaleReservationsReleased` and
 * `PendingSettlementsCompleted` (also when zero, so the dashboard shows that the sweep runs) and
 * flushes the metrics.
 *
 * A failure propagates: the invocation fails, which the maintenance error alarm watches.
 *
 * @example
 * const handler = () => sweepStaleReservations({ ledger, logger: getLogger(), metrics: getMetrics() });
 */
async function sweepStaleReservations({ ledger, logger, metrics }: StaleReservationSweepOptions): Promise<MaintenanceResult> {
  const result = await ledger.releaseStaleReservations();
  logger.info('stale reservations swept', {
    released: result.released,
    releasedNanoUsd: result.releasedNanoUsd,
    releasedUsd: Number(nanoUsdToUsd(result.releasedNanoUsd)),
    settlementsCompleted: result.settlementsCompleted,
    settlementsPending: result.settlementsPending,
    budgetsReseeded: result.budgetsReseeded,
  });
  metrics.addMetric(METRIC.staleReservationsReleased, MetricUnit.Count, result.released);
  metrics.addMetric(METRIC.pendingSettlementsCompleted, MetricUnit.Count, result.settlementsCompleted);
  metrics.publishStoredMetrics();
  return result;
}

export { sweepStaleReservations };
export type { StaleReservationSweepOptions };
