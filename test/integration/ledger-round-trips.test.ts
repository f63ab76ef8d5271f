/**
 * DynamoDB round trips before Bedrock is called, counted (not timed) on the real embedded engine:
 * on a warm instance the key's fresh check goes out together with the budget and rate-limit
 * reservations, so a request waits for one round trip whatever it is charged to; and the fresh
 * check still stops a revoked or rotated key on its very next request, taking nothing.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { createAdminRoutes } from '../../lambda/admin/routes';
import { nanoUsdToUsd } from '../../lambda/catalog';
import { createGatewayApp } from '../../lambda/gateway/app';
import { modelRoutes } from '../../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../../lambda/gateway/services-factory';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import { startHttpAdapter } from '../../local/http-adapter';
import { RoundTripCounter } from '../support/dynamodb-round-trips';
import { ADMIN_TOKEN, RecordingMeter } from './openai-gateway-harness';

/** The gateway as the OpenAI harness builds it, with its DynamoDB and Bedrock clients instrumented. */
interface CountingHarness {
  readonly emulator: BedrockEmulator;
  readonly meter: RecordingMeter;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  client(apiKey: string): OpenAI;
  reset(): void;
  close(): Promise<void>;
}

let harness: CountingHarness;
const dynamo = new RoundTripCounter();
/** Ticks (on the counter's clock) at which the gateway sent a Bedrock call. */
const bedrockCalls: number[] = [];

async function startCountingHarness(): Promise<CountingHarness> {
  const emulator = await startBedrockEmulator();
  const engine = await startEmbeddedDynamoDb();
  const dynamoClient = createEmbeddedDynamoDbClient(engine.endpoint);
  const tableName = 'round-trips-ledger';
  await createLedgerTable(dynamoClient, tableName);
  const bedrock = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: emulator.runtimeUrl, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
  dynamo.attachTo(dynamoClient);
  bedrock.middlewareStack.add(
    (next) => async (args) => {
      bedrockCalls.push(dynamo.mark());
      return next(args);
    },
    { step: 'initialize', name: 'markBedrockCall' },
  );
  const { services, ledger, alerts } = createServicesFromEnvironment({
    env: { GATEWAY_TABLE_NAME: tableName, GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN, GATEWAY_RETRY_MAX_ATTEMPTS: '1' },
    dynamo: dynamoClient,
    bedrock,
  });
  const meter = new RecordingMeter(services.meter);
  const app = createGatewayApp({ ...services, meter }, [...modelRoutes, ...createAdminRoutes({ ledger, alerts })]);
  const server = await startHttpAdapter(app, { port: 0, maxBodyBytes: services.config.maxBodyBytes });
  return {
    emulator,
    meter,
    async admin(method, path, body) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    client: (apiKey) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 }),
    reset() {
      emulator.reset();
      meter.reset();
    },
    async close() {
      await server.close();
      await emulator.close();
      bedrock.destroy();
      dynamoClient.destroy();
      await engine.close();
    },
  };
}

