/**
 * @module Maintenance Lambda entry, invoked by an EventBridge schedule: the catalog snapshot (with
 * `GATEWAY_CATALOG_REFRESH` on: the live listing and the AWS Price List fetched into the ledger
 * table once the stored snapshot is a day old), then the ledger's maintenance sweep.
 *
 * Builds only the DynamoDB client, the ledger, budget alerting and the catalog snapshot's store and
 * fetcher (not the gateway's services), so the bundle holds no runtime client, catalog merge or
 * routing code; the control-plane clients load only when a snapshot is due.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAlertStore } from '../budget-alerts/alert-store';
import { createBudgetAlerts } from '../budget-alerts/budget-alerts';
import { alertPublishersOf } from '../budget-alerts/destinations';
import { createDynamoLedger, type MaintenanceResult } from '../ledger/ledger';
import { createBackgroundTasks } from '../platform/background-tasks';
import { readRuntimeConfig } from '../platform/config';
import { getLogger, getMetrics } from '../platform/observability';
import { lazyAwsListingSource, regionOfEnvironment } from '../catalog/lazy-aws-listing-source';
import { createCatalogSnapshotStore } from '../catalog/snapshot-store';
import { refreshCatalogSnapshot, type CatalogSnapshotStepResult } from './catalog-snapshot-refresh';
import { sweepStaleReservations } from './stale-reservation-sweep';

const config = readRuntimeConfig();
const client = new DynamoDBClient({});
const logger = getLogger();
const background = createBackgroundTasks((error) => {
  logger.error('background task failed', { error: error as Error });
});
// Settlements the sweep finishes cross budget thresholds too: they alert like the gateway's.
const alerting = createBudgetAlerts({
  store: createAlertStore({ client, tableName: config.tableName }),
  publishers: alertPublishersOf(config.alerts, logger),
  background,
  logger,
  metrics: getMetrics(),
});
const ledger = createDynamoLedger({
  client,
  tableName: config.tableName,
  usageRetentionDays: config.usageRetentionDays,
  staleReservationAfterMs: config.staleReservationAfterMs,
  logger,
  metrics: getMetrics(),
  onBudgetSpend: alerting.onBudgetSpend,
});

const catalogSnapshot = config.catalogRefresh.enabled
  ? {
      source: lazyAwsListingSource(regionOfEnvironment()),
      store: createCatalogSnapshotStore({ client, tableName: config.tableName }),
    }
  : undefined;

/** What a run did: the sweep's counts, and the catalog snapshot step's outcome when the live catalog is on. */
type MaintenanceRunResult = MaintenanceResult & { readonly catalog?: CatalogSnapshotStepResult };

/**
 * The scheduled handler; the event carries nothing it needs. The catalog step never fails the run
 * (a failed fetch keeps the stored snapshot); the sweep's failure does. Alerts are delivered before
 * it returns.
 */
async function handler(): Promise<MaintenanceRunResult> {
  const catalog = catalogSnapshot === undefined ? undefined : await refreshCatalogSnapshot({ ...catalogSnapshot, now: Date.now, logger, metrics: getMetrics() });
  const result = await sweepStaleReservations({ ledger, logger, metrics: getMetrics() });
  await background.drain();
  return catalog === undefined ? result : { ...result, catalog };
}

export { handler };
