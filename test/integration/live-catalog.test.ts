/**
 * @module The catalog that keeps itself current, end to end: the maintenance run fetches the
 * emulator's ListFoundationModels, ListInferenceProfiles and AWS Price List (GetProducts) through
 * the real AWS SDK clients into the catalog snapshot in the ledger table (embedded DynamoDB); a
 * gateway built by the services factory reads that snapshot (never the control planes), serves a
 * model only the listing and the price list know to the `openai` client, charged at the price
 * list's prices to the nano-dollar, and refuses a listed model without a price by name. A failed
 * fetch keeps the stored snapshot; the admin route refreshes it on demand.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createCatalogSnapshotStore, type CatalogSnapshotStore } from '../../lambda/catalog/snapshot-store';
import { refreshCatalogSnapshot } from '../../lambda/maintenance/catalog-snapshot-refresh';
import { DEFAULT_MODELS, type EmulatorModel, type EmulatorPrice } from '../../local/bedrock-emulator';
import { emulatorListingSource, startOpenAIGatewayHarness, type HarnessInfrastructure, type OpenAIGatewayHarness } from './openai-gateway-harness';

/** A Claude model AWS "shipped tomorrow": in the listing and the price list, not in the catalog's table. */
const SONNET_6: EmulatorModel = { modelId: 'anthropic.claude-sonnet-6', provider: 'Anthropic', name: 'Claude Sonnet 6', kind: 'chat', inputModalities: ['TEXT', 'IMAGE'], oneHourCache: true, inferenceProfiles: ['us', 'global'] };
/** Listed, but the price list has nothing for it. */
const NOVA_3: EmulatorModel = { modelId: 'amazon.nova-3-pro-v1:0', provider: 'Amazon', name: 'Nova 3 Pro', kind: 'chat' };

/**
 * Sonnet 6 in us-east-1, as AWS prices Claude: in the Marketplace offer (AmazonBedrockFoundationModels,
 * `servicename` "Claude Sonnet 6 (Amazon Bedrock Edition)", Units of a million tokens): $3.30 in
 * (3300 nano-USD per token), $16.50 out (16500), cache read $0.33, writes $4.125 / $6.60 (1h); the
 * global, batch and other-Region SKUs are not the catalog's price.
 */
const PRICE_LIST: EmulatorPrice[] = [
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3000000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_OutputTokenCount-Units', usd: '16.5000000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_CacheReadInputTokenCount-Units', usd: '0.3300000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_CacheWriteInputTokenCount-Units', usd: '4.1250000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_CacheWrite1hInputTokenCount-Units', usd: '6.6000000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_InputTokenCount_Global-Units', usd: '3.0000000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_InputTokenCount_Batch-Units', usd: '1.6500000000' },
  { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', regionCode: 'eu-west-1', usagetype: 'EU-MP:EU_InputTokenCount-Units', usd: '9.9000000000' },
];

const HOUR_MS = 3_600_000;
const CONTROL_PLANE_CALLS = ['ListFoundationModels', 'ListInferenceProfiles', 'GetProducts'];

let harness: OpenAIGatewayHarness;
let infrastructure: HarnessInfrastructure;
let store: CatalogSnapshotStore;
/** What the maintenance run returned before the gateway started. */
let firstRun: Awaited<ReturnType<typeof refreshCatalogSnapshot>>;
/** Control-plane calls the emulator saw before the gateway started. */
let callsBeforeGateway: number;

const silent = (): { logger: Logger; metrics: Metrics } => ({ logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }) });

