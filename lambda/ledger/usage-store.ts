/**
 * @module The usage ledger: one record per request (kept for the retention period) and daily aggregates.
 *
 * The record is written first with a condition on its absence, keyed by request id, so settling a
 * request twice records it once. It carries the admission id, so a write that failed its condition
 * because the same admission's earlier attempt landed (an SDK retry after a lost reply) is told
 * apart from a true duplicate and still goes on to the aggregate. The aggregate for (principal, day,
 * team, model) is then updated with atomic `ADD`s, which commute: concurrent requests never lose
 * each other's counts. The addition also puts the admission id into the aggregate's `applied` set
 * on condition that it is absent, so a repeated addition whose first attempt landed fails instead
 * of counting twice; once the addition is confirmed, one more write removes the id again, so the set
 * holds only additions in flight.
 *
 * Each aggregate also splits its cost by the budget counters it went through (`ownCounted<Period>`
 * for the key's or principal's own counter of that period, `teamCounted<Period>` for the team's):
 * the spend a counter did not see is the rest, which is what a budget set mid-period must count.
 */
import { GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  attr,
  compactItem,
  conditionFailureItem,
  isConditionalCheckFailed,
  keyOf,
  mayHaveLandedBefore,
  queryAllItems,
  readNumber,
  readString,
  requireString,
  type DynamoItem,
} from './dynamo-item';
import { DAY_MS, daysBetween, indexKeys, itemKeys, ttlSeconds, utcDay, type BudgetPeriod } from './table-keys';

/** One request as the ledger keeps it. */
interface UsageRecord {
  readonly requestId: string;
  /** The admission that settles this record; tells its own retried write from a duplicate. */
  readonly admissionId: string;
  /** Epoch milliseconds when the request was admitted. */
  readonly atMs: number;
  readonly principalId: string;
  readonly principalKind: string;
  readonly team?: string;
  readonly keyId?: string;
  /** Catalog id the client asked for. */
  readonly model: string;
  /** Catalog id that served the request (after fallback); aggregates are kept per served model. */
  readonly servedModel: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly costNanoUsd: number;
  readonly latencyMs: number;
  readonly timeToFirstTokenMs?: number;
  readonly status: number;
  readonly errorCode?: string;
  readonly clientAborted: boolean;
}

/** The periods of the budget counters a request's cost went through: its own subject's and its team's. */
interface CountedPeriods {
  readonly own?: BudgetPeriod;
  readonly team?: BudgetPeriod;
}

/** Cost of an aggregate that went through each budget counter, per role and period. */
type CountedCost = Readonly<Record<`${'own' | 'team'}Counted${Capitalize<BudgetPeriod>}NanoUsd`, number>>;

/** One aggregate item: a principal's usage of one model on one day. */
interface UsageAggregate extends Partial<CountedCost> {
  readonly day: string;
  readonly principalId: string;
  readonly team?: string;
  readonly keyId?: string;
  readonly model: string;
  readonly requests: number;
  readonly errors: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly costNanoUsd: number;
}

/** Which aggregates to read; days are `YYYY-MM-DD`, inclusive. */
interface UsageFilter {
  readonly fromDay: string;
  readonly toDay: string;
  readonly principalId?: string;
  readonly team?: string;
  readonly model?: string;
}

/** Writes usage and reads aggregates. */
interface UsageStore {
  /**
   * Writes the record; `duplicate` when the request id was recorded before by another admission (a
   * repeat by the same admission is `recorded`). `repeat`: an earlier call may have landed.
   */
  writeRecord(usage: UsageRecord, repeat?: boolean): Promise<'recorded' | 'duplicate'>;
  /**
   * Adds a recorded request to its daily aggregate, once per admission however often it is called
   * until `dropAggregateMarker`; it leaves the admission id in the aggregate's `applied` set.
   */
  addToAggregate(usage: UsageRecord, counted: CountedPeriods): Promise<void>;
  /** Removes the admission id again, once no repeat of `addToAggregate` can follow. Never throws. */
  dropAggregateMarker(usage: UsageRecord): Promise<void>;
  aggregates(filter: UsageFilter): Promise<UsageAggregate[]>;
}

interface UsageStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Days a record is kept before TTL may remove it. @default 90 */
  readonly retentionDays?: number;
}

