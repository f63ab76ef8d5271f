/**
 * @module Builds the gateway's services from the environment: the one wiring the Lambda entries and
 * the local runner share, so both run the same code against whatever endpoints the AWS SDK is given
 * (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_DYNAMODB` and the rest of the standard chain).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createAlertStore, type AlertStore } from '../budget-alerts/alert-store';
import { createModelCatalog, parseCatalogOptions } from '../catalog';
import { createAdminAuthorizer } from '../identity/admin-authorizer';
import { createAuthenticator } from '../identity/authenticator';
import { createDynamoLedger, type Ledger } from '../ledger/ledger';
import { readRuntimeConfig } from '../platform/config';
import { bedrockClientConfig } from '../resilience/bedrock-client-config';
import { createResilience } from '../resilience/resilience-service';
import { loadRouteTable } from '../routing/route-config';
import { ENV } from '../platform/env-names';
import { getLogger, getMetrics } from '../platform/observability';
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
}

/** Creates every process-wide dependency once; call at cold start. */
function createServicesFromEnvironment(options: ServicesFactoryOptions = {}): EnvironmentServices {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const config = readRuntimeConfig(env);
  const logger = getLogger();
  const metrics = getMetrics();
  const dynamo = options.dynamo ?? new DynamoDBClient({});
  const ledger = createDynamoLedger({
    client: dynamo,
    tableName: config.tableName,
    usageRetentionDays: config.usageRetentionDays,
    staleReservationAfterMs: config.staleReservationAfterMs,
    now,
    logger,
    metrics,
  });
  const catalog = createModelCatalog(config.catalogJson === undefined ? {} : parseCatalogOptions(config.catalogJson, ENV.catalog));
  const { connectTimeoutMs } = config.resilience;
  const bedrock = options.bedrock ?? new BedrockRuntimeClient(bedrockClientConfig({ connectTimeoutMs }));
  const services: GatewayServices = {
    config,
    catalog,
    bedrock,
    resilience: createResilience({
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
    }),
    authenticator: createAuthenticator({ keys: ledger.keys, jwtIssuers: config.jwtIssuersJson, sts: config.sts, now }),
    adminAuthorizer: createAdminAuthorizer({ adminToken: env[ENV.adminToken], principals: config.adminPrincipals }),
    meter: ledger.meter,
    logger,
    metrics,
    now,
  };
  return { services, ledger, alerts: createAlertStore({ client: dynamo, tableName: config.tableName }) };
}

export { createServicesFromEnvironment };
export type { EnvironmentServices, ServicesFactoryOptions };
