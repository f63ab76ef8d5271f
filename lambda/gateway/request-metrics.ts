/**
 * @module EMF metrics recorded once per request, after its response has ended.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';

interface RequestOutcome {
  readonly status: number;
  readonly latencyMs: number;
}

/** Adds the per-request counters and flushes the buffer (a streaming handler must flush itself). */
function recordRequestMetrics(metrics: Metrics, outcome: RequestOutcome): void {
  metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
  if (outcome.status >= 400 && outcome.status < 500) metrics.addMetric(METRIC.errors4xx, MetricUnit.Count, 1);
  if (outcome.status >= 500) metrics.addMetric(METRIC.errors5xx, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.latencyMs, MetricUnit.Milliseconds, outcome.latencyMs);
  metrics.publishStoredMetrics();
}

export { recordRequestMetrics };
export type { RequestOutcome };
