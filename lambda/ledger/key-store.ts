/**
 * @module Virtual keys in DynamoDB: the key item (source of truth) and its hash lookup item.
 *
 * Two items per key and no transactions: the hash item only points at a key id, and every lookup
 * re-checks the presented hash against the key item in constant time. A hash item left behind by a
 * crash between two writes (or by a rotation) therefore authenticates nothing.
 */
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { constantTimeEqual, generateKeyId, generateKeySecret, hashKeySecret, keyDisplayPrefix } from '../platform/virtual-key-secret';
import { ConflictError, NotFoundError } from '../platform/errors';
import {
  attr,
  compactItem,
  isConditionalCheckFailed,
  keyOf,
  readString,
  readStringList,
  requireString,
  type DynamoItem,
} from './dynamo-item';
import { isTransientStorageError, ledgerUnavailable } from './storage-faults';
import { indexKeys, itemKeys } from './table-keys';

/** Whether a key may still authenticate (expiry is checked separately, against the clock). */
type KeyStatus = 'active' | 'revoked';

/** A virtual key as stored; `secretHash` never leaves the gateway. */
interface VirtualKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly team?: string;
  /** Catalog ids the key may call; absent means every served model. */
  readonly models?: readonly string[];
  /** SHA-256 of the secret, hex. */
  readonly secretHash: string;
  /** First characters of the secret, for display. */
  readonly displayPrefix: string;
  readonly status: KeyStatus;
  /** ISO-8601 timestamps. */
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
  readonly rotatedAt?: string;
  /** Admin actor who created the key. */
  readonly createdBy?: string;
}

/** Fields accepted when creating a key. */
interface CreateKeyInput {
  readonly name: string;
  readonly team?: string;
  readonly models?: readonly string[];
  readonly expiresAt?: string;
  readonly createdBy?: string;
  /** Imports this exact secret instead of generating one (the local dev key). */
  readonly secret?: string;
}

/** Changes to a key; `null` clears an optional field. */
interface UpdateKeyInput {
  readonly name?: string;
  readonly team?: string | null;
  readonly models?: readonly string[] | null;
  readonly expiresAt?: string | null;
}

/** A key together with its secret, returned once on creation and rotation. */
interface IssuedKey {
  readonly record: VirtualKeyRecord;
  readonly secret: string;
}

/** CRUD over virtual keys. */
interface KeyStore {
  create(input: CreateKeyInput): Promise<IssuedKey>;
  /** Strongly consistent read by id. */
  get(id: string): Promise<VirtualKeyRecord | undefined>;
  /** The key whose secret hashes to `secretHash`, whatever its status; `undefined` if none. */
  findByHash(secretHash: string): Promise<VirtualKeyRecord | undefined>;
  /**
   * The key id a hash lookup item points at. Not proof of anything: callers must compare the
   * key item's `secretHash` (the lookup item may be stale after a rotation).
   */
  findIdByHash(secretHash: string): Promise<string | undefined>;
  /** Every key, newest first. */
  list(): Promise<VirtualKeyRecord[]>;
  update(id: string, changes: UpdateKeyInput): Promise<VirtualKeyRecord>;
  /** Issues a new secret; the old one stops working at once. */
  rotate(id: string): Promise<IssuedKey>;
  revoke(id: string): Promise<VirtualKeyRecord>;
  /** Makes a revoked or expired key active again, without expiry (used for the local dev key). */
  reactivate(id: string): Promise<VirtualKeyRecord>;
}

interface KeyStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Whether a key authenticates at `nowMs`: active and not past its expiry. */
function isKeyUsable(record: VirtualKeyRecord, nowMs: number): boolean {
  if (record.status !== 'active') return false;
  return record.expiresAt === undefined || Date.parse(record.expiresAt) > nowMs;
}

function recordFromItem(item: DynamoItem): VirtualKeyRecord {
  const status = requireString(item, 'status');
  return {
    id: requireString(item, 'id'),
    name: requireString(item, 'name'),
    team: readString(item, 'team'),
    models: readStringList(item, 'models'),
    secretHash: requireString(item, 'secretHash'),
    displayPrefix: requireString(item, 'displayPrefix'),
    status: status === 'active' ? 'active' : 'revoked',
    createdAt: requireString(item, 'createdAt'),
    updatedAt: requireString(item, 'updatedAt'),
    expiresAt: readString(item, 'expiresAt'),
    revokedAt: readString(item, 'revokedAt'),
    rotatedAt: readString(item, 'rotatedAt'),
    createdBy: readString(item, 'createdBy'),
  };
}

