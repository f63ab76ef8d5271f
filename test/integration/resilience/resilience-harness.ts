/**
 * @module Harness for the resilience tests: the Bedrock emulator and the gateway with a routing
 * table, small timeouts, an injectable clock and random draw, and spied logs and metrics.
 *
 * The shared OpenAI harness runs the production wiring; this one builds the services itself so the
 * tests can move the breaker's clock and pick weighted targets deterministically.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import OpenAI from 'openai';
import { createModelCatalog } from '../../../lambda/catalog';
import { createGatewayApp } from '../../../lambda/gateway/app';
import { modelRoutes } from '../../../lambda/gateway/routes';
import type { GatewayServices } from '../../../lambda/gateway/services';
import type { AdmissionInput, RequestMeter, UsageOutcome } from '../../../lambda/ledger/meter-types';
import { readRuntimeConfig } from '../../../lambda/platform/config';
import { AuthenticationError } from '../../../lambda/platform/errors';
import { createResilience } from '../../../lambda/resilience/resilience-service';
import type { ResilienceSettings } from '../../../lambda/resilience/resilience-settings';
import { bedrockClientConfig } from '../../../lambda/resilience/bedrock-client-config';
import { loadRouteTable } from '../../../lambda/routing/route-config';
import { startBedrockEmulator, type BedrockEmulator } from '../../../local/bedrock-emulator';
import { startHttpAdapter, type RunningHttpServer } from '../../../local/http-adapter';

/** The routing table every resilience test runs with. */
const TEST_ROUTES = {
  'chat-ha': ['claude-sonnet-4-5', 'nova-pro'],
  'chat-down': ['nova-micro', 'nova-lite'],
  'chat-breaker': ['llama3-1-8b', 'llama3-1-70b'],
  'chat-weighted': { strategy: 'weighted', targets: [{ model: 'nova-micro', weight: 3 }, { model: 'nova-lite', weight: 1 }] },
  'chat-long': ['mistral-small-2402', 'nova-pro'],
  'chat-cheap-first': ['nova-micro', 'claude-sonnet-4-5'],
  'chat-limited': [{ model: 'nova-lite', maxConcurrent: 1 }],
  'embed-ha': ['titan-embed-text-v2', 'cohere-embed-english-v3'],
};

/** Small limits so every fault resolves in well under a second. */
const TEST_SETTINGS: Partial<ResilienceSettings> = {
  maxAttempts: 6,
  attemptsPerTarget: 2,
  baseDelayMs: 5,
  maxDelayMs: 20,
  retryDeadlineMs: 600_000,
  firstByteTimeoutMs: 300,
  streamIdleTimeoutMs: 300,
  responseTimeoutMs: 5000,
  keepAliveIntervalMs: 40,
  breakerFailureThreshold: 3,
  breakerCooldownMs: 60_000,
};

/** A meter double: admits everything and records what it was told. */
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
}

interface ResilienceHarness {
  readonly emulator: BedrockEmulator;
  readonly server: RunningHttpServer;
  readonly meter: RecordingMeter;
  readonly services: GatewayServices;
  readonly url: string;
  /** Moves the breakers' clock forward. */
  advanceClock(ms: number): void;
  /** Sets the draw weighted routes get. */
  setRandom(value: number): void;
  /** Names of the metrics added, in order. */
  metricNames(): string[];
  /** Messages logged at `level`, with their fields. */
  logged(level: 'info' | 'warn'): { message: string; fields: Record<string, unknown> }[];
  /** Bedrock calls the emulator received for a (resolved) model id. */
  calls(modelId: string): number;
  client(): OpenAI;
  reset(): void;
  close(): Promise<void>;
}

/** How the harness reaches Bedrock. */
interface HarnessTransport {
  /**
   * Through the emulator's TLS listener with the gateway's own client settings (`bedrockClientConfig`),
   * as a deployed gateway reaches Bedrock. @default false - the SDK's default client over cleartext HTTP/2
   */
  readonly overTls?: boolean;
}

async function startResilienceHarness(overrides: Partial<ResilienceSettings> = {}, transport: HarnessTransport = {}): Promise<ResilienceHarness> {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const emulator = await startBedrockEmulator(transport.overTls === true ? { tls: {} } : {});
  const meter = new RecordingMeter();
  const catalog = createModelCatalog();
  const base = readRuntimeConfig({});
  const config = { ...base, resilience: { ...base.resilience, ...TEST_SETTINGS, ...overrides } };
  let clockOffsetMs = 0;
  let random = 0;
  const now = (): number => Date.now() + clockOffsetMs;
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const info = jest.spyOn(logger, 'info');
  const warn = jest.spyOn(logger, 'warn');
  const addMetric = jest.spyOn(metrics, 'addMetric');
  const routes = loadRouteTable(TEST_ROUTES, catalog);
  const newResilience = () => createResilience({ settings: config.resilience, routes, bedrock, logger, metrics, now, random: () => random });
  const credentials = { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' };
  const bedrock =
    emulator.tls === undefined
      ? new BedrockRuntimeClient({ region: 'us-east-1', endpoint: emulator.runtimeUrl, credentials, maxAttempts: 1 })
      : new BedrockRuntimeClient({
          ...bedrockClientConfig({ connectTimeoutMs: config.resilience.connectTimeoutMs, region: 'us-east-1', trustedCertificates: emulator.tls.certificatePem }),
          endpoint: emulator.tls.url,
          credentials,
        });
  let resilience = newResilience();
  const services: GatewayServices = {
    config,
    catalog,
    bedrock,
    authenticator: {
      async authenticate(request) {
        if (request.headers.authorization !== 'Bearer sk-test') throw new AuthenticationError();
        return { id: 'key_test', kind: 'key' };
      },
    },
    adminAuthorizer: {
      async authorize() {
        throw new AuthenticationError();
      },
    },
    meter,
    // The resilience tests call chat and embeddings only.
    responses: new Proxy({} as GatewayServices['responses'], {
      get: () => {
        throw new Error('the resilience harness has no response store');
      },
    }),
    logger,
    metrics,
    // A getter, so `reset` can start each test with fresh breakers.
    get resilience() {
      return resilience;
    },
    now: () => Date.now(),
  };
  const server = await startHttpAdapter(createGatewayApp(services, modelRoutes), { port: 0, maxBodyBytes: config.maxBodyBytes });
  const logged = (spy: jest.SpyInstance) => () =>
    spy.mock.calls.map(([message, fields]) => ({ message: String(message), fields: (fields ?? {}) as Record<string, unknown> }));
  return {
    emulator,
    server,
    meter,
    services,
    url: server.url,
    advanceClock(ms) {
      clockOffsetMs += ms;
    },
    setRandom(value) {
      random = value;
    },
    metricNames: () => addMetric.mock.calls.map(([name]) => name),
    logged: (level) => (level === 'info' ? logged(info) : logged(warn))(),
    client: () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
    calls(modelId) {
      return emulator.requests.filter((request) => request.resolvedModelId === modelId).length;
    },
    reset() {
      emulator.reset();
      resilience = newResilience();
      clockOffsetMs = 0;
      meter.admissions.length = 0;
      meter.settlements.length = 0;
      info.mockClear();
      warn.mockClear();
      addMetric.mockClear();
    },
    async close() {
      await server.close();
      await emulator.close();
      bedrock.destroy();
    },
  };
}

export { RecordingMeter, TEST_ROUTES, TEST_SETTINGS, startResilienceHarness };
export type { HarnessTransport, ResilienceHarness };
