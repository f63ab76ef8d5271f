/** @module What a chat call costs: prices of usage, input estimates at the cache-write price, and the worst case of a candidate. */
import { estimateTokensFromCharacters } from '../../../bedrock/convert-usage';
import { hasCachePoint } from '../../../bedrock/estimate-input-tokens';
import type { PreparedConverseRequest } from '../../../bedrock/prepare-converse-request';
import { computeCostNanoUsd } from '../../../catalog/pricing';
import type { CatalogEntry } from '../../../catalog/types';
import type { TokenUsage } from '../../../ledger/meter-types';
import type { Candidate } from './chat-call';

/** No tokens at all: the usage of a call before anything is known. */
const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/**
 * The cost of `usage`; cache tokens on a model without cache prices are priced as input tokens
 * rather than failing the settlement (the catalog is missing a price, the caller still pays).
 */
function costNanoUsd(model: CatalogEntry, usage: TokenUsage): number {
  try {
    return computeCostNanoUsd(model.prices, usage);
  } catch {
    return computeCostNanoUsd(model.prices, {
      inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
  }
}

/** The usage counted when Bedrock never reported any: the input estimate and the output produced so far. */
function estimatedUsage(prepared: PreparedConverseRequest, outputCharacters: number): TokenUsage {
  return { ...NO_USAGE, inputTokens: prepared.estimatedInputTokens, outputTokens: estimateTokensFromCharacters(outputCharacters) };
}

/** Input tokens at the dearer of the input and cache-write prices when the request writes a cache (Bedrock bills writes at about 1.25x). */
function inputUsage(candidate: Candidate, inputTokens: number): TokenUsage {
  const { prices } = candidate.target.model;
  const { system = [], messages = [], toolConfig } = candidate.prepared.input;
  const writesCache = (prices.cacheWritePerMTok ?? 0) > prices.inputPerMTok && hasCachePoint(system, messages, toolConfig?.tools ?? []);
  return writesCache ? { ...NO_USAGE, cacheWriteTokens: inputTokens } : { ...NO_USAGE, inputTokens };
}

/** The most one call to `candidate` can cost: its input estimate (at the cache-write price if dearer and used) plus `max_tokens`. */
function worstCaseCost(candidate: Candidate): number {
  const { estimatedInputTokens, maxOutputTokens } = candidate.prepared;
  return costNanoUsd(candidate.target.model, { ...inputUsage(candidate, estimatedInputTokens), outputTokens: maxOutputTokens });
}

export { NO_USAGE, costNanoUsd, estimatedUsage, inputUsage, worstCaseCost };
