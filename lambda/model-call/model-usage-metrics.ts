/** @module EMF metrics of one settled model call: tokens, cost and time to first token per model; cost and tokens per team. */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';
import { getModelMetrics, getTeamMetrics } from '../platform/observability';

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

/** Token and cost figures of one request, for its caller's team. */
interface TeamUsageOutcome {
  readonly team: string | undefined;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

/**
 * Emits the request's cost and tokens under a `Team` dimension (`(none)` without a team), for the
 * top-teams dashboard widget; never key or principal dimensions.
 */
function recordTeamUsageMetrics(usage: TeamUsageOutcome, perTeam: Metrics = getTeamMetrics(usage.team)): void {
  perTeam.addMetric(METRIC.inputTokens, MetricUnit.Count, usage.inputTokens);
  perTeam.addMetric(METRIC.outputTokens, MetricUnit.Count, usage.outputTokens);
  perTeam.addMetric(METRIC.costUsd, MetricUnit.NoUnit, usage.costUsd);
  perTeam.publishStoredMetrics();
}

export { recordModelUsageMetrics, recordTeamUsageMetrics };
export type { ModelUsageOutcome, TeamUsageOutcome };
