/**
 * @module Requests- and tokens-per-minute limits in fixed one-minute windows, one counter item each.
 *
 * Admission adds one request and the input-token estimate to the current window with a conditional
 * update (the client computes the headroom, as DynamoDB conditions cannot do arithmetic). Settlement
 * corrects by the tokens actually used: in the admission window when the request ended in the same
 * minute, otherwise the tokens beyond the estimate go to the window current at settlement, so the
 * output of a long request limits the requests that follow it. Request counts stay in the admission
 * window. A request denied after its window was counted (by a later limit or a budget) is given back.
 *
 * Exactly once under retries: admission adds the admission id to the window's `pending` set on
 * condition that it is absent; settling and giving back remove it on condition that it is present.
 * A repeated write whose first attempt landed therefore fails its condition instead of counting
 * twice, and the set holds only the requests in flight in that window. Tokens beyond the estimate
 * that go to a later window carry the same marker there for the one write, then it is removed.
 */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RateLimitError } from '../platform/errors';
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { attr, conditionFailureItem, isConditionalCheckFailed, keyOf, mayHaveLandedBefore, readStringSet, type DynamoItem } from './dynamo-item';
import type { RateLimitPolicy } from './policy-store';
import { MINUTE_MS, itemKeys, minuteWindowStart, ttlSeconds, type Subject } from './table-keys';
import { retryUntil } from './storage-faults';

/** What one admission counted in one window. */
interface RateReservation {
  readonly subject: Subject;
  readonly windowStartMs: number;
  readonly countedTokens: number;
  /** This admission's member of the window's `pending` set. */
  readonly marker: string;
}

/** Window counters per subject. */
interface RateLimiter {
  /**
   * Counts a request and its estimated tokens once per `admissionId`; throws `RateLimitError` (with
   * retry-after) when over. `repeat`: an earlier call with the same id may have landed.
   */
  admit(subject: Subject, limits: RateLimitPolicy, estimatedTokens: number, nowMs: number, admissionId: string, repeat?: boolean): Promise<RateReservation>;
  /**
   * Replaces the estimate by the tokens actually processed, once: in the admission window when
   * `nowMs` is still in it, otherwise the excess over the estimate goes to the window of `nowMs`.
   */
  settle(reservation: RateReservation, actualTokens: number, nowMs: number): Promise<void>;
  /** Takes the request and its estimate back out of the admission window (the request was denied later), once. */
  release(reservation: RateReservation): Promise<void>;
}

interface RateLimiterOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** How long removing a finished request's marker is repeated (wall clock) before it is left behind. */
const DROP_MARKER_RETRY_MS = 5_000;

/** Windows are kept an hour for inspection, then TTL may remove them; nothing reads old windows. */
const WINDOW_RETENTION_MS = 3_600_000;

/** Named sub-conditions: a fresh window always has room for one request. */
const CONDITION = {
  requestsUnderLimit: '(attribute_not_exists(requests) OR requests < :rpm)',
  tokensUnderLimit: '(attribute_not_exists(tokens) OR tokens <= :tpmHeadroom)',
  notYetCounted: 'NOT contains(pending, :marker)',
  stillPending: 'contains(pending, :marker)',
} as const;

function describeLimits(limits: RateLimitPolicy): string {
  const parts = [
    limits.rpm === undefined ? undefined : `${limits.rpm} requests per minute`,
    limits.tpm === undefined ? undefined : `${limits.tpm} tokens per minute`,
  ].filter((part): part is string => part !== undefined);
  return parts.join(' and ');
}

/** The reservation `admit` makes for these arguments (also what a rollback gives back when its outcome is unknown). */
function rateReservationOf(subject: Subject, estimatedTokens: number, nowMs: number, admissionId: string): RateReservation {
  return { subject, windowStartMs: minuteWindowStart(nowMs), countedTokens: estimatedTokens, marker: admissionId };
}

