/**
 * @module Stored responses (`store: true`, OpenAI's default) in the ledger table: the response and
 * the input items it was generated from, so `GET /v1/responses/{id}` and `previous_response_id`
 * work. Scoped to the principal that created them (anyone else is told it does not exist) and
 * removed by DynamoDB's TTL after the retention period. The prompt content stored is customer
 * data: it is encrypted at rest with the table's KMS key and never logged.
 *
 * Also keeps the deployment's reasoning seal key (`reasoning-seal.ts`), created on first use.
 */
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PayloadTooLargeError, ServiceUnavailableError } from '../platform/errors';
import { SEAL_KEY_BYTES } from './reasoning-seal';
import type { ResponsesInputItem, ResponsesResponse } from './responses-types';

/** DynamoDB items are at most 400 KB; the compressed body must leave room for the keys. */
const MAX_STORED_BODY_BYTES = 380_000;
const DAY_SECONDS = 86_400;

/** A stored response with its context. */
interface StoredResponse {
  /** The complete response, reasoning items with their sealed `encrypted_content`. */
  readonly response: ResponsesResponse;
  /** The input items the response was generated from (those of earlier responses included), references resolved. */
  readonly items: readonly ResponsesInputItem[];
  /** The principal that created it; nobody else can read or delete it. */
  readonly ownerId: string;
}

interface ResponseStore {
  /**
   * @throws PayloadTooLargeError when the compressed response and its context exceed a DynamoDB item.
   */
  put(record: StoredResponse): Promise<void>;
  /** The stored response when it exists, has not expired, and belongs to `ownerId`. */
  get(id: string, ownerId: string): Promise<StoredResponse | undefined>;
  /** Deletes the response of `ownerId`; false when there is none. */
  delete(id: string, ownerId: string): Promise<boolean>;
  /** The deployment's key for sealing reasoning items. */
  sealKey(): Promise<Buffer>;
}

interface ResponseStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days a response is kept (`GATEWAY_RESPONSE_RETENTION_DAYS`). */
  readonly retentionDays: number;
  readonly now: () => number;
}

const responseKey = (id: string): Record<string, AttributeValue> => ({ pk: { S: `RESPONSE#${id}` }, sk: { S: 'RESPONSE' } });
const SEAL_KEY_ITEM: Record<string, AttributeValue> = { pk: { S: 'CONFIG#responses' }, sk: { S: 'SEAL_KEY' } };

function isConditionalCheckFailed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

/** Seconds a client is asked to wait when the table could not be reached. */
const STORAGE_RETRY_AFTER_SECONDS = 1;

/** Runs a table call; a failure other than a failed condition is a 503 (nothing was sent to a model yet, or the answer is kept). */
async function storageCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConditionalCheckFailed(error) || error instanceof PayloadTooLargeError) throw error;
    throw new ServiceUnavailableError(`The gateway could not reach its response store. Retry after ${STORAGE_RETRY_AFTER_SECONDS} s.`, {
      code: 'response_store_unavailable',
      headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
      cause: error,
    });
  }
}

/** The DynamoDB store of responses. */
function createResponseStore({ client, tableName, retentionDays, now }: ResponseStoreOptions): ResponseStore {
  let key: Promise<Buffer> | undefined;

  async function readKey(): Promise<Buffer | undefined> {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: SEAL_KEY_ITEM, ConsistentRead: true }));
    const bytes = Item?.['key']?.B;
    return bytes === undefined ? undefined : Buffer.from(bytes);
  }

  async function loadKey(): Promise<Buffer> {
    const existing = await readKey();
    if (existing !== undefined) return existing;
    const created = randomBytes(SEAL_KEY_BYTES);
    try {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: { ...SEAL_KEY_ITEM, key: { B: created } }, ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      return created;
    } catch (error) {
      // Another process created it first: use theirs.
      if (!isConditionalCheckFailed(error)) throw error;
      const winner = await readKey();
      if (winner === undefined) throw error;
      return winner;
    }
  }

  async function put({ response, items, ownerId }: StoredResponse): Promise<void> {
    const body = gzipSync(Buffer.from(JSON.stringify({ response, items }), 'utf8'));
    if (body.length > MAX_STORED_BODY_BYTES) {
      throw new PayloadTooLargeError(`The response and its conversation are too large to store (${body.length} bytes compressed); send store: false.`, { param: 'store' });
    }
    const nowSeconds = Math.floor(now() / 1000);
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          ...responseKey(response.id),
          owner: { S: ownerId },
          createdAt: { N: String(nowSeconds) },
          ttl: { N: String(nowSeconds + retentionDays * DAY_SECONDS) },
          body: { B: body },
        },
      }),
    );
  }

  async function get(id: string, ownerId: string): Promise<StoredResponse | undefined> {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: responseKey(id), ConsistentRead: true }));
    if (Item === undefined || Item['owner']?.S !== ownerId) return undefined;
    const ttl = Number(Item['ttl']?.N ?? '0');
    if (ttl * 1000 <= now()) return undefined;
    const bytes = Item['body']?.B;
    if (bytes === undefined) return undefined;
    const parsed = JSON.parse(gunzipSync(Buffer.from(bytes)).toString('utf8')) as { response: ResponsesResponse; items: ResponsesInputItem[] };
    return { response: parsed.response, items: parsed.items, ownerId };
  }

  async function remove(id: string, ownerId: string): Promise<boolean> {
    try {
      await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: responseKey(id), ConditionExpression: '#owner = :owner', ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': { S: ownerId } } }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  return {
    put: (record) => storageCall(() => put(record)),
    get: (id, ownerId) => storageCall(() => get(id, ownerId)),
    delete: (id, ownerId) => storageCall(() => remove(id, ownerId)),
    sealKey() {
      key ??= storageCall(loadKey).catch((error: unknown) => {
        key = undefined;
        throw error;
      });
      return key;
    },
  };
}

export { createResponseStore };
export type { ResponseStore, ResponseStoreOptions, StoredResponse };
