/**
 * @module Jest environment: quiet logs and no EMF output unless a test opts in.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
