/**
 * @module Builds the gateway's services from the environment: the one wiring the Lambda entries and
 * the local runner share, so both run the same code against whatever endpoints the AWS SDK is given
 * (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_DYNAMODB` and the rest of the standard chain).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { createPrincipalSessions } from '../audit/principal-sessions';
import type { AlertPublisher } from '../budget-alerts/alert-publishers';
import { createAlertStore, type AlertStore } from '../budget-alerts/alert-store';
import { createBudgetAlerts } from '../budget-alerts/budget-alerts';
import { alertPublishersOf } from '../budget-alerts/destinations';
import { bedrockEndpointCheck, bedrockRuntimeEndpoint, dynamoDbCheck } from '../health/dependency-checks';
import { createReadiness } from '../health/readiness';
import type { Logger } from '@aws-lambda-powertools/logger';
import { RefreshableCatalog, createModelCatalog, parseCatalogOptions, type LiveListingSource, type ModelCatalog } from '../catalog';
import { createAdminAuthorizer } from '../identity/admin-authorizer';
import { createAuthenticator } from '../identity/authenticator';
import { createDynamoLedger, type Ledger } from '../ledger/ledger';
import { createBackgroundTasks } from '../platform/background-tasks';
import { readRuntimeConfig, type RuntimeConfig } from '../platform/config';
import { bedrockClientConfig } from '../resilience/bedrock-client-config';
import { createResilience } from '../resilience/resilience-service';
import { loadRouteTable } from '../routing/route-config';
import { resolveTeamInferenceProfiles } from '../routing/team-inference-profiles';
import { ENV } from '../platform/env-names';
import { getLogger, getMetrics } from '../platform/observability';
import { createResponseStore } from '../responses/response-store';
import type { GatewayServices } from './services';

/** What a runtime gets back: the services, and the stores of the admin routes (the ledger also for the dev key). */
interface EnvironmentServices {
  readonly services: GatewayServices;
  readonly ledger: Ledger;
  readonly alerts: AlertStore;
}

/** Injectable pieces for tests and the local runner. */
interface ServicesFactoryOptions {
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a client from the default chain */
  readonly dynamo?: DynamoDBClient;
  /** @default a client from the default chain, one SDK attempt per call (see `bedrockClientConfig`) */
  readonly bedrock?: BedrockRuntimeClient;
  /** Extra alert destinations (tests' recording publisher). @default none */
  readonly alertPublishers?: readonly AlertPublisher[];
  /**
   * Where the live listing comes from when `GATEWAY_CATALOG_REFRESH` is on.
   * @default the Bedrock control plane and the AWS Price List (`createAwsListingSource`)
   */
  readonly listingSource?: LiveListingSource;
}

/**
 * The AWS listing source, its SDK clients loaded on the first fetch: a gateway without the live
 * catalog never loads them, and one with it loads them off the cold start's critical path.
 */
function lazyAwsListingSource(region: string): LiveListingSource {
  let source: Promise<LiveListingSource> | undefined;
  return {
    async fetch() {
      // `require`, not `import()`: this CommonJS module would load an ES module through `import()` (Node16 resolution).
      source ??= Promise.resolve().then(() => {
        const { BedrockClient } = require('@aws-sdk/client-bedrock') as typeof import('@aws-sdk/client-bedrock');
        const { PricingClient } = require('@aws-sdk/client-pricing') as typeof import('@aws-sdk/client-pricing');
        const { createAwsListingSource } = require('../catalog/aws-listing-source') as typeof import('../catalog/aws-listing-source');
        return createAwsListingSource({ bedrock: new BedrockClient({ region }), pricing: new PricingClient({ region: PRICE_LIST_REGION }), region });
      });
      return (await source).fetch();
    },
  };
}

/** The Price List API's Region when no endpoint is configured (it is served in us-east-1, eu-central-1 and ap-south-1). */
const PRICE_LIST_REGION = 'us-east-1';

/**
 * The catalog: the built-in table and `GATEWAY_CATALOG`, merged with the live listing when
 * `GATEWAY_CATALOG_REFRESH` is on (the first fetch starts now, at cold start).
 */
