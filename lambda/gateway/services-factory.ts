/**
 * @module Builds the gateway's services from the environment: the one wiring the Lambda entries and
 * the local runner share, so both run the same code against whatever endpoints the AWS SDK is given
 * (`AWS_ENDPOINT_URL_BEDROCK_RUNTIME`, `AWS_ENDPOINT_URL_DYNAMODB` and the rest of the standard chain).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { createLogPublisher, createSnsPublisher, type AlertPublisher } from '../budget-alerts/alert-publishers';
import { createAlertStore, type AlertStore } from '../budget-alerts/alert-store';
import { createBudgetAlerts } from '../budget-alerts/budget-alerts';
import { createWebhookPublisher } from '../budget-alerts/webhook-publisher';
import { createModelCatalog, parseCatalogOptions } from '../catalog';
import { bedrockEndpointCheck, bedrockRuntimeEndpoint, dynamoDbCheck } from '../health/dependency-checks';
import { createReadiness } from '../health/readiness';
import { createAdminAuthorizer } from '../identity/admin-authorizer';
import { createAuthenticator } from '../identity/authenticator';
import { createDynamoLedger, type Ledger } from '../ledger/ledger';
import { createBackgroundTasks } from '../platform/background-tasks';
import { readRuntimeConfig, type AlertSettings } from '../platform/config';
import { bedrockClientConfig } from '../resilience/bedrock-client-config';
import { createResilience } from '../resilience/resilience-service';
import { loadRouteTable } from '../routing/route-config';
import { resolveTeamInferenceProfiles } from '../routing/team-inference-profiles';
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
  /** Extra alert destinations (tests' recording publisher). @default none */
  readonly alertPublishers?: readonly AlertPublisher[];
}

/** The log, then SNS and the webhook when configured. */
function alertPublishersOf(settings: AlertSettings, logger: ReturnType<typeof getLogger>): AlertPublisher[] {
  const publishers = [createLogPublisher(logger)];
  if (settings.topicArn !== undefined) publishers.push(createSnsPublisher({ client: new SNSClient({}), topicArn: settings.topicArn }));
  if (settings.webhookUrl !== undefined) {
    publishers.push(
      createWebhookPublisher({ url: settings.webhookUrl, timeoutMs: settings.webhookTimeoutMs, allowPrivateNetworks: settings.webhookAllowPrivateNetworks }),
    );
  }
  return publishers;
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
    background,
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
