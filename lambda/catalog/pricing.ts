/** @module Exact money: prices as integer nano-USD per token, costs as integer nano-USD. */
import type { ModelPrices, PricedServiceTier, TierPrices } from './types';

/** Nano-dollars in one US dollar. */
const NANO_PER_USD = 1_000_000_000n;

/** Decimal digits of a nano-dollar amount. */
const NANO_DIGITS = 9;

/** Token counts as Bedrock reports them; `inputTokens` excludes cache reads and writes. */
interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  /** Every cache write, whatever its TTL (Bedrock's `cacheWriteInputTokens`). */
  readonly cacheWriteTokens: number;
  /**
   * The part of `cacheWriteTokens` written with the 1-hour TTL (Bedrock's `cacheDetails` entry for `1h`).
   * @default 0
   */
  readonly cacheWrite1hTokens?: number;
}

/** Flat prices in integer nano-USD per token (`pricePerMTok * 1000`). */
interface FlatNanoPrices {
  readonly inputNanoPerToken: number;
  readonly outputNanoPerToken: number;
  readonly cacheReadNanoPerToken?: number;
  readonly cacheWriteNanoPerToken?: number;
  readonly cacheWrite1hNanoPerToken?: number;
}

/**
 * Prices in integer nano-USD per token (`pricePerMTok * 1000`).
 *
 * Integers keep every cost exact: a cost is a sum of `tokens * price`, with no rounding anywhere.
 */
interface NanoPrices extends FlatNanoPrices {
  /** Prices of the whole request once its prompt exceeds `thresholdTokens`. */
  readonly longContext?: FlatNanoPrices & { readonly thresholdTokens: number };
}

/** A price that cannot be represented exactly, or usage that cannot be priced. */
class PricingError extends Error {
  override readonly name = 'PricingError';
}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * Shifts a non-negative decimal number by `shift` decimal places, exactly.
 *
 * Works on the number's shortest string form, so `0.035` shifts to 35 and not 35.00000000000001.
 * Returns `undefined` when the result is not an integer.
 */
function shiftDecimal(value: number | string, shift: number): bigint | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (match === null) return undefined;
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent) + shift;
  if (point >= digits.length) return BigInt(digits + '0'.repeat(point - digits.length));
  const integerPart = point <= 0 ? '0' : digits.slice(0, point);
  const rest = point <= 0 ? digits : digits.slice(point);
  return /^0*$/.test(rest) ? BigInt(integerPart) : undefined;
}

/**
 * Converts a price in USD per million tokens to integer nano-USD per token.
 *
 * @throws PricingError when the price is negative, not finite, or finer than one nano-dollar per token.
 * @example usdPerMTokToNanoPerToken(3.75, 'claude-sonnet-4-5') // 3750
 */
function usdPerMTokToNanoPerToken(usdPerMTok: number, context: string): number {
  const nano = Number.isFinite(usdPerMTok) && usdPerMTok >= 0 ? shiftDecimal(usdPerMTok, 3) : undefined;
  if (nano === undefined) {
    throw new PricingError(
      `${context}: price ${usdPerMTok} USD per million tokens is not a whole number of nano-USD per token; ` +
        'prices must be non-negative with at most 3 decimals below the cent (e.g. 0.035, 4.125).',
    );
  }
  return Number(nano);
}

type FlatPrices = Omit<ModelPrices, 'longContext'>;

const OPTIONAL_PRICE_FIELDS = [
  ['cacheReadPerMTok', 'cacheReadNanoPerToken'],
  ['cacheWritePerMTok', 'cacheWriteNanoPerToken'],
  ['cacheWrite1hPerMTok', 'cacheWrite1hNanoPerToken'],
] as const satisfies readonly (readonly [keyof FlatPrices, keyof FlatNanoPrices])[];

