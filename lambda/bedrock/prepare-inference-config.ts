/** @module Token limit, sampling and stop sequences to a Converse `inferenceConfig`. */
import type { InferenceConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry } from '../catalog/types';
import type { OpenAIChatCompletionRequest } from '../openai/chat-request-types';
import { MIN_THINKING_BUDGET_TOKENS } from './prepare-reasoning';
import type { RequestWarnings } from './request-warnings';

/**
 * `maxTokens` when the client sends none: OpenAI has no default cap, but budgets reserve
 * `maxTokens` up front, so an uncapped default would reserve the model maximum on every call.
 */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** Answer room kept above a thinking budget when `maxTokens` must be raised to fit it. */
const MIN_ANSWER_TOKENS = 1024;

interface PreparedInferenceConfig {
  readonly inferenceConfig: InferenceConfiguration;
  readonly maxOutputTokens: number;
  /** The thinking budget to send (possibly lowered to fit the model), or undefined for none. */
  readonly thinkingBudgetTokens: number | undefined;
}

/** Settles `maxTokens` and the thinking budget so that budget >= 1024 and budget < maxTokens <= model max. */
function settleTokens(
  requested: number | undefined,
  budget: number | undefined,
  model: CatalogEntry,
  warnings: RequestWarnings,
): { maxTokens: number; budget: number | undefined } {
  const modelMax = model.maxOutputTokens;
  let maxTokens = requested ?? Math.min(modelMax, DEFAULT_MAX_OUTPUT_TOKENS + (budget ?? 0));
  if (maxTokens > modelMax) {
    warnings.add(`max_completion_tokens: ${maxTokens} is above the model maximum; clamped to ${modelMax}.`);
    maxTokens = modelMax;
  }
  if (budget === undefined || budget < maxTokens) return { maxTokens, budget };
  const raised = Math.min(modelMax, budget + MIN_ANSWER_TOKENS);
  if (budget < raised) {
    warnings.add(`max_completion_tokens: raised from ${maxTokens} to ${raised} to exceed the thinking budget of ${budget}.`);
    return { maxTokens: raised, budget };
  }
  const lowered = modelMax - MIN_ANSWER_TOKENS;
  if (lowered >= MIN_THINKING_BUDGET_TOKENS) {
    warnings.add(`thinking: budget lowered from ${budget} to ${lowered} to fit the model maximum of ${modelMax} tokens.`);
    return { maxTokens: modelMax, budget: lowered };
  }
  warnings.add('thinking: disabled, the model maximum leaves no room for a thinking budget.');
  return { maxTokens: Math.min(maxTokens, modelMax), budget: undefined };
}

/**
 * Builds `inferenceConfig`. `max_completion_tokens` wins over `max_tokens`; temperatures above
 * Bedrock's 1 are clamped; sampling is dropped under Claude thinking, and `top_p` is dropped when a
 * model rejects it together with `temperature`.
 */
function prepareInferenceConfig(
  request: OpenAIChatCompletionRequest,
  model: CatalogEntry,
  thinkingBudgetTokens: number | undefined,
  warnings: RequestWarnings,
): PreparedInferenceConfig {
  if (request.max_tokens != null && request.max_completion_tokens != null && request.max_tokens !== request.max_completion_tokens) {
    warnings.add('max_tokens: ignored, max_completion_tokens takes precedence.');
  }
  const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const { maxTokens, budget } = settleTokens(requested, thinkingBudgetTokens, model, warnings);
  const thinking = budget !== undefined;

  let temperature = request.temperature ?? undefined;
  let topP = request.top_p ?? undefined;
  if (thinking) {
    if (temperature !== undefined) warnings.add('temperature: dropped, Claude thinking does not allow it.');
    if (topP !== undefined) warnings.add('top_p: dropped, Claude thinking does not allow it.');
    temperature = undefined;
    topP = undefined;
  }
  if (temperature !== undefined && temperature > 1) {
    warnings.add(`temperature: ${temperature} clamped to 1 (Bedrock's range is 0 to 1).`);
    temperature = 1;
  }
  if (temperature !== undefined && topP !== undefined && model.capabilities.exclusiveTemperatureTopP) {
    warnings.add('top_p: dropped, the model does not accept temperature and top_p together.');
    topP = undefined;
  }
  const stop = request.stop == null ? [] : (typeof request.stop === 'string' ? [request.stop] : request.stop).filter((sequence) => sequence !== '');

  return {
    inferenceConfig: {
      maxTokens,
      ...(temperature !== undefined ? { temperature } : {}),
      ...(topP !== undefined ? { topP } : {}),
      ...(stop.length > 0 ? { stopSequences: stop } : {}),
    },
    maxOutputTokens: maxTokens,
    thinkingBudgetTokens: budget,
  };
}

export { DEFAULT_MAX_OUTPUT_TOKENS, MIN_ANSWER_TOKENS, prepareInferenceConfig };
export type { PreparedInferenceConfig };
