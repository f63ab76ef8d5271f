/**
 * @module Strict budgets: reserve the worst case with one conditional update, settle, release the rest.
 *
 * Each subject and period has one counter item holding `consumedNanoUsd` = spent + outstanding
 * reservations. DynamoDB has no arithmetic in conditions, so the client computes the headroom
 * (`limit - reservation`) and the update succeeds only while `consumedNanoUsd <= headroom`. A single
 * item's conditional update is atomic, so concurrent admissions can never together pass the limit.
 *
 * Every reservation is also a member of the counter's `holds` set (`<admittedAt>.<amount>.<admission
 * id>`, times and amounts in base 36): reserving adds it on condition that it is absent, settling and
 * releasing remove it on condition that it is present. So each change is applied once per admission,
 * even when the SDK retries a write whose reply was lost, and an admission that was never settled
 * (its process died) can be found and released by `releaseStale`. The set holds only the requests in
 * flight, not the period's history.
 *
 * A budget set or changed mid-period starts from the period's recorded spend: `seed` adds to the
 * counter the spend that did not go through it (`baselineNanoUsd`, recomputed from the usage
 * aggregates; the change is applied on condition that the baseline is still the one read, so
 * concurrent or repeated seeds add it once). Requests admitted before the budget was visible settle
 * without touching the counter for up to a request's lifetime, so the counter is marked for
 * re-seeding (`reseedUntilMs`) and the maintenance sweep repeats the seed until then.
 */
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { attr, conditionFailureItem, isConditionalCheckFailed, keyOf, mayHaveLandedBefore, queryAllItems, readNumber, readStringSet, type DynamoItem } from './dynamo-item';
import type { BudgetPolicy } from './policy-store';
import {
  BUDGET_PERIODS,
  DAY_MS,
  budgetPeriodPartition,
  indexKeys,
  itemKeys,
  periodOf,
  subjectOfBudgetKey,
  ttlSeconds,
  type BudgetPeriod,
  type ItemKey,
  type Subject,
} from './table-keys';

/** An amount held against one subject's budget for one period. */
interface BudgetReservation {
  readonly subject: Subject;
  readonly period: BudgetPeriod;
  /** The period the request was admitted in; settlement goes there even after roll-over. */
  readonly periodKey: string;
  readonly reservedNanoUsd: number;
  /** This admission's member of the counter's `holds` set. */
  readonly hold: string;
  /**
   * The budget's limit when the request was admitted, for alerts. Absent from reservations written
   * to pending settlements before it existed.
   */
  readonly limitNanoUsd?: number;
  /** The budget's alert thresholds (percent) when the request was admitted. */
  readonly alertThresholds?: readonly number[];
}

/** Whether a settlement or release changed the counter, or found the reservation already gone. */
type HoldOutcome = 'settled' | 'notHeld';

/** What a settlement did to the counter: on `settled`, the period's spend right after it (atomic with it). */
type SettledHold = { readonly outcome: 'settled'; readonly spentNanoUsd?: number } | { readonly outcome: 'notHeld' };

/** One settlement's effect on a budget's spend in one period, reported to alerts. */
interface BudgetSpendChange {
  readonly subject: Subject;
  readonly period: BudgetPeriod;
  readonly periodKey: string;
  /** The limit when the request was admitted. */
  readonly limitNanoUsd: number;
  /** The budget's thresholds when the request was admitted; absent means the defaults. */
  readonly alertThresholds?: readonly number[];
  readonly spentBeforeNanoUsd: number;
  readonly spentAfterNanoUsd: number;
  /** Epoch ms of the settlement. */
  readonly atMs: number;
}

/** Told of every settlement that changed a budget's spend; must not throw or block. */
type BudgetSpendListener = (change: BudgetSpendChange) => void;

/** What a sweep of stale reservations gave back. */
interface StaleRelease {
  readonly released: number;
  readonly releasedNanoUsd: number;
}

/** Where a subject's budget stands in one period. */
interface BudgetStatus {
  readonly period: BudgetPeriod;
  readonly periodKey: string;
  /** ISO-8601 end of the period; absent for `total`. */
  readonly periodEndsAt?: string;
  readonly limitNanoUsd: number;
  readonly spentNanoUsd: number;
  /** Held by requests still in flight. */
  readonly reservedNanoUsd: number;
  readonly remainingNanoUsd: number;
}

