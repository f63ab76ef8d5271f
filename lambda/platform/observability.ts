/**
 * @module The Powertools logger and metrics, one of each per process.
 *
 * Metric dimensions stay low-cardinality (service, model): key ids, principals and request ids go
 * in log fields, never in dimensions, because each dimension value is a billed metric.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_METRICS_NAMESPACE } from './metric-names';

const SERVICE_NAME = 'bedrock-gateway';

let logger: Logger | undefined;
let metrics: Metrics | undefined;
const modelMetrics = new Map<string, Metrics>();

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

export { getLogger, getMetrics, getModelMetrics, SERVICE_NAME };
