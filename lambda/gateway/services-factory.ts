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
import { RefreshableCatalog, createModelCatalog, parseCatalogOptions, type CatalogRefreshReport, type LiveListingSource, type ModelCatalog } from '../catalog';
import { fetchIntoSnapshot } from '../catalog/snapshot-refresh';
import { createCatalogSnapshotStore } from '../catalog/snapshot-store';
import { createAdminAuthorizer } from '../identity/admin-authorizer';
import { createAuthenticator } from '../identity/authenticator';
import { createDynamoLedger, type Ledger } from '../ledger/ledger';
import { createBackgroundTasks } from '../platform/background-tasks';
import { readRuntimeConfig, type RuntimeConfig } from '../platform/config';
import { bedrockClientConfig } from '../resilience/bedrock-client-config';
import { createResilience } from '../resilience/resilience-service';
import { CatalogBoundRouteTable } from '../routing/catalog-bound-routes';
import { loadRouteTable, parseRoutesConfig } from '../routing/route-config';
import type { RouteTable } from '../routing/route-types';
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
   * Where the admin refresh (and `npm start`) fetch the live listing when `GATEWAY_CATALOG_REFRESH`
   * is on; the catalog itself reads the snapshot in the ledger table. Passed by the entries that
   * fetch (admin, `npm start`: `lazyAwsListingSource`), so the gateway's bundle carries no
   * control-plane client.
   * @default none: no `refreshCatalogSnapshot`
   */
  readonly listingSource?: LiveListingSource;
}

/** The catalog, and how the admin refresh brings its snapshot up to date (live catalog only). */
interface CatalogServices {
  readonly catalog: ModelCatalog;
  readonly refreshCatalogSnapshot?: () => Promise<CatalogRefreshReport>;
}

/**
 * The catalog: the built-in table and `GATEWAY_CATALOG`, merged with the live listing when
 * `GATEWAY_CATALOG_REFRESH` is on. The listing is the snapshot in the ledger table (one GetItem,
 * started now, at cold start); this process never calls the control planes unless the admin
 * refresh asks it to (`refreshCatalogSnapshot`: fetch, write the snapshot, merge it here).
 */
function createCatalog(config: RuntimeConfig, options: ServicesFactoryOptions, dynamo: DynamoDBClient, logger: Logger): CatalogServices {
  const catalogOptions = config.catalogJson === undefined ? {} : parseCatalogOptions(config.catalogJson, ENV.catalog);
  if (!config.catalogRefresh.enabled) return { catalog: createModelCatalog(catalogOptions) };
  const store = createCatalogSnapshotStore({ client: dynamo, tableName: config.tableName });
  const catalog = new RefreshableCatalog({ options: catalogOptions, source: { fetch: () => store.read() }, maxAgeMs: config.catalogRefresh.maxAgeMs, logger });
  catalog.start();
  const source = options.listingSource;
  if (source === undefined) return { catalog };
  return {
    catalog,
    refreshCatalogSnapshot: async () => catalog.use((await fetchIntoSnapshot(source, store)).listing),
  };
}

/**
 * The routing table. With the live catalog it follows the catalog: a target naming a model only the
 * live listing brings is served once a snapshot brings it (left out, with a warning, until then).
 */
function routeTableOf(config: RuntimeConfig, catalog: ModelCatalog, logger: Logger): RouteTable {
  if (config.routesJson === undefined) return new Map();
  if (!config.catalogRefresh.enabled) return loadRouteTable(config.routesJson, catalog, ENV.routes);
  return new CatalogBoundRouteTable(parseRoutesConfig(config.routesJson, ENV.routes), catalog, ENV.routes, (unresolved) =>
    logger.warn('routes name models the catalog does not serve (yet); those targets wait for the live catalog', { unresolved }),
  );
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
  const { catalog, refreshCatalogSnapshot } = createCatalog(config, options, dynamo, logger);
  const { connectTimeoutMs } = config.resilience;
  const bedrock = options.bedrock ?? new BedrockRuntimeClient(bedrockClientConfig({ connectTimeoutMs }));
  const resilience = createResilience({
    settings: config.resilience,
    routes: routeTableOf(config, catalog, logger),
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
    ...(refreshCatalogSnapshot === undefined ? {} : { refreshCatalogSnapshot }),
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
