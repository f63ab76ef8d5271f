/**
 * @module The Powertools logger and metrics, one of each per process.
 *
 * Metric dimensions stay low-cardinality (service, model, team): key ids, principals and request ids go
 * in log fields, never in dimensions, because each dimension value is a billed metric.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_METRICS_NAMESPACE } from './metric-names';

const SERVICE_NAME = 'bedrock-gateway';

let logger: Logger | undefined;
let metrics: Metrics | undefined;
const modelMetrics = new Map<string, Metrics>();
const teamMetrics = new Map<string, Metrics>();

/**
 * Most distinct `Team` dimension values one process emits: teams are few, but a JWT team claim is
 * set by the identity provider, and each value is a billed metric. Later teams are counted as
 * `TEAM_OVERFLOW` (the usage report still splits them exactly).
 */
const MAX_TEAM_DIMENSION_VALUES = 100;
/** The `Team` value of a caller without a team. */
const NO_TEAM = '(none)';
/** The `Team` value of teams beyond `MAX_TEAM_DIMENSION_VALUES`. */
const TEAM_OVERFLOW = '(other)';

/** The process-wide structured logger (`POWERTOOLS_LOG_LEVEL` sets the level). */
function getLogger(): Logger {
  logger ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME });
  return logger;
}

/** The process-wide EMF metrics buffer (`POWERTOOLS_METRICS_DISABLED=true` silences it locally). */
function getMetrics(): Metrics {
  metrics ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
  });
  return metrics;
}

/**
 * A metrics buffer whose every metric carries a `Model` dimension, one per catalog model.
 *
 * A separate buffer per model lets one request's token and cost metrics go out as one EMF line,
 * which Powertools' `singleMetric` (one line per metric) cannot do.
 */
function getModelMetrics(model: string): Metrics {
  let perModel = modelMetrics.get(model);
  if (perModel === undefined) {
    perModel = new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRICS_NAMESPACE,
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
      defaultDimensions: { Model: model },
    });
    modelMetrics.set(model, perModel);
  }
  return perModel;
}

/** The `Team` dimension value a team is counted under. */
function teamDimensionValue(team: string | undefined, known: ReadonlyMap<string, unknown> = teamMetrics): string {
  if (team === undefined || team === '') return NO_TEAM;
  if (known.has(team) || known.size < MAX_TEAM_DIMENSION_VALUES) return team;
  return TEAM_OVERFLOW;
}

/**
 * A metrics buffer whose every metric carries a `Team` dimension (cost and tokens per team). Keys
 * and principals never become dimensions; teams are few (see `MAX_TEAM_DIMENSION_VALUES`).
 */
function getTeamMetrics(team: string | undefined): Metrics {
  const value = teamDimensionValue(team);
  let perTeam = teamMetrics.get(value);
  if (perTeam === undefined) {
    perTeam = new Metrics({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? DEFAULT_METRICS_NAMESPACE,
      serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
      defaultDimensions: { Team: value },
    });
    teamMetrics.set(value, perTeam);
  }
  return perTeam;
}

export { MAX_TEAM_DIMENSION_VALUES, NO_TEAM, SERVICE_NAME, TEAM_OVERFLOW, getLogger, getMetrics, getModelMetrics, getTeamMetrics, teamDimensionValue };
