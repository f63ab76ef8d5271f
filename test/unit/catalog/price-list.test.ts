/**
 * AWS Price List products read into catalog prices, one row per rule: each SKU's kind of token and
 * tier from its usage type, units to USD per million tokens exactly, other Regions, batch and
 * global SKUs and inexact prices left out, the dearer of two SKUs kept. Both offers: `AmazonBedrock`
 * (`model`, per 1K tokens) and `AmazonBedrockFoundationModels` (Marketplace models by `servicename`,
 * `Units` of a million tokens), in the shapes public parsers and tests of real GetProducts output show.
 */
import { parseBedrockPriceList } from '../../../lambda/catalog/price-list';

function product(model: string, usagetype: string, usd: string, options: { region?: string; unit?: string; attributes?: Record<string, string> } = {}): string {
  return JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes: { servicecode: 'AmazonBedrock', regionCode: options.region ?? 'us-east-1', model, usagetype, ...options.attributes }, sku: 'SKU' },
    serviceCode: 'AmazonBedrock',
    terms: { OnDemand: { 'SKU.T': { priceDimensions: { 'SKU.T.R': { unit: options.unit ?? '1K tokens', pricePerUnit: { USD: usd } } } } } },
  });
}

/** A Marketplace SKU (AmazonBedrockFoundationModels) as GetProducts returns it: no `model`, a `servicename`, `Units` of a million tokens. */
function marketplaceProduct(servicename: string, usagetype: string, usd: string, description: string, options: { region?: string; unit?: string } = {}): string {
  return JSON.stringify({
    product: { productFamily: 'AWS Marketplace', attributes: { servicecode: 'AmazonBedrockFoundationModels', regionCode: options.region ?? 'us-west-2', servicename, usagetype }, sku: 'SKU' },
    serviceCode: 'AmazonBedrockFoundationModels',
    terms: {
      OnDemand: { 'SKU.T': { priceDimensions: { 'SKU.T.R': { unit: options.unit ?? 'Units', description: `AWS Marketplace software usage|${options.region ?? 'us-west-2'}|${description}`, pricePerUnit: { USD: usd } } } } },
    },
  });
}

const NAMES = new Map([['Claude Sonnet 6', 'anthropic.claude-sonnet-6'], ['Titan Text Embeddings V3', 'amazon.titan-embed-text-v3:0']]);
const parse = (items: string[], embeddings: string[] = []) => parseBedrockPriceList(items, { region: 'us-east-1', modelIdsByName: NAMES }, new Set(embeddings));

const BASE = [product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-input-tokens', '0.0033000000'), product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-output-tokens', '0.0165000000')];

