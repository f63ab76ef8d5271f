/** @module `reasoning_effort` and the `thinking` extension to each model family's reasoning configuration. */
import type { CatalogEntry } from '../catalog/types';
import type { OpenAIChatCompletionRequest } from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import { MIN_THINKING_BUDGET_TOKENS, planClaudeThinking, type ClaudeThinkingPlan, type ReasoningAsk } from './claude-thinking';
import type { BedrockDocumentObject } from './json-document';
import { RequestWarnings } from './request-warnings';

/** Effort levels the Nova 2 and gpt-oss fields accept. */
type CoarseEffort = 'low' | 'medium' | 'high';

/** What to send. */
type ReasoningPlan =
  | { kind: 'none' }
  /** Claude: `thinking` and `output_config.effort` as the model takes them (a budget is settled with `maxTokens` later). */
  | { kind: 'anthropic'; plan: ClaudeThinkingPlan }
  | { kind: 'model-fields'; fields: BedrockDocumentObject };

/** The request's reasoning parameters as a surface-neutral ask. */
function readAsk(request: OpenAIChatCompletionRequest): ReasoningAsk {
  if (request.thinking?.type === 'enabled') return { kind: 'budget', budgetTokens: request.thinking.budget_tokens };
  if (request.thinking?.type === 'disabled') return { kind: 'off' };
  const effort = request.reasoning_effort;
  if (effort == null) return { kind: 'default' };
  if (effort === 'none') return { kind: 'off' };
  return effort === 'minimal' ? { kind: 'minimal' } : { kind: 'effort', effort };
}

function coarseEffort(ask: Exclude<ReasoningAsk, { kind: 'default' | 'off' }>): CoarseEffort {
  switch (ask.kind) {
    case 'minimal':
    case 'between-tools':
      return 'low';
    case 'budget':
      return ask.budgetTokens < 4096 ? 'low' : ask.budgetTokens < 8192 ? 'medium' : 'high';
    case 'effort':
    case 'adaptive': {
      const effort = ask.effort ?? 'high';
      return effort === 'xhigh' || effort === 'max' ? 'high' : effort;
    }
    default: {
      const _exhaustiveCheck: never = ask;
      return _exhaustiveCheck;
    }
  }
}

interface PrepareReasoningInput {
  readonly request: OpenAIChatCompletionRequest;
  readonly model: CatalogEntry;
  /** `toolChoice` forces a tool, which Claude thinking rejects. */
  readonly forcesTool: boolean;
  /** The last assistant tool call has no signed thinking block, which Claude thinking rejects. */
  readonly lastToolUseLacksThinking: boolean;
  readonly warnings: RequestWarnings;
}

const CHAT_PARAMS = { ask: 'reasoning_effort', effort: 'reasoning_effort' } as const;

/**
 * Decides the reasoning configuration. Claude models get `thinking` and `output_config.effort` as
 * each takes them (see `planClaudeThinking`); a forced tool wins over thinking (the caller's hard
 * constraint beats a quality hint), and so does a last tool call sent back without its signed
 * thinking block, where the model can turn thinking off. Reasoning asked of a model that cannot
 * reason is ignored with a warning (OpenAI would 400; a gateway serves many models).
 * @throws InvalidRequestError when `thinking.budget_tokens` is below 1024.
 */
function prepareReasoning(input: PrepareReasoningInput): ReasoningPlan {
  const { model, warnings } = input;
  const ask = readAsk(input.request);
  const params = input.request.thinking === undefined ? CHAT_PARAMS : { ...CHAT_PARAMS, ask: 'thinking' };
  if (ask.kind === 'budget' && ask.budgetTokens < MIN_THINKING_BUDGET_TOKENS) {
    throw new InvalidRequestError(`Invalid 'thinking.budget_tokens': expected a value >= ${MIN_THINKING_BUDGET_TOKENS}, but got ${ask.budgetTokens} instead.`, {
      param: 'thinking.budget_tokens',
      code: 'invalid_value',
    });
  }
  const style = model.capabilities.reasoning;
  if (style === undefined) {
    if (ask.kind !== 'default' && ask.kind !== 'off') warnings.add(`${params.ask}: ignored, the model '${model.id}' does not support reasoning.`);
    return { kind: 'none' };
  }
  switch (style) {
    case 'always':
      return { kind: 'none' };
    case 'anthropic-thinking': {
      const plan = planClaudeThinking({ ask, model, forcesTool: input.forcesTool, params, warnings });
      if (!plan.thinks || !input.lastToolUseLacksThinking) return { kind: 'anthropic', plan };
      const off = planClaudeThinking({ ask: { kind: 'off' }, model, params, warnings: new RequestWarnings() });
      if (off.thinks) {
        warnings.add(`${params.ask}: '${model.id}' always thinks, but the last assistant tool call was sent back without its signed thinking block; Bedrock may reject the request.`);
        return { kind: 'anthropic', plan };
      }
      warnings.add(`${params.ask}: thinking turned off, the last assistant tool call was sent back without its signed thinking block.`);
      return { kind: 'anthropic', plan: off };
    }
    case 'nova-reasoning-config':
      return ask.kind === 'default' || ask.kind === 'off'
        ? { kind: 'none' }
        : { kind: 'model-fields', fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: coarseEffort(ask) } } };
    case 'reasoning-effort':
      return ask.kind === 'default' || ask.kind === 'off' ? { kind: 'none' } : { kind: 'model-fields', fields: { reasoning_effort: coarseEffort(ask) } };
    default: {
      const _exhaustiveCheck: never = style;
      return _exhaustiveCheck;
    }
  }
}

export { MIN_THINKING_BUDGET_TOKENS, prepareReasoning };
export type { ReasoningPlan };