/** Named sub-conditions, combined per write. */
const CONDITION = {
  itemAbsent: 'attribute_not_exists(pk)',
  itemExists: 'attribute_exists(pk)',
  hashUnchanged: 'secretHash = :expectedHash',
  active: '#status = :active',
} as const;

function notFound(id: string): NotFoundError {
  return new NotFoundError(`No virtual key with id "${id}".`, { code: 'key_not_found', param: 'id' });
}

/** A key lookup's storage fault as the client's 503 (the request cannot be admitted), anything else as it is. */
function asLookupFailure(error: unknown): unknown {
  return isTransientStorageError(error) ? ledgerUnavailable(error) : error;
}

/** Builds the key store over the ledger table. */
function createKeyStore({ client, tableName, now = Date.now }: KeyStoreOptions): KeyStore {
  const isoNow = (): string => new Date(now()).toISOString();

  async function get(id: string): Promise<VirtualKeyRecord | undefined> {
    const { Item } = await client
      .send(new GetItemCommand({ TableName: tableName, Key: keyOf(itemKeys.key(id)), ConsistentRead: true }))
      .catch((error: unknown) => {
        throw asLookupFailure(error);
      });
    return Item === undefined ? undefined : recordFromItem(Item);
  }

  async function putHashItem(secretHash: string, keyId: string): Promise<void> {
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: { ...keyOf(itemKeys.keyHash(secretHash)), type: attr.s('keyHash'), keyId: attr.s(keyId) },
          ConditionExpression: CONDITION.itemAbsent,
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new ConflictError('This key secret is already in use.', { code: 'key_secret_in_use' });
      throw error;
    }
  }

  async function deleteHashItem(secretHash: string): Promise<void> {
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: keyOf(itemKeys.keyHash(secretHash)) }));
  }

  async function create(input: CreateKeyInput): Promise<IssuedKey> {
    const secret = input.secret ?? generateKeySecret();
    const id = generateKeyId();
    const createdAt = isoNow();
    const secretHash = hashKeySecret(secret);
    // The hash item goes first: until the key item exists it resolves to nothing.
    await putHashItem(secretHash, id);
    const item = compactItem({
      ...keyOf(itemKeys.key(id)),
      gsi1pk: attr.s(indexKeys.keyList(createdAt, id).pk),
      gsi1sk: attr.s(indexKeys.keyList(createdAt, id).sk),
      type: attr.s('key'),
      id: attr.s(id),
      name: attr.s(input.name),
      team: input.team === undefined ? undefined : attr.s(input.team),
      models: input.models === undefined ? undefined : attr.strings(input.models),
      secretHash: attr.s(secretHash),
      displayPrefix: attr.s(keyDisplayPrefix(secret)),
      status: attr.s('active'),
      createdAt: attr.s(createdAt),
      updatedAt: attr.s(createdAt),
      expiresAt: input.expiresAt === undefined ? undefined : attr.s(input.expiresAt),
      createdBy: input.createdBy === undefined ? undefined : attr.s(input.createdBy),
    });
    await client.send(new PutItemCommand({ TableName: tableName, Item: item, ConditionExpression: CONDITION.itemAbsent }));
    return { record: recordFromItem(item), secret };
  }

  async function findIdByHash(secretHash: string): Promise<string | undefined> {
    const { Item } = await client
      .send(new GetItemCommand({ TableName: tableName, Key: keyOf(itemKeys.keyHash(secretHash)), ConsistentRead: true }))
      .catch((error: unknown) => {
        throw asLookupFailure(error);
      });
    return Item === undefined ? undefined : readString(Item, 'keyId');
  }

  async function findByHash(secretHash: string): Promise<VirtualKeyRecord | undefined> {
    const keyId = await findIdByHash(secretHash);
    if (keyId === undefined) return undefined;
    const record = await get(keyId);
    return record !== undefined && constantTimeEqual(record.secretHash, secretHash) ? record : undefined;
  }

  async function list(): Promise<VirtualKeyRecord[]> {
    const records: VirtualKeyRecord[] = [];
    let startKey: DynamoItem | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': attr.s(indexKeys.keyList('', '').pk) },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      records.push(...(page.Items ?? []).map(recordFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return records;
  }

  async function updateExisting(id: string, update: UpdateSpec): Promise<VirtualKeyRecord> {
    try {
      const { Attributes } = await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.key(id)),
          UpdateExpression: update.expression,
          ConditionExpression: [CONDITION.itemExists, ...(update.conditions ?? [])].join(' AND '),
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: update.values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (Attributes === undefined) throw notFound(id);
      return recordFromItem(Attributes);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await get(id);
      if (current === undefined) throw notFound(id);
      throw new ConflictError(update.conflictMessage ?? `Virtual key "${id}" changed concurrently; retry.`, { code: 'key_conflict' });
    }
  }

  function update(id: string, changes: UpdateKeyInput): Promise<VirtualKeyRecord> {
    const sets = ['updatedAt = :updatedAt'];
    const removes: string[] = [];
    const names: Record<string, string> = {};
    const values: DynamoItem = { ':updatedAt': attr.s(isoNow()) };
    const assign = (field: keyof UpdateKeyInput, value: DynamoItem[string] | null | undefined): void => {
      if (value === undefined) return;
      names[`#${field}`] = field;
      if (value === null) removes.push(`#${field}`);
      else {
        sets.push(`#${field} = :${field}`);
        values[`:${field}`] = value;
      }
    };
    assign('name', changes.name === undefined ? undefined : attr.s(changes.name));
    assign('team', changes.team === undefined || changes.team === null ? changes.team : attr.s(changes.team));
    assign('models', changes.models === undefined || changes.models === null ? changes.models : attr.strings(changes.models));
    assign('expiresAt', changes.expiresAt === undefined || changes.expiresAt === null ? changes.expiresAt : attr.s(changes.expiresAt));
    const expression = `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`;
    return updateExisting(id, { expression, names: Object.keys(names).length > 0 ? names : undefined, values });
  }

  async function rotate(id: string): Promise<IssuedKey> {
    const current = await get(id);
    if (current === undefined) throw notFound(id);
    if (current.status !== 'active') throw new ConflictError(`Virtual key "${id}" is revoked and cannot be rotated.`, { code: 'key_revoked' });
    const secret = generateKeySecret();
    const secretHash = hashKeySecret(secret);
    await putHashItem(secretHash, id);
    let record: VirtualKeyRecord;
    try {
      const at = isoNow();
      record = await updateExisting(id, {
        expression: 'SET secretHash = :newHash, displayPrefix = :prefix, rotatedAt = :at, updatedAt = :at',
        conditions: [CONDITION.hashUnchanged, CONDITION.active],
        names: { '#status': 'status' },
        values: {
          ':newHash': attr.s(secretHash),
          ':prefix': attr.s(keyDisplayPrefix(secret)),
          ':at': attr.s(at),
          ':expectedHash': attr.s(current.secretHash),
          ':active': attr.s('active'),
        },
        conflictMessage: `Virtual key "${id}" was rotated or revoked concurrently; retry.`,
      });
    } catch (error) {
      await deleteHashItem(secretHash);
      throw error;
    }
    // The key item no longer matches the old hash, so leaving its lookup item would be harmless.
    await deleteHashItem(current.secretHash);
    return { record, secret };
  }

  function revoke(id: string): Promise<VirtualKeyRecord> {
    const at = isoNow();
    return updateExisting(id, {
      expression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :at), updatedAt = :at',
      names: { '#status': 'status' },
      values: { ':revoked': attr.s('revoked'), ':at': attr.s(at) },
    });
  }

  function reactivate(id: string): Promise<VirtualKeyRecord> {
    return updateExisting(id, {
      expression: 'SET #status = :active, updatedAt = :at REMOVE revokedAt, expiresAt',
      names: { '#status': 'status' },
      values: { ':active': attr.s('active'), ':at': attr.s(isoNow()) },
    });
  }

  return { create, get, findByHash, findIdByHash, list, update, rotate, revoke, reactivate };
}

interface UpdateSpec {
  readonly expression: string;
  readonly conditions?: readonly string[];
  readonly names?: Record<string, string>;
  readonly values: DynamoItem;
  readonly conflictMessage?: string;
}

export { createKeyStore, isKeyUsable };
export type { CreateKeyInput, IssuedKey, KeyStatus, KeyStore, KeyStoreOptions, UpdateKeyInput, VirtualKeyRecord };
