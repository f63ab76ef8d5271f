/**
 * @module Every rule of what a model call reserves and is charged, as pure functions of literal
 * values. The README's "How money is kept exact" states the same rules, and
 * test/unit/model-call/charging-rules.test.ts has one table row per rule.
 */
import { estimateTokensFromCharacters } from '../bedrock/convert-usage';
import { computeCostNanoUsd, pricesForServing, type Serving } from '../catalog/pricing';
import type { ModelPrices, PricedServiceTier, TierPrices } from '../catalog/types';
import type { TokenUsage } from '../ledger/meter-types';

/** What selects the prices of a call besides its model: cache TTL, service tier, latency mode. */
interface PriceSelection {
  /** The prompt sets a cache point, so Bedrock may bill its input as a cache write. */
  readonly writesCache: boolean;
  /** The longest TTL of the prompt's cache points (`1h` only where the model prices 1-hour writes). @default '5m' */
  readonly cacheTtl?: '5m' | '1h';
  /** The service tier asked for; the surface refuses a tier the model has no price for. @default - standard */
  readonly serviceTier?: PricedServiceTier;
  /** Latency-optimized inference asked for; refused by the surface where it has no price. @default - standard */
  readonly latency?: 'optimized';
}

/** What the rules know of one Bedrock call before it is made. */
interface CallEstimate {
  /** The prices of the model the call goes to. */
  readonly prices: ModelPrices;
  readonly priceSelection: PriceSelection;
  /** The gateway's upper-bound estimate of the call's input tokens. */
  readonly estimatedInputTokens: number;
  /** The most output tokens the call may produce (`max_tokens`; 0 for embeddings). */
  readonly maxOutputTokens: number;
}

/** How one Bedrock call ended, as far as money goes. */
type CallEnding =
  /** Bedrock answered and counted the tokens (or the operation counted them from the answer). */
  | { readonly kind: 'answered'; readonly usage: TokenUsage }
  /** Bedrock refused or failed the call itself (throttling, validation, access): it bills nothing. */
  | { readonly kind: 'refused' }
  /** One of the gateway's own limits fired while Bedrock was working on the call. */
  | { readonly kind: 'timed-out' }
  /** The client left, or the invocation's deadline passed, while a non-streaming call was in flight. */
  | { readonly kind: 'abandoned' }
  /** A stream ended without Bedrock's usage: cut by the client, a timeout, the deadline or an error, or never started. */
  | { readonly kind: 'cut'; readonly outputCharacters: number };

/** One Bedrock call of a request and how it ended. */
interface BilledCall extends CallEstimate {
  readonly ending: CallEnding;
}

/** Tokens and exact cost, in integer nano-USD. */
interface Charge {
  readonly usage: TokenUsage;
  readonly costNanoUsd: number;
}

/** No tokens at all. */
const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

const NO_CHARGE: Charge = { usage: NO_USAGE, costNanoUsd: 0 };

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const oneHour = (a.cacheWrite1hTokens ?? 0) + (b.cacheWrite1hTokens ?? 0);
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    ...(oneHour > 0 ? { cacheWrite1hTokens: oneHour } : {}),
  };
}

/** The way of serving the selection asks for. */
function askedServing(selection: PriceSelection): Serving {
  return {
    ...(selection.serviceTier === undefined ? {} : { serviceTier: selection.serviceTier }),
    ...(selection.latency === undefined ? {} : { latency: selection.latency }),
  };
}

/**
 * Rule: a call is priced at the service tier and latency mode Bedrock reports it served, else at
 * those asked for; `default` and `reserved` are the standard prices. A reported way of serving the
 * catalog has no price for is priced as asked (the surface admitted only what it can price), and
 * what cannot be priced at all falls back to the standard prices.
 */
function servedPrices(prices: ModelPrices, selection: PriceSelection, usage?: TokenUsage): TierPrices {
  const asked = askedServing(selection);
  const reportedTier = usage?.serviceTier === undefined ? asked.serviceTier : usage.serviceTier === 'flex' || usage.serviceTier === 'priority' ? usage.serviceTier : undefined;
  const reportedLatency = usage?.latency === undefined ? asked.latency : usage.latency === 'optimized' ? 'optimized' : undefined;
  const reported: Serving = {
    ...(reportedTier === undefined ? {} : { serviceTier: reportedTier }),
    ...(reportedLatency === undefined ? {} : { latency: reportedLatency }),
  };
  return pricesForServing(prices, reported) ?? pricesForServing(prices, asked) ?? pricesForServing(prices, {}) ?? prices;
}

/**
 * Rule: usage is priced at its model's prices, each kind of token at its own price. Cache tokens on
 * a model without cache prices are priced as input tokens rather than failing the settlement (the
 * catalog lacks a price; the caller still pays), and 1-hour writes on a model without a 1-hour price
 * as 5-minute writes.
 */
function priceUsage(prices: ModelPrices, usage: TokenUsage): number {
  const { serviceTier: _tier, latency: _latency, ...tokens } = usage;
  const oneHour = tokens.cacheWrite1hTokens ?? 0;
  const counted = oneHour > 0 && prices.cacheWrite1hPerMTok === undefined ? { ...tokens, cacheWrite1hTokens: 0 } : tokens;
  const unpricedCache =
    (counted.cacheReadTokens > 0 && prices.cacheReadPerMTok === undefined) || (counted.cacheWriteTokens > 0 && prices.cacheWritePerMTok === undefined);
  if (!unpricedCache) return computeCostNanoUsd(prices, counted);
  const cached = counted.cacheReadTokens + counted.cacheWriteTokens;
  return computeCostNanoUsd(prices, { inputTokens: counted.inputTokens + cached, outputTokens: counted.outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });
}

