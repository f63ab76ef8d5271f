/** @module Per-model EMF metrics of one settled model call: tokens, cost and time to first token. */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';
import { getModelMetrics } from '../platform/observability';

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

export { recordModelUsageMetrics };
export type { ModelUsageOutcome };
