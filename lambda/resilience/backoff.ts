/** @module Exponential backoff with full jitter: a pure function of the retry number and a random draw. */

/** The backoff bounds. */
interface BackoffOptions {
  /** Cap of the first retry's delay; the cap doubles with every retry. */
  readonly baseDelayMs: number;
  /** Largest cap, whatever the retry number. */
  readonly maxDelayMs: number;
}

/**
 * The delay before retry number `retry` (1 for the first retry): a uniform draw between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(retry-1))` ("full jitter"), which spreads the retries of many
 * throttled callers instead of synchronising them.
 *
 * @param random A draw in [0, 1), injected so tests are deterministic. @default Math.random
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @example computeBackoffDelayMs(3, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0.5) // 200
 */
function computeBackoffDelayMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, retry - 1);
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.floor(cap * Math.min(Math.max(random(), 0), 1 - Number.EPSILON));
}

export { computeBackoffDelayMs };
export type { BackoffOptions };