beforeAll(async () => {
  harness = await startCountingHarness();
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => harness.reset());

const ask = { model: 'nova-micro', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Count to three.' }] };
const askResponses = { model: 'nova-micro', max_output_tokens: 50, input: 'Count to three.' };

/** One model request of a surface, through the official client. */
type Send = (client: OpenAI) => Promise<unknown>;
const SURFACES: Readonly<Record<'chat' | 'chatStream' | 'responses', Send>> = {
  chat: (client) => client.chat.completions.create(ask),
  chatStream: async (client) => {
    for await (const chunk of await client.chat.completions.create({ ...ask, stream: true })) void chunk;
  },
  responses: (client) => client.responses.create(askResponses),
};

interface CreatedKey {
  readonly id: string;
  readonly key: string;
}

async function createKey(body: unknown): Promise<CreatedKey> {
  const { status, json } = await harness.admin('POST', '/admin/keys', body);
  expect(status).toBe(201);
  return json as CreatedKey;
}

/** The DynamoDB calls and round trips of one request before its first Bedrock call, after one warm-up request. */
async function measureWarm(key: CreatedKey, pauseMs = 0, send: Send = SURFACES.chat): Promise<{ roundTrips: number; calls: string[] }> {
  const client = harness.client(key.key);
  await send(client);
  await harness.meter.settled(1);
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
  harness.reset();
  dynamo.reset();
  bedrockCalls.length = 0;

  await send(client);

  const [firstBedrockCall] = bedrockCalls;
  if (firstBedrockCall === undefined) throw new Error('Bedrock was not called');
  await harness.meter.settled(1);
  return { roundTrips: dynamo.roundTripsBefore(firstBedrockCall), calls: dynamo.callsBefore(firstBedrockCall).map((call) => call.operation).sort() };
}

const budget = { usd: 5, period: 'day' };

describe('DynamoDB round trips before Bedrock on a warm instance', () => {
  it.each<{ rule: string; surface?: keyof typeof SURFACES; key: Record<string, unknown>; teamBudget?: boolean; calls: string[] }>([
    { rule: 'a key without budget or limits: the fresh key read alone', key: {}, calls: ['GetItem'] },
    {
      rule: 'a key with a key budget, a team budget and rpm/tpm limits: the key read, its rate window and both budget reservations, all at once',
      key: { team: 'hot-path', budget, limits: { rpm: 1000, tpm: 1_000_000 } },
      teamBudget: true,
      calls: ['GetItem', 'UpdateItem', 'UpdateItem', 'UpdateItem'],
    },
    {
      rule: 'a streamed chat completion, the same key: the same single round trip',
      surface: 'chatStream',
      key: { team: 'hot-path', budget, limits: { rpm: 1000, tpm: 1_000_000 } },
      teamBudget: true,
      calls: ['GetItem', 'UpdateItem', 'UpdateItem', 'UpdateItem'],
    },
    {
      rule: 'POST /v1/responses, the same key: the same single round trip',
      surface: 'responses',
      key: { team: 'hot-path', budget, limits: { rpm: 1000, tpm: 1_000_000 } },
      teamBudget: true,
      calls: ['GetItem', 'UpdateItem', 'UpdateItem', 'UpdateItem'],
    },
  ])('$rule', async ({ surface = 'chat', key, teamBudget, calls }) => {
    const created = await createKey({ name: 'hot-path', ...key });
    if (teamBudget === true) expect((await harness.admin('PUT', '/admin/budgets/team/hot-path', budget)).status).toBe(200);

    const measured = await measureWarm(created, 0, SURFACES[surface]);

    // A policy refresh (BatchGetItem) goes out with them when the warm-up's read is over a second old (a slow machine).
    expect({ ...measured, calls: measured.calls.filter((call) => call !== 'BatchGetItem') }).toEqual({ roundTrips: 1, calls });
    expect(measured.calls.filter((call) => call === 'BatchGetItem').length).toBeLessThanOrEqual(1);
  });

  it('policies over a second old: their refresh goes out in the same round trip', async () => {
    const created = await createKey({ name: 'stale-policies', team: 'stale-policies', budget, limits: { rpm: 1000, tpm: 1_000_000 } });

    const measured = await measureWarm(created, 1100);

    expect(measured).toEqual({ roundTrips: 1, calls: ['BatchGetItem', 'GetItem', 'UpdateItem', 'UpdateItem'] });
  });
});

describe('strictness with the key check issued together with the reservations', () => {
  it.each<{ rule: string; surface?: keyof typeof SURFACES; change: (key: CreatedKey) => Promise<void> }>([
    {
      rule: 'a revoked key is refused on its very next request',
      change: async (key) => {
        expect((await harness.admin('DELETE', `/admin/keys/${key.id}`)).status).toBe(200);
      },
    },
    {
      rule: 'a rotated key is refused under its old secret on the very next request',
      change: async (key) => {
        expect((await harness.admin('POST', `/admin/keys/${key.id}/rotate`)).status).toBe(200);
      },
    },
    {
      rule: 'a revoked key is refused on its very next POST /v1/responses',
      surface: 'responses',
      change: async (key) => {
        expect((await harness.admin('DELETE', `/admin/keys/${key.id}`)).status).toBe(200);
      },
    },
  ])('$rule, Bedrock is not called and nothing stays reserved', async ({ surface = 'chat', change }) => {
    const send = SURFACES[surface];
    const created = await createKey({ name: 'strict', team: 'strict-team', budget, limits: { rpm: 1000, tpm: 1_000_000 } });
    const client = harness.client(created.key);
    await send(client);
    const [settled] = await harness.meter.settled(1);
    harness.reset();

    await change(created);

    await expect(send(client)).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(harness.emulator.requests).toHaveLength(0);
    const { json } = await harness.admin('GET', `/admin/budgets/key/${created.id}`);
    expect(json).toMatchObject({ reservedUsd: 0, spentNanoUsd: settled?.costNanoUsd });
  });

  it('answers a revoked key with 401, not the 400 its malformed request would get', async () => {
    const created = await createKey({ name: 'revoked-bad-request' });
    const client = harness.client(created.key);
    await client.chat.completions.create(ask);
    expect((await harness.admin('DELETE', `/admin/keys/${created.id}`)).status).toBe(200);

    await expect(client.chat.completions.create({ ...ask, max_tokens: -1 })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('answers a revoked key on POST /v1/responses with 401, not the 404 of a previous response it may not read', async () => {
    const created = await createKey({ name: 'revoked-previous-response' });
    const client = harness.client(created.key);
    await client.responses.create(askResponses);
    expect((await harness.admin('DELETE', `/admin/keys/${created.id}`)).status).toBe(200);

    await expect(client.responses.create({ ...askResponses, previous_response_id: 'resp_0123456789abcdef0123456789abcdef' })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(harness.emulator.requests).toHaveLength(1);
  });

  it('admits exactly as many parallel requests as the budget covers on a warm key', async () => {
    const created = await createKey({ name: 'parallel-warm' });
    const client = harness.client(created.key);
    await client.chat.completions.create(ask);
    const [warmUp] = await harness.meter.settled(1);
    const worstCase = harness.meter.admissions[0]?.maxCostNanoUsd ?? 0;
    harness.reset();
    // Set after the warm-up, the budget starts from its recorded spend.
    const budgetNanoUsd = worstCase * 10 + Math.floor(worstCase / 2);
    const { status } = await harness.admin('PUT', `/admin/budgets/key/${created.id}`, { usd: Number(nanoUsdToUsd(budgetNanoUsd)), period: 'day' });
    expect(status).toBe(200);
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: 5000, times: 'always' });

    const results = await Promise.allSettled(Array.from({ length: 30 }, () => client.chat.completions.create(ask)));

    const admitted = results.filter((result) => result.status === 'fulfilled').length;
    await harness.meter.settled(admitted, 15_000);
    expect(admitted).toBe(Math.floor((budgetNanoUsd - (warmUp?.costNanoUsd ?? 0)) / worstCase));
    for (const result of results) if (result.status === 'rejected') expect(result.reason).toMatchObject({ status: 429, code: 'insufficient_quota' });
  });
});