function toFlatNanoPrices(prices: FlatPrices, context: string): FlatNanoPrices {
  const field = (name: keyof FlatPrices, value: number): number => usdPerMTokToNanoPerToken(value, `${context} ${name}`);
  const nano: { -readonly [K in keyof FlatNanoPrices]: FlatNanoPrices[K] } = {
    inputNanoPerToken: field('inputPerMTok', prices.inputPerMTok),
    outputNanoPerToken: field('outputPerMTok', prices.outputPerMTok),
  };
  for (const [usdName, nanoName] of OPTIONAL_PRICE_FIELDS) {
    const value = prices[usdName];
    if (value !== undefined) nano[nanoName] = field(usdName, value);
  }
  return nano;
}

/**
 * Converts catalog prices to integer nano-USD per token, failing loudly on any inexact price.
 *
 * @param context Names the entry in error messages (`models.data.ts entry "nova-micro"`).
 * @throws PricingError naming the entry and the field.
 */
function toNanoPrices(prices: ModelPrices, context: string): NanoPrices {
  const { longContext, ...flat } = prices;
  if (longContext === undefined) return toFlatNanoPrices(flat, context);
  const { thresholdTokens, ...longFlat } = longContext;
  return { ...toFlatNanoPrices(flat, context), longContext: { ...toFlatNanoPrices(longFlat, `${context} longContext`), thresholdTokens } };
}

function tokenCount(usage: TokenUsage, name: keyof TokenUsage): bigint {
  const value = usage[name] ?? 0;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PricingError(`usage.${name} must be a non-negative integer, got ${String(value)}.`);
  }
  return BigInt(value);
}

function cachePrice(price: number | undefined, tokens: bigint, name: string): bigint {
  if (tokens === 0n) return 0n;
  if (price === undefined) {
    throw new PricingError(`usage reports ${tokens} ${name} tokens but the model has no ${name} price.`);
  }
  return BigInt(price);
}

/** The prices that apply to a request with `promptTokens` of prompt: the long-context tier above its threshold. */
function pricesForPrompt(prices: NanoPrices, promptTokens: bigint): FlatNanoPrices {
  const tier = prices.longContext;
  return tier !== undefined && promptTokens > BigInt(tier.thresholdTokens) ? tier : prices;
}

/**
 * The exact cost of one call in integer nano-USD (1e-9 USD).
 *
 * Bedrock bills input, output, cache-read and cache-write tokens separately; `inputTokens` does not
 * include cached tokens, so the terms simply add up. Cache writes with the 1-hour TTL are billed at
 * their own price; a prompt (input plus cache reads and writes) above a long-context threshold is
 * billed entirely at the long-context prices.
 *
 * @throws PricingError for an inexact price, negative or fractional token counts, more 1-hour writes
 *   than writes, cache tokens on a model without that cache price, or a total beyond
 *   `Number.MAX_SAFE_INTEGER` (about 9 million USD).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 * @example computeCostNanoUsd({ inputPerMTok: 3, outputPerMTok: 15 }, { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 }) // 4_500_000
 */
function computeCostNanoUsd(prices: ModelPrices | NanoPrices, usage: TokenUsage): number {
  const nano = 'inputNanoPerToken' in prices ? prices : toNanoPrices(prices, 'prices');
  const input = tokenCount(usage, 'inputTokens');
  const cacheRead = tokenCount(usage, 'cacheReadTokens');
  const cacheWrite = tokenCount(usage, 'cacheWriteTokens');
  const cacheWrite1h = tokenCount(usage, 'cacheWrite1hTokens');
  if (cacheWrite1h > cacheWrite) {
    throw new PricingError(`usage.cacheWrite1hTokens (${cacheWrite1h}) exceeds usage.cacheWriteTokens (${cacheWrite}).`);
  }
  const applied = pricesForPrompt(nano, input + cacheRead + cacheWrite);
  const total =
    input * BigInt(applied.inputNanoPerToken) +
    tokenCount(usage, 'outputTokens') * BigInt(applied.outputNanoPerToken) +
    cacheRead * cachePrice(applied.cacheReadNanoPerToken, cacheRead, 'cache-read') +
    (cacheWrite - cacheWrite1h) * cachePrice(applied.cacheWriteNanoPerToken, cacheWrite - cacheWrite1h, 'cache-write') +
    cacheWrite1h * cachePrice(applied.cacheWrite1hNanoPerToken, cacheWrite1h, '1-hour cache-write');
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PricingError(`cost of ${total} nano-USD exceeds the largest exact number.`);
  }
  return Number(total);
}