/** Builds the rate limiter over the ledger table. */
function createRateLimiter({ client, tableName }: RateLimiterOptions): RateLimiter {
  async function readWindow(subject: Subject, windowStartMs: number): Promise<DynamoItem | undefined> {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: keyOf(itemKeys.rateWindow(subject, windowStartMs)), ConsistentRead: true }),
    );
    return Item;
  }

  async function admit(
    subject: Subject,
    limits: RateLimitPolicy,
    estimatedTokens: number,
    nowMs: number,
    admissionId: string,
    repeat = false,
  ): Promise<RateReservation> {
    const windowStartMs = minuteWindowStart(nowMs);
    const retryAfterSeconds = (windowStartMs + MINUTE_MS - nowMs) / 1000;
    const who = `${subject.kind} "${subject.id}"`;
    if (limits.tpm !== undefined && estimatedTokens > limits.tpm) {
      // No window will ever admit it: no retry-after, which would promise otherwise.
      throw new RateLimitError(
        `Request too large for ${who}: ${estimatedTokens} tokens estimated, the limit is ${limits.tpm} tokens per minute. Send fewer input tokens or ask for a higher limit.`,
        null,
      );
    }
    const conditions: string[] = [CONDITION.notYetCounted];
    const values: Record<string, AttributeValue> = {};
    if (limits.rpm !== undefined) {
      conditions.push(CONDITION.requestsUnderLimit);
      values[':rpm'] = attr.n(limits.rpm);
    }
    if (limits.tpm !== undefined) {
      conditions.push(CONDITION.tokensUnderLimit);
      values[':tpmHeadroom'] = attr.n(limits.tpm - estimatedTokens);
    }
    const reservation = rateReservationOf(subject, estimatedTokens, nowMs, admissionId);
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.rateWindow(subject, windowStartMs)),
          UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD requests :one, tokens :tokens, pending :markerSet',
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ...values,
            ':type': attr.s('rateWindow'),
            ':ttl': attr.n(ttlSeconds(windowStartMs + MINUTE_MS + WINDOW_RETENTION_MS)),
            ':one': attr.n(1),
            ':tokens': attr.n(estimatedTokens),
            ':marker': attr.s(admissionId),
            ':markerSet': attr.stringSet([admissionId]),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      // A repeat of a write whose reply was lost fails its own condition: the marker tells.
      const current = conditionFailureItem(error) ?? (repeat || mayHaveLandedBefore(error) ? await readWindow(subject, windowStartMs) : undefined);
      if (current !== undefined && readStringSet(current, 'pending').includes(admissionId)) return reservation;
      throw new RateLimitError(
        `Rate limit reached for ${who}: ${describeLimits(limits)}. Retry after ${Math.ceil(retryAfterSeconds)} s.`,
        retryAfterSeconds,
      );
    }
    return reservation;
  }

  /**
   * Changes a window's counters once per marker: `take` removes the marker on condition that it is
   * present (settling or giving back an admission), `carry` adds it on condition that it is absent
   * (tokens that spill into a later window). A failed condition means the change was made before.
   */
  async function changeWindow(
    subject: Subject,
    windowStartMs: number,
    change: { readonly requests: number; readonly tokens: number; readonly marker: string; readonly mode: 'take' | 'carry' },
  ): Promise<void> {
    const take = change.mode === 'take';
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.rateWindow(subject, windowStartMs)),
          UpdateExpression: `SET #type = if_not_exists(#type, :type), #ttl = if_not_exists(#ttl, :ttl) ADD requests :requests, tokens :tokens${take ? ' DELETE' : ','} pending :markerSet`,
          ConditionExpression: take ? CONDITION.stillPending : CONDITION.notYetCounted,
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':type': attr.s('rateWindow'),
            ':ttl': attr.n(ttlSeconds(windowStartMs + MINUTE_MS + WINDOW_RETENTION_MS)),
            ':requests': attr.n(change.requests),
            ':tokens': attr.n(change.tokens),
            ':marker': attr.s(change.marker),
            ':markerSet': attr.stringSet([change.marker]),
          },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /**
   * Removes a marker that was only there to make one write exactly-once. The removal is idempotent,
   * so it is repeated on its own past the SDK's attempts (a window would otherwise keep a finished
   * request as in flight whenever one write failed); a failure that outlasts that is ignored, since
   * an error here would make the caller repeat the write the marker guards.
   */
  async function dropMarker(subject: Subject, windowStartMs: number, marker: string): Promise<void> {
    const send = (): Promise<unknown> =>
      client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.rateWindow(subject, windowStartMs)),
          UpdateExpression: 'DELETE pending :markerSet',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':markerSet': attr.stringSet([marker]) },
        }),
      );
    await retryUntil(send, { deadlineAtMs: Date.now() + DROP_MARKER_RETRY_MS, now: Date.now }).catch(() => undefined);
  }

  async function settle(reservation: RateReservation, actualTokens: number, nowMs: number): Promise<void> {
    const { subject, windowStartMs, marker } = reservation;
    const delta = actualTokens - reservation.countedTokens;
    const settleWindowMs = minuteWindowStart(nowMs);
    if (settleWindowMs <= windowStartMs) {
      await changeWindow(subject, windowStartMs, { requests: 0, tokens: delta, marker, mode: 'take' });
      return;
    }
    // The admission window is over and nothing reads its counts any more: only an excess matters,
    // and it counts where the request ended. The admission's marker still goes, so a window's set
    // holds only requests in flight.
    await Promise.all([
      dropMarker(subject, windowStartMs, marker),
      delta > 0
        ? changeWindow(subject, settleWindowMs, { requests: 0, tokens: delta, marker, mode: 'carry' }).then(() => dropMarker(subject, settleWindowMs, marker))
        : undefined,
    ]);
  }

  function release(reservation: RateReservation): Promise<void> {
    const { subject, windowStartMs, marker, countedTokens } = reservation;
    return changeWindow(subject, windowStartMs, { requests: -1, tokens: -countedTokens, marker, mode: 'take' });
  }

  return { admit, settle, release };
}

export { createRateLimiter, rateReservationOf };
export type { RateLimiter, RateLimiterOptions, RateReservation };