describe('parseBedrockPriceList', () => {
  it.each([
    { rule: 'input and output per 1K tokens become USD per million tokens', items: BASE, expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
    {
      rule: 'cache reads, 5-minute and 1-hour writes have their own SKUs',
      items: [
        ...BASE,
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-cache-read-input-tokens', '0.00033'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-cache-write-input-tokens', '0.004125'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-cache-write-1h-input-tokens', '0.0066'),
      ],
      expected: { inputPerMTok: 3.3, outputPerMTok: 16.5, cacheReadPerMTok: 0.33, cacheWritePerMTok: 4.125, cacheWrite1hPerMTok: 6.6 },
    },
    {
      rule: 'flex, priority and latency-optimized SKUs become their own price tables',
      items: [
        ...BASE,
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-flex-input-tokens', '0.00165'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-flex-output-tokens', '0.00825'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-priority-input-tokens', '0.005775'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-priority-output-tokens', '0.028875'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-latency-optimized-input-tokens', '0.004'),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-latency-optimized-output-tokens', '0.02'),
      ],
      expected: {
        inputPerMTok: 3.3,
        outputPerMTok: 16.5,
        serviceTiers: { flex: { inputPerMTok: 1.65, outputPerMTok: 8.25 }, priority: { inputPerMTok: 5.775, outputPerMTok: 28.875 } },
        latencyOptimized: { inputPerMTok: 4, outputPerMTok: 20 },
      },
    },
    { rule: 'a price per million tokens is taken as it is', items: [product('Claude Sonnet 6', 'USE1-x-input-tokens', '3.3', { unit: '1M tokens' }), product('Claude Sonnet 6', 'USE1-x-output-tokens', '16.5', { unit: '1M tokens' })], expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
    { rule: 'batch and global SKUs are left out', items: [...BASE, product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-batch-input-tokens', '0.00165'), product('Claude Sonnet 6', 'Global-ClaudeSonnet6-input-tokens', '0.003')], expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
    { rule: 'other Regions are left out', items: [...BASE, product('Claude Sonnet 6', 'EU-ClaudeSonnet6-input-tokens', '0.0099', { region: 'eu-west-1' })], expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
    { rule: 'of two SKUs pricing the same tokens, the dearer wins', items: [...BASE, product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-input-tokens-b', '0.0036')], expected: { inputPerMTok: 3.6, outputPerMTok: 16.5 } },
    {
      rule: 'abbreviated usage types (-Inp-Tokens, -Outp with inferenceType "Output tokens") are input and output',
      items: [product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-Inp-Tokens', '0.0033'), product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-Outp', '0.0165', { attributes: { inferenceType: 'Output tokens' } })],
      expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 },
    },
    {
      rule: 'AmazonBedrock SKUs name the model by titanModel too, and say flex or priority in service_tier',
      items: [
        product('', 'USE1-TitanTextPremier-input-tokens', '0.0005', { attributes: { titanModel: 'Claude Sonnet 6', inferenceType: 'Input tokens', feature: 'On-demand Inference' } }),
        product('', 'USE1-TitanTextPremier-output-tokens', '0.0015', { attributes: { titanModel: 'Claude Sonnet 6', inferenceType: 'Output tokens', feature: 'On-demand Inference' } }),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-input-tokens-x', '0.00025', { attributes: { service_tier: 'flex', inferenceType: 'Input tokens' } }),
        product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-output-tokens-x', '0.00075', { attributes: { service_tier: 'flex', inferenceType: 'Output tokens' } }),
      ],
      expected: { inputPerMTok: 0.5, outputPerMTok: 1.5, serviceTiers: { flex: { inputPerMTok: 0.25, outputPerMTok: 0.75 } } },
    },
    { rule: 'a cache read without a cache write prices no cache', items: [...BASE, product('Claude Sonnet 6', 'USE1-x-cache-read-tokens', '0.00033')], expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
  ])('$rule', ({ items, expected }) => {
    expect(parse(items)).toEqual({ 'anthropic.claude-sonnet-6': expected });
  });

  it.each([
    { rule: 'a model without an output price is not priced', items: [BASE[0] as string] },
    { rule: 'a price finer than a nano-dollar per token is left out, never rounded', items: [product('Claude Sonnet 6', 'USE1-x-input-tokens', '0.0000000001'), BASE[1] as string] },
    { rule: 'a model name the listing does not know is left out', items: [product('Claude Sonnet 7', 'USE1-x-input-tokens', '0.003'), product('Claude Sonnet 7', 'USE1-x-output-tokens', '0.015')] },
    { rule: 'a unit that is not tokens is left out', items: [product('Claude Sonnet 6', 'USE1-x-input-tokens', '0.003', { unit: 'Images' }), BASE[1] as string] },
    { rule: 'text that is not JSON is left out', items: ['not json', BASE[1] as string] },
  ])('$rule', ({ items }) => {
    expect(parse(items)).toEqual({});
  });

  describe('Marketplace models (AmazonBedrockFoundationModels)', () => {
    const HAIKU = 'Claude Haiku 4.5 (Amazon Bedrock Edition)';
    const parseWest = (items: string[]) => parseBedrockPriceList(items, { region: 'us-west-2', modelIdsByName: new Map([['Claude Haiku 4.5', 'anthropic.claude-haiku-4-5-20251001-v1:0']]) });

    it('prices Claude from its regional SKUs: Units of a million tokens, global, batch and long-context SKUs left out', () => {
      const items = [
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_InputTokenCount-Units', '1.1000000000', 'Million Input Tokens Regional CRIS'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_OutputTokenCount-Units', '5.5000000000', 'Million Response Tokens Regional CRIS'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_InputTokenCount_Global-Units', '1.0000000000', 'Million Input Tokens Global'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_OutputTokenCount_Global-Units', '5.0000000000', 'Million Response Tokens Global'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_CacheReadInputTokenCount-Units', '0.1100000000', 'Million Cache Read Input Tokens'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_CacheReadInputTokenCount_Global-Units', '0.1000000000', 'Million Cache Read Input Tokens Global'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_CacheWriteInputTokenCount-Units', '1.3750000000', 'Million Cache Write Input Tokens'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_CacheWrite1hInputTokenCount-Units', '2.2000000000', 'Million 1h Cache Write Input Tokens'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_InputTokenCount_Batch-Units', '0.5500000000', 'Million Input Tokens Batch'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_InputTokenCount_LongContext-Units', '2.2000000000', 'Million Input Tokens Long Context'),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_InputImageCount-Units', '9.0000000000', 'Million Input Images'),
      ];
      expect(parseWest(items)).toEqual({
        'anthropic.claude-haiku-4-5-20251001-v1:0': { inputPerMTok: 1.1, outputPerMTok: 5.5, cacheReadPerMTok: 0.11, cacheWritePerMTok: 1.375, cacheWrite1hPerMTok: 2.2 },
      });
    });

    it('reads the newer usage types (_input_tokens_standard, _cache_write_tokens_1h_standard)', () => {
      const items = [
        marketplaceProduct(HAIKU, 'USW2_input_tokens_standard-Units', '1.1', 'Million Input Tokens'),
        marketplaceProduct(HAIKU, 'USW2_output_tokens_standard-Units', '5.5', 'Million Output Tokens'),
        marketplaceProduct(HAIKU, 'USW2_input_tokens_global_standard-Units', '1.0', 'Million Input Tokens Global'),
        marketplaceProduct(HAIKU, 'USW2_cache_read_tokens_standard-Units', '0.11', 'Million Cache Read Tokens'),
        marketplaceProduct(HAIKU, 'USW2_cache_write_tokens_standard-Units', '1.375', 'Million Cache Write Tokens'),
        marketplaceProduct(HAIKU, 'USW2_cache_write_tokens_1h_standard-Units', '2.2', 'Million 1h Cache Write Tokens'),
      ];
      expect(parseWest(items)).toEqual({
        'anthropic.claude-haiku-4-5-20251001-v1:0': { inputPerMTok: 1.1, outputPerMTok: 5.5, cacheReadPerMTok: 0.11, cacheWritePerMTok: 1.375, cacheWrite1hPerMTok: 2.2 },
      });
    });

    it.each([
      { rule: 'Units whose description names no million tokens are left out', description: 'Input Tokens' },
      { rule: 'Units of thousands are not taken for millions', description: 'Thousand Input Tokens' },
    ])('$rule', ({ description }) => {
      const items = [
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_InputTokenCount-Units', '1.1', description),
        marketplaceProduct(HAIKU, 'USW2-MP:USW2_OutputTokenCount-Units', '5.5', 'Million Response Tokens Regional CRIS'),
      ];
      expect(parseWest(items)).toEqual({});
    });

    it('takes a servicename only with its Marketplace edition suffix', () => {
      const items = [marketplaceProduct('Claude Haiku 4.5', 'USW2-MP:USW2_InputTokenCount-Units', '1.1', 'Million Input Tokens'), marketplaceProduct('Claude Haiku 4.5', 'USW2-MP:USW2_OutputTokenCount-Units', '5.5', 'Million Response Tokens')];
      expect(parseWest(items)).toEqual({});
    });
  });

  it('prices an embedding model by input only', () => {
    expect(parse([product('Titan Text Embeddings V3', 'USE1-TitanEmbedV3-input-tokens', '0.00002')], ['amazon.titan-embed-text-v3:0'])).toEqual({ 'amazon.titan-embed-text-v3:0': { inputPerMTok: 0.02, outputPerMTok: 0 } });
  });
});
