/**
 * @module AWS Price List products of Amazon Bedrock read into catalog prices, as a pure function.
 * Two offers price Bedrock models (GetProducts service codes):
 *
 * - `AmazonBedrock`: Amazon's and openly licensed models (Nova, Titan, Llama, Mistral, DeepSeek...),
 *   named by the `model` (or `titanModel`) attribute, `inferenceType` `Input tokens`/`Output tokens`,
 *   usage types like `USE1-NovaMicro-input-tokens`, priced per `1K tokens`.
 * - `AmazonBedrockFoundationModels`: Marketplace models (Claude, Cohere, AI21...), named by
 *   `servicename` (`Claude Haiku 4.5 (Amazon Bedrock Edition)`), usage types like
 *   `USW2-MP:USW2_InputTokenCount-Units`, `..._CacheWrite1hInputTokenCount-Units`, `..._Global-Units`,
 *   `..._Batch-Units` or, for newer models, `USE1_input_tokens_standard-Units`,
 *   `..._cache_write_tokens_1h_standard-Units`; unit `Units`, one unit being a million tokens (the
 *   price dimension's description says `Million Input Tokens`).
 *
 * Each product is one SKU: a model, a Region, and one kind of token (input, output, cache read,
 * 5-minute or 1-hour cache write) on one tier (standard, flex, priority, latency-optimized). Batch,
 * provisioned, reserved, long-context and global SKUs are left out: the geo/in-Region price is the one
 * the catalog charges (never below what AWS bills). A price that is not a whole number of nano-dollars
 * per token is left out, never rounded; so is an unknown unit or a SKU that does not price tokens.
 *
 * The shapes follow public parsers and tests of real GetProducts output (no live call is possible
 * here); unrecognised products are skipped, so a mismatch leaves models unpriced (refused), never
 * mispriced.
 *
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 */
import { usdPerMTokToNanoPerToken, PricingError } from './pricing';
import type { ModelPrices, PricedServiceTier, TierPrices } from './types';

/** Kinds of token a SKU prices. */
type TokenKind = 'input' | 'output' | 'cacheRead' | 'cacheWrite' | 'cacheWrite1h';

/** Tiers a SKU prices. */
type SkuTier = 'standard' | PricedServiceTier | 'latencyOptimized';

type PriceField = 'inputPerMTok' | 'outputPerMTok' | 'cacheReadPerMTok' | 'cacheWritePerMTok' | 'cacheWrite1hPerMTok';

const PRICE_FIELD: Readonly<Record<TokenKind, PriceField>> = {
  input: 'inputPerMTok',
  output: 'outputPerMTok',
  cacheRead: 'cacheReadPerMTok',
  cacheWrite: 'cacheWritePerMTok',
  cacheWrite1h: 'cacheWrite1hPerMTok',
};

/** Tokens per pricing unit. */
const UNIT_TOKENS: Readonly<Record<string, number>> = {
  '1k tokens': 1000,
  '1m tokens': 1_000_000,
  tokens: 1,
  token: 1,
};

/** Options of `parseBedrockPriceList`. */
interface PriceListOptions {
  /** The Region whose prices apply (`regionCode`), e.g. `us-east-1`. */
  readonly region: string;
  /** Foundation model id by display name, from ListFoundationModels (`modelName` -> `modelId`). */
  readonly modelIdsByName: ReadonlyMap<string, string>;
}

/** The lower-case, dash-separated form of a display name, so "Claude Sonnet 6" matches "claude-sonnet-6". */
function canonicalName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The attributes a SKU's kind and tier are read from (lower-cased, joined). */
const CLASSIFIED_ATTRIBUTES = ['usagetype', 'inferenceType', 'feature', 'group', 'usageDescription', 'service_tier'] as const;

