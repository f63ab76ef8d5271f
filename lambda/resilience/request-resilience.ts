/** @module Per-request glue between a model route and the resilience service: deadline, shedding, logs and metrics. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RequestContext } from '../gateway/context';
import { METRIC } from '../platform/metric-names';
import { ServiceUnavailableError } from '../platform/errors';
import { INSTANCE_KEY, type GatewayResilience } from './resilience-service';
import type { ReleaseSlot } from './concurrency-limiter';
import { labelOf, type ResilienceObserver } from './run-with-fallbacks';

/** Ms kept back from the Lambda deadline so the error can still be written and usage settled. */
const LAMBDA_DEADLINE_MARGIN_MS = 2000;

/**
 * The epoch ms after which no new attempt starts: the retry deadline counted from the request's
 * arrival, or earlier when the invocation's own deadline is known.
 */
function requestDeadlineAtMs(ctx: RequestContext, resilience: GatewayResilience): number {
  const own = ctx.request.receivedAtMs + resilience.settings.retryDeadlineMs;
  const lambda = ctx.request.deadlineAtMs;
  return lambda === undefined ? own : Math.min(own, lambda - LAMBDA_DEADLINE_MARGIN_MS);
}

/**
 * Takes one of the instance's request slots.
 *
 * @throws ServiceUnavailableError 503 `gateway_overloaded` with `retry-after` when the instance is at
 *   `maxConcurrentRequests`: shed at once rather than queue behind requests that are already late.
 */
function takeRequestSlot(ctx: RequestContext, resilience: GatewayResilience): ReleaseSlot {
  const release = resilience.requestLimiter.tryAcquire(INSTANCE_KEY);
  if (release !== undefined) return release;
  ctx.services.metrics.addMetric(METRIC.shedRequests, MetricUnit.Count, 1);
  ctx.services.logger.warn('request shed', { requestId: ctx.requestId, reason: 'instance_concurrency', limit: resilience.settings.maxConcurrentRequests });
  ctx.logFields.shed = 'instance_concurrency';
  const seconds = resilience.settings.shedRetryAfterSeconds;
  throw new ServiceUnavailableError(`The gateway is at its concurrency limit; retry after ${seconds} seconds.`, {
    code: 'gateway_overloaded',
    headers: { 'retry-after': String(seconds) },
  });
}

/** Logs every retry, fallback and skipped target of the request, and counts them (`Retries`, `Fallbacks`, `ShedRequests`). */
function createRequestObserver(ctx: RequestContext): ResilienceObserver {
  const { logger, metrics } = ctx.services;
  const { requestId } = ctx;
  return {
    retry({ target, retry, delayMs, error }) {
      metrics.addMetric(METRIC.retries, MetricUnit.Count, 1);
      logger.info('retrying model call', { requestId, target: labelOf(target), retry, delayMs, error: error.code ?? error.errorType, status: error.statusCode });
    },
    fallback({ from, to, reason }) {
      metrics.addMetric(METRIC.fallbacks, MetricUnit.Count, 1);
      logger.warn('falling back to the next target', { requestId, from: labelOf(from), to: labelOf(to), reason });
    },
    skip({ target, reason }) {
      if (reason === 'overloaded') metrics.addMetric(METRIC.shedRequests, MetricUnit.Count, 1);
      logger.info('skipping target', { requestId, target: labelOf(target), reason });
    },
  };
}

export { LAMBDA_DEADLINE_MARGIN_MS, createRequestObserver, requestDeadlineAtMs, takeRequestSlot };
