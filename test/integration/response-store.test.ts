/**
 * The stored-response rules on the embedded DynamoDB: owner-scoped reads and deletes, expiry by the
 * retention period (before DynamoDB's TTL sweep gets to the item), one seal key per table shared by
 * every process, and a table that cannot be reached answering 503.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ServiceUnavailableError } from '../../lambda/platform/errors';
import { createResponseStore, type ResponseStore } from '../../lambda/responses/response-store';
import { parseResponsesRequest } from '../../lambda/responses/responses-request-schema';
import { responseObject } from '../../lambda/responses/response-object';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb } from '../../local/embedded-dynamodb';

const TABLE = 'response-store-test';
const DAY_MS = 86_400_000;
let dynamo: Awaited<ReturnType<typeof startEmbeddedDynamoDb>>;
let client: DynamoDBClient;
let nowMs = Date.UTC(2026, 11, 5);

function store(): ResponseStore {
  return createResponseStore({ client, tableName: TABLE, retentionDays: 30, now: () => nowMs });
}

function storedResponse(id: string): Parameters<ResponseStore['put']>[0] {
  const { request } = parseResponsesRequest({ model: 'nova-pro', input: 'Hi' });
  return { response: responseObject({ id, createdAt: 1, request }, { model: 'nova-pro', status: 'completed', output: [], usage: null }), items: request.input, ownerId: 'key_alice' };
}

beforeAll(async () => {
  dynamo = await startEmbeddedDynamoDb();
  client = createEmbeddedDynamoDbClient(dynamo.endpoint);
  await createLedgerTable(client, TABLE);
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

describe('response store', () => {
  it('reads and deletes a response for its owner only', async () => {
    await store().put(storedResponse('resp_a'));

    await expect(store().get('resp_a', 'key_bob')).resolves.toBeUndefined();
    await expect(store().delete('resp_a', 'key_bob')).resolves.toBe(false);
    await expect(store().get('resp_a', 'key_alice')).resolves.toEqual(expect.objectContaining({ ownerId: 'key_alice', items: [{ type: 'message', role: 'user', content: 'Hi' }] }));
    await expect(store().delete('resp_a', 'key_alice')).resolves.toBe(true);
    await expect(store().get('resp_a', 'key_alice')).resolves.toBeUndefined();
    await expect(store().delete('resp_a', 'key_alice')).resolves.toBe(false);
  });

  it('stops serving a response once its retention period is over', async () => {
    await store().put(storedResponse('resp_b'));
    nowMs += 29 * DAY_MS;
    await expect(store().get('resp_b', 'key_alice')).resolves.toBeDefined();
    nowMs += 2 * DAY_MS;
    await expect(store().get('resp_b', 'key_alice')).resolves.toBeUndefined();
  });

  it('creates one seal key per table, which every process then reads', async () => {
    const [first, second] = await Promise.all([store().sealKey(), store().sealKey()]);

    expect(first).toHaveLength(32);
    expect(second?.equals(first as Buffer)).toBe(true);
    expect((await store().sealKey()).equals(first as Buffer)).toBe(true);
  });

  it('answers 503 when the table cannot be reached', async () => {
    const unreachable = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
    const broken = createResponseStore({ client: unreachable, tableName: TABLE, retentionDays: 30, now: () => nowMs });

    await expect(broken.get('resp_a', 'key_alice')).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(broken.sealKey()).rejects.toBeInstanceOf(ServiceUnavailableError);
    unreachable.destroy();
  });
});
