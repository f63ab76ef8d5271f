/**
 * @module Every rule of what a model call reserves and is charged, as pure functions of literal
 * values. The README's "How money is kept exact" states the same rules, and
 * test/unit/model-call/charging-rules.test.ts has one table row per rule.
 */
import { estimateTokensFromCharacters } from '../bedrock/convert-usage';
import { computeCostNanoUsd } from '../catalog/pricing';
import type { ModelPrices } from '../catalog/types';
import type { TokenUsage } from '../ledger/meter-types';

/**
 * What selects the prices of a call besides its model. Service tiers and 1-hour cache writes
 * belong here when the catalog prices them, so every rule below sees them.
 */
interface PriceSelection {
  /** The prompt sets a cache point, so Bedrock may bill its input as a cache write. */
  readonly writesCache: boolean;
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
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

/**
 * Rule: usage is priced at its model's prices, each kind of token at its own price. Cache tokens on
 * a model without cache prices are priced as input tokens rather than failing the settlement (the
 * catalog lacks a price; the caller still pays).
 */
function priceUsage(prices: ModelPrices, usage: TokenUsage): number {
  const unpricedCache =
    (usage.cacheReadTokens > 0 && prices.cacheReadPerMTok === undefined) || (usage.cacheWriteTokens > 0 && prices.cacheWritePerMTok === undefined);
  if (!unpricedCache) return computeCostNanoUsd(prices, usage);
  const cached = usage.cacheReadTokens + usage.cacheWriteTokens;
  return computeCostNanoUsd(prices, { ...usage, inputTokens: usage.inputTokens + cached, cacheReadTokens: 0, cacheWriteTokens: 0 });
}

/**
 * Rule: an input estimate counts as cache-write tokens when the prompt writes a cache and writes
 * cost more than plain input (Bedrock bills writes at about 1.25x); otherwise as input tokens.
 */
function inputEstimateUsage(call: CallEstimate): TokenUsage {
  const { prices, priceSelection, estimatedInputTokens } = call;
  const writesDearer = priceSelection.writesCache && (prices.cacheWritePerMTok ?? 0) > prices.inputPerMTok;
  return writesDearer ? { ...NO_USAGE, cacheWriteTokens: estimatedInputTokens } : { ...NO_USAGE, inputTokens: estimatedInputTokens };
}

/** The input estimate of `call`, priced (the cache-write rule applied). */
function inputEstimateCost(call: CallEstimate): number {
  return priceUsage(call.prices, inputEstimateUsage(call));
}

/** Rule: the most one call can cost is its input estimate (cache-write rule applied) plus `max_tokens` at its model. */
function worstCaseCost(call: CallEstimate): number {
  return priceUsage(call.prices, { ...inputEstimateUsage(call), outputTokens: call.maxOutputTokens });
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

/** What one call is charged: its charged usage at its own model's prices. */
function chargeCall(call: BilledCall): Charge {
  const usage = chargedUsage(call);
  return { usage, costNanoUsd: priceUsage(call.prices, usage) };
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

export { NO_USAGE, chargeCall, chargeCalls, inputEstimateUsage, priceUsage, reservationCost, worstCaseCost };
export type { BilledCall, CallEnding, CallEstimate, Charge, PriceSelection };
