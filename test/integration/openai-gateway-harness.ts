/**
 * @module Integration harness for the OpenAI routes: the Bedrock emulator, the real catalog, the real
 * DynamoDB ledger (dynalite in-process) and a real BedrockRuntimeClient, wired by the same services
 * factory the Lambda uses, served through the local HTTP adapter and called with the `openai` SDK.
 *
 * `RecordingMeter` wraps the real meter only to let tests read what was admitted and settled.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PricingClient } from '@aws-sdk/client-pricing';
import OpenAI from 'openai';
import { createAdminRoutes } from '../../lambda/admin/routes';
import { createGatewayApp } from '../../lambda/gateway/app';
import { modelRoutes } from '../../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../../lambda/gateway/services-factory';
import type { GatewayServices } from '../../lambda/gateway/services';
import type { Ledger } from '../../lambda/ledger/ledger';
import type { GatewayHandler } from '../../lambda/platform/http-types';
import type { Admission, AdmissionInput, RequestMeter, UsageOutcome } from '../../lambda/ledger/meter-types';
import { startBedrockEmulator, type BedrockEmulator, type BedrockEmulatorOptions } from '../../local/bedrock-emulator';
import { createAwsListingSource } from '../../lambda/catalog/aws-listing-source';
import type { LiveListingSource } from '../../lambda/catalog/live-catalog';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import { startHttpAdapter, type RunningHttpServer } from '../../local/http-adapter';

/** Static credentials every test client signs with (the emulator checks none). */
const TEST_CREDENTIALS = { accessKeyId: 'AKIATEST', secretAccessKey: 'test-secret' };

/** Bearer token of the admin API in these tests. */
const ADMIN_TOKEN = 'integration-admin-token';

/** Virtual keys created in the ledger at start, by the alias tests use. */
const TEST_KEYS = {
  'sk-test': { secret: 'sk-integration-default-key-0001', name: 'integration', team: 'search' },
  'sk-limited': { secret: 'sk-integration-limited-key-0001', name: 'limited', models: ['nova-micro', 'titan-embed-text-v2'] },
} as const;
type TestKeyAlias = keyof typeof TEST_KEYS;

/**
 * Records what the real meter was asked to admit and settle, in order, and delegates to it. Calls
 * admitted before the last `reset()` are not recorded, so a test never sees a late settlement of the
 * test before it.
 */
class RecordingMeter implements RequestMeter {
  readonly admissions: AdmissionInput[] = [];
  readonly settlements: UsageOutcome[] = [];
  private generation = 0;
  private written = 0;

  constructor(private readonly inner: RequestMeter) {}

  async admit(input: AdmissionInput): Promise<Admission> {
    const generation = this.generation;
    this.admissions.push(input);
    const admission = await this.inner.admit(input);
    return {
      settle: async (outcome: UsageOutcome) => {
        if (generation === this.generation) this.settlements.push(outcome);
        await admission.settle(outcome);
        if (generation === this.generation) this.written += 1;
      },
    };
  }

  /** Resolves once `count` settlements were written to the ledger (streams settle after their last byte). */
  async settled(count: number, timeoutMs = 5000): Promise<UsageOutcome[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.written < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} settlements, got ${this.written}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.settlements;
  }

  reset(): void {
    this.generation += 1;
    this.written = 0;
    this.admissions.length = 0;
    this.settlements.length = 0;
  }
}

interface OpenAIGatewayHarness {
  readonly emulator: BedrockEmulator;
  readonly server: RunningHttpServer;
  readonly meter: RecordingMeter;
  readonly ledger: Ledger;
  /** The pipeline itself, for driving it through another adapter (e.g. the Lambda entry). */
  readonly app: GatewayHandler;
  /** The services the gateway was built with (its catalog among them). */
  readonly services: GatewayServices;
  /** Key ids by alias, for usage queries. */
  readonly keyIds: Readonly<Record<TestKeyAlias, string>>;
  /** `http://127.0.0.1:PORT` of the gateway. */
  readonly url: string;
  /** Calls the admin API with the admin token. */
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  /** An SDK client with a test key alias or a raw key, retries off so faults show as they are. */
  client(apiKey?: TestKeyAlias | (string & {})): OpenAI;
  reset(): void;
  close(): Promise<void>;
}

