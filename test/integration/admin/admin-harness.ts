/**
 * @module Admin API harness: the real pipeline with the admin routes over an embedded DynamoDB,
 * served by the local HTTP adapter.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createAdminRoutes } from '../../../lambda/admin/routes';
import type { AlertStore } from '../../../lambda/budget-alerts/alert-store';
import { createGatewayApp } from '../../../lambda/gateway/app';
import { createServicesFromEnvironment } from '../../../lambda/gateway/services-factory';
import { createDynamoLedger, type Ledger } from '../../../lambda/ledger';
import type { Principal } from '../../../lambda/identity/principal';
import type { GatewayHandler } from '../../../lambda/platform/http-types';
import {
  createEmbeddedDynamoDbClient,
  createLedgerTable,
  startEmbeddedDynamoDb,
  type EmbeddedDynamoDb,
} from '../../../local/embedded-dynamodb';
import { startHttpAdapter, type RunningHttpServer } from '../../../local/http-adapter';

const ADMIN_TOKEN = 'test-admin-token-0123456789';

interface AdminHarness {
  readonly url: string;
  readonly token: string;
  readonly ledger: Ledger;
  readonly alerts: AlertStore;
  /** The embedded DynamoDB client and the ledger table, to read items the API does not show. */
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly app: GatewayHandler;
  /** Calls the admin API with the admin token. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A GET with the admin token and extra headers, answered as text (CSV). */
  getText(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; text: string }>;
  close(): Promise<void>;
}

let counter = 0;

/** Starts the harness; `env` adds runtime variables (e.g. `GATEWAY_ADMIN_PRINCIPALS`) to the table name and admin token. */
async function startAdminHarness(env: Readonly<Record<string, string>> = {}): Promise<AdminHarness> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const engine: EmbeddedDynamoDb = await startEmbeddedDynamoDb();
  const client: DynamoDBClient = createEmbeddedDynamoDbClient(engine.endpoint);
  const tableName = `admin-test-${process.pid}-${++counter}`;
  await createLedgerTable(client, tableName);
  const logger = new Logger({ logLevel: 'SILENT' });
  const ledger = createDynamoLedger({ client, tableName, policyCacheMs: 0, logger });
  // The admin routes use `ledger` (policy cache off); the rest is the production wiring.
  const { services, alerts } = createServicesFromEnvironment({
    env: { GATEWAY_TABLE_NAME: tableName, GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
    dynamo: client,
  });
  const app = createGatewayApp(services, createAdminRoutes({ ledger, alerts }));
  const server: RunningHttpServer = await startHttpAdapter(app, { maxBodyBytes: 1 << 20, port: 0 });
  return {
    url: server.url,
    token: ADMIN_TOKEN,
    ledger,
    alerts,
    client,
    tableName,
    app,
    async getText(path, headers = {}) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...headers } });
      return { status: response.status, headers: response.headers, text: await response.text() };
    },
    async call(method, path, body, token = ADMIN_TOKEN) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async close() {
      await server.close();
      client.destroy();
      await engine.close();
    },
  };
}

/** Admits and settles one nova-micro request of `costNanoUsd` through the meter, as a model route does. */
async function settleThroughMeter(harness: AdminHarness, principal: Principal, requestId: string, costNanoUsd: number): Promise<void> {
  const admission = await harness.ledger.meter.admit({
    principal,
    model: { id: 'nova-micro' } as never,
    requestId,
    maxCostNanoUsd: costNanoUsd,
    estimatedInputTokens: 1,
    maxOutputTokens: 1,
  });
  await admission.settle({ usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 }, costNanoUsd, status: 200, latencyMs: 1, servedModel: 'nova-micro' });
}

export { ADMIN_TOKEN, settleThroughMeter, startAdminHarness };
export type { AdminHarness };
