/** @module Retry, timeout, keep-alive, concurrency and circuit-breaker settings, with their defaults. */

/** How the gateway retries, times out, keeps streams alive and sheds load. Every duration is in ms. */
interface ResilienceSettings {
  /** Bedrock calls one request may make in total, across every target. @default 4 */
  readonly maxAttempts: number;
  /** Calls to one target before moving to the next. @default 2 */
  readonly attemptsPerTarget: number;
  /** Backoff cap before jitter of the first retry; doubles per retry. @default 250 */
  readonly baseDelayMs: number;
  /** Largest backoff cap. @default 4000 */
  readonly maxDelayMs: number;
  /** No new attempt starts later than this after the request arrived. @default 30000 */
  readonly retryDeadlineMs: number;
  /** TCP/TLS connect limit towards Bedrock. @default 3000 */
  readonly connectTimeoutMs: number;
  /** Streams: limit until Bedrock's first event. @default 30000 */
  readonly firstByteTimeoutMs: number;
  /** Non-streaming calls: limit for the whole response. @default 300000 */
  readonly responseTimeoutMs: number;
  /** Streams: longest silence between two Bedrock events. @default 60000 */
  readonly streamIdleTimeoutMs: number;
  /** SSE comment sent after this much client-side silence; 0 disables. @default 15000 */
  readonly keepAliveIntervalMs: number;
  /** Requests in flight per instance; 0 is unlimited. @default 0 */
  readonly maxConcurrentRequests: number;
  /** Calls in flight per target (model and Region) per instance; 0 is unlimited. @default 0 */
  readonly maxConcurrentPerModel: number;
  /** `retry-after` seconds of a shed request. @default 1 */
  readonly shedRetryAfterSeconds: number;
  /** Consecutive failures that open a target's circuit. @default 5 */
  readonly breakerFailureThreshold: number;
  /** How long an open circuit skips its target before one probe is let through. @default 30000 */
  readonly breakerCooldownMs: number;
}

/** The defaults documented on `ResilienceSettings`. */
const DEFAULT_RESILIENCE_SETTINGS: ResilienceSettings = {
  maxAttempts: 4,
  attemptsPerTarget: 2,
  baseDelayMs: 250,
  maxDelayMs: 4000,
  retryDeadlineMs: 30_000,
  connectTimeoutMs: 3000,
  firstByteTimeoutMs: 30_000,
  responseTimeoutMs: 300_000,
  streamIdleTimeoutMs: 60_000,
  keepAliveIntervalMs: 15_000,
  maxConcurrentRequests: 0,
  maxConcurrentPerModel: 0,
  shedRetryAfterSeconds: 1,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 30_000,
};

export { DEFAULT_RESILIENCE_SETTINGS };
export type { ResilienceSettings };