/** Why a reservation did not fit: what it needed and what the budget had left. */
interface BudgetShortfall {
  readonly subject: Subject;
  readonly budget: BudgetPolicy;
  readonly periodKey: string;
  readonly requestedNanoUsd: number;
  /** What the budget had left when the reservation was refused (limit minus spent and held). */
  readonly remainingNanoUsd: number;
}

const SHORTFALL_MARKER = Symbol.for('bedrock-gateway.budget-shortfall');

/** A reservation the budget cannot cover; the meter turns it into the client's 429 `insufficient_quota`. */
class BudgetShortfallError extends Error {
  override readonly name = 'BudgetShortfallError';
  readonly [SHORTFALL_MARKER] = true;
  constructor(readonly shortfall: BudgetShortfall) {
    super(`budget of ${shortfall.subject.kind} "${shortfall.subject.id}" cannot cover ${shortfall.requestedNanoUsd} nano-USD`);
  }

  static isInstance(value: unknown): value is BudgetShortfallError {
    return typeof value === 'object' && value !== null && SHORTFALL_MARKER in value;
  }
}

/** A counter whose baseline the sweep must recompute. */
interface ReseedingCounter {
  readonly subject: Subject;
  readonly period: BudgetPeriod;
  readonly periodKey: string;
}

/** Reservation arithmetic on budget counters. */
interface BudgetCounters {
  /**
   * Holds `amountNanoUsd` for one admission (`admissionId`: unique, `[A-Za-z0-9_-]`); throws
   * `BudgetShortfallError` when the budget cannot cover it. Safe to repeat with the same id
   * (`repeat`: an earlier call may have landed).
   */
  reserve(subject: Subject, budget: BudgetPolicy, amountNanoUsd: number, nowMs: number, admissionId: string, repeat?: boolean): Promise<BudgetReservation>;
  /**
   * Replaces the reservation by the actual cost (which may exceed it if the estimate was low). At
   * most once; a `settled` outcome carries the period's spend right after this settlement, so the
   * spend before it is that minus the cost (settlements of one counter never interleave).
   */
  settle(reservation: BudgetReservation, actualNanoUsd: number): Promise<SettledHold>;
  /** Gives the whole reservation back (the request never reached the model). At most once. */
  release(reservation: BudgetReservation): Promise<HoldOutcome>;
  /**
   * Releases the reservations made before `nowMs - maxAgeMs` that were never settled, in the
   * counters of the current and the previous period, except those of the admissions in `keep`
   * (their settlement is pending). Safe to run concurrently with settlements.
   */
  releaseStale(nowMs: number, maxAgeMs: number, keep?: ReadonlySet<string>): Promise<StaleRelease>;
  status(subject: Subject, budget: BudgetPolicy, nowMs: number): Promise<BudgetStatus>;
  /**
   * Makes the counter of `period`/`periodKey` include `uncountedNanoUsd`, the period's recorded spend
   * that did not go through it; creates the counter when absent. Idempotent: it sets the baseline,
   * adding only the difference to the last one. `reseedUntilMs` marks the counter for the sweep.
   */
  seed(subject: Subject, period: BudgetPeriod, periodKey: string, uncountedNanoUsd: number, reseedUntilMs?: number): Promise<void>;
  /** Counters of the current and previous periods whose baseline must still be recomputed at `nowMs`. */
  reseeding(nowMs: number): Promise<ReseedingCounter[]>;
}

interface BudgetCountersOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Counters outlive their period by this long before TTL may remove them (reports read them meanwhile). */
const COUNTER_RETENTION_MS: Record<Exclude<BudgetPeriod, 'total'>, number> = { day: 35 * DAY_MS, month: 400 * DAY_MS };

/** Named sub-conditions of the counter updates. */
const CONDITION = {
  firstInPeriod: 'attribute_not_exists(consumedNanoUsd)',
  fitsUnderLimit: 'consumedNanoUsd <= :headroom',
  notYetHeld: 'NOT contains(holds, :hold)',
  stillHeld: 'contains(holds, :hold)',
  firstBaseline: 'attribute_not_exists(baselineNanoUsd)',
  sameBaseline: 'baselineNanoUsd = :previousBaseline',
} as const;

/** How many times a seed re-reads a counter whose baseline changed under it before giving up. */
const SEED_MAX_ROUNDS = 5;

