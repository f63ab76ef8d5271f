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
  /** Every target's circuit is open: the primary is called once anyway. */
  probe(event: { readonly target: RouteTarget }): void;
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

/** The error when no target was called at all: every target at its concurrency limit (an open circuit never stops the primary). */
function allSkippedError(attempts: readonly AttemptRecord[], resilience: GatewayResilience): GatewayError {
  return new ServiceUnavailableError(
    `Every model that can serve this request is at its concurrency limit on this gateway instance; retry shortly. Attempts: ${summarise(attempts)}.`,
    { code: 'model_overloaded', headers: { 'retry-after': String(resilience.settings.shedRetryAfterSeconds), [ATTEMPTS_HEADER]: '0' } },
  );
}

/** What one run has done so far, shared by the calls to its targets. */
interface RunProgress {
  readonly attempts: AttemptRecord[];
  calls: number;
  lastError: GatewayError | undefined;
}

/** How one target is called within a run. */
interface TargetPlan {
  /** `acquired`: the breaker admitted the call; `forced`: every circuit is open, so the primary is probed anyway. */
  readonly admission: 'acquired' | 'forced';
  /** Calls this target may get now (read before every retry, since breakers change while the run waits). */
  readonly callLimit: () => number;
}

/** `stop`: the run's budget or deadline is spent; `next-target`: this target is done with. */
type TargetOutcome<R> = FallbackRunResult<R> | 'next-target' | 'stop';

/** Calls one target, retrying retryable failures with backoff within the plan's limit. */
async function callTarget<R>(target: RouteTarget, plan: TargetPlan, progress: RunProgress, options: FallbackRunOptions<R>): Promise<TargetOutcome<R>> {
  const { resilience, signal, observer } = options;
  const { settings, breakers, targetLimiter } = resilience;
  let probeHeld = plan.admission === 'acquired';
  // A probe the breaker handed out is given back by every exit that records no outcome, or the target is skipped for good.
  const giveBackProbe = (): void => {
    if (probeHeld) breakers.releaseProbe(target.key);
    probeHeld = false;
  };
  const release = targetLimiter.tryAcquire(target.key);
  if (release === undefined) {
    giveBackProbe();
    progress.attempts.push({ target: labelOf(target), outcome: 'skipped', reason: 'overloaded' });
    observer.skip({ target, reason: 'overloaded' });
    return 'next-target';
  }
  const giveUp = (outcome: 'next-target' | 'stop'): 'next-target' | 'stop' => {
    release();
    giveBackProbe();
    return outcome;
  };
  for (let tryOnTarget = 1; ; tryOnTarget += 1) {
    if (progress.calls >= settings.maxAttempts) return giveUp('stop');
    if (tryOnTarget > plan.callLimit()) return giveUp('next-target');
    if (tryOnTarget > 1 && progress.lastError !== undefined) {
      const delayMs = computeBackoffDelayMs(tryOnTarget - 1, settings, resilience.random);
      if (resilience.now() + delayMs >= options.deadlineAtMs) return giveUp('stop');
      observer.retry({ target, retry: tryOnTarget - 1, delayMs, error: progress.lastError });
      try {
        await resilience.sleep(delayMs, signal);
      } catch (error) {
        giveUp('stop');
        throw error;
      }
    }
    if (progress.calls > 0 && resilience.now() >= options.deadlineAtMs) return giveUp('stop');
    progress.calls += 1;
    try {
      const value = await options.attempt(target, progress.calls);
      probeHeld = false;
      breakers.recordSuccess(target.key);
      return { value, target, attempts: progress.attempts, calls: progress.calls, release };
    } catch (caught) {
      if (signal.aborted) {
        giveUp('stop');
        throw caught;
      }
      const error = mapBedrockError(caught, { model: target.model.id });
      const failure = classifyFailure(error);
      progress.attempts.push({ target: labelOf(target), outcome: 'error', reason: errorCodeOf(error), status: error.statusCode });
      if (failure.countsAgainstTarget) {
        probeHeld = false;
        breakers.recordFailure(target.key);
      } else {
        giveBackProbe();
      }
      progress.lastError = error;
      if (failure.action === 'fail') {
        release();
        throw withAttempts(error, progress.attempts, progress.calls);
      }
      if (failure.action === 'next-target' || breakers.stateOf(target.key) === 'open') return giveUp('next-target');
    }
  }
}

/**
 * Calls `attempt` on each target in turn until one succeeds. Per target: skip it while its circuit
 * is open or its concurrency slots are taken; retry retryable failures (throttling, unavailable,
 * not ready, timeouts) with full-jitter backoff, up to `attemptsPerTarget` while a later target
 * can still be called and up to the whole remaining budget when none can; move on at once after a
 * target-specific failure. When every target's circuit is open, the primary still gets one probe,
 * so the client gets Bedrock's own answer (504 for a model timeout, 502 for a model error) rather
 * than a 503 from the breakers. Bounded overall by `maxAttempts` calls and `deadlineAtMs`.
 *
 * @throws the last failure, its message extended with the attempt history and an
 *   `x-gateway-attempts` header; ServiceUnavailableError 503 `model_overloaded` with `retry-after`
 *   when every target was at its concurrency limit; the abort error when the client left.
 */
async function runWithFallbacks<R>(options: FallbackRunOptions<R>): Promise<FallbackRunResult<R>> {
  const { targets, resilience, observer } = options;
  const { settings, breakers } = resilience;
  const progress: RunProgress = { attempts: [], calls: 0, lastError: undefined };
  const probePrimary = targets.every((target) => !breakers.admits(target.key));
  let previous: RouteTarget | undefined;
  for (const [index, target] of targets.entries()) {
    // Budget and deadline first: a half-open breaker's probe is only taken by a call that will go out.
    if (progress.calls >= settings.maxAttempts || (progress.calls > 0 && resilience.now() >= options.deadlineAtMs)) break;
    if (previous !== undefined) observer.fallback({ from: previous, to: target, reason: progress.attempts[progress.attempts.length - 1]?.reason ?? 'unknown' });
    previous = target;
    const forced = probePrimary && index === 0;
    if (forced) {
      observer.probe({ target });
    } else if (!breakers.tryAcquire(target.key)) {
      progress.attempts.push({ target: labelOf(target), outcome: 'skipped', reason: 'circuit_open' });
      observer.skip({ target, reason: 'circuit_open' });
      continue;
    }
    const later = targets.slice(index + 1);
    const callLimit = forced
      ? () => 1
      : () => (later.some((next) => breakers.admits(next.key)) ? settings.attemptsPerTarget : settings.maxAttempts);
    const outcome = await callTarget(target, { admission: forced ? 'forced' : 'acquired', callLimit }, progress, options);
    if (outcome === 'stop') break;
    if (outcome !== 'next-target') return outcome;
  }
  if (progress.lastError === undefined) throw allSkippedError(progress.attempts, resilience);
  throw withAttempts(progress.lastError, progress.attempts, progress.calls);
}

export { ATTEMPTS_HEADER, labelOf, runWithFallbacks, summarise };
export type { AttemptRecord, FallbackRunOptions, FallbackRunResult, ResilienceObserver, SkipReason };
