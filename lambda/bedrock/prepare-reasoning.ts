/** @module `reasoning_effort` and the `thinking` extension to each model family's reasoning configuration. */
import type { CatalogEntry } from '../catalog/types';
import type { OpenAIChatCompletionRequest, OpenAIReasoningEffort } from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import type { BedrockDocumentObject } from './json-document';
import type { RequestWarnings } from './request-warnings';

/** Claude's smallest thinking budget. */
const MIN_THINKING_BUDGET_TOKENS = 1024;

/** Thinking budgets for OpenAI effort levels on Claude. */
const THINKING_BUDGET_BY_EFFORT = {
  minimal: 1024,
  low: 2048,
  medium: 4096,
  high: 8192,
} as const satisfies Record<Exclude<OpenAIReasoningEffort, 'none'>, number>;

/** Effort levels the Nova 2 and gpt-oss fields accept. */
type CoarseEffort = 'low' | 'medium' | 'high';

/** What the request asks for, before the model is considered. */
type ReasoningRequest =
  | { kind: 'none' }
  | { kind: 'effort'; effort: Exclude<OpenAIReasoningEffort, 'none'> }
  | { kind: 'budget'; budgetTokens: number };

/** What to send. */
type ReasoningPlan =
  | { kind: 'none' }
  | { kind: 'anthropic-thinking'; budgetTokens: number; explicitBudget: boolean }
  | { kind: 'model-fields'; fields: BedrockDocumentObject };

function readRequest(request: OpenAIChatCompletionRequest): ReasoningRequest {
  if (request.thinking?.type === 'enabled') return { kind: 'budget', budgetTokens: request.thinking.budget_tokens };
  if (request.thinking?.type === 'disabled') return { kind: 'none' };
  const effort = request.reasoning_effort;
  return effort == null || effort === 'none' ? { kind: 'none' } : { kind: 'effort', effort };
}

function coarseEffort(requested: Exclude<ReasoningRequest, { kind: 'none' }>): CoarseEffort {
  if (requested.kind === 'effort') return requested.effort === 'minimal' ? 'low' : requested.effort;
  if (requested.budgetTokens < THINKING_BUDGET_BY_EFFORT.medium) return 'low';
  return requested.budgetTokens < THINKING_BUDGET_BY_EFFORT.high ? 'medium' : 'high';
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

/**
 * Decides the reasoning configuration. On Claude a forced tool wins over thinking (the caller's
 * hard constraint beats a quality hint), so thinking is switched off with a warning; likewise when
 * the client did not send back the thinking block of its last tool call. Reasoning asked of a model
 * that cannot reason is ignored with a warning (OpenAI would 400; a gateway serves many models).
 * @throws InvalidRequestError when `thinking.budget_tokens` is below 1024.
 */
function prepareReasoning(input: PrepareReasoningInput): ReasoningPlan {
  const { model, warnings } = input;
  const requested = readRequest(input.request);
  if (requested.kind === 'none') return { kind: 'none' };
  const param = requested.kind === 'budget' ? 'thinking' : 'reasoning_effort';
  const style = model.capabilities.reasoning;
  if (style === undefined) {
    warnings.add(`${param}: ignored, the model '${model.id}' does not support reasoning.`);
    return { kind: 'none' };
  }
  switch (style) {
    case 'always':
      return { kind: 'none' };
    case 'anthropic-thinking': {
      if (requested.kind === 'budget' && requested.budgetTokens < MIN_THINKING_BUDGET_TOKENS) {
        throw new InvalidRequestError(`Invalid 'thinking.budget_tokens': expected a value >= ${MIN_THINKING_BUDGET_TOKENS}, but got ${requested.budgetTokens} instead.`, {
          param: 'thinking.budget_tokens',
          code: 'invalid_value',
        });
      }
      if (input.forcesTool) {
        warnings.add(`${param}: thinking disabled, Claude cannot think while a tool is forced (tool_choice or response_format).`);
        return { kind: 'none' };
      }
      if (input.lastToolUseLacksThinking) {
        warnings.add(`${param}: thinking disabled, the last assistant tool call was sent back without its signed thinking block.`);
        return { kind: 'none' };
      }
      return requested.kind === 'budget'
        ? { kind: 'anthropic-thinking', budgetTokens: requested.budgetTokens, explicitBudget: true }
        : { kind: 'anthropic-thinking', budgetTokens: THINKING_BUDGET_BY_EFFORT[requested.effort], explicitBudget: false };
    }
    case 'nova-reasoning-config':
      return { kind: 'model-fields', fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: coarseEffort(requested) } } };
    case 'reasoning-effort':
      return { kind: 'model-fields', fields: { reasoning_effort: coarseEffort(requested) } };
    default: {
      const _exhaustiveCheck: never = style;
      return _exhaustiveCheck;
    }
  }
}

export { MIN_THINKING_BUDGET_TOKENS, THINKING_BUDGET_BY_EFFORT, prepareReasoning };
export type { ReasoningPlan };
