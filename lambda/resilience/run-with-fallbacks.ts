/** @module Runs one model call over a chain of targets: circuit breakers, per-target slots, retries with backoff, fallbacks. */
import { mapBedrockError } from '../bedrock/bedrock-errors';
import { GatewayError, ServiceUnavailableError, errorCodeOf } from '../platform/errors';
import type { RouteTarget } from '../routing/route-types';
import { computeBackoffDelayMs } from './backoff';
import { classifyFailure } from './classify-failure';
import type { ReleaseSlot } from './concurrency-limiter';
import type { GatewayResilience } from './resilience-service';

/** Why a target was not called. */
type SkipReason = 'circuit_open' | 'overloaded';

/** One entry of a request's attempt history. */
interface AttemptRecord {
  /** Catalog id of the target's model, with `@region` for Regional targets. */
  readonly target: string;
  /** `error`: called and failed; `skipped`: not called. */
  readonly outcome: 'error' | 'skipped';
  /** The error code (`rate_limit_exceeded`, `first_byte_timeout`, ...) or the skip reason. */
  readonly reason: string;
  readonly status?: number;
}

/** Hooks for logs and metrics; one per request. */
interface ResilienceObserver {
  retry(event: { readonly target: RouteTarget; readonly retry: number; readonly delayMs: number; readonly error: GatewayError }): void;
  fallback(event: { readonly from: RouteTarget; readonly to: RouteTarget; readonly reason: string }): void;
  skip(event: { readonly target: RouteTarget; readonly reason: SkipReason }): void;
}

/** Options of `runWithFallbacks`. */
interface FallbackRunOptions<R> {
  /** Tried in order; must not be empty. */
  readonly targets: readonly RouteTarget[];
  readonly resilience: GatewayResilience;
  /** The client's signal: once aborted, nothing is retried and the abort error is rethrown. */
  readonly signal: AbortSignal;
  /** No attempt or backoff starts after this epoch ms. */
  readonly deadlineAtMs: number;
  readonly observer: ResilienceObserver;
  /**
   * One call to one target. It must reject before anything reached the client: streams resolve
   * once the first event arrived, so later failures are never retried.
   */
  readonly attempt: (target: RouteTarget, attemptNumber: number) => Promise<R>;
}

/** A successful run: the value, who served it, what happened before, and the target's slot to give back when done. */
interface FallbackRunResult<R> {
  readonly value: R;
  readonly target: RouteTarget;
  readonly attempts: readonly AttemptRecord[];
  /** Bedrock calls made, the successful one included. */
  readonly calls: number;
  /** Gives back the per-target concurrency slot; call when the response (stream) is over. */
  readonly release: ReleaseSlot;
}

/** The response header carrying the number of Bedrock calls a request made. */
const ATTEMPTS_HEADER = 'x-gateway-attempts';

function labelOf(target: RouteTarget): string {
  return target.region === undefined ? target.model.id : `${target.model.id}@${target.region}`;
}

/** `claude-sonnet-4-5: rate_limit_exceeded x2; nova-pro: circuit_open (skipped)`. */
function summarise(attempts: readonly AttemptRecord[]): string {
  const groups: { label: string; reason: string; outcome: AttemptRecord['outcome']; count: number }[] = [];
  for (const record of attempts) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.label === record.target && last.reason === record.reason) last.count += 1;
    else groups.push({ label: record.target, reason: record.reason, outcome: record.outcome, count: 1 });
  }
  return groups
    .map((group) => `${group.label}: ${group.reason}${group.count > 1 ? ` x${group.count}` : ''}${group.outcome === 'skipped' ? ' (skipped)' : ''}`)
    .join('; ');
}

/** Adds the attempt history to the error the client gets; the error's class keeps its status. */
function withAttempts(error: GatewayError, attempts: readonly AttemptRecord[], calls: number): GatewayError {
  error.headers[ATTEMPTS_HEADER] = String(calls);
  if (attempts.length > 1) error.message = `${error.message} Attempts: ${summarise(attempts)}.`;
  return error;
}

/** The error when no target was called at all: every circuit open, or every target at its concurrency limit. */
function allSkippedError(attempts: readonly AttemptRecord[], resilience: GatewayResilience, targets: readonly RouteTarget[]): GatewayError {
  const overloaded = attempts.some((record) => record.reason === 'overloaded');
  const cooldownMs = Math.min(...targets.map((target) => resilience.breakers.remainingCooldownMs(target.key)).filter((ms) => ms > 0));
  const retryAfter = overloaded || !Number.isFinite(cooldownMs) ? resilience.settings.shedRetryAfterSeconds : Math.max(1, Math.ceil(cooldownMs / 1000));
  const message = overloaded
    ? 'Every model that can serve this request is at its concurrency limit on this gateway instance; retry shortly.'
    : 'Every model that can serve this request is cooling down after repeated failures; retry later.';
  return new ServiceUnavailableError(`${message} Attempts: ${summarise(attempts)}.`, {
    code: overloaded ? 'model_overloaded' : 'circuit_open',
    headers: { 'retry-after': String(retryAfter), [ATTEMPTS_HEADER]: '0' },
  });
}