const controlPlaneCalls = (): number => harness.emulator.requests.filter((entry) => CONTROL_PLANE_CALLS.includes(entry.operation)).length;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness({
    liveCatalog: true,
    // A route whose first target only the live listing brings, and an override of that model: both
    // wait for the snapshot instead of failing the cold start.
    env: {
      GATEWAY_ROUTES: JSON.stringify({ 'sonnet-latest': ['claude-sonnet-6', 'claude-haiku-4-5'] }),
      GATEWAY_CATALOG: JSON.stringify({ overrides: { 'claude-sonnet-6': { maxOutputTokens: 1000 } } }),
    },
    emulator: { models: [...DEFAULT_MODELS, SONNET_6, NOVA_3], priceList: PRICE_LIST },
    // The scheduled maintenance run, before the gateway's cold start: it writes the snapshot.
    beforeGateway: async (context) => {
      infrastructure = context;
      store = createCatalogSnapshotStore({ client: context.dynamo, tableName: context.tableName });
      firstRun = await refreshCatalogSnapshot({ source: context.listingSource, store, now: Date.now, ...silent() });
      callsBeforeGateway = context.emulator.requests.filter((entry) => CONTROL_PLANE_CALLS.includes(entry.operation)).length;
    },
  });
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.meter.reset();
});

describe('the maintenance run', () => {
  it('fetched the listing and the price list into the snapshot in the ledger table', async () => {
    expect(firstRun).toMatchObject({ status: 'refreshed', written: true, pricedModels: 1 });
    expect(callsBeforeGateway).toBeGreaterThanOrEqual(CONTROL_PLANE_CALLS.length);
    const snapshot = await store.read();
    expect(snapshot?.fetchedAt).toBe(firstRun.fetchedAt);
    expect(snapshot?.models.map((model) => model.modelId)).toEqual(expect.arrayContaining(['anthropic.claude-sonnet-6', 'amazon.nova-3-pro-v1:0']));
    expect(snapshot?.prices['anthropic.claude-sonnet-6']).toEqual({ inputPerMTok: 3.3, outputPerMTok: 16.5, cacheReadPerMTok: 0.33, cacheWritePerMTok: 4.125, cacheWrite1hPerMTok: 6.6 });
  });

  it('fetches nothing while the snapshot is younger than a day', async () => {
    const before = controlPlaneCalls();

    const run = await refreshCatalogSnapshot({ source: infrastructure.listingSource, store, now: () => Date.now() + 23 * HOUR_MS, ...silent() });

    expect(run).toEqual({ status: 'fresh', fetchedAt: firstRun.fetchedAt });
    expect(controlPlaneCalls()).toBe(before);
  });
});

describe('a gateway built by the services factory, reading the snapshot', () => {
  it('lists the model only the live listing and the price list know in /v1/models', async () => {
    const ids: string[] = [];
    for await (const model of harness.client().models.list()) ids.push(model.id);

    expect(ids).toContain('claude-sonnet-6');
    expect(ids).not.toContain('nova-3-pro');
  });

  it('serves it to the openai client and charges the price list prices, to the nano-dollar', async () => {
    harness.emulator.script({ text: 'Hello from Sonnet 6', usage: { inputTokens: 1000, outputTokens: 100, cacheWriteInputTokens: 500 } });

    const completion = await harness.client().chat.completions.create({ model: 'claude-sonnet-6', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 200 });

    expect(completion.choices[0]?.message.content).toBe('Hello from Sonnet 6');
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ servedModel: 'claude-sonnet-6', costNanoUsd: 1000 * 3300 + 100 * 16500 + 500 * 4125 });
  });

  it('serves it by its profile id too', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 1 } });

    const { response } = await harness.client().chat.completions.create({ model: 'us.anthropic.claude-sonnet-6', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 20 }).withResponse();

    expect(response.headers.get('x-gateway-model')).toBe('us.anthropic.claude-sonnet-6');
  });

  it('refuses a listed model without a price with a 400 naming it, before Bedrock is called', async () => {
    const before = harness.emulator.requests.length;

    const error = await harness
      .client()
      .chat.completions.create({ model: 'nova-3-pro', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, code: 'model_not_priced', param: 'model' });
    expect((error as Error).message).toContain("The model 'nova-3-pro' (amazon.nova-3-pro-v1:0) is listed by Amazon Bedrock, but the gateway has no price for it");
    expect(harness.emulator.requests.slice(before).filter((entry) => entry.operation === 'Converse')).toEqual([]);
  });

  it('serves a route whose first target only the live listing brings, at its price, with the override applied', async () => {
    harness.emulator.script({ text: 'routed to Sonnet 6', usage: { inputTokens: 100, outputTokens: 10 } });

    const { data: completion, response } = await harness
      .client()
      .chat.completions.create({ model: 'sonnet-latest', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 50 })
      .withResponse();

    expect([completion.model, completion.choices[0]?.message.content]).toEqual(['claude-sonnet-6', 'routed to Sonnet 6']);
    expect(response.headers.get('x-gateway-model')).toBe(harness.services.catalog.resolve('claude-sonnet-6')?.bedrockModelId);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ servedModel: 'claude-sonnet-6', costNanoUsd: 100 * 3300 + 10 * 16500 });
    // The override reached the live entry.
    expect(harness.services.catalog.resolve('claude-sonnet-6')?.maxOutputTokens).toBe(1000);
  });

  it('never called the control planes itself: every listing call came from the maintenance run', () => {
    expect(controlPlaneCalls()).toBe(callsBeforeGateway);
  });
});

