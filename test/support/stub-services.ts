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

function unused(name: string): never {
  throw new Error(`${name} is not available in pipeline unit tests`);
}

function createStubServices(overrides: Partial<GatewayServices> = {}): GatewayServices {
  return {
    config: readRuntimeConfig({}),
    catalog: new Proxy({}, { get: () => unused('catalog') }) as GatewayServices['catalog'],
    bedrock: new Proxy({}, { get: () => unused('bedrock') }) as GatewayServices['bedrock'],
    meter: { admit: async () => unused('meter') },
    authenticator: { authenticate: async () => ({ id: 'key_test', kind: 'key' }) },
    adminAuthorizer: { authorize: async () => ({ actor: 'admin' }) },
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => Date.now(),
    ...overrides,
  };
}

export { createStubServices };