/** Options of the harness. */
interface OpenAIGatewayHarnessOptions {
  /** Extra gateway environment (e.g. `GATEWAY_CATALOG`). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Options of the Bedrock emulator (extra models, a price list). @default {} */
  readonly emulator?: BedrockEmulatorOptions;
  /**
   * The live catalog: `GATEWAY_CATALOG_REFRESH=true` (the gateway reads the catalog snapshot from the
   * ledger table), and the admin refresh fetching with the real AWS listing source (BedrockClient,
   * PricingClient) pointed at the emulator's control plane. @default false
   */
  readonly liveCatalog?: boolean;
  /**
   * Runs after the emulator and the ledger table exist, before the gateway is built (its cold
   * start), e.g. the maintenance run that writes the catalog snapshot. @default - nothing
   */
  readonly beforeGateway?: (context: HarnessInfrastructure) => Promise<void>;
}

/** What `beforeGateway` gets: the emulator, the ledger table and a listing source over the emulator. */
interface HarnessInfrastructure {
  readonly emulator: BedrockEmulator;
  readonly dynamo: DynamoDBClient;
  readonly tableName: string;
  /** The AWS listing source (real SDK clients) pointed at the emulator's control plane. */
  readonly listingSource: LiveListingSource;
}

/** The AWS listing source over the emulator's control plane and Price List, in us-east-1. */
function emulatorListingSource(emulator: BedrockEmulator, pricingEndpoint = emulator.controlUrl): LiveListingSource {
  return createAwsListingSource({
    bedrock: new BedrockClient({ region: 'us-east-1', endpoint: emulator.controlUrl, credentials: TEST_CREDENTIALS }),
    pricing: new PricingClient({ region: 'us-east-1', endpoint: pricingEndpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
    region: 'us-east-1',
  });
}

async function startOpenAIGatewayHarness(options: OpenAIGatewayHarnessOptions = {}): Promise<OpenAIGatewayHarness> {
  const emulator = await startBedrockEmulator(options.emulator);
  const dynamo = await startEmbeddedDynamoDb();
  const dynamoClient = createEmbeddedDynamoDbClient(dynamo.endpoint);
  const tableName = 'integration-ledger';
  await createLedgerTable(dynamoClient, tableName);
  // Retries belong to the gateway's resilience layer, not the SDK: one attempt per call here.
  const bedrock = new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.runtimeUrl,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  const listingSource = emulatorListingSource(emulator);
  await options.beforeGateway?.({ emulator, dynamo: dynamoClient, tableName, listingSource });
  const { services, ledger, alerts } = createServicesFromEnvironment({
    // One attempt: these tests check how each single Bedrock fault surfaces; resilience has its own suite.
    env: { GATEWAY_TABLE_NAME: tableName, GATEWAY_ADMIN_TOKEN: ADMIN_TOKEN, GATEWAY_RETRY_MAX_ATTEMPTS: '1', ...(options.liveCatalog === true ? { GATEWAY_CATALOG_REFRESH: 'true' } : {}), ...options.env },
    dynamo: dynamoClient,
    bedrock,
    ...(options.liveCatalog === true ? { listingSource } : {}),
  });
  const keyIds = {} as Record<TestKeyAlias, string>;
  for (const [alias, key] of Object.entries(TEST_KEYS) as [TestKeyAlias, (typeof TEST_KEYS)[TestKeyAlias]][]) {
    keyIds[alias] = (await ledger.keys.create({ ...key, models: 'models' in key ? [...key.models] : undefined })).record.id;
  }
  const meter = new RecordingMeter(services.meter);
  const app = createGatewayApp({ ...services, meter }, [...modelRoutes, ...createAdminRoutes({ ledger, alerts })]);
  const server = await startHttpAdapter(app, { port: 0, maxBodyBytes: services.config.maxBodyBytes });
  return {
    emulator,
    server,
    meter,
    ledger,
    app,
    services,
    keyIds,
    url: server.url,
    client: (apiKey = 'sk-test') =>
      new OpenAI({ baseURL: `${server.url}/v1`, apiKey: apiKey in TEST_KEYS ? TEST_KEYS[apiKey as TestKeyAlias].secret : apiKey, maxRetries: 0 }),
    async admin(method, path, body) {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json() };
    },
    reset() {
      emulator.reset();
      meter.reset();
    },
    async close() {
      await server.close();
      await emulator.close();
      bedrock.destroy();
      dynamoClient.destroy();
      await dynamo.close();
    },
  };
}

export { ADMIN_TOKEN, RecordingMeter, TEST_KEYS, emulatorListingSource, startOpenAIGatewayHarness };
export type { HarnessInfrastructure, OpenAIGatewayHarness, OpenAIGatewayHarnessOptions, TestKeyAlias };