describe('a failed fetch', () => {
  it('keeps the stored snapshot, and the gateway keeps serving the model', async () => {
    // GIVEN a day later, the Price List API unreachable (a closed port)
    const unreachable = emulatorListingSource(harness.emulator, 'http://127.0.0.1:9');

    // WHEN the maintenance run finds the snapshot due and fetches
    const run = await refreshCatalogSnapshot({ source: unreachable, store, now: () => Date.now() + 25 * HOUR_MS, ...silent() });

    // THEN it reports the failure, the snapshot in the table is the one it had, and the gateway still serves Sonnet 6
    expect(run).toMatchObject({ status: 'failed', fetchedAt: firstRun.fetchedAt });
    expect((await store.read())?.fetchedAt).toBe(firstRun.fetchedAt);
    await harness.services.catalog.refresh?.();
    expect(harness.services.catalog.resolve('claude-sonnet-6')?.prices.inputPerMTok).toBe(3.3);
  });
});

describe('POST /admin/maintenance/refresh-catalog', () => {
  it('fetches the listing and the price list, writes a newer snapshot and reports what it merged', async () => {
    const before = harness.emulator.requests.length;

    const { status, json } = await harness.admin('POST', '/admin/maintenance/refresh-catalog');

    expect(status).toBe(200);
    expect(json).toMatchObject({ object: 'catalog_refresh', added: ['claude-sonnet-6'] });
    // The emulator also lists models the built-in table leaves out (Llama 3.2 1B/3B, Mixtral): unpriced as well.
    expect((json as { unpriced: unknown[] }).unpriced).toContainEqual({ modelId: 'amazon.nova-3-pro-v1:0', id: 'nova-3-pro', reason: 'no-price' });
    const calls = harness.emulator.requests.slice(before);
    expect(calls.map((entry) => entry.operation)).toEqual(expect.arrayContaining(CONTROL_PLANE_CALLS));
    // Both offers: AmazonBedrock (Amazon's and open models) and the Marketplace offer that prices Claude.
    expect(calls.filter((entry) => entry.operation === 'GetProducts').map((entry) => entry.body)).toEqual([
      expect.objectContaining({ ServiceCode: 'AmazonBedrock', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] }),
      expect.objectContaining({ ServiceCode: 'AmazonBedrockFoundationModels', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] }),
    ]);
    const stored = await store.read();
    expect(stored?.fetchedAt).toBe((json as { fetchedAt: string }).fetchedAt);
    expect(Date.parse(stored?.fetchedAt ?? '')).toBeGreaterThan(Date.parse(firstRun.fetchedAt ?? ''));
  });
});
