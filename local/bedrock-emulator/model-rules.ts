/** @module Model-specific Converse rules, as a table from model id pattern to checks. */

import { anthropicThinking, forcesToolUse, type ConverseBody } from './request-features';
import type { EmulatorModel } from './types';

/** A check returns the ValidationException message, or undefined when the request passes. */
type ModelCheck = (body: ConverseBody, model: EmulatorModel) => string | undefined;

/** One row: which foundation models a check applies to. */
interface ModelRule {
  readonly name: string;
  readonly appliesTo: RegExp;
  readonly check: ModelCheck;
}

/** Bedrock relays errors raised by the provider's own validation with this prefix. */
const MODEL_ERROR_PREFIX = 'The model returned the following errors: ';

const THINKING_DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

/** Claude 4.5 and later (Opus/Sonnet/Haiku 4.5, 4.6, 5...). */
const CLAUDE_4_5_AND_LATER = /^anthropic\.claude-(opus|sonnet|haiku)-(4-[5-9]|[5-9])/;
/** Claude models with extended thinking (3.7 Sonnet and Claude 4 onwards). */
const CLAUDE_THINKING = /^anthropic\.claude-(3-7-sonnet|(opus|sonnet|haiku)-[4-9])/;

/**
 * The model-specific rules. Bedrock passes these requests to the provider, whose validation answers
 * with a ValidationException, so the messages carry the provider's wording.
 */
const MODEL_RULES: readonly ModelRule[] = [
  {
    name: 'temperature and topP are exclusive',
    appliesTo: CLAUDE_4_5_AND_LATER,
    check: (body) =>
      body.inferenceConfig?.temperature !== undefined && body.inferenceConfig.topP !== undefined
        ? `${MODEL_ERROR_PREFIX}\`temperature\` and \`top_p\` cannot both be specified for this model. Please use only one.`
        : undefined,
  },
  {
    name: 'thinking budget is at least 1024',
    appliesTo: CLAUDE_THINKING,
    check: (body) => {
      const budget = anthropicThinking(body)?.budgetTokens;
      return budget !== undefined && budget < 1024
        ? `${MODEL_ERROR_PREFIX}thinking.enabled.budget_tokens: Input should be greater than or equal to 1024`
        : undefined;
    },
  },
  {
    name: 'thinking budget is below maxTokens',
    appliesTo: CLAUDE_THINKING,
    check: (body) => {
      const budget = anthropicThinking(body)?.budgetTokens;
      const maxTokens = body.inferenceConfig?.maxTokens;
      return budget !== undefined && maxTokens !== undefined && budget >= maxTokens
        ? `${MODEL_ERROR_PREFIX}\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${THINKING_DOCS}#max-tokens-and-context-window-size`
        : undefined;
    },
  },
  {
    name: 'thinking allows temperature 1 only',
    appliesTo: CLAUDE_THINKING,
    check: (body) => {
      const temperature = body.inferenceConfig?.temperature;
      return anthropicThinking(body) && temperature !== undefined && temperature !== 1
        ? `${MODEL_ERROR_PREFIX}\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`
        : undefined;
    },
  },
  {
    name: 'thinking allows topP of 0.95 or more',
    appliesTo: CLAUDE_THINKING,
    check: (body) => {
      const topP = body.inferenceConfig?.topP;
      return anthropicThinking(body) && topP !== undefined && topP < 0.95
        ? `${MODEL_ERROR_PREFIX}\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`
        : undefined;
    },
  },
  {
    name: 'thinking forbids forced tool use',
    appliesTo: CLAUDE_THINKING,
    check: (body) =>
      anthropicThinking(body) && forcesToolUse(body)
        ? `${MODEL_ERROR_PREFIX}Thinking may not be enabled when tool_choice forces tool use.`
        : undefined,
  },
  {
    name: 'no forced tool choice',
    appliesTo: /^(meta\.llama|cohere\.command|deepseek\.)/,
    check: (body) => {
      const choice = body.toolConfig?.toolChoice;
      const member = choice?.any !== undefined ? 'any' : choice?.tool !== undefined ? 'tool' : undefined;
      return member
        ? `This model doesn't support the toolConfig.toolChoice.${member} field. Remove toolConfig.toolChoice.${member} and try again.`
        : undefined;
    },
  },
  {
    name: 'no tool use',
    appliesTo: /^deepseek\.r1/,
    check: (body) => ((body.toolConfig?.tools ?? []).length > 0 ? "This model doesn't support tool use." : undefined),
  },
  {
    name: 'no system prompt',
    appliesTo: /^mistral\.(mistral-7b|mixtral-8x7b)/,
    check: (body) => ((body.system ?? []).length > 0 ? "This model doesn't support system messages. Try again without a system message." : undefined),
  },
];

/** Runs the rules that apply to `model`; returns the first failure message. */
function checkModelRules(body: ConverseBody, model: EmulatorModel, rules: readonly ModelRule[] = MODEL_RULES): string | undefined {
  for (const rule of rules) {
    if (!rule.appliesTo.test(model.modelId)) continue;
    const message = rule.check(body, model);
    if (message !== undefined) return message;
  }
  return undefined;
}

export { MODEL_ERROR_PREFIX, MODEL_RULES, checkModelRules };
export type { ModelCheck, ModelRule };
