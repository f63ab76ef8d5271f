/** @module Converts Bedrock token usage to the ledger's `TokenUsage` and to OpenAI's `usage` object. */
import type { TokenUsage as BedrockTokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { OpenAICompletionUsage } from '../openai/chat-response-types';
import type { BedrockServiceTier, TokenUsage } from '../ledger/meter-types';

/** Both views of one call's usage, with Bedrock's raw object kept for logs. */
interface ConvertedUsage {
  /** What the ledger prices and records. */
  readonly tokens: TokenUsage;
  /** What the client sees. */
  readonly openai: OpenAICompletionUsage;
  readonly raw: BedrockTokenUsage | undefined;
}

/** Characters per token of the deterministic estimate used when Bedrock reported no usage. */
const CHARS_PER_TOKEN_ESTIMATE = 4;

function count(value: number | undefined): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** How Bedrock says it served a call: `serviceTier` and `performanceConfig.latency` of its response. */
interface ReportedServing {
  readonly serviceTier?: string | undefined;
  readonly latency?: string | undefined;
}

const SERVICE_TIERS: readonly string[] = ['default', 'flex', 'priority', 'reserved'] satisfies readonly BedrockServiceTier[];

/** The tier and latency mode Bedrock reported, as the ledger records them (unknown values left out). */
function servingFields(served: ReportedServing | undefined): Pick<TokenUsage, 'serviceTier' | 'latency'> {
  const tier = served?.serviceTier;
  const latency = served?.latency;
  return {
    ...(tier !== undefined && SERVICE_TIERS.includes(tier) ? { serviceTier: tier as BedrockServiceTier } : {}),
    ...(latency === 'standard' || latency === 'optimized' ? { latency } : {}),
  };
}

/**
 * Bedrock usage in the ledger's terms; missing or invalid counts become 0. The 1-hour part of the
 * cache writes comes from `cacheDetails` (present only when Bedrock breaks writes down by TTL), the
 * tier and latency mode from the response (`served`).
 *
 * Bedrock's `inputTokens` already excludes cache reads and writes, exactly like `TokenUsage`.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
 */
function convertToTokenUsage(usage: BedrockTokenUsage | undefined, served?: ReportedServing): TokenUsage {
  const details = usage?.cacheDetails;
  const oneHour = details?.filter((detail) => detail.ttl === '1h').reduce((sum, detail) => sum + count(detail.inputTokens), 0);
  return {
    inputTokens: count(usage?.inputTokens),
    outputTokens: count(usage?.outputTokens),
    cacheReadTokens: count(usage?.cacheReadInputTokens),
    cacheWriteTokens: count(usage?.cacheWriteInputTokens),
    ...(details === undefined || details.length === 0 ? {} : { cacheWrite1hTokens: Math.min(oneHour ?? 0, count(usage?.cacheWriteInputTokens)) }),
    ...servingFields(served),
  };
}

/**
 * The OpenAI `usage` object for ledger usage.
 *
 * OpenAI counts cached tokens inside `prompt_tokens`; Bedrock does not, so the cache reads and
 * writes are added back and `cached_tokens` names the reads.
 */
function convertToOpenAIUsage(tokens: TokenUsage): OpenAICompletionUsage {
  const promptTokens = tokens.inputTokens + tokens.cacheReadTokens + tokens.cacheWriteTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: tokens.outputTokens,
    total_tokens: promptTokens + tokens.outputTokens,
    prompt_tokens_details: { cached_tokens: tokens.cacheReadTokens },
    cache_creation_input_tokens: tokens.cacheWriteTokens,
  };
}

/**
 * Converts Bedrock usage to both the ledger's and OpenAI's form.
 *
 * @example convertUsage({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cacheReadInputTokens: 100 }).openai.prompt_tokens // 110
 */
function convertUsage(usage: BedrockTokenUsage | undefined): ConvertedUsage {
  const tokens = convertToTokenUsage(usage);
  return { tokens, openai: convertToOpenAIUsage(tokens), raw: usage };
}

/**
 * A deterministic token estimate for text whose usage Bedrock never reported (a stream that broke
 * or was abandoned before its `metadata` event): one token per 4 characters, rounded up.
 */
function estimateTokensFromCharacters(characters: number): number {
  return characters <= 0 ? 0 : Math.ceil(characters / CHARS_PER_TOKEN_ESTIMATE);
}

export { CHARS_PER_TOKEN_ESTIMATE, convertToOpenAIUsage, convertToTokenUsage, convertUsage, estimateTokensFromCharacters, servingFields };
export type { ConvertedUsage, ReportedServing };