/** What a SKU prices, from its usage type and inference type; undefined for SKUs the catalog does not use. */
function classify(attributes: Record<string, unknown>): { kind: TokenKind; tier: SkuTier } | undefined {
  const text = CLASSIFIED_ATTRIBUTES.map((name) => String(attributes[name] ?? '')).join(' ').toLowerCase();
  // Images, search units and other non-token SKUs (`..._InputImageCount-Units`) are not token prices.
  if (!/token/.test(text)) return undefined;
  if (/batch|provisioned|reserved|custom|training|storage|global|long[-_ ]?context|crossgeo/.test(text)) return undefined;
  const tier: SkuTier = /flex/.test(text) ? 'flex' : /priority/.test(text) ? 'priority' : /latency[-_ ]?optimi[sz]ed/.test(text) ? 'latencyOptimized' : 'standard';
  let kind: TokenKind | undefined;
  // `CacheReadInputTokenCount`, `cache-read-input-tokens`, `cache_read_tokens_standard`.
  if (/cache[-_ ]?read/.test(text)) kind = 'cacheRead';
  else if (/cache[-_ ]?write/.test(text)) kind = /1h|1-hour|one[- ]hour/.test(text) ? 'cacheWrite1h' : 'cacheWrite';
  // Usage types abbreviate too (`...-Inp-Tokens`, `...-Outp`); output first, as "inp" is in "input" only.
  else if (/output|\boutp\b|-outp(?:-|$)/.test(text)) kind = 'output';
  else if (/input|\binp\b|-inp(?:-|$)/.test(text)) kind = 'input';
  return kind === undefined ? undefined : { kind, tier };
}

/** The Marketplace offer's suffix on model names (`Claude Haiku 4.5 (Amazon Bedrock Edition)`). */
const EDITION_SUFFIX = /\s*\(Amazon Bedrock Edition\)\s*$/i;

