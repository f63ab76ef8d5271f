/**
 * @module Requests- and tokens-per-minute limits in fixed one-minute windows, one counter item each.
 *
 * Admission adds one request and the input-token estimate to the current window with a conditional
 * update (the client computes the headroom, as DynamoDB conditions cannot do arithmetic). Settlement
 * corrects the window by the tokens actually used, so output tokens count against the next requests.
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
  /** Replaces the estimate by the tokens actually processed. */
  settle(reservation: RateReservation, actualTokens: number): Promise<void>;
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
      throw new RateLimitError(
        `Request too large for ${who}: about ${estimatedTokens} input tokens exceed the limit of ${limits.tpm} tokens per minute.`,
        60,
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

  async function settle(reservation: RateReservation, actualTokens: number): Promise<void> {
    const delta = actualTokens - reservation.countedTokens;
    if (delta === 0) return;
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: keyOf(itemKeys.rateWindow(reservation.subject, reservation.windowStartMs)),
        UpdateExpression: 'SET #ttl = if_not_exists(#ttl, :ttl) ADD tokens :delta',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':delta': attr.n(delta),
          ':ttl': attr.n(ttlSeconds(reservation.windowStartMs + MINUTE_MS + WINDOW_RETENTION_MS)),
        },
      }),
    );
  }

  return { admit, settle };
}

export { createRateLimiter };
export type { RateLimiter, RateLimiterOptions, RateReservation };