/** Named sub-conditions. */
const CONDITION = {
  recordAbsent: 'attribute_not_exists(pk)',
  notYetApplied: 'NOT contains(applied, :admission)',
} as const;

/** Day partitions read concurrently by a report over every principal (a long range must not burst). */
const DAYS_QUERIED_AT_ONCE = 8;

const COUNTERS = ['requests', 'errors', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costNanoUsd'] as const;

const COUNTED_COST_FIELDS = [
  'ownCountedDayNanoUsd',
  'ownCountedMonthNanoUsd',
  'ownCountedTotalNanoUsd',
  'teamCountedDayNanoUsd',
  'teamCountedMonthNanoUsd',
  'teamCountedTotalNanoUsd',
] as const satisfies readonly (keyof CountedCost)[];

/** The aggregate field that counts cost that went through `role`'s counter of `period`. */
function countedField(role: 'own' | 'team', period: BudgetPeriod): keyof CountedCost {
  return `${role}Counted${period === 'day' ? 'Day' : period === 'month' ? 'Month' : 'Total'}NanoUsd`;
}

function aggregateFromItem(item: DynamoItem): UsageAggregate {
  const count = (name: (typeof COUNTERS)[number]): number => readNumber(item, name) ?? 0;
  return {
    day: requireString(item, 'day'),
    principalId: requireString(item, 'principalId'),
    team: readString(item, 'team'),
    keyId: readString(item, 'keyId'),
    model: requireString(item, 'model'),
    requests: count('requests'),
    errors: count('errors'),
    inputTokens: count('inputTokens'),
    outputTokens: count('outputTokens'),
    cacheReadTokens: count('cacheReadTokens'),
    cacheWriteTokens: count('cacheWriteTokens'),
    costNanoUsd: count('costNanoUsd'),
    ...(Object.fromEntries(COUNTED_COST_FIELDS.map((field) => [field, readNumber(item, field) ?? 0])) as Record<keyof CountedCost, number>),
  };
}

/** Builds the usage store over the ledger table. */
function createUsageStore({ client, tableName, retentionDays = 90 }: UsageStoreOptions): UsageStore {
  async function writeRecord(usage: UsageRecord, repeat = false): Promise<'recorded' | 'duplicate'> {
    const at = new Date(usage.atMs).toISOString();
    const index = indexKeys.usageByPrincipal(usage.principalId, at, usage.requestId);
    const item = compactItem({
      ...keyOf(itemKeys.usage(usage.requestId)),
      gsi1pk: attr.s(index.pk),
      gsi1sk: attr.s(index.sk),
      type: attr.s('usage'),
      ttl: attr.n(ttlSeconds(usage.atMs + retentionDays * DAY_MS)),
      requestId: attr.s(usage.requestId),
      admissionId: attr.s(usage.admissionId),
      at: attr.s(at),
      principalId: attr.s(usage.principalId),
      principalKind: attr.s(usage.principalKind),
      team: usage.team === undefined ? undefined : attr.s(usage.team),
      keyId: usage.keyId === undefined ? undefined : attr.s(usage.keyId),
      model: attr.s(usage.model),
      servedModel: attr.s(usage.servedModel),
      inputTokens: attr.n(usage.inputTokens),
      outputTokens: attr.n(usage.outputTokens),
      cacheReadTokens: attr.n(usage.cacheReadTokens),
      cacheWriteTokens: attr.n(usage.cacheWriteTokens),
      costNanoUsd: attr.n(usage.costNanoUsd),
      latencyMs: attr.n(usage.latencyMs),
      timeToFirstTokenMs: usage.timeToFirstTokenMs === undefined ? undefined : attr.n(usage.timeToFirstTokenMs),
      status: attr.n(usage.status),
      errorCode: usage.errorCode === undefined ? undefined : attr.s(usage.errorCode),
      clientAborted: attr.bool(usage.clientAborted),
    });
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: CONDITION.recordAbsent,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing =
        conditionFailureItem(error) ??
        (repeat || mayHaveLandedBefore(error)
          ? (await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(itemKeys.usage(usage.requestId)), ConsistentRead: true }))).Item
          : undefined);
      return existing !== undefined && readString(existing, 'admissionId') === usage.admissionId ? 'recorded' : 'duplicate';
    }
  }

  async function addToAggregate(usage: UsageRecord, counted: CountedPeriods): Promise<void> {
    const day = utcDay(usage.atMs);
    const key = keyOf(itemKeys.aggregate(usage.principalId, day, usage.team, usage.servedModel));
    const index = indexKeys.aggregateByDay(day, usage.principalId, usage.team, usage.servedModel);
    const values: DynamoItem = {
      ':type': attr.s('usageAggregate'),
      ':day': attr.s(day),
      ':principalId': attr.s(usage.principalId),
      ':model': attr.s(usage.servedModel),
      ':gsi1pk': attr.s(index.pk),
      ':gsi1sk': attr.s(index.sk),
      ':requests': attr.n(1),
      ':errors': attr.n(usage.status >= 400 ? 1 : 0),
      ':inputTokens': attr.n(usage.inputTokens),
      ':outputTokens': attr.n(usage.outputTokens),
      ':cacheReadTokens': attr.n(usage.cacheReadTokens),
      ':cacheWriteTokens': attr.n(usage.cacheWriteTokens),
      ':costNanoUsd': attr.n(usage.costNanoUsd),
      ':admission': attr.s(usage.admissionId),
      ':admissionSet': attr.stringSet([usage.admissionId]),
    };
    const additions: string[] = [...COUNTERS.map((name) => `${name} :${name}`), 'applied :admissionSet'];
    for (const [role, period] of [['own', counted.own], ['team', counted.team]] as const) {
      if (period === undefined) continue;
      const field = countedField(role, period);
      additions.push(`${field} :${field}`);
      values[`:${field}`] = attr.n(usage.costNanoUsd);
    }
    const sets = ['#type = :type', '#day = :day', 'principalId = :principalId', 'model = :model', 'gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk'];
    if (usage.team !== undefined) {
      sets.push('team = :team');
      values[':team'] = attr.s(usage.team);
    }
    if (usage.keyId !== undefined) {
      sets.push('keyId = :keyId');
      values[':keyId'] = attr.s(usage.keyId);
    }
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')} ADD ${additions.join(', ')}`,
          ConditionExpression: CONDITION.notYetApplied,
          ExpressionAttributeNames: { '#type': 'type', '#day': 'day' },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      // The id is only ever added by this admission: a failed condition is its own earlier write.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async function dropAggregateMarker(usage: UsageRecord): Promise<void> {
    // A failure leaves a harmless member behind; the condition keeps this from creating an item.
    await client
      .send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.aggregate(usage.principalId, utcDay(usage.atMs), usage.team, usage.servedModel)),
          UpdateExpression: 'DELETE applied :admissionSet',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':admissionSet': attr.stringSet([usage.admissionId]) },
        }),
      )
      .catch(() => undefined);
  }

  const queryAll = (input: Parameters<typeof queryAllItems>[2]): Promise<DynamoItem[]> => queryAllItems(client, tableName, input);

  async function aggregates(filter: UsageFilter): Promise<UsageAggregate[]> {
    let items: DynamoItem[];
    if (filter.principalId !== undefined) {
      // One principal: one query over its partition, sorted by day.
      items = await queryAll({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': attr.s(itemKeys.aggregate(filter.principalId, filter.fromDay, undefined, '').pk),
          ':from': attr.s(`DAY#${filter.fromDay}#`),
          ':to': attr.s(`DAY#${filter.toDay}#\uffff`),
        },
        ConsistentRead: true,
      });
    } else {
      // Everyone: one index query per day of the range, a few days at a time.
      const days = daysBetween(filter.fromDay, filter.toDay);
      items = [];
      for (let start = 0; start < days.length; start += DAYS_QUERIED_AT_ONCE) {
        const perDay = await Promise.all(
          days.slice(start, start + DAYS_QUERIED_AT_ONCE).map((day) =>
            queryAll({
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': attr.s(indexKeys.aggregateByDay(day, '', undefined, '').pk) },
            }),
          ),
        );
        items.push(...perDay.flat());
      }
    }
    return items
      .map(aggregateFromItem)
      .filter((row) => (filter.team === undefined || row.team === filter.team) && (filter.model === undefined || row.model === filter.model));
  }

  return { writeRecord, addToAggregate, dropAggregateMarker, aggregates };
}

export { countedField, createUsageStore };
export type { CountedCost, CountedPeriods, UsageAggregate, UsageFilter, UsageRecord, UsageStore, UsageStoreOptions };