/** `<admittedAt>.<amount>.<admission id>`, numbers in base 36 to keep the set small. */
function holdOf(admittedAtMs: number, amountNanoUsd: number, admissionId: string): string {
  return `${admittedAtMs.toString(36)}.${amountNanoUsd.toString(36)}.${admissionId}`;
}

/** The reservation `reserve` makes for these arguments (also what a rollback gives back when its outcome is unknown). */
function budgetReservationOf(subject: Subject, budget: BudgetPolicy, amountNanoUsd: number, nowMs: number, admissionId: string): BudgetReservation {
  return {
    subject,
    period: budget.period,
    periodKey: periodOf(budget.period, nowMs).key,
    reservedNanoUsd: amountNanoUsd,
    hold: holdOf(nowMs, amountNanoUsd, admissionId),
    limitNanoUsd: budget.limitNanoUsd,
    ...(budget.alertThresholds === undefined ? {} : { alertThresholds: budget.alertThresholds }),
  };
}

/** The time and amount of a hold, or undefined when the member is not one the ledger wrote. */
function parseHold(hold: string): { readonly admittedAtMs: number; readonly amountNanoUsd: number; readonly admissionId: string } | undefined {
  const [at, amount, id] = hold.split('.');
  if (at === undefined || amount === undefined || id === undefined || id === '') return undefined;
  const admittedAtMs = parseInt(at, 36);
  const amountNanoUsd = parseInt(amount, 36);
  return Number.isSafeInteger(admittedAtMs) && Number.isSafeInteger(amountNanoUsd) ? { admittedAtMs, amountNanoUsd, admissionId: id } : undefined;
}

/** The period keys a sweep looks at: the current one and the one before (a hold may be left there). */
function periodsToSweep(nowMs: number): { readonly period: BudgetPeriod; readonly periodKey: string }[] {
  const found = new Map<string, { period: BudgetPeriod; periodKey: string }>();
  for (const period of BUDGET_PERIODS) {
    const current = periodOf(period, nowMs);
    const date = new Date(nowMs);
    const previousMs =
      period === 'day' ? nowMs - DAY_MS : period === 'month' ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) - 1 : nowMs;
    for (const periodKey of [current.key, periodOf(period, previousMs).key]) found.set(`${period}#${periodKey}`, { period, periodKey });
  }
  return [...found.values()];
}

/** Period arithmetic of a counter: its item key, index key and clean-up time. */
function counterIdentity(subject: Subject, period: BudgetPeriod, periodKey: string, endMs: number) {
  return {
    key: itemKeys.budget(subject, period, periodKey),
    index: indexKeys.budgetsByPeriod(period, periodKey, subject),
    ttl: period === 'total' ? undefined : ttlSeconds(endMs + COUNTER_RETENTION_MS[period]),
  };
}

/** The end of the period `periodKey` names (`Infinity` for `total`). */
function periodEndMs(period: BudgetPeriod, periodKey: string): number {
  if (period === 'total') return Number.POSITIVE_INFINITY;
  return periodOf(period, Date.parse(period === 'day' ? `${periodKey}T00:00:00Z` : `${periodKey}-01T00:00:00Z`)).endMs;
}

function remainingOf(budget: BudgetPolicy, counter: DynamoItem | undefined): number {
  const consumed = counter === undefined ? 0 : (readNumber(counter, 'consumedNanoUsd') ?? 0);
  return Math.max(0, budget.limitNanoUsd - consumed);
}