/**
 * Calls `attempt` on each target in turn until one succeeds. Per target: skip it while its circuit
 * is open or its concurrency slots are taken; retry retryable failures (throttling, unavailable,
 * not ready, timeouts) up to `attemptsPerTarget` with full-jitter backoff; move on at once after a
 * target-specific failure. Bounded overall by `maxAttempts` calls and `deadlineAtMs`.
 *
 * @throws the last failure, its message extended with the attempt history and an
 *   `x-gateway-attempts` header; ServiceUnavailableError 503 `circuit_open` / `model_overloaded`
 *   with `retry-after` when no target could be called; the abort error when the client left.
 */
async function runWithFallbacks<R>(options: FallbackRunOptions<R>): Promise<FallbackRunResult<R>> {
  const { targets, resilience, signal, observer } = options;
  const { settings, breakers, targetLimiter } = resilience;
  const attempts: AttemptRecord[] = [];
  let calls = 0;
  let lastError: GatewayError | undefined;
  let previous: RouteTarget | undefined;
  chain: for (const target of targets) {
    if (previous !== undefined) observer.fallback({ from: previous, to: target, reason: attempts[attempts.length - 1]?.reason ?? 'unknown' });
    previous = target;
    // Budget and deadline first: a half-open breaker's probe is only taken by a call that will go out.
    if (calls >= settings.maxAttempts || (calls > 0 && resilience.now() >= options.deadlineAtMs)) break;
    if (!breakers.tryAcquire(target.key)) {
      attempts.push({ target: labelOf(target), outcome: 'skipped', reason: 'circuit_open' });
      observer.skip({ target, reason: 'circuit_open' });
      continue;
    }
    const release = targetLimiter.tryAcquire(target.key);
    if (release === undefined) {
      breakers.releaseProbe(target.key);
      attempts.push({ target: labelOf(target), outcome: 'skipped', reason: 'overloaded' });
      observer.skip({ target, reason: 'overloaded' });
      continue;
    }
    // Every exit below that records no outcome gives the probe back, or the target is skipped for good.
    const giveUp = (): void => {
      release();
      breakers.releaseProbe(target.key);
    };
    for (let tryOnTarget = 1; tryOnTarget <= settings.attemptsPerTarget; tryOnTarget += 1) {
      if (calls >= settings.maxAttempts) {
        giveUp();
        break chain;
      }
      if (tryOnTarget > 1 && lastError !== undefined) {
        const delayMs = computeBackoffDelayMs(tryOnTarget - 1, settings, resilience.random);
        if (resilience.now() + delayMs >= options.deadlineAtMs) {
          giveUp();
          break chain;
        }
        observer.retry({ target, retry: tryOnTarget - 1, delayMs, error: lastError });
        try {
          await resilience.sleep(delayMs, signal);
        } catch (error) {
          giveUp();
          throw error;
        }
      }
      if (calls > 0 && resilience.now() >= options.deadlineAtMs) {
        giveUp();
        break chain;
      }
      calls += 1;
      try {
        const value = await options.attempt(target, calls);
        breakers.recordSuccess(target.key);
        return { value, target, attempts, calls, release };
      } catch (caught) {
        if (signal.aborted) {
          giveUp();
          throw caught;
        }
        const error = mapBedrockError(caught, { model: target.model.id });
        const failure = classifyFailure(error);
        attempts.push({ target: labelOf(target), outcome: 'error', reason: errorCodeOf(error), status: error.statusCode });
        if (failure.countsAgainstTarget) breakers.recordFailure(target.key);
        else breakers.releaseProbe(target.key);
        lastError = error;
        if (failure.action === 'fail') {
          release();
          throw withAttempts(error, attempts, calls);
        }
        if (failure.action === 'next-target' || breakers.stateOf(target.key) === 'open') break;
      }
    }
    giveUp();
  }
  if (lastError === undefined) throw allSkippedError(attempts, resilience, targets);
  throw withAttempts(lastError, attempts, calls);
}

export { ATTEMPTS_HEADER, labelOf, runWithFallbacks, summarise };
export type { AttemptRecord, FallbackRunOptions, FallbackRunResult, ResilienceObserver, SkipReason };
