/**
 * @module Services for pipeline unit tests: real logger and metrics (silenced), doubles elsewhere.
 *
 * Model routes are tested end to end against the real catalog, ledger and emulator; these doubles
 * exist only so the pipeline's own behaviour can be tested in isolation.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { GatewayServices } from '../../lambda/gateway/services';
import { readRuntimeConfig } from '../../lambda/platform/config';
import { createResilience } from '../../lambda/resilience/resilience-service';

function unused(name: string): never {
  throw new Error(`${name} is not available in pipeline unit tests`);
}

function createStubServices(overrides: Partial<GatewayServices> = {}): GatewayServices {
  const config = readRuntimeConfig({});
  const bedrock = new Proxy({}, { get: () => unused('bedrock') }) as GatewayServices['bedrock'];
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  return {
    config,
    catalog: new Proxy({}, { get: () => unused('catalog') }) as GatewayServices['catalog'],
    bedrock,
    meter: { admit: async () => unused('meter') },
    responses: new Proxy({}, { get: () => unused('responses') }) as GatewayServices['responses'],
    authenticator: { authenticate: async () => ({ id: 'key_test', kind: 'key' }) },
    adminAuthorizer: { authorize: async () => ({ actor: 'admin' }) },
    logger,
    metrics,
    resilience: createResilience({ settings: config.resilience, routes: new Map(), bedrock, logger, metrics }),
    now: () => Date.now(),
    ...overrides,
  };
}

export { createStubServices };
