/**
 * AWS Price List products read into catalog prices, one row per rule: each SKU's kind of token and
 * tier from its usage type, units to USD per million tokens exactly, other Regions, batch and
 * global SKUs and inexact prices left out, the dearer of two SKUs kept.
 */
import { parseBedrockPriceList } from '../../../lambda/catalog/price-list';

function product(model: string, usagetype: string, usd: string, options: { region?: string; unit?: string } = {}): string {
  return JSON.stringify({
    product: { productFamily: 'Amazon Bedrock', attributes: { servicecode: 'AmazonBedrock', regionCode: options.region ?? 'us-east-1', model, usagetype }, sku: 'SKU' },
    serviceCode: 'AmazonBedrock',
    terms: { OnDemand: { 'SKU.T': { priceDimensions: { 'SKU.T.R': { unit: options.unit ?? '1K tokens', pricePerUnit: { USD: usd } } } } } },
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
    { rule: 'abbreviated usage types (-Inp-Tokens, -Outp) are input and output', items: [product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-Inp-Tokens', '0.0033'), product('Claude Sonnet 6', 'USE1-ClaudeSonnet6-Outp', '0.0165')], expected: { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
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

  it('prices an embedding model by input only', () => {
    expect(parse([product('Titan Text Embeddings V3', 'USE1-TitanEmbedV3-input-tokens', '0.00002')], ['amazon.titan-embed-text-v3:0'])).toEqual({ 'amazon.titan-embed-text-v3:0': { inputPerMTok: 0.02, outputPerMTok: 0 } });
  });
});