/** The model a SKU prices: `model` or `titanModel` (AmazonBedrock), else `servicename` without its edition suffix. */
function modelNameOf(attributes: Record<string, unknown>): string {
  for (const name of ['model', 'titanModel'] as const) {
    const value = attributes[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  const service = attributes['servicename'];
  return typeof service === 'string' && EDITION_SUFFIX.test(service) ? service.replace(EDITION_SUFFIX, '') : '';
}

/** Tokens per unit of a price dimension: the unit itself, or for Marketplace `Units` the million its description names. */
function tokensPerUnit(dimension: Record<string, unknown>): number | undefined {
  const unit = String(dimension['unit'] ?? '').toLowerCase();
  const tokens = UNIT_TOKENS[unit];
  if (tokens !== undefined) return tokens;
  if (unit === 'units' && /\bmillion\b[^|]*\btokens?\b/i.test(String(dimension['description'] ?? ''))) return 1_000_000;
  return undefined;
}

/** The USD-per-million-token price of a SKU's OnDemand term, when it is exact to the nano-dollar per token. */
function pricePerMTok(terms: unknown): number | undefined {
  const onDemand = isRecord(terms) && isRecord(terms['OnDemand']) ? Object.values(terms['OnDemand']) : [];
  for (const term of onDemand) {
    const dimensions = isRecord(term) && isRecord(term['priceDimensions']) ? Object.values(term['priceDimensions']) : [];
    for (const dimension of dimensions) {
      if (!isRecord(dimension) || !isRecord(dimension['pricePerUnit'])) continue;
      const usd = dimension['pricePerUnit']['USD'];
      const tokens = tokensPerUnit(dimension);
      if (typeof usd !== 'string' || tokens === undefined) continue;
      const perMTok = shiftUsd(usd, 1_000_000 / tokens);
      if (perMTok !== undefined) return perMTok;
    }
  }
  return undefined;
}

/** `usd * factor` (a power of ten) as a number exact to the nano-dollar per token, else undefined. */
function shiftUsd(usd: string, factor: number): number | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(usd.trim());
  if (match === null) return undefined;
  const places = Math.round(Math.log10(factor));
  const [, whole = '0', fraction = ''] = match;
  const digits = `${whole}${fraction.padEnd(places, '0')}`;
  const point = whole.length + places;
  const text = `${digits.slice(0, point)}.${digits.slice(point) || '0'}`.replace(/0+$/, '').replace(/\.$/, '');
  const value = Number(text);
  try {
    usdPerMTokToNanoPerToken(value, 'price list');
    return value;
  } catch (error) {
    if (error instanceof PricingError) return undefined;
    throw error;
  }
}

type Collected = Partial<Record<SkuTier, Partial<Record<TokenKind, number>>>>;

/** A tier's price table once it has input and output (embeddings: input only, output free). */
function tierTable(found: Partial<Record<TokenKind, number>> | undefined, embedding: boolean): TierPrices | undefined {
  if (found?.input === undefined || (found.output === undefined && !embedding)) return undefined;
  const table: { -readonly [K in PriceField]?: number } = { inputPerMTok: found.input, outputPerMTok: found.output ?? 0 };
  for (const kind of ['cacheRead', 'cacheWrite', 'cacheWrite1h'] as const) {
    const value = found[kind];
    if (value !== undefined) table[PRICE_FIELD[kind]] = value;
  }
  // A cache price without its pair cannot price a caching model; keep the pair or neither.
  if (table.cacheReadPerMTok === undefined || table.cacheWritePerMTok === undefined) {
    delete table.cacheReadPerMTok;
    delete table.cacheWritePerMTok;
    delete table.cacheWrite1hPerMTok;
  }
  return table as TierPrices;
}

/**
 * Reads GetProducts' `PriceList` (JSON strings or parsed objects) into prices by foundation model id,
 * for one Region. Where two SKUs price the same thing, the dearer wins.
 *
 * @param embeddingModelIds Models priced by input only (their output is free).
 * @example parseBedrockPriceList(priceList, { region: 'us-east-1', modelIdsByName: new Map([['Claude Sonnet 6', 'anthropic.claude-sonnet-6']]) })
 */
function parseBedrockPriceList(items: readonly unknown[], options: PriceListOptions, embeddingModelIds: ReadonlySet<string> = new Set()): Record<string, ModelPrices> {
  const byName = new Map([...options.modelIdsByName].map(([name, id]) => [canonicalName(name), id]));
  const collected = new Map<string, Collected>();
  for (const raw of items) {
    let item: unknown = raw;
    if (typeof raw === 'string') {
      try {
        item = JSON.parse(raw) as unknown;
      } catch {
        continue;
      }
    }
    if (!isRecord(item) || !isRecord(item['product']) || !isRecord(item['product']['attributes'])) continue;
    const attributes = item['product']['attributes'];
    if (attributes['regionCode'] !== options.region) continue;
    const modelId = byName.get(canonicalName(modelNameOf(attributes)));
    const sku = classify(attributes);
    const price = pricePerMTok(item['terms']);
    if (modelId === undefined || sku === undefined || price === undefined) continue;
    const model = collected.get(modelId) ?? {};
    const tier = (model[sku.tier] ??= {});
    tier[sku.kind] = Math.max(tier[sku.kind] ?? 0, price);
    collected.set(modelId, model);
  }
  const prices: Record<string, ModelPrices> = {};
  for (const [modelId, found] of collected) {
    const embedding = embeddingModelIds.has(modelId);
    const standard = tierTable(found.standard, embedding);
    if (standard === undefined) continue;
    const flex = tierTable(found.flex, embedding);
    const priority = tierTable(found.priority, embedding);
    const latencyOptimized = tierTable(found.latencyOptimized, embedding);
    prices[modelId] = {
      ...standard,
      ...(flex === undefined && priority === undefined ? {} : { serviceTiers: { ...(flex === undefined ? {} : { flex }), ...(priority === undefined ? {} : { priority }) } }),
      ...(latencyOptimized === undefined ? {} : { latencyOptimized }),
    };
  }
  return prices;
}

export { canonicalName, parseBedrockPriceList };
export type { PriceListOptions };
