/** @module The process-wide resilience service: settings, routing table, circuit breakers, concurrency limits, Regional clients. */
import { setTimeout as delay } from 'node:timers/promises';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC } from '../platform/metric-names';
import type { RouteTable } from '../routing/route-types';
import { CircuitBreakerRegistry } from './circuit-breaker';
import { ConcurrencyLimiter } from './concurrency-limiter';
import type { ResilienceSettings } from './resilience-settings';

/** Everything the model routes need to route, retry, time out and shed; one per process. */
interface GatewayResilience {
  readonly settings: ResilienceSettings;
  readonly routes: RouteTable;
  /** Shared by every request of the instance. */
  readonly breakers: CircuitBreakerRegistry;
  /** Requests in flight per instance (one key). */
  readonly requestLimiter: ConcurrencyLimiter;
  /** Bedrock calls in flight per target key. */
  readonly targetLimiter: ConcurrencyLimiter;
  /** The runtime client for a target's Region (`undefined`: the gateway's own client). */
  clientFor(region: string | undefined): BedrockRuntimeClient;
  /** A draw in [0, 1) for weighted routes and jitter. */
  readonly random: () => number;
  /** Epoch ms, for deadlines. */
  readonly now: () => number;
  /** Waits `ms`, rejecting when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Options of `createResilience`. */
interface ResilienceOptions {
  readonly settings: ResilienceSettings;
  readonly routes: RouteTable;
  /** The client of the gateway's own Region. */
  readonly bedrock: BedrockRuntimeClient;
  /** Builds a client for another Region. @default - targets in other Regions use the default client */
  readonly createRegionalClient?: (region: string) => BedrockRuntimeClient;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default a timer that honours the abort signal */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Limits of individual targets (from the routing table's `maxConcurrent`). @default - none */
  readonly targetLimits?: ReadonlyMap<string, number>;
}

/** The single key of the per-instance request limiter. */
const INSTANCE_KEY = 'instance';

/** A target's `maxConcurrent` in the routing table as it is now (a live catalog's table changes). */
function routeLimitOf(routes: RouteTable, key: string): number | undefined {
  for (const route of routes.values()) {
    for (const target of route.targets) if (target.key === key && target.maxConcurrent !== undefined) return target.maxConcurrent;
  }
  return undefined;
}

/**
 * Builds the resilience service. Breaker state changes are logged (`warn` when a circuit opens)
 * and counted (`BreakerOpened`), since they affect every request of the instance.
 */
function createResilience(options: ResilienceOptions): GatewayResilience {
  const { settings, logger, metrics } = options;
  const now = options.now ?? Date.now;
  const breakers = new CircuitBreakerRegistry({
    failureThreshold: settings.breakerFailureThreshold,
    cooldownMs: settings.breakerCooldownMs,
    now,
    onTransition(transition) {
      if (transition.to === 'open') {
        metrics.addMetric(METRIC.breakerOpened, MetricUnit.Count, 1);
        logger.warn('circuit breaker opened', { ...transition, cooldownMs: settings.breakerCooldownMs });
      } else {
        logger.info('circuit breaker state changed', { ...transition });
      }
    },
  });
  const regional = new Map<string, BedrockRuntimeClient>();
  return {
    settings,
    routes: options.routes,
    breakers,
    requestLimiter: new ConcurrencyLimiter(() => settings.maxConcurrentRequests),
    targetLimiter: new ConcurrencyLimiter((key) => options.targetLimits?.get(key) ?? routeLimitOf(options.routes, key) ?? settings.maxConcurrentPerModel),
    clientFor(region) {
      if (region === undefined || options.createRegionalClient === undefined) return options.bedrock;
      let client = regional.get(region);
      if (client === undefined) {
        client = options.createRegionalClient(region);
        regional.set(region, client);
      }
      return client;
    },
    random: options.random ?? Math.random,
    now,
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
  };
}

export { INSTANCE_KEY, createResilience };
export type { GatewayResilience, ResilienceOptions };
