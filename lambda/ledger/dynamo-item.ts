/** @module Small typed helpers between DynamoDB attribute values and plain values (no lib-dynamodb). */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

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

export { attr, compactItem, isConditionalCheckFailed, keyOf, readBoolean, readNumber, readString, readStringList, requireString };
export type { DynamoItem };
