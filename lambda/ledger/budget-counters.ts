/**
 * @module Strict budgets: reserve the worst case with one conditional update, settle, release the rest.
 *
 * Each subject and period has one counter item holding `consumedNanoUsd` = spent + outstanding
 * reservations. DynamoDB has no arithmetic in conditions, so the client computes the headroom
 * (`limit - reservation`) and the update succeeds only while `consumedNanoUsd <= headroom`. A single
 * item's conditional update is atomic, so concurrent admissions can never together pass the limit.
 */
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InsufficientQuotaError } from '../platform/errors';
import { attr, isConditionalCheckFailed, keyOf, readNumber } from './dynamo-item';
import type { BudgetPolicy } from './policy-store';
import { DAY_MS, itemKeys, periodOf, ttlSeconds, type BudgetPeriod, type Subject } from './table-keys';

/** An amount held against one subject's budget for one period. */
interface BudgetReservation {
  readonly subject: Subject;
  readonly period: BudgetPeriod;
  /** The period the request was admitted in; settlement goes there even after roll-over. */
  readonly periodKey: string;
  readonly reservedNanoUsd: number;
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
  /** Holds `amountNanoUsd`; throws `InsufficientQuotaError` when the budget cannot cover it. */
  reserve(subject: Subject, budget: BudgetPolicy, amountNanoUsd: number, nowMs: number): Promise<BudgetReservation>;
  /** Replaces the reservation by the actual cost (which may exceed it if the estimate was low). */
  settle(reservation: BudgetReservation, actualNanoUsd: number): Promise<void>;
  /** Gives the whole reservation back (the request never reached the model). */
  release(reservation: BudgetReservation): Promise<void>;
  status(subject: Subject, budget: BudgetPolicy, nowMs: number): Promise<BudgetStatus>;
}

interface BudgetCountersOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Counters outlive their period by this long before TTL may remove them (reports read them meanwhile). */
const COUNTER_RETENTION_MS: Record<Exclude<BudgetPeriod, 'total'>, number> = { day: 35 * DAY_MS, month: 400 * DAY_MS };

/** Named sub-conditions of the reservation update. */
const CONDITION = {
  firstInPeriod: 'attribute_not_exists(consumedNanoUsd)',
  fitsUnderLimit: 'consumedNanoUsd <= :headroom',
} as const;

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
  async function reserve(subject: Subject, budget: BudgetPolicy, amountNanoUsd: number, nowMs: number): Promise<BudgetReservation> {
    const { key: periodKey, endMs } = periodOf(budget.period, nowMs);
    const headroom = budget.limitNanoUsd - amountNanoUsd;
    if (headroom < 0) throw exhausted(subject, budget, periodKey);
    const ttl = budget.period === 'total' ? undefined : ttlSeconds(endMs + COUNTER_RETENTION_MS[budget.period]);
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.budget(subject, budget.period, periodKey)),
          UpdateExpression: `SET #type = :type${ttl === undefined ? '' : ', #ttl = :ttl'} ADD consumedNanoUsd :amount, reservedNanoUsd :amount, admissions :one`,
          ConditionExpression: `${CONDITION.firstInPeriod} OR ${CONDITION.fitsUnderLimit}`,
          ExpressionAttributeNames: { '#type': 'type', ...(ttl === undefined ? {} : { '#ttl': 'ttl' }) },
          ExpressionAttributeValues: {
            ':type': attr.s('budgetCounter'),
            ':amount': attr.n(amountNanoUsd),
            ':one': attr.n(1),
            ':headroom': attr.n(headroom),
            ...(ttl === undefined ? {} : { ':ttl': attr.n(ttl) }),
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw exhausted(subject, budget, periodKey);
      throw error;
    }
    return { subject, period: budget.period, periodKey, reservedNanoUsd: amountNanoUsd };
  }

  async function adjust(reservation: BudgetReservation, spentNanoUsd: number): Promise<void> {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: keyOf(itemKeys.budget(reservation.subject, reservation.period, reservation.periodKey)),
        UpdateExpression: 'ADD consumedNanoUsd :delta, reservedNanoUsd :unreserve, spentNanoUsd :spent',
        ExpressionAttributeValues: {
          ':delta': attr.n(spentNanoUsd - reservation.reservedNanoUsd),
          ':unreserve': attr.n(-reservation.reservedNanoUsd),
          ':spent': attr.n(spentNanoUsd),
        },
      }),
    );
  }

  function settle(reservation: BudgetReservation, actualNanoUsd: number): Promise<void> {
    return adjust(reservation, actualNanoUsd);
  }

  function release(reservation: BudgetReservation): Promise<void> {
    return adjust(reservation, 0);
  }

  async function status(subject: Subject, budget: BudgetPolicy, nowMs: number): Promise<BudgetStatus> {
    const { key: periodKey, endMs } = periodOf(budget.period, nowMs);
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: keyOf(itemKeys.budget(subject, budget.period, periodKey)), ConsistentRead: true }),
    );
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

  return { reserve, settle, release, status };
}

export { createBudgetCounters };
export type { BudgetCounters, BudgetCountersOptions, BudgetReservation, BudgetStatus };
