/**
 * @module Names of the gateway's EMF metrics; the CloudWatch dashboard and alarms use the same table.
 */
const METRIC = {
  requests: 'Requests',
  errors4xx: 'Errors4xx',
  errors5xx: 'Errors5xx',
  latencyMs: 'LatencyMs',
  timeToFirstTokenMs: 'TimeToFirstTokenMs',
  inputTokens: 'InputTokens',
  outputTokens: 'OutputTokens',
  cacheReadTokens: 'CacheReadTokens',
  cacheWriteTokens: 'CacheWriteTokens',
  costUsd: 'CostUsd',
  bedrockThrottles: 'BedrockThrottles',
  budgetDenials: 'BudgetDenials',
  rateLimitDenials: 'RateLimitDenials',
  authFailures: 'AuthFailures',
  retries: 'Retries',
  fallbacks: 'Fallbacks',
  breakerOpened: 'BreakerOpened',
  shedRequests: 'ShedRequests',
  coldStarts: 'ColdStarts',
  staleReservationsReleased: 'StaleReservationsReleased',
  settlementsDeferred: 'SettlementsDeferred',
  settlementsLost: 'SettlementsLost',
  pendingSettlementsCompleted: 'PendingSettlementsCompleted',
  ledgerUnavailable: 'LedgerUnavailable',
  alertsPublished: 'BudgetAlertsPublished',
  alertFailures: 'BudgetAlertFailures',
  catalogRefreshFailures: 'CatalogRefreshFailures',
} as const;

type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Default CloudWatch namespace for the gateway's metrics. */
const DEFAULT_METRICS_NAMESPACE = 'BedrockGateway';

export { DEFAULT_METRICS_NAMESPACE, METRIC };
export type { MetricName };
