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
 */
import { GetItemCommand, QueryCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InsufficientQuotaError } from '../platform/errors';
import { attr, conditionFailureItem, isConditionalCheckFailed, keyOf, mayHaveLandedBefore, readNumber, readStringSet, type DynamoItem } from './dynamo-item';
import type { BudgetPolicy } from './policy-store';
import {
  BUDGET_PERIODS,
  DAY_MS,
  budgetPeriodPartition, indexKeys, itemKeys, periodOf, ttlSeconds, type BudgetPeriod, type ItemKey, type Subject } from './table-keys';

/** An amount held against one subject's budget for one period. */
interface BudgetReservation {
  readonly subject: Subject;
  readonly period: BudgetPeriod;
  /** The period the request was admitted in; settlement goes there even after roll-over. */
  readonly periodKey: string;
  readonly reservedNanoUsd: number;
  /** This admission's member of the counter's `holds` set. */
  readonly hold: string;
}

/** Whether a settlement or release changed the counter, or found the reservation already gone. */
type HoldOutcome = 'settled' | 'notHeld';

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

/** Reservation arithmetic on budget counters. */
interface BudgetCounters {
  /**
   * Holds `amountNanoUsd` for one admission (`admissionId`: unique, `[A-Za-z0-9_-]`); throws
   * `InsufficientQuotaError` when the budget cannot cover it. Safe to retry with the same id.
   */
  reserve(subject: Subject, budget: BudgetPolicy, amountNanoUsd: number, nowMs: number, admissionId: string): Promise<BudgetReservation>;
  /** Replaces the reservation by the actual cost (which may exceed it if the estimate was low). At most once. */
  settle(reservation: BudgetReservation, actualNanoUsd: number): Promise<HoldOutcome>;
  /** Gives the whole reservation back (the request never reached the model). At most once. */
  release(reservation: BudgetReservation): Promise<HoldOutcome>;
  /**
   * Releases the reservations made before `nowMs - maxAgeMs` that were never settled, in the
   * counters of the current and the previous period. Safe to run concurrently with settlements.
   */
  releaseStale(nowMs: number, maxAgeMs: number): Promise<StaleRelease>;
  status(subject: Subject, budget: BudgetPolicy, nowMs: number): Promise<BudgetStatus>;
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
} as const;

/** `<admittedAt>.<amount>.<admission id>`, numbers in base 36 to keep the set small. */
function holdOf(admittedAtMs: number, amountNanoUsd: number, admissionId: string): string {
  return `${admittedAtMs.toString(36)}.${amountNanoUsd.toString(36)}.${admissionId}`;
}

/** The time and amount of a hold, or undefined when the member is not one the ledger wrote. */
function parseHold(hold: string): { readonly admittedAtMs: number; readonly amountNanoUsd: number } | undefined {
  const [at, amount, id] = hold.split('.');
  if (at === undefined || amount === undefined || id === undefined || id === '') return undefined;
  const admittedAtMs = parseInt(at, 36);
  const amountNanoUsd = parseInt(amount, 36);
  return Number.isSafeInteger(admittedAtMs) && Number.isSafeInteger(amountNanoUsd) ? { admittedAtMs, amountNanoUsd } : undefined;
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

function describeSubject(subject: Subject): string {
  return `${subject.kind} "${subject.id}"`;
}

function exhausted(subject: Subject, budget: BudgetPolicy, periodKey: string): InsufficientQuotaError {
  const usd = (budget.limitNanoUsd / 1e9).toFixed(2);
  const when = budget.period === 'total' ? 'in total' : `for ${budget.period} ${periodKey}`;
  return new InsufficientQuotaError(
    `Budget exhausted for ${describeSubject(subject)}: the limit of ${usd} USD ${when} does not cover this request's worst-case cost.`,
  );
}

/** Builds budget counters over the ledger table. */
function createBudgetCounters({ client, tableName }: BudgetCountersOptions): BudgetCounters {
  async function readCounter(key: ItemKey): Promise<DynamoItem | undefined> {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }));
    return Item;
  }

  async function reserve(subject: Subject, budget: BudgetPolicy, amountNanoUsd: number, nowMs: number, admissionId: string): Promise<BudgetReservation> {
    const { key: periodKey, endMs } = periodOf(budget.period, nowMs);
    const headroom = budget.limitNanoUsd - amountNanoUsd;
    if (headroom < 0) throw exhausted(subject, budget, periodKey);
    const ttl = budget.period === 'total' ? undefined : ttlSeconds(endMs + COUNTER_RETENTION_MS[budget.period]);
    const key = itemKeys.budget(subject, budget.period, periodKey);
    const index = indexKeys.budgetsByPeriod(budget.period, periodKey, subject);
    const hold = holdOf(nowMs, amountNanoUsd, admissionId);
    const reservation: BudgetReservation = { subject, period: budget.period, periodKey, reservedNanoUsd: amountNanoUsd, hold };
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
      // An SDK retry of a write whose reply was lost fails its own condition: the hold tells.
      const current = conditionFailureItem(error) ?? (mayHaveLandedBefore(error) ? await readCounter(key) : undefined);
      if (current !== undefined && readStringSet(current, 'holds').includes(hold)) return reservation;
      throw exhausted(subject, budget, periodKey);
    }
    return reservation;
  }

  /** Removes one hold and applies its correction, once; `notHeld` when it was already removed. */
  async function unhold(key: ItemKey, hold: string, reservedNanoUsd: number, spentNanoUsd: number): Promise<HoldOutcome> {
    try {
      await client.send(
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
        }),
      );
      return 'settled';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'notHeld';
      throw error;
    }
  }

  function settle(reservation: BudgetReservation, actualNanoUsd: number): Promise<HoldOutcome> {
    const key = itemKeys.budget(reservation.subject, reservation.period, reservation.periodKey);
    return unhold(key, reservation.hold, reservation.reservedNanoUsd, actualNanoUsd);
  }

  function release(reservation: BudgetReservation): Promise<HoldOutcome> {
    return settle(reservation, 0);
  }

  async function releaseStale(nowMs: number, maxAgeMs: number): Promise<StaleRelease> {
    const cutoffMs = nowMs - maxAgeMs;
    let released = 0;
    let releasedNanoUsd = 0;
    for (const { period, periodKey } of periodsToSweep(nowMs)) {
      let startKey: DynamoItem | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk',
            FilterExpression: 'attribute_exists(holds)',
            ExpressionAttributeValues: { ':pk': attr.s(budgetPeriodPartition(period, periodKey)) },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const key = { pk: item.pk?.S ?? '', sk: item.sk?.S ?? '' };
          for (const hold of readStringSet(item, 'holds')) {
            const parsed = parseHold(hold);
            if (parsed === undefined || parsed.admittedAtMs > cutoffMs) continue;
            if ((await unhold(key, hold, parsed.amountNanoUsd, 0)) === 'settled') {
              released += 1;
              releasedNanoUsd += parsed.amountNanoUsd;
            }
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
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

  return { reserve, settle, release, releaseStale, status };
}

export { createBudgetCounters, parseHold };
export type { BudgetCounters, BudgetCountersOptions, BudgetReservation, BudgetStatus, HoldOutcome, StaleRelease };
