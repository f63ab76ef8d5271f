/**
 * @module Admin API Lambda entry: the shared pipeline with the admin routes, buffered (no streaming).
 *
 * API Gateway authorises `/admin` with AWS_IAM, so every request arrives with the caller's ARN.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createModelCatalog, parseCatalogOptions } from '../catalog';
import { createGatewayApp } from '../gateway/app';
import type { GatewayServices } from '../gateway/services';
import { createAdminAuthorizer } from '../identity/admin-authorizer';
import { createAuthenticator } from '../identity/authenticator';
import { createDynamoLedger } from '../ledger/ledger';
import { bufferedLambdaHandler } from '../platform/lambda-adapters';
import { readRuntimeConfig } from '../platform/config';
import { getLogger, getMetrics } from '../platform/observability';
import { createAdminRoutes } from './routes';

let app: ((event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>) | undefined;

/** Builds the admin function's services from the environment, once per process. */
function adminAppFromEnvironment(): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const config = readRuntimeConfig();
  const logger = getLogger();
  const metrics = getMetrics();
  const ledger = createDynamoLedger({ client: new DynamoDBClient({}), tableName: config.tableName, usageRetentionDays: config.usageRetentionDays, logger });
  const services: GatewayServices = {
    config,
    catalog: createModelCatalog(config.catalogJson === undefined ? {} : parseCatalogOptions(config.catalogJson)),
    // The admin routes never call Bedrock; the client is created lazily by the SDK and never used.
    bedrock: new BedrockRuntimeClient({}),
    authenticator: createAuthenticator({ keys: ledger.keys }),
    adminAuthorizer: createAdminAuthorizer(),
    meter: ledger.meter,
    logger,
    metrics,
    now: Date.now,
  };
  return bufferedLambdaHandler(createGatewayApp(services, createAdminRoutes(ledger)));
}

/** The admin Lambda handler. */
const handler = (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  app ??= adminAppFromEnvironment();
  return app(event);
};

export { handler };
