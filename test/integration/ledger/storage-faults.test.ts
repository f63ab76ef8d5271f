/**
 * DynamoDB failing a third of all writes (InternalServerError, injected by a proxy in front of the
 * embedded engine, half before and half after the engine applied them; the SDK's own retries on):
 * the gateway, called with the openai client, must still record every served request once, charge
 * its budgets exactly what it recorded, count it once in its rate window and its daily report, and
 * leave nothing reserved. A request refused because the ledger could not admit it is a 503 with
 * `retry-after`, never a 500, and leaves no trace.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { GetItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import OpenAI, { APIError } from 'openai';
import { createGatewayApp } from '../../../lambda/gateway/app';
import { modelRoutes } from '../../../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../../../lambda/gateway/services-factory';
import { createDynamoLedger, type Ledger } from '../../../lambda/ledger';
import type { Admission, AdmissionInput, RequestMeter } from '../../../lambda/ledger/meter-types';
import { startBedrockEmulator, type BedrockEmulator } from '../../../local/bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { startHttpAdapter, type RunningHttpServer } from '../../../local/http-adapter';
import { startDynamoDbFaultProxy, type DynamoDbFaultProxy } from '../../support/dynamodb-fault-proxy';

const TABLE = 'storage-faults';
const SECRET = 'sk-storage-faults-key-0001';
const DAY_BUDGET = { limitNanoUsd: 1_000_000_000_000, period: 'day' } as const;

/** Waits for every settlement the gateway started (streams settle after their last byte). */
class SettlementTracker implements RequestMeter {
  private readonly settlements: Promise<void>[] = [];
  constructor(private readonly inner: RequestMeter) {}
  async admit(input: AdmissionInput): Promise<Admission> {
    const admission = await this.inner.admit(input);
    return {
      settle: (outcome) => {
        const settling = admission.settle(outcome);
        this.settlements.push(settling);
        return settling;
      },
    };
  }
  async allSettled(): Promise<void> {
    await Promise.all(this.settlements);
  }
}

let emulator: BedrockEmulator;
let engine: EmbeddedDynamoDb;
let proxy: DynamoDbFaultProxy;
let direct: DynamoDBClient;
let faulty: DynamoDBClient;
let bedrock: BedrockRuntimeClient;
let server: RunningHttpServer;
let tracker: SettlementTracker;
let ledger: Ledger;
let keyId: string;

beforeAll(async () => {
  emulator = await startBedrockEmulator();
  engine = await startEmbeddedDynamoDb();
  direct = createEmbeddedDynamoDbClient(engine.endpoint);
  await createLedgerTable(direct, TABLE);
  proxy = await startDynamoDbFaultProxy({ target: engine.endpoint, seed: 18 });
  faulty = createEmbeddedDynamoDbClient(proxy.endpoint);
  ledger = createDynamoLedger({ client: direct, tableName: TABLE });
  keyId = (await ledger.keys.create({ name: 'faults', team: 'search', secret: SECRET })).record.id;
  await ledger.policies.setBudget({ kind: 'key', id: keyId }, DAY_BUDGET);
  await ledger.policies.setBudget({ kind: 'team', id: 'search' }, DAY_BUDGET);
  await ledger.policies.setLimits({ kind: 'key', id: keyId }, { rpm: 10_000, tpm: 100_000_000 });
  bedrock = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.runtimeUrl,
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
  const { services } = createServicesFromEnvironment({ env: { GATEWAY_TABLE_NAME: TABLE, GATEWAY_RETRY_MAX_ATTEMPTS: '1' }, dynamo: faulty, bedrock });
  tracker = new SettlementTracker(services.meter);
  server = await startHttpAdapter(createGatewayApp({ ...services, meter: tracker }, modelRoutes), { port: 0, maxBodyBytes: services.config.maxBodyBytes });
});

afterAll(async () => {
  await server.close();
  await emulator.close();
  await proxy.close();
  bedrock.destroy();
  faulty.destroy();
  direct.destroy();
  await engine.close();
});

interface Answer {
  readonly status: number;
  readonly requestId: string | null;
  readonly retryAfter?: string | null;
  readonly code?: string | null;
}

