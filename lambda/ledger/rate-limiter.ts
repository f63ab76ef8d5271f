/**
 * @module Requests- and tokens-per-minute limits in fixed one-minute windows, one counter item each.
 *
 * Admission adds one request and the input-token estimate to the current window with a conditional
 * update (the client computes the headroom, as DynamoDB conditions cannot do arithmetic). Settlement
 * corrects by the tokens actually used: in the admission window when the request ended in the same
 * minute, otherwise the tokens beyond the estimate go to the window current at settlement, so the
 * output of a long request limits the requests that follow it. Request counts stay in the admission
 * window. A request denied after its window was counted (by a later limit or a budget) is given back.
 */
import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RateLimitError } from '../platform/errors';
import { attr, isConditionalCheckFailed, keyOf } from './dynamo-item';
import type { RateLimitPolicy } from './policy-store';
import { MINUTE_MS, itemKeys, minuteWindowStart, ttlSeconds, type Subject } from './table-keys';

/** What one admission counted in one window. */
interface RateReservation {
  readonly subject: Subject;
  readonly windowStartMs: number;
  readonly countedTokens: number;
}

/** Window counters per subject. */
interface RateLimiter {
  /** Counts a request and its estimated tokens; throws `RateLimitError` (with retry-after) when over. */
  admit(subject: Subject, limits: RateLimitPolicy, estimatedTokens: number, nowMs: number): Promise<RateReservation>;
  /**
   * Replaces the estimate by the tokens actually processed: in the admission window when `nowMs` is
   * still in it, otherwise the excess over the estimate goes to the window of `nowMs`.
   */
  settle(reservation: RateReservation, actualTokens: number, nowMs: number): Promise<void>;
  /** Takes the request and its estimate back out of the admission window (the request was denied later). */
  release(reservation: RateReservation): Promise<void>;
}

interface RateLimiterOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Windows are kept an hour for inspection, then TTL may remove them; nothing reads old windows. */
const WINDOW_RETENTION_MS = 3_600_000;

/** Named sub-conditions: a fresh window always has room for one request. */
const CONDITION = {
  requestsUnderLimit: '(attribute_not_exists(requests) OR requests < :rpm)',
  tokensUnderLimit: '(attribute_not_exists(tokens) OR tokens <= :tpmHeadroom)',
} as const;

function describeLimits(limits: RateLimitPolicy): string {
  const parts = [
    limits.rpm === undefined ? undefined : `${limits.rpm} requests per minute`,
    limits.tpm === undefined ? undefined : `${limits.tpm} tokens per minute`,
  ].filter((part): part is string => part !== undefined);
  return parts.join(' and ');
}

/** Builds the rate limiter over the ledger table. */
function createRateLimiter({ client, tableName }: RateLimiterOptions): RateLimiter {
  async function admit(subject: Subject, limits: RateLimitPolicy, estimatedTokens: number, nowMs: number): Promise<RateReservation> {
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
    const conditions: string[] = [];
    const values: Record<string, ReturnType<typeof attr.n>> = {};
    if (limits.rpm !== undefined) {
      conditions.push(CONDITION.requestsUnderLimit);
      values[':rpm'] = attr.n(limits.rpm);
    }
    if (limits.tpm !== undefined) {
      conditions.push(CONDITION.tokensUnderLimit);
      values[':tpmHeadroom'] = attr.n(limits.tpm - estimatedTokens);
    }
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(itemKeys.rateWindow(subject, windowStartMs)),
          UpdateExpression: 'SET #type = :type, #ttl = :ttl ADD requests :one, tokens :tokens',
          ConditionExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ...values,
            ':type': attr.s('rateWindow'),
            ':ttl': attr.n(ttlSeconds(windowStartMs + MINUTE_MS + WINDOW_RETENTION_MS)),
            ':one': attr.n(1),
            ':tokens': attr.n(estimatedTokens),
          },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      throw new RateLimitError(
        `Rate limit reached for ${who}: ${describeLimits(limits)}. Retry after ${Math.ceil(retryAfterSeconds)} s.`,
        retryAfterSeconds,
      );
    }
    return { subject, windowStartMs, countedTokens: estimatedTokens };
  }

  /** Adds to a window's counters without a condition (corrections commute). */
  async function addToWindow(subject: Subject, windowStartMs: number, requests: number, tokens: number): Promise<void> {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: keyOf(itemKeys.rateWindow(subject, windowStartMs)),
        UpdateExpression: 'SET #type = if_not_exists(#type, :type), #ttl = if_not_exists(#ttl, :ttl) ADD requests :requests, tokens :tokens',
        ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':type': attr.s('rateWindow'),
          ':ttl': attr.n(ttlSeconds(windowStartMs + MINUTE_MS + WINDOW_RETENTION_MS)),
          ':requests': attr.n(requests),
          ':tokens': attr.n(tokens),
        },
      }),
    );
  }

  async function settle(reservation: RateReservation, actualTokens: number, nowMs: number): Promise<void> {
    const delta = actualTokens - reservation.countedTokens;
    const settleWindowMs = minuteWindowStart(nowMs);
    if (settleWindowMs <= reservation.windowStartMs) {
      if (delta !== 0) await addToWindow(reservation.subject, reservation.windowStartMs, 0, delta);
      return;
    }
    // The admission window is over and nothing reads it any more: only an excess matters, and it
    // counts where the request ended.
    if (delta > 0) await addToWindow(reservation.subject, settleWindowMs, 0, delta);
  }

  function release(reservation: RateReservation): Promise<void> {
    return addToWindow(reservation.subject, reservation.windowStartMs, -1, -reservation.countedTokens);
  }

  return { admit, settle, release };
}

export { createRateLimiter };
export type { RateLimiter, RateLimiterOptions, RateReservation };
