/**
 * `GET /health` and `GET /health/ready` through the production wiring (services factory, pipeline,
 * local HTTP adapter), against the embedded DynamoDB engine and the Bedrock emulator, without
 * credentials.
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createGatewayApp } from '../../../lambda/gateway/app';
import { modelRoutes } from '../../../lambda/gateway/routes';
import { healthRoutes } from '../../../lambda/gateway/routes/health';
import { createServicesFromEnvironment } from '../../../lambda/gateway/services-factory';
import { bedrockRuntimeEndpoint } from '../../../lambda/health/dependency-checks';
import { startBedrockEmulator, type BedrockEmulator } from '../../../local/bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { startHttpAdapter, type RunningHttpServer } from '../../../local/http-adapter';

let engine: EmbeddedDynamoDb;
let dynamo: DynamoDBClient;
let emulator: BedrockEmulator;
const servers: RunningHttpServer[] = [];
const clients: BedrockRuntimeClient[] = [];

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  [engine, emulator] = await Promise.all([startEmbeddedDynamoDb(), startBedrockEmulator()]);
  dynamo = createEmbeddedDynamoDbClient(engine.endpoint);
  await createLedgerTable(dynamo, 'health-ledger');
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const client of clients) client.destroy();
  dynamo.destroy();
  await Promise.all([engine.close(), emulator.close()]);
});

/** The gateway with the health and model routes, its Bedrock client pointed at `bedrockUrl`. */
async function gateway(tableName: string, bedrockUrl: string): Promise<string> {
  const bedrock = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: bedrockUrl, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }, maxAttempts: 1 });
  clients.push(bedrock);
  const { services } = createServicesFromEnvironment({ env: { GATEWAY_TABLE_NAME: tableName }, dynamo, bedrock });
  const server = await startHttpAdapter(createGatewayApp(services, [...healthRoutes, ...modelRoutes]), { port: 0, maxBodyBytes: 1 << 20 });
  servers.push(server);
  return server.url;
}

/** A port that refuses connections (a server opened and closed). */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function get(url: string): Promise<{ status: number; body: unknown; cacheControl: string | null }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json(), cacheControl: response.headers.get('cache-control') };
}

describe('health routes', () => {
  it('GET /health answers 200 without credentials', async () => {
    const url = await gateway('health-ledger', emulator.runtimeUrl);
    await expect(get(`${url}/health`)).resolves.toEqual({ status: 200, body: { status: 'ok' }, cacheControl: 'no-store' });
  });

  it('GET /health/ready is 200 when the ledger table and the Bedrock endpoint answer', async () => {
    const url = await gateway('health-ledger', emulator.runtimeUrl);
    const { status, body } = await get(`${url}/health/ready`);
    expect(status).toBe(200);
    expect(body).toEqual({ status: 'ready', checks: { dynamodb: 'ok', bedrock: 'ok' }, checkedAt: expect.any(String) });
  });

  it('GET /health/ready is 503 naming dynamodb when the ledger table does not exist', async () => {
    const url = await gateway('no-such-table', emulator.runtimeUrl);
    const { status, body } = await get(`${url}/health/ready`);
    expect([status, body]).toEqual([503, { status: 'not_ready', checks: { dynamodb: 'failed', bedrock: 'ok' }, checkedAt: expect.any(String) }]);
  });

  it('GET /health/ready is 503 naming bedrock when its endpoint refuses connections, and says nothing more', async () => {
    const url = await gateway('health-ledger', `http://127.0.0.1:${await closedPort()}`);
    const { status, body } = await get(`${url}/health/ready`);
    expect([status, body]).toEqual([503, { status: 'not_ready', checks: { dynamodb: 'ok', bedrock: 'failed' }, checkedAt: expect.any(String) }]);
  });

  it('the model routes still need credentials', async () => {
    const url = await gateway('health-ledger', emulator.runtimeUrl);
    expect((await fetch(`${url}/v1/models`)).status).toBe(401);
  });
});

describe('bedrockRuntimeEndpoint', () => {
  const client = (endpoint?: string): BedrockRuntimeClient => {
    const created = new BedrockRuntimeClient({ region: 'eu-west-1', ...(endpoint === undefined ? {} : { endpoint }), credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    clients.push(created);
    return created;
  };

  it.each([
    { rule: 'a configured endpoint wins', endpoint: 'http://127.0.0.1:4567', env: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://other.example' }, expected: 'http://127.0.0.1:4567/' },
    { rule: 'then AWS_ENDPOINT_URL_BEDROCK_RUNTIME', endpoint: undefined, env: { AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'https://vpce.example:8443' }, expected: 'https://vpce.example:8443/' },
    { rule: "else the Region's public endpoint", endpoint: undefined, env: {}, expected: 'https://bedrock-runtime.eu-west-1.amazonaws.com/' },
  ])('$rule', async ({ endpoint, env, expected }) => {
    expect((await bedrockRuntimeEndpoint(client(endpoint), env)).href).toBe(expected);
  });
});
