/**
 * @module Admin API Lambda entry: the shared pipeline with the admin routes, buffered (no streaming).
 *
 * API Gateway authorises `/admin` with AWS_IAM, so every request arrives with the caller's ARN.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { lazyAwsListingSource, regionOfEnvironment } from '../catalog/lazy-aws-listing-source';
import { createGatewayApp } from '../gateway/app';
import { createServicesFromEnvironment } from '../gateway/services-factory';
import { bufferedLambdaHandler } from '../platform/lambda-adapters';
import { createAdminRoutes } from './routes';

let app: ((event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>) | undefined;

/** The admin Lambda handler; services are built on the first invocation and reused. */
const handler = (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  if (app === undefined) {
    const { services, ledger, alerts } = createServicesFromEnvironment({ listingSource: lazyAwsListingSource(regionOfEnvironment()) });
    app = bufferedLambdaHandler(createGatewayApp(services, createAdminRoutes({ ledger, alerts })));
  }
  return app(event);
};

export { handler };
