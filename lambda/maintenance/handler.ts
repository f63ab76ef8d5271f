/**
 * @module Maintenance Lambda entry, invoked by an EventBridge schedule: the ledger's maintenance sweep.
 *
 * Builds only the DynamoDB client, the ledger and budget alerting (not the gateway's services), so
 * the bundle holds no Bedrock client, catalog or routing code.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAlertStore } from '../budget-alerts/alert-store';
import { createBudgetAlerts } from '../budget-alerts/budget-alerts';
import { alertPublishersOf } from '../budget-alerts/destinations';
import { createDynamoLedger, type MaintenanceResult } from '../ledger/ledger';
import { createBackgroundTasks } from '../platform/background-tasks';
import { readRuntimeConfig } from '../platform/config';
import { getLogger, getMetrics } from '../platform/observability';
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

/** The scheduled handler; the event carries nothing the sweep needs. Alerts are delivered before it returns. */
async function handler(): Promise<MaintenanceResult> {
  const result = await sweepStaleReservations({ ledger, logger, metrics: getMetrics() });
  await background.drain();
  return result;
}

export { handler };
