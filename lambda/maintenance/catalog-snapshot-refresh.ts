/**
 * @module The maintenance run's catalog step: fetches the live listing (Bedrock control plane, AWS
 * Price List) into the catalog snapshot once the stored one is a day old, then logs and counts what
 * happened. A failed fetch keeps the stored snapshot and does not fail the run (the sweep still
 * runs; the next scheduled run tries again, since the snapshot is still due).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { LiveListingSource } from '../catalog/live-catalog';
import { refreshSnapshotIfDue } from '../catalog/snapshot-refresh';
import type { CatalogSnapshotStore } from '../catalog/snapshot-store';
import { METRIC } from '../platform/metric-names';

interface CatalogSnapshotStepOptions {
  readonly source: LiveListingSource;
  readonly store: CatalogSnapshotStore;
  readonly now: () => number;
  readonly logger: Logger;
  /** `CatalogRefreshFailures` is added here; the caller publishes the stored metrics. */
  readonly metrics: Metrics;
  /** @default 24 hours */
  readonly maxAgeMs?: number;
}

/** What the step did, as the maintenance handler returns it. */
interface CatalogSnapshotStepResult {
  readonly status: 'fresh' | 'refreshed' | 'failed';
  /** When the snapshot in the table was fetched (after the step). */
  readonly fetchedAt?: string;
  readonly models?: number;
  readonly pricedModels?: number;
  /** False when a later snapshot was in the table already (the admin refresh raced this run). */
  readonly written?: boolean;
  readonly error?: string;
}

/**
 * Runs `refreshSnapshotIfDue` and reports it: an info line when it fetched, an error line (and
 * `CatalogRefreshFailures` 1) when it failed.
 */
async function refreshCatalogSnapshot({ source, store, now, logger, metrics, maxAgeMs }: CatalogSnapshotStepOptions): Promise<CatalogSnapshotStepResult> {
  const outcome = await refreshSnapshotIfDue({ source, store, now, ...(maxAgeMs === undefined ? {} : { maxAgeMs }) });
  metrics.addMetric(METRIC.catalogRefreshFailures, MetricUnit.Count, outcome.status === 'failed' ? 1 : 0);
  switch (outcome.status) {
    case 'fresh':
      return { status: 'fresh', fetchedAt: outcome.fetchedAt };
    case 'refreshed': {
      const { listing, written } = outcome;
      const result = { status: 'refreshed', fetchedAt: listing.fetchedAt, models: listing.models.length, pricedModels: Object.keys(listing.prices).length, written } as const;
      logger.info('catalog snapshot refreshed', { ...result, inferenceProfiles: listing.inferenceProfileIds.length, applicationInferenceProfiles: listing.applicationInferenceProfiles?.length ?? 0 });
      return result;
    }
    case 'failed':
      logger.error('catalog snapshot refresh failed; the stored snapshot stays', { error: outcome.error, keptFetchedAt: outcome.kept ?? 'none' });
      return { status: 'failed', error: outcome.error, ...(outcome.kept === undefined ? {} : { fetchedAt: outcome.kept }) };
    default: {
      const exhaustive: never = outcome;
      return exhaustive;
    }
  }
}

export { refreshCatalogSnapshot };
export type { CatalogSnapshotStepOptions, CatalogSnapshotStepResult };
