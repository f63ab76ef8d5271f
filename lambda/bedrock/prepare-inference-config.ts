/** @module Token limit, sampling and stop sequences to a Converse `inferenceConfig`. */
import type { InferenceConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { AnthropicEffort, CatalogEntry } from '../catalog/types';
import type { OpenAIChatCompletionRequest } from '../openai/chat-request-types';
import { BUDGET_TOKENS_BY_EFFORT, MIN_THINKING_BUDGET_TOKENS, claudeThinkingRules, rejectedSamplingParameters } from './claude-thinking';
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

/** The thinking the model will do, as far as token limits and sampling care. */
interface ThinkingForTokens {
  /** A thinking budget to fit under `maxTokens`. @default - none */
  readonly budgetTokens?: number;
  /** The model thinks (with a budget or adaptively). */
  readonly thinks: boolean;
  /** The effort sent for adaptive thinking. @default - the model's default effort */
  readonly effort?: AnthropicEffort;
}

/**
 * Room for thinking in the default `maxTokens`: the budget, or for adaptive thinking the budget its
 * effort stands for (so a default request is not cut off mid-thought).
 */
function thinkingAllowance(thinking: ThinkingForTokens, model: CatalogEntry): number {
  if (thinking.budgetTokens !== undefined) return thinking.budgetTokens;
  if (!thinking.thinks) return 0;
  return BUDGET_TOKENS_BY_EFFORT[thinking.effort ?? claudeThinkingRules(model)?.defaultEffort ?? 'high'];
}

/** Settles `maxTokens` and the thinking budget so that budget >= 1024 and budget < maxTokens <= model max. */
function settleTokens(
  requested: number | undefined,
  thinking: ThinkingForTokens,
  model: CatalogEntry,
  warnings: RequestWarnings,
): { maxTokens: number; budget: number | undefined } {
  const modelMax = model.maxOutputTokens;
  const budget = thinking.budgetTokens;
  let maxTokens = requested ?? Math.min(modelMax, DEFAULT_MAX_OUTPUT_TOKENS + thinkingAllowance(thinking, model));
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
 * Bedrock's 1 are clamped; sampling the model rejects (all of it under Claude thinking, any of it
 * on Claude 4.7 and later) is dropped, and `top_p` is dropped when a model rejects it together
 * with `temperature`; every drop is a warning.
 */
function prepareInferenceConfig(
  request: OpenAIChatCompletionRequest,
  model: CatalogEntry,
  thinking: ThinkingForTokens,
  warnings: RequestWarnings,
): PreparedInferenceConfig {
  if (request.max_tokens != null && request.max_completion_tokens != null && request.max_tokens !== request.max_completion_tokens) {
    warnings.add('max_tokens: ignored, max_completion_tokens takes precedence.');
  }
  const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const { maxTokens, budget } = settleTokens(requested, thinking, model, warnings);
  const thinks = thinking.thinks && (thinking.budgetTokens === undefined || budget !== undefined);

  let temperature = request.temperature ?? undefined;
  let topP = request.top_p ?? undefined;
  const rejected = rejectedSamplingParameters(model, thinks);
  const reason = thinks ? 'Claude thinking does not allow it' : `the model '${model.id}' does not accept it`;
  if (temperature !== undefined && rejected.includes('temperature')) {
    warnings.add(`temperature: dropped, ${reason}.`);
    temperature = undefined;
  }
  if (topP !== undefined && rejected.includes('top_p')) {
    warnings.add(`top_p: dropped, ${reason}.`);
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
export type { PreparedInferenceConfig, ThinkingForTokens };
