/** @module Small typed helpers between DynamoDB attribute values and plain values (no lib-dynamodb). */
import { QueryCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';

/** One DynamoDB item in the low-level wire shape. */
type DynamoItem = Record<string, AttributeValue>;

/** Attribute value builders. */
const attr = {
  s: (value: string): AttributeValue => ({ S: value }),
  n: (value: number): AttributeValue => {
    if (!Number.isSafeInteger(value)) throw new RangeError(`ledger numbers are safe integers, got ${value}`);
    return { N: String(value) };
  },
  bool: (value: boolean): AttributeValue => ({ BOOL: value }),
  strings: (values: readonly string[]): AttributeValue => ({ L: values.map((value) => ({ S: value })) }),
  /** A string set (DynamoDB sets cannot be empty). */
  stringSet: (values: readonly [string, ...string[]]): AttributeValue => ({ SS: [...values] }),
} as const;

/** Builds an item from optional fields, leaving out the ones that are `undefined`. */
function compactItem(fields: Record<string, AttributeValue | undefined>): DynamoItem {
  const item: DynamoItem = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) item[name] = value;
  return item;
}

function readString(item: DynamoItem, name: string): string | undefined {
  return item[name]?.S;
}

function readNumber(item: DynamoItem, name: string): number | undefined {
  const raw = item[name]?.N;
  return raw === undefined ? undefined : Number(raw);
}

function readBoolean(item: DynamoItem, name: string): boolean | undefined {
  return item[name]?.BOOL;
}

function readStringList(item: DynamoItem, name: string): string[] | undefined {
  const list = item[name]?.L;
  if (list === undefined) return undefined;
  return list.flatMap((value) => (value.S === undefined ? [] : [value.S]));
}

/** Reads a string attribute that must exist (the item was written by the ledger). */
function requireString(item: DynamoItem, name: string): string {
  const value = readString(item, name);
  if (value === undefined) throw new Error(`ledger item ${readString(item, 'pk') ?? '?'} lacks attribute ${name}`);
  return value;
}

/** The `pk`/`sk` attributes of an item key. */
function keyOf(key: { readonly pk: string; readonly sk: string }): DynamoItem {
  return { pk: attr.s(key.pk), sk: attr.s(key.sk) };
}

/** Whether an SDK error is DynamoDB's failed condition (recognised by name: bundles may hold copies). */
function isConditionalCheckFailed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

function readStringSet(item: DynamoItem, name: string): string[] {
  return item[name]?.SS ?? [];
}

/**
 * The item as it was when a condition failed, where the engine returns it
 * (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`; DynamoDB does, dynalite does not).
 */
function conditionFailureItem(error: unknown): DynamoItem | undefined {
  if (!isConditionalCheckFailed(error)) return undefined;
  const item = (error as { Item?: unknown }).Item;
  return typeof item === 'object' && item !== null ? (item as DynamoItem) : undefined;
}

/**
 * Whether an earlier attempt of the same call may have been applied: the SDK retried it (or does
 * not say). A condition that failed on the first and only attempt saw nothing of this call.
 */
function mayHaveLandedBefore(error: unknown): boolean {
  const attempts = (error as { $metadata?: { attempts?: unknown } }).$metadata?.attempts;
  return typeof attempts !== 'number' || attempts > 1;
}

/** Every item a query matches, following `LastEvaluatedKey` page by page. */
async function queryAllItems(
  client: DynamoDBClient,
  tableName: string,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
): Promise<DynamoItem[]> {
  const items: DynamoItem[] = [];
  let startKey: DynamoItem | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, TableName: tableName, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

export { attr, compactItem, queryAllItems, conditionFailureItem, isConditionalCheckFailed, mayHaveLandedBefore, keyOf, readBoolean, readNumber, readString, readStringList, readStringSet, requireString };
export type { DynamoItem };
