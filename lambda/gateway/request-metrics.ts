/**
 * @module EMF metrics recorded once per request, after its response has ended.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';
import { getModelMetrics } from '../platform/observability';

interface RequestOutcome {
  readonly status: number;
  readonly latencyMs: number;
}

/** Token and cost figures for one model call. */
interface ModelUsageOutcome {
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  readonly costUsd: number;
  readonly timeToFirstTokenMs?: number;
}

/** Adds the per-request counters and flushes the buffer (a streaming handler must flush itself). */
function recordRequestMetrics(metrics: Metrics, outcome: RequestOutcome): void {
  metrics.addMetric(METRIC.requests, MetricUnit.Count, 1);
  if (outcome.status >= 400 && outcome.status < 500) metrics.addMetric(METRIC.errors4xx, MetricUnit.Count, 1);
  if (outcome.status >= 500) metrics.addMetric(METRIC.errors5xx, MetricUnit.Count, 1);
  metrics.addMetric(METRIC.latencyMs, MetricUnit.Milliseconds, outcome.latencyMs);
  metrics.publishStoredMetrics();
}

/** Emits per-model token and cost metrics under a `Model` dimension (low cardinality by design). */
function recordModelUsageMetrics(usage: ModelUsageOutcome, perModel: Metrics = getModelMetrics(usage.model)): void {
  perModel.addMetric(METRIC.inputTokens, MetricUnit.Count, usage.inputTokens);
  perModel.addMetric(METRIC.outputTokens, MetricUnit.Count, usage.outputTokens);
  perModel.addMetric(METRIC.cacheReadTokens, MetricUnit.Count, usage.cacheReadTokens);
  perModel.addMetric(METRIC.cacheWriteTokens, MetricUnit.Count, usage.cacheWriteTokens);
  perModel.addMetric(METRIC.costUsd, MetricUnit.NoUnit, usage.costUsd);
  if (usage.timeToFirstTokenMs !== undefined) {
    perModel.addMetric(METRIC.timeToFirstTokenMs, MetricUnit.Milliseconds, usage.timeToFirstTokenMs);
  }
  perModel.publishStoredMetrics();
}

export { recordModelUsageMetrics, recordRequestMetrics };
export type { ModelUsageOutcome, RequestOutcome };