/** Builds budget counters over the ledger table. */
function createBudgetCounters({ client, tableName }: BudgetCountersOptions): BudgetCounters {
  async function readCounter(key: ItemKey): Promise<DynamoItem | undefined> {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }));
    return Item;
  }

  async function reserve(
    subject: Subject,
    budget: BudgetPolicy,
    amountNanoUsd: number,
    nowMs: number,
    admissionId: string,
    repeat = false,
  ): Promise<BudgetReservation> {
    const { key: periodKey, endMs } = periodOf(budget.period, nowMs);
    const { key, index, ttl } = counterIdentity(subject, budget.period, periodKey, endMs);
    const shortfall = async (counter?: DynamoItem): Promise<BudgetShortfallError> =>
      new BudgetShortfallError({
        subject,
        budget,
        periodKey,
        requestedNanoUsd: amountNanoUsd,
        remainingNanoUsd: remainingOf(budget, counter ?? (await readCounter(key))),
      });
    const headroom = budget.limitNanoUsd - amountNanoUsd;
    if (headroom < 0) throw await shortfall();
    const reservation = budgetReservationOf(subject, budget, amountNanoUsd, nowMs, admissionId);
    const { hold } = reservation;
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(key),
          UpdateExpression: `SET #type = :type, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk${ttl === undefined ? '' : ', #ttl = :ttl'} ADD consumedNanoUsd :amount, reservedNanoUsd :amount, admissions :one, holds :holdSet`,
          ConditionExpression: `(${CONDITION.firstInPeriod} OR ${CONDITION.fitsUnderLimit}) AND ${CONDITION.notYetHeld}`,
          ExpressionAttributeNames: { '#type': 'type', ...(ttl === undefined ? {} : { '#ttl': 'ttl' }) },
          ExpressionAttributeValues: {
            ':type': attr.s('budgetCounter'),
            ':gsi1pk': attr.s(index.pk),
            ':gsi1sk': attr.s(index.sk),
            ':amount': attr.n(amountNanoUsd),
            ':one': attr.n(1),
            ':headroom': attr.n(headroom),
            ':hold': attr.s(hold),
            ':holdSet': attr.stringSet([hold]),
            ...(ttl === undefined ? {} : { ':ttl': attr.n(ttl) }),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // A repeat of a write whose reply was lost fails its own condition: the hold tells.
      const current = conditionFailureItem(error) ?? (repeat || mayHaveLandedBefore(error) ? await readCounter(key) : undefined);
      if (current !== undefined && readStringSet(current, 'holds').includes(hold)) return reservation;
      throw await shortfall(current);
    }
    return reservation;
  }

  /** Removes one hold and applies its correction, once; `notHeld` when it was already removed. */
  async function unhold(key: ItemKey, hold: string, reservedNanoUsd: number, spentNanoUsd: number): Promise<SettledHold> {
    try {
      const { Attributes } = await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(key),
          UpdateExpression: 'ADD consumedNanoUsd :delta, reservedNanoUsd :unreserve, spentNanoUsd :spent DELETE holds :holdSet',
          ConditionExpression: CONDITION.stillHeld,
          ExpressionAttributeValues: {
            ':delta': attr.n(spentNanoUsd - reservedNanoUsd),
            ':unreserve': attr.n(-reservedNanoUsd),
            ':spent': attr.n(spentNanoUsd),
            ':hold': attr.s(hold),
            ':holdSet': attr.stringSet([hold]),
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      const spentAfter = Attributes === undefined ? undefined : readNumber(Attributes, 'spentNanoUsd');
      return spentAfter === undefined ? { outcome: 'settled' } : { outcome: 'settled', spentNanoUsd: spentAfter };
    } catch (error) {
      if (isConditionalCheckFailed(error)) return { outcome: 'notHeld' };
      throw error;
    }
  }

  function settle(reservation: BudgetReservation, actualNanoUsd: number): Promise<SettledHold> {
    const key = itemKeys.budget(reservation.subject, reservation.period, reservation.periodKey);
    return unhold(key, reservation.hold, reservation.reservedNanoUsd, actualNanoUsd);
  }

  async function release(reservation: BudgetReservation): Promise<HoldOutcome> {
    return (await settle(reservation, 0)).outcome;
  }

  /** The counters of one period's index partition that match `filter`. */
  function countersOfPeriod(period: BudgetPeriod, periodKey: string, filter: string, values: DynamoItem = {}): Promise<DynamoItem[]> {
    return queryAllItems(client, tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      FilterExpression: filter,
      ExpressionAttributeValues: { ':pk': attr.s(budgetPeriodPartition(period, periodKey)), ...values },
    });
  }

  async function releaseStale(nowMs: number, maxAgeMs: number, keep: ReadonlySet<string> = new Set()): Promise<StaleRelease> {
    const cutoffMs = nowMs - maxAgeMs;
    let released = 0;
    let releasedNanoUsd = 0;
    for (const { period, periodKey } of periodsToSweep(nowMs)) {
      for (const item of await countersOfPeriod(period, periodKey, 'attribute_exists(holds)')) {
        const key = { pk: item.pk?.S ?? '', sk: item.sk?.S ?? '' };
        for (const hold of readStringSet(item, 'holds')) {
          const parsed = parseHold(hold);
          if (parsed === undefined || parsed.admittedAtMs > cutoffMs || keep.has(parsed.admissionId)) continue;
          if ((await unhold(key, hold, parsed.amountNanoUsd, 0)).outcome === 'settled') {
            released += 1;
            releasedNanoUsd += parsed.amountNanoUsd;
          }
        }
      }
    }
    return { released, releasedNanoUsd };
  }

  async function status(subject: Subject, budget: BudgetPolicy, nowMs: number): Promise<BudgetStatus> {
    const { key: periodKey, endMs } = periodOf(budget.period, nowMs);
    const Item = await readCounter(itemKeys.budget(subject, budget.period, periodKey));
    const consumed = Item === undefined ? 0 : (readNumber(Item, 'consumedNanoUsd') ?? 0);
    return {
      period: budget.period,
      periodKey,
      periodEndsAt: Number.isFinite(endMs) ? new Date(endMs).toISOString() : undefined,
      limitNanoUsd: budget.limitNanoUsd,
      spentNanoUsd: Item === undefined ? 0 : (readNumber(Item, 'spentNanoUsd') ?? 0),
      reservedNanoUsd: Item === undefined ? 0 : (readNumber(Item, 'reservedNanoUsd') ?? 0),
      remainingNanoUsd: Math.max(0, budget.limitNanoUsd - consumed),
    };
  }

  async function seed(subject: Subject, period: BudgetPeriod, periodKey: string, uncountedNanoUsd: number, reseedUntilMs?: number): Promise<void> {
    const { key, index, ttl } = counterIdentity(subject, period, periodKey, periodEndMs(period, periodKey));
    for (let round = 0; round < SEED_MAX_ROUNDS; round++) {
      const previous = (await readCounter(key)) ?? {};
      const previousBaseline = readNumber(previous, 'baselineNanoUsd');
      const delta = uncountedNanoUsd - (previousBaseline ?? 0);
      const keepsMark = reseedUntilMs === undefined || (readNumber(previous, 'reseedUntilMs') ?? 0) >= reseedUntilMs;
      if (previousBaseline !== undefined && delta === 0 && keepsMark) return;
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: keyOf(key),
            UpdateExpression: `SET #type = :type, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, baselineNanoUsd = :baseline${ttl === undefined ? '' : ', #ttl = :ttl'}${keepsMark ? '' : ', reseedUntilMs = :reseedUntil'} ADD consumedNanoUsd :delta, spentNanoUsd :delta`,
            ConditionExpression: previousBaseline === undefined ? CONDITION.firstBaseline : CONDITION.sameBaseline,
            ExpressionAttributeNames: { '#type': 'type', ...(ttl === undefined ? {} : { '#ttl': 'ttl' }) },
            ExpressionAttributeValues: {
              ':type': attr.s('budgetCounter'),
              ':gsi1pk': attr.s(index.pk),
              ':gsi1sk': attr.s(index.sk),
              ':baseline': attr.n(uncountedNanoUsd),
              ':delta': attr.n(delta),
              ...(previousBaseline === undefined ? {} : { ':previousBaseline': attr.n(previousBaseline) }),
              ...(ttl === undefined ? {} : { ':ttl': attr.n(ttl) }),
              ...(keepsMark ? {} : { ':reseedUntil': attr.n(reseedUntilMs as number) }),
            },
          }),
        );
        return;
      } catch (error) {
        // Another seed (or this one's own lost reply) moved the baseline: read again.
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    throw new Error(`budget counter ${key.pk} ${key.sk}: baseline kept changing for ${SEED_MAX_ROUNDS} rounds`);
  }

  async function reseeding(nowMs: number): Promise<ReseedingCounter[]> {
    const found: ReseedingCounter[] = [];
    for (const { period, periodKey } of periodsToSweep(nowMs)) {
      for (const item of await countersOfPeriod(period, periodKey, 'reseedUntilMs > :now', { ':now': attr.n(nowMs) })) {
        const subject = subjectOfBudgetKey(item.pk?.S ?? '');
        if (subject !== undefined) found.push({ subject, period, periodKey });
      }
    }
    return found;
  }

  return { reserve, settle, release, releaseStale, status, seed, reseeding };
}

export { BudgetShortfallError, budgetReservationOf, createBudgetCounters, parseHold };
export type {
  BudgetCounters,
  BudgetCountersOptions,
  BudgetReservation,
  BudgetShortfall,
  BudgetSpendChange,
  BudgetSpendListener,
  BudgetStatus,
  HoldOutcome,
  ReseedingCounter,
  SettledHold,
  StaleRelease,
};