function createCatalog(config: RuntimeConfig, options: ServicesFactoryOptions, logger: Logger): ModelCatalog {
  const catalogOptions = config.catalogJson === undefined ? {} : parseCatalogOptions(config.catalogJson, ENV.catalog);
  if (!config.catalogRefresh.enabled) return createModelCatalog(catalogOptions);
  const region = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
  const source = options.listingSource ?? lazyAwsListingSource(region);
  const catalog = new RefreshableCatalog({ options: catalogOptions, source, maxAgeMs: config.catalogRefresh.maxAgeMs, logger });
  catalog.start();
  return catalog;
}

/** Creates every process-wide dependency once; call at cold start. */
function createServicesFromEnvironment(options: ServicesFactoryOptions = {}): EnvironmentServices {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const config = readRuntimeConfig(env);
  const logger = getLogger();
  const metrics = getMetrics();
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  const background = createBackgroundTasks((error) => {
    logger.error('background task failed', { error: error as Error });
  });
  const alerts = createAlertStore({ client: dynamo, tableName: config.tableName });
  const budgetAlerts = createBudgetAlerts({
    store: alerts,
    publishers: [...alertPublishersOf(config.alerts, logger), ...(options.alertPublishers ?? [])],
    background,
    logger,
    metrics,
  });
  const ledger = createDynamoLedger({
    client: dynamo,
    tableName: config.tableName,
    usageRetentionDays: config.usageRetentionDays,
    staleReservationAfterMs: config.staleReservationAfterMs,
    now,
    logger,
    metrics,
    onBudgetSpend: budgetAlerts.onBudgetSpend,
  });
  const catalog = createCatalog(config, options, logger);
  const { connectTimeoutMs } = config.resilience;
  const bedrock = options.bedrock ?? new BedrockRuntimeClient(bedrockClientConfig({ connectTimeoutMs }));
  const resilience = createResilience({
    settings: config.resilience,
    routes: config.routesJson === undefined ? new Map() : loadRouteTable(config.routesJson, catalog, ENV.routes),
    bedrock,
    // An injected client (tests) serves every Region; otherwise each Region gets its own client.
    ...(options.bedrock === undefined
      ? { createRegionalClient: (region: string) => new BedrockRuntimeClient(bedrockClientConfig({ connectTimeoutMs, region })) }
      : {}),
    logger,
    metrics,
    now,
  });
  const services: GatewayServices = {
    config,
    catalog,
    ...(catalog.freshen === undefined ? {} : { freshenCatalog: () => catalog.freshen?.() ?? Promise.resolve() }),
    bedrock,
    resilience,
    authenticator: createAuthenticator({ keys: ledger.keys, jwtIssuers: config.jwtIssuersJson, sts: config.sts, now }),
    adminAuthorizer: createAdminAuthorizer({ adminToken: env[ENV.adminToken], principals: config.adminPrincipals }),
    meter: ledger.meter,
    responses: createResponseStore({ client: dynamo, tableName: config.tableName, retentionDays: config.responseRetentionDays, now }),
    logger,
    metrics,
    now,
    background,
    ...(config.auditRoleArn === undefined
      ? {}
      : {
          principalSessions: createPrincipalSessions({
            roleArn: config.auditRoleArn,
            sts: new STSClient({}),
            // Each principal's client reuses the Region's client's connection pool.
            createClient: (region, credentials) => {
              const base = region === undefined ? bedrock : resilience.clientFor(region);
              return new BedrockRuntimeClient({ region: region ?? base.config.region, maxAttempts: 1, requestHandler: base.config.requestHandler, credentials });
            },
            now,
          }),
        }),
    teamInferenceProfiles: resolveTeamInferenceProfiles(config.teamInferenceProfiles, catalog, ENV.teamInferenceProfiles),
    readiness: createReadiness({
      checks: [dynamoDbCheck({ client: dynamo, tableName: config.tableName }), bedrockEndpointCheck(() => bedrockRuntimeEndpoint(bedrock, env))],
      onFailure: (dependency, error) => {
        logger.warn('readiness check failed', { dependency, error: error as Error });
      },
      now,
    }),
  };
  return { services, ledger, alerts };
}

export { createServicesFromEnvironment };
export type { EnvironmentServices, ServicesFactoryOptions };