/**
 * Converts a dollar amount (number or decimal string) to integer nano-USD, exactly.
 *
 * @throws PricingError for negative amounts, non-decimal input or more than 9 decimals.
 * @example usdToNanoUsd('12.5') // 12_500_000_000
 */
function usdToNanoUsd(usd: number | string): number {
  const nano = typeof usd === 'number' && !Number.isFinite(usd) ? undefined : shiftDecimal(usd, NANO_DIGITS);
  if (nano === undefined || nano > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new PricingError(`${String(usd)} is not a non-negative USD amount with at most 9 decimals.`);
  }
  return Number(nano);
}

/**
 * Formats integer nano-USD as a decimal dollar string, rounding half up to `decimals` places.
 *
 * @param decimals Digits after the point, 0 to 9. @default 9
 * @example nanoUsdToUsd(4_500_000) // '0.004500000'
 * @example nanoUsdToUsd(4_500_000, 2) // '0.00'
 */
function nanoUsdToUsd(nanoUsd: number, decimals = NANO_DIGITS): string {
  if (!Number.isSafeInteger(nanoUsd)) throw new PricingError(`${nanoUsd} is not an integer nano-USD amount.`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > NANO_DIGITS) {
    throw new PricingError(`decimals must be an integer from 0 to 9, got ${decimals}.`);
  }
  const sign = nanoUsd < 0 ? '-' : '';
  const step = 10n ** BigInt(NANO_DIGITS - decimals);
  const rounded = ((BigInt(Math.abs(nanoUsd)) + step / 2n) / step) * step;
  const whole = (rounded / NANO_PER_USD).toString();
  const fraction = (rounded % NANO_PER_USD).toString().padStart(NANO_DIGITS, '0').slice(0, decimals);
  return `${rounded === 0n ? '' : sign}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** How a call is served, as far as its prices go: Bedrock's service tier and latency mode. */
interface Serving {
  /** `flex` or `priority`; absent (or Bedrock's `default`/`reserved`) is the standard tier. */
  readonly serviceTier?: PricedServiceTier;
  /** `optimized` is latency-optimized inference; absent is standard latency. */
  readonly latency?: 'optimized';
}

/**
 * The price table of a way of serving: the standard prices, a service tier's, or latency-optimized
 * inference's. `undefined` when the catalog has no price for it (the caller refuses it: no guess).
 * A service tier combined with latency-optimized inference has no price of its own.
 *
 * @example pricesForServing({ inputPerMTok: 1, outputPerMTok: 5, serviceTiers: { flex: { inputPerMTok: 0.5, outputPerMTok: 2.5 } } }, { serviceTier: 'flex' }) // { inputPerMTok: 0.5, outputPerMTok: 2.5 }
 */
function pricesForServing(prices: ModelPrices, serving: Serving): TierPrices | undefined {
  const { serviceTiers: _tiers, latencyOptimized: _latency, ...standard } = prices;
  if (serving.latency === 'optimized') return serving.serviceTier === undefined ? prices.latencyOptimized : undefined;
  if (serving.serviceTier === undefined) return standard;
  return prices.serviceTiers?.[serving.serviceTier];
}

export { PricingError, computeCostNanoUsd, nanoUsdToUsd, pricesForServing, toNanoPrices, usdPerMTokToNanoPerToken, usdToNanoUsd };
export type { FlatNanoPrices, NanoPrices, Serving, TokenUsage };
