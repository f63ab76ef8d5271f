/**
 * @module What the ledger does when DynamoDB fails: which errors are worth retrying, a retry loop
 * that keeps going past the SDK's own attempts until a deadline, and the 503 a client hears when
 * the ledger cannot admit its request.
 *
 * Every write the loop repeats is idempotent by construction (each carries a per-admission marker,
 * see budget-counters.ts, rate-limiter.ts and usage-store.ts), so repeating one whose reply was lost
 * changes nothing twice.
 */
import { ServiceUnavailableError } from '../platform/errors';
import { isConditionalCheckFailed } from './dynamo-item';

/** Error names DynamoDB (or the SDK) uses for throttling: transient, although client faults. */
const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/**
 * Whether a DynamoDB call failed in a way that may pass: a server fault, throttling, a timeout or a
 * network error. Failed conditions and validation errors are not: repeating them cannot help.
 */
function isTransientStorageError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || isConditionalCheckFailed(error)) return false;
  const { name, $fault } = error as { name?: unknown; $fault?: unknown };
  if (typeof name === 'string' && THROTTLING_ERRORS.has(name)) return true;
  // Network errors and timeouts carry no `$fault`; DynamoDB's 5xx are server faults.
  return $fault !== 'client';
}

/** Seconds a client is asked to wait after a storage fault refused its request. */
const STORAGE_RETRY_AFTER_SECONDS = 1;

/** The 503 for a request the ledger could not admit because DynamoDB failed (nothing was charged). */
function ledgerUnavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `The gateway could not reach its usage ledger, so the request was not sent to the model and nothing was charged. Retry after ${STORAGE_RETRY_AFTER_SECONDS} s.`,
    { code: 'ledger_unavailable', headers: { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) }, cause },
  );
}

interface RetryOptions {
  /** Epoch ms after which no new attempt starts. */
  readonly deadlineAtMs: number;
  readonly now: () => number;
  /** @default 50 */
  readonly baseDelayMs?: number;
  /** @default 1000 */
  readonly maxDelayMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `operation` until it succeeds, fails with a non-transient error, or the deadline passes
 * (then the last error is thrown). `attempt` counts from 0, so an operation can tell a first try
 * from a repeat (a failed condition on a repeat may be its own earlier write). Backoff is
 * exponential with full jitter, capped at `maxDelayMs`, and never sleeps past the deadline.
 */
async function retryUntil<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { deadlineAtMs, now, baseDelayMs = 50, maxDelayMs = 1000, sleep = defaultSleep } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isTransientStorageError(error)) throw error;
      const delayMs = Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      if (now() + delayMs >= deadlineAtMs) throw error;
      await sleep(delayMs);
    }
  }
}

export { STORAGE_RETRY_AFTER_SECONDS, isTransientStorageError, ledgerUnavailable, retryUntil };
export type { RetryOptions };