async function ask(client: OpenAI, stream: boolean): Promise<Answer> {
  const body = { model: 'nova-micro', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Name a prime number.' }] };
  try {
    if (stream) {
      const { data, response } = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }).withResponse();
      for await (const chunk of data) void chunk;
      return { status: response.status, requestId: response.headers.get('x-request-id') };
    }
    const { response } = await client.chat.completions.create(body).withResponse();
    return { status: response.status, requestId: response.headers.get('x-request-id') };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { status: error.status ?? 0, requestId: error.headers?.get('x-request-id') ?? null, retryAfter: error.headers?.get('retry-after'), code: error.code ?? null };
  }
}

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Record<string, { N?: string; SS?: string[] }>[]> {
  const items: Record<string, { N?: string; SS?: string[] }>[] = [];
  let startKey: Record<string, never> | undefined;
  do {
    const page = await direct.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...((page.Items ?? []) as Record<string, { N?: string; SS?: string[] }>[]));
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey !== undefined);
  return items;
}

describe('DynamoDB failing a third of its writes', () => {
  it('records and charges every served request exactly once, and leaves nothing reserved', async () => {
    // GIVEN a key with a key budget, a team budget and rate limits, behind a store failing 1 write in 3
    proxy.setFailureRate(1 / 3);
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: SECRET, maxRetries: 0 });

    // WHEN 30 requests (half of them streams) are made, three at a time
    const answers: Answer[] = [];
    for (let round = 0; round < 10; round++) answers.push(...(await Promise.all([ask(client, false), ask(client, true), ask(client, round % 2 === 0)])));
    await tracker.allSettled();
    proxy.setFailureRate(0);
    const sweep = await ledger.releaseStaleReservations();

    // THEN faults of both kinds happened, and every answer is a success or a 503 with retry-after
    expect(proxy.counts().dropped).toBeGreaterThan(10);
    expect(proxy.counts().appliedThenFailed).toBeGreaterThan(10);
    const served = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused.every((answer) => answer.status === 503 && answer.retryAfter === '1' && answer.code === 'ledger_unavailable')).toBe(true);
    expect(served.length).toBeGreaterThanOrEqual(20);

    // AND every served request has its usage record, a refused one none
    const records = await Promise.all(
      answers.map(async ({ requestId }) => (await direct.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: `REQ#${requestId}` }, sk: { S: 'REQ' } }, ConsistentRead: true }))).Item),
    );
    expect(records.map((record) => record !== undefined)).toEqual(answers.map((answer) => answer.status === 200));
    const recordedCost = records.reduce((sum, record) => sum + Number(record?.costNanoUsd?.N ?? 0), 0);
    expect(recordedCost).toBeGreaterThan(0);

    // AND both budgets spent exactly the recorded cost, with nothing still reserved
    for (const subject of [{ kind: 'key', id: keyId }, { kind: 'team', id: 'search' }] as const) {
      expect(await ledger.budgets.status(subject, DAY_BUDGET, Date.now())).toMatchObject({ spentNanoUsd: recordedCost, reservedNanoUsd: 0 });
    }

    // AND the daily report adds up to the records
    const day = new Date().toISOString().slice(0, 10);
    const rows = await ledger.usage.aggregates({ fromDay: day, toDay: day, principalId: keyId });
    expect(rows.reduce((sum, row) => sum + row.requests, 0)).toBe(served.length);
    expect(rows.reduce((sum, row) => sum + row.costNanoUsd, 0)).toBe(recordedCost);

    // AND the rate windows counted each served request once and hold no request in flight
    const windows = await queryAll({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: `RATE#key#${keyId}` } } });
    expect(windows.reduce((sum, window) => sum + Number(window.requests?.N ?? 0), 0)).toBe(served.length);
    expect(windows.flatMap((window) => window.pending?.SS ?? [])).toEqual([]);
    expect(sweep).toMatchObject({ released: 0, settlementsPending: 0 });
    // Retries with backoff under injected faults: slow on a loaded machine, never a timing assertion.
  }, 120_000);
});
