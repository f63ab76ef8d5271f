/** @module Per-request glue between a model call and the resilience service: deadline, shedding, logs and metrics. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';
import { GatewayTimeoutError, ServiceUnavailableError, errorCodeOf } from '../platform/errors';
import { INSTANCE_KEY, type GatewayResilience } from './resilience-service';
import type { ReleaseSlot } from './concurrency-limiter';
import { labelOf, type ResilienceObserver } from './run-with-fallbacks';

/** What these functions need of the request in flight: plain values, so resilience knows nothing of the HTTP layer. */
interface RequestScope {
  readonly requestId: string;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** Epoch ms when the request arrived. */
  readonly receivedAtMs: number;
  /** Epoch ms when the runtime stops the invocation, if it has such a limit. */
  readonly deadlineAtMs?: number;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Epoch ms. */
  readonly now: () => number;
  /** Adds fields to the request's access-log line. */
  annotate(fields: Readonly<Record<string, unknown>>): void;
}

/**
 * Ms kept back from the Lambda deadline: the whole call stops this early, so its error can still be
 * written (writes are cut 1 s before the deadline) and its usage settled.
 */
const LAMBDA_DEADLINE_MARGIN_MS = 3000;

/** The hard stop of one model call: fires `deadlineAtMs - LAMBDA_DEADLINE_MARGIN_MS` when the runtime has a deadline. */
interface CallDeadline {
  /** Aborts when the client goes away or the deadline passes; the parent of every Bedrock attempt. */
  readonly signal: AbortSignal;
  /** Whether the deadline (not the client) ended the call. */
  readonly expired: boolean;
  /** What the client is told when it did: 504 `request_deadline_exceeded`. */
  readonly error: GatewayTimeoutError;
  /** Stops the timer and lets go of the client's signal. */
  dispose(): void;
}

/**
 * The epoch ms after which no new attempt starts: the retry deadline counted from the request's
 * arrival, or earlier when the invocation's own deadline is known.
 */
function requestDeadlineAtMs(scope: RequestScope, resilience: GatewayResilience): number {
  const own = scope.receivedAtMs + resilience.settings.retryDeadlineMs;
  const lambda = scope.deadlineAtMs;
  return lambda === undefined ? own : Math.min(own, lambda - LAMBDA_DEADLINE_MARGIN_MS);
}

/**
 * Starts the hard stop of a model call. Attempts stop starting at the same time (see
 * `requestDeadlineAtMs`); this also ends the attempt and the stream in flight, so a call that would
 * outlive the invocation (a long steady stream) is cut, answered and settled instead of killed.
 */
function startCallDeadline(scope: RequestScope): CallDeadline {
  // One controller aborted by whichever comes first, the client's signal or the deadline; linked by
  // hand rather than with AbortSignal.any, which showed in the per-request CPU profile.
  const controller = new AbortController();
  let deadlineReached = false;
  // Made when first needed: an error captures a stack trace, a cost every request would pay for a rare case.
  let error: GatewayTimeoutError | undefined;
  const deadlineError = (): GatewayTimeoutError =>
    (error ??= new GatewayTimeoutError('The request reached the gateway\'s time limit (the end of its invocation) before the model finished.', {
      code: 'request_deadline_exceeded',
    }));
  const followScope = (): void => controller.abort(scope.signal.reason);
  if (scope.signal.aborted) followScope();
  else scope.signal.addEventListener('abort', followScope, { once: true });
  const { deadlineAtMs } = scope;
  const timer =
    deadlineAtMs === undefined
      ? undefined
      : setTimeout(() => {
          deadlineReached = true;
          controller.abort(deadlineError());
        }, Math.max(0, deadlineAtMs - LAMBDA_DEADLINE_MARGIN_MS - scope.now()));
  return {
    signal: controller.signal,
    get expired() {
      return deadlineReached && !scope.signal.aborted;
    },
    get error() {
      return deadlineError();
    },
    dispose: () => {
      clearTimeout(timer);
      scope.signal.removeEventListener('abort', followScope);
    },
  };
}

/**
 * Takes one of the instance's request slots.
 *
 * @throws ServiceUnavailableError 503 `gateway_overloaded` with `retry-after` when the instance is at
 *   `maxConcurrentRequests`: shed at once rather than queue behind requests that are already late.
 */
function takeRequestSlot(scope: RequestScope, resilience: GatewayResilience): ReleaseSlot {
  const release = resilience.requestLimiter.tryAcquire(INSTANCE_KEY);
  if (release !== undefined) return release;
  scope.metrics.addMetric(METRIC.shedRequests, MetricUnit.Count, 1);
  scope.logger.warn('request shed', { requestId: scope.requestId, reason: 'instance_concurrency', limit: resilience.settings.maxConcurrentRequests });
  scope.annotate({ shed: 'instance_concurrency' });
  const seconds = resilience.settings.shedRetryAfterSeconds;
  throw new ServiceUnavailableError(`The gateway is at its concurrency limit; retry after ${seconds} seconds.`, {
    code: 'gateway_overloaded',
    headers: { 'retry-after': String(seconds) },
  });
}

/** Logs every retry, fallback, skipped target and forced probe of the request, and counts them (`Retries`, `Fallbacks`, `ShedRequests`). */
function createRequestObserver(scope: RequestScope): ResilienceObserver {
  const { logger, metrics, requestId } = scope;
  return {
    retry({ target, retry, delayMs, error }) {
      metrics.addMetric(METRIC.retries, MetricUnit.Count, 1);
      logger.info('retrying model call', { requestId, target: labelOf(target), retry, delayMs, error: errorCodeOf(error), status: error.statusCode });
    },
    fallback({ from, to, reason }) {
      metrics.addMetric(METRIC.fallbacks, MetricUnit.Count, 1);
      logger.warn('falling back to the next target', { requestId, from: labelOf(from), to: labelOf(to), reason });
    },
    skip({ target, reason }) {
      if (reason === 'overloaded') metrics.addMetric(METRIC.shedRequests, MetricUnit.Count, 1);
      logger.info('skipping target', { requestId, target: labelOf(target), reason });
    },
    probe({ target }) {
      logger.info('probing target although every circuit is open', { requestId, target: labelOf(target) });
    },
  };
}

export { LAMBDA_DEADLINE_MARGIN_MS, createRequestObserver, requestDeadlineAtMs, startCallDeadline, takeRequestSlot };
export type { CallDeadline, RequestScope };
