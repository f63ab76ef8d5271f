/**
 * @module Admin API harness: the real pipeline with the admin routes over an embedded DynamoDB,
 * served by the local HTTP adapter.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { createAdminRoutes } from '../../../lambda/admin/routes';
import { createGatewayApp } from '../../../lambda/gateway/app';
import { createServicesFromEnvironment } from '../../../lambda/gateway/services-factory';
import { createDynamoLedger, type Ledger } from '../../../lambda/ledger';
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
  readonly app: GatewayHandler;
  /** Calls the admin API with the admin token. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; body: Record<string, unknown> }>;
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
  const { services } = createServicesFromEnvironment({
    env: { GATEWAY_TABLE_NAME: tableName, GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN, ...env },
    dynamo: client,
  });
  const app = createGatewayApp(services, createAdminRoutes(ledger));
  const server: RunningHttpServer = await startHttpAdapter(app, { maxBodyBytes: 1 << 20, port: 0 });
  return {
    url: server.url,
    token: ADMIN_TOKEN,
    ledger,
    app,
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

export { ADMIN_TOKEN, startAdminHarness };
export type { AdminHarness };