/** Whether the prompt's cache writes are 1-hour ones the model prices. */
function writesOneHour(prices: TierPrices, selection: PriceSelection): boolean {
  return selection.cacheTtl === '1h' && prices.cacheWrite1hPerMTok !== undefined;
}

/**
 * Rule: an input estimate counts as cache-write tokens when the prompt writes a cache and writes
 * cost more than plain input (Bedrock bills 5-minute writes at about 1.25x, 1-hour writes at 2x;
 * the estimate takes the TTL of the prompt's longest-lived cache point); otherwise as input tokens.
 */
function inputEstimateUsage(call: CallEstimate): TokenUsage {
  const { priceSelection, estimatedInputTokens } = call;
  const prices = servedPrices(call.prices, priceSelection);
  const oneHour = writesOneHour(prices, priceSelection);
  const writePrice = (oneHour ? prices.cacheWrite1hPerMTok : prices.cacheWritePerMTok) ?? 0;
  if (!priceSelection.writesCache || writePrice <= prices.inputPerMTok) return { ...NO_USAGE, inputTokens: estimatedInputTokens };
  return { ...NO_USAGE, cacheWriteTokens: estimatedInputTokens, ...(oneHour ? { cacheWrite1hTokens: estimatedInputTokens } : {}) };
}

/** The input estimate of `call`, priced (the cache-write rule applied). */
function inputEstimateCost(call: CallEstimate): number {
  return priceUsage(servedPrices(call.prices, call.priceSelection), inputEstimateUsage(call));
}

/** Rule: the most one call can cost is its input estimate (cache-write rule applied) plus `max_tokens` at its model, tier and latency mode. */
function worstCaseCost(call: CallEstimate): number {
  return priceUsage(servedPrices(call.prices, call.priceSelection), { ...inputEstimateUsage(call), outputTokens: call.maxOutputTokens });
}

/**
 * Rule: cache writes Bedrock reports without a TTL breakdown are 1-hour writes when the prompt asked
 * for a 1-hour cache the model prices (the dearer TTL, so a budget is never under-charged).
 */
function withWriteTtl(usage: TokenUsage, prices: TierPrices, selection: PriceSelection): TokenUsage {
  if (usage.cacheWrite1hTokens !== undefined || usage.cacheWriteTokens === 0 || !writesOneHour(prices, selection)) return usage;
  return { ...usage, cacheWrite1hTokens: usage.cacheWriteTokens };
}

/**
 * Rule: the reservation is the worst case of the dearest candidate target (each target's calls
 * together, a Cohere batch or the Titan texts of one embeddings request), plus, for every call that
 * may fail before the last (`maxAttempts - 1`), the dearest candidate's input estimate again, since
 * an attempt that times out may already have been billed. A fallback to a pricier model therefore
 * fits the reservation too.
 *
 * @param candidates The calls one attempt makes on each candidate target; at least one candidate.
 */
function reservationCost(candidates: readonly (readonly CallEstimate[])[], maxAttempts: number): number {
  const sum = (calls: readonly CallEstimate[], cost: (call: CallEstimate) => number): number => calls.reduce((total, call) => total + cost(call), 0);
  const worst = Math.max(...candidates.map((calls) => sum(calls, worstCaseCost)));
  const dearestInput = Math.max(...candidates.map((calls) => sum(calls, inputEstimateCost)));
  return worst + Math.max(0, maxAttempts - 1) * dearestInput;
}

/**
 * The usage one call is charged, by how it ended. Rules: answered, what Bedrock counted; refused,
 * nothing; timed out, its input estimate; abandoned in flight (non-streaming), its input estimate
 * plus `max_tokens` (Bedrock may finish and bill the whole answer); a stream cut without Bedrock's
 * usage, its input estimate plus the output sent so far at 4 characters per token.
 */
function chargedUsage(call: BilledCall): TokenUsage {
  const { ending } = call;
  switch (ending.kind) {
    case 'answered':
      return ending.usage;
    case 'refused':
      return NO_USAGE;
    case 'timed-out':
      return inputEstimateUsage(call);
    case 'abandoned':
      return { ...inputEstimateUsage(call), outputTokens: call.maxOutputTokens };
    case 'cut':
      return { ...inputEstimateUsage(call), outputTokens: estimateTokensFromCharacters(ending.outputCharacters) };
    default: {
      const exhaustive: never = ending;
      throw new Error(`Unknown call ending ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** What one call is charged: its charged usage at its own model's prices, for the tier and latency mode it was served with. */
function chargeCall(call: BilledCall): Charge {
  const charged = chargedUsage(call);
  const prices = servedPrices(call.prices, call.priceSelection, charged);
  const usage = withWriteTtl(charged, prices, call.priceSelection);
  return { usage, costNanoUsd: priceUsage(prices, usage) };
}

/**
 * Rule: a request is charged the sum of its calls, each at its own model's prices (a fallback's
 * call at the fallback's, a timed-out attempt at its own model's). A request with no call in
 * flight when it ended (the client left during a backoff) adds nothing for it.
 */
function chargeCalls(calls: readonly BilledCall[]): Charge {
  return calls.reduce<Charge>((total, call) => {
    const charge = chargeCall(call);
    return { usage: addUsage(total.usage, charge.usage), costNanoUsd: total.costNanoUsd + charge.costNanoUsd };
  }, NO_CHARGE);
}

export { NO_USAGE, chargeCall, chargeCalls, inputEstimateCost, inputEstimateUsage, priceUsage, reservationCost, servedPrices, worstCaseCost };
export type { BilledCall, CallEnding, CallEstimate, Charge, PriceSelection };
