/**
 * @module Gateway Lambda entry: the model routes and the health routes behind API Gateway's response-streaming integration.
 */
import { streamingLambdaHandler } from '../platform/lambda-adapters';
import { createGatewayApp } from './app';
import { modelRoutes } from './routes';
import { healthRoutes } from './routes/health';
import { createServicesFromEnvironment } from './services-factory';

const { services } = createServicesFromEnvironment();
const app = createGatewayApp(services, [...healthRoutes, ...modelRoutes]);

/** The streaming handler API Gateway invokes through `InvokeWithResponseStream`. */
const handler = streamingLambdaHandler((request, sink) => {
  // Emits the ColdStarts metric once per execution environment.
  services.metrics.captureColdStartMetric();
  return app(request, sink);
});

export { handler };
