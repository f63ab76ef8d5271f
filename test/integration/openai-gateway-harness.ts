/**
 * @module Integration harness for the OpenAI routes: the Bedrock emulator, the real catalog and a
 * real BedrockRuntimeClient, served through the local HTTP adapter, called with the `openai` SDK.
 *
 * The meter and the authenticator here are TEST DOUBLES: they record admissions and settlements and
 * accept fixed keys. The real DynamoDB-backed ones have their own tests; these integration tests
 * move to them once the ledger lands.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import OpenAI from 'openai';
import { createModelCatalog } from '../../lambda/catalog';
import { createGatewayApp } from '../../lambda/gateway/app';
import { openAIRoutes } from '../../lambda/gateway/routes';
import type { GatewayServices } from '../../lambda/gateway/services';
import type { Principal } from '../../lambda/identity/principal';
import type { AdmissionInput, RequestMeter, UsageOutcome } from '../../lambda/ledger/meter-types';
import { readRuntimeConfig } from '../../lambda/platform/config';
import { AuthenticationError } from '../../lambda/platform/errors';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { startHttpAdapter, type RunningHttpServer } from '../../local/http-adapter';

/** Keys the test authenticator accepts, and the principal each one is. */
const TEST_PRINCIPALS: Readonly<Record<string, Principal>> = {
  'sk-test': { id: 'key_test', kind: 'key', team: 'search' },
  'sk-limited': { id: 'key_limited', kind: 'key', allowedModels: ['nova-micro', 'titan-embed-text-v2'] },
};

/** A meter double: admits everything and records what it was told, in order. */
class RecordingMeter implements RequestMeter {
  readonly admissions: AdmissionInput[] = [];
  readonly settlements: UsageOutcome[] = [];

  async admit(input: AdmissionInput) {
    this.admissions.push(input);
    return {
      settle: async (outcome: UsageOutcome) => {
        this.settlements.push(outcome);
      },
    };
  }

  /** Resolves once `count` settlements were recorded (streams settle after their last byte). */
  async settled(count: number, timeoutMs = 5000): Promise<UsageOutcome[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.settlements.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} settlements, got ${this.settlements.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.settlements;
  }

  reset(): void {
    this.admissions.length = 0;
    this.settlements.length = 0;
  }
}

interface OpenAIGatewayHarness {
  readonly emulator: BedrockEmulator;
  readonly server: RunningHttpServer;
  readonly meter: RecordingMeter;
  /** `http://127.0.0.1:PORT` of the gateway. */
  readonly url: string;
  /** An SDK client with the given key (default `sk-test`), retries off so faults show as they are. */
  client(apiKey?: string): OpenAI;
  reset(): void;
  close(): Promise<void>;
}

async function startOpenAIGatewayHarness(): Promise<OpenAIGatewayHarness> {
  // Keeps EMF lines out of test output; single metrics ignore the constructor's options.
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const emulator = await startBedrockEmulator();
  const meter = new RecordingMeter();
  const config = readRuntimeConfig({});
  const services: GatewayServices = {
    config,
    catalog: createModelCatalog(),
    // Retries belong to the gateway's resilience layer, not the SDK: one attempt per call here.
    bedrock: new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: emulator.runtimeUrl,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    }),
    authenticator: {
      async authenticate(request) {
        const key = (request.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        const principal = TEST_PRINCIPALS[key];
        if (principal === undefined) throw new AuthenticationError();
        return principal;
      },
    },
    adminAuthorizer: {
      async authorize() {
        throw new AuthenticationError();
      },
    },
    meter,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => Date.now(),
  };
  const server = await startHttpAdapter(createGatewayApp(services, openAIRoutes), { port: 0, maxBodyBytes: config.maxBodyBytes });
  return {
    emulator,
    server,
    meter,
    url: server.url,
    client: (apiKey = 'sk-test') => new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 }),
    reset() {
      emulator.reset();
      meter.reset();
    },
    async close() {
      await server.close();
      await emulator.close();
      services.bedrock.destroy();
    },
  };
}

export { RecordingMeter, TEST_PRINCIPALS, startOpenAIGatewayHarness };
export type { OpenAIGatewayHarness };
