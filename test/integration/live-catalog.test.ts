/**
 * @module The catalog that keeps itself current, end to end: the gateway merges the emulator's
 * ListFoundationModels, ListInferenceProfiles and AWS Price List (GetProducts) through the real AWS
 * SDK clients; a model only the listing and the price list know is served to the `openai` client
 * and charged at the price list's prices to the nano-dollar, a listed model without a price is
 * refused with a message naming it, and the admin route refreshes on demand.
 */
import { DEFAULT_MODELS, type EmulatorModel, type EmulatorPrice } from '../../local/bedrock-emulator';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

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

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness({ liveCatalog: true, emulator: { models: [...DEFAULT_MODELS, SONNET_6, NOVA_3], priceList: PRICE_LIST } });
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

describe('a model only the live listing and the price list know', () => {
  it('is listed in /v1/models', async () => {
    const ids: string[] = [];
    for await (const model of harness.client().models.list()) ids.push(model.id);

    expect(ids).toContain('claude-sonnet-6');
    expect(ids).not.toContain('nova-3-pro');
  });

  it('is served to the openai client and charged at the price list prices, to the nano-dollar', async () => {
    harness.emulator.script({ text: 'Hello from Sonnet 6', usage: { inputTokens: 1000, outputTokens: 100, cacheWriteInputTokens: 500 } });

    const completion = await harness.client().chat.completions.create({ model: 'claude-sonnet-6', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 200 });

    expect(completion.choices[0]?.message.content).toBe('Hello from Sonnet 6');
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ servedModel: 'claude-sonnet-6', costNanoUsd: 1000 * 3300 + 100 * 16500 + 500 * 4125 });
  });

  it('is served by its profile id too', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 1 } });

    const { response } = await harness.client().chat.completions.create({ model: 'us.anthropic.claude-sonnet-6', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 20 }).withResponse();

    expect(response.headers.get('x-gateway-model')).toBe('us.anthropic.claude-sonnet-6');
  });
});

describe('a listed model without a price', () => {
  it('is refused with a 400 naming it, before Bedrock is called', async () => {
    const error = await harness
      .client()
      .chat.completions.create({ model: 'nova-3-pro', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, code: 'model_not_priced', param: 'model' });
    expect((error as Error).message).toContain("The model 'nova-3-pro' (amazon.nova-3-pro-v1:0) is listed by Amazon Bedrock, but the gateway has no price for it");
    expect(harness.emulator.requests.filter((entry) => entry.operation === 'Converse')).toEqual([]);
  });
});

describe('POST /admin/maintenance/refresh-catalog', () => {
  it('fetches the listing and the price list again and reports what it merged', async () => {
    const { status, json } = await harness.admin('POST', '/admin/maintenance/refresh-catalog');

    expect(status).toBe(200);
    expect(json).toMatchObject({ object: 'catalog_refresh', added: ['claude-sonnet-6'] });
    // The emulator also lists models the built-in table leaves out (Llama 3.2 1B/3B, Mixtral): unpriced as well.
    expect((json as { unpriced: unknown[] }).unpriced).toContainEqual({ modelId: 'amazon.nova-3-pro-v1:0', id: 'nova-3-pro', reason: 'no-price' });
    const operations = harness.emulator.requests.map((entry) => entry.operation);
    expect(operations).toEqual(expect.arrayContaining(['ListFoundationModels', 'ListInferenceProfiles', 'GetProducts']));
    // Both offers: AmazonBedrock (Amazon's and open models) and the Marketplace offer that prices Claude.
    const getProducts = harness.emulator.requests.filter((entry) => entry.operation === 'GetProducts').map((entry) => entry.body);
    expect(getProducts).toEqual([
      expect.objectContaining({ ServiceCode: 'AmazonBedrock', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] }),
      expect.objectContaining({ ServiceCode: 'AmazonBedrockFoundationModels', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' }] }),
    ]);
  });
});
