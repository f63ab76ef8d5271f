/**
 * @module Maintenance Lambda entry, invoked by an EventBridge schedule: the ledger's maintenance sweep.
 *
 * Builds only the DynamoDB client and the ledger (not the gateway's services), so the bundle holds
 * no Bedrock client, catalog or routing code.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoLedger, type MaintenanceResult } from '../ledger/ledger';
import { readRuntimeConfig } from '../platform/config';
import { getLogger, getMetrics } from '../platform/observability';
import { sweepStaleReservations } from './stale-reservation-sweep';

const config = readRuntimeConfig();
const ledger = createDynamoLedger({
  client: new DynamoDBClient({}),
  tableName: config.tableName,
  usageRetentionDays: config.usageRetentionDays,
  staleReservationAfterMs: config.staleReservationAfterMs,
  logger: getLogger(),
  metrics: getMetrics(),
});

/** The scheduled handler; the event carries nothing the sweep needs. */
const handler = (): Promise<MaintenanceResult> => sweepStaleReservations({ ledger, logger: getLogger(), metrics: getMetrics() });

export { handler };
