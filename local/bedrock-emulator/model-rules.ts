/**
 * @module Model-specific request rules, as a table from model id pattern to checks.
 *
 * The rules read `ModelRequestFacts`, which both request dialects reduce to: a Converse body
 * (`converseFacts`) and an InvokeModel Anthropic Messages body (`messagesFacts`), so a request a
 * model rejects fails the same way whichever API carried it.
 */

import { additionalFields, forcesToolUse, isJsonObject, type ConverseBody, type JsonObject } from './request-features';
import type { EmulatorModel } from './types';

/** What the rules need to know about a request, whichever API carried it. */
interface ModelRequestFacts {
  /** `thinking.type` as sent. */
  readonly thinkingType?: string;
  /** `thinking.budget_tokens` as sent. */
  readonly budgetTokens?: number;
  /** `output_config.effort` as sent. */
  readonly effort?: string;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly topK?: number;
  /** `any` or `tool` when the tool choice forces tool use. */
  readonly forcedToolChoice?: 'any' | 'tool';
  /** Converse only: the member of `toolConfig.toolChoice` (`auto`, `any`, `tool`), when set. */
  readonly converseToolChoice?: string;
  /** Converse only: Anthropic's `tool_choice` passed in `additionalModelRequestFields`, when there is one. */
  readonly additionalToolChoice?: { readonly type?: string };
  readonly toolCount: number;
  readonly systemCount: number;
}

/** A check returns the ValidationException message, or undefined when the request passes. */
type ModelCheck = (facts: ModelRequestFacts, model: EmulatorModel) => string | undefined;

/** One row: which foundation models a check applies to. */
interface ModelRule {
  readonly name: string;
  readonly appliesTo: RegExp;
  readonly check: ModelCheck;
}

/** Bedrock relays errors raised by the provider's own validation with this prefix. */
const MODEL_ERROR_PREFIX = 'The model returned the following errors: ';

const THINKING_DOCS = 'https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

/** Claude 4.5 and later (Opus/Sonnet/Haiku 4.5 onwards, Fable, Mythos). */
const CLAUDE_4_5_AND_LATER = /^anthropic\.claude-((opus|sonnet|haiku)-(4-[5-9]|[5-9])|fable-|mythos-)/;
/** Claude models with extended thinking (3.7 Sonnet and Claude 4 onwards). */
const CLAUDE_THINKING = /^anthropic\.claude-(3-7-sonnet|(opus|sonnet|haiku)-[4-9]|fable-|mythos-)/;
/** Claude Opus 4.7 and later: adaptive thinking only, and only default sampling. */
const CLAUDE_4_7_AND_LATER = /^anthropic\.claude-(opus-(4-[7-9]|[5-9])|(sonnet|haiku)-[5-9]|fable-|mythos-)/;
/** Models that think when the request says nothing (Sonnet 5, Opus 5, Haiku 5.5 and the always-on ones). */
const THINKS_BY_DEFAULT = /^anthropic\.claude-((opus|sonnet)-5|haiku-5-5|fable-|mythos-)/;
/** Models that reject `thinking.type: "disabled"` (AWS adaptive-thinking page; Sonnet 5.5 has between_tools instead). */
const REJECTS_DISABLED = /^anthropic\.claude-(opus-(4-[78]|5-5)|sonnet-5-5|fable-|mythos-)/;
/** Models that accept `disabled` (or Sonnet 5.5's `between_tools`) only with an effort up to `high`. */
const DISABLED_UP_TO_HIGH = /^anthropic\.claude-(opus-5$|haiku-5-5|sonnet-5-5)/;
/** Effort levels of Claude 4.6 (no `xhigh`). */
const CLAUDE_4_6 = /^anthropic\.claude-(opus|sonnet)-4-6/;
/** Models that reject a forced tool choice. */
const NO_FORCED_TOOL_CHOICE = /^anthropic\.claude-(opus-5-5|sonnet-5-5|fable-)/;

const EFFORT_ORDER = ['low', 'medium', 'high', 'xhigh', 'max'];

/** Whether Claude thinks for this request. */
function thinks(facts: ModelRequestFacts, model: EmulatorModel): boolean {
  const type = facts.thinkingType;
  if (type === undefined) return THINKS_BY_DEFAULT.test(model.modelId);
  return type === 'enabled' || type === 'adaptive' || type === 'between_tools';
}

/**
 * The model-specific rules. Bedrock passes these requests to the provider, whose validation answers
 * with a ValidationException, so the messages carry the provider's wording where it is known.
 */
const MODEL_RULES: readonly ModelRule[] = [
  {
    name: 'temperature and topP are exclusive',
    appliesTo: CLAUDE_4_5_AND_LATER,
    check: (facts) =>
      facts.temperature !== undefined && facts.topP !== undefined
        ? `${MODEL_ERROR_PREFIX}\`temperature\` and \`top_p\` cannot both be specified for this model. Please use only one.`
        : undefined,
  },
  {
    name: 'adaptive thinking only (no budget)',
    appliesTo: CLAUDE_4_7_AND_LATER,
    check: (facts) =>
      facts.thinkingType === 'enabled'
        ? '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.'
        : undefined,
  },
  {
    name: 'thinking cannot be disabled',
    appliesTo: REJECTS_DISABLED,
    check: (facts) => (facts.thinkingType === 'disabled' ? '"thinking.type.disabled" is not supported for this model.' : undefined),
  },
  {
    name: 'between_tools is Sonnet 5.5 only',
    appliesTo: /^anthropic\.claude-(?!sonnet-5-5)/,
    check: (facts) => (facts.thinkingType === 'between_tools' ? '"thinking.type.between_tools" is not supported for this model.' : undefined),
  },
  {
    name: 'no effort above high without thinking',
    appliesTo: DISABLED_UP_TO_HIGH,
    check: (facts) => {
      const off = facts.thinkingType === 'disabled' || facts.thinkingType === 'between_tools';
      const tooHigh = facts.effort !== undefined && EFFORT_ORDER.indexOf(facts.effort) > EFFORT_ORDER.indexOf('high');
      return off && tooHigh
        ? `${MODEL_ERROR_PREFIX}output_config.effort: '${facts.effort}' is not supported with thinking.type '${facts.thinkingType}'; use 'high' or lower.`
        : undefined;
    },
  },
  {
    name: 'effort levels of Claude 4.6',
    appliesTo: CLAUDE_4_6,
    check: (facts) =>
      facts.effort !== undefined && !['low', 'medium', 'high', 'max'].includes(facts.effort)
        ? `${MODEL_ERROR_PREFIX}output_config.effort: Input should be 'low', 'medium', 'high' or 'max'`
        : undefined,
  },
  {
    name: 'effort levels of Claude 4.7 and later',
    appliesTo: CLAUDE_4_7_AND_LATER,
    check: (facts) =>
      facts.effort !== undefined && !EFFORT_ORDER.includes(facts.effort)
        ? `${MODEL_ERROR_PREFIX}output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'`
        : undefined,
  },
  {
    name: 'only default sampling on Claude 4.7 and later',
    appliesTo: CLAUDE_4_7_AND_LATER,
    check: (facts) => {
      if (facts.temperature !== undefined && facts.temperature !== 1) return `${MODEL_ERROR_PREFIX}temperature must be 1.0 or unset for this model.`;
      if (facts.topP !== undefined && facts.topP !== 0.99) return `${MODEL_ERROR_PREFIX}top_p must be 0.99 or unset for this model.`;
      return facts.topK !== undefined ? `${MODEL_ERROR_PREFIX}top_k is not supported for this model.` : undefined;
    },
  },
  {
    name: "Anthropic's tool_choice in additional fields needs tools",
    appliesTo: /^anthropic\.claude-/,
    check: (facts) =>
      facts.additionalToolChoice !== undefined && facts.toolCount === 0 ? `${MODEL_ERROR_PREFIX}tool_choice may only be specified while providing tools.` : undefined,
  },
  {
    // Bedrock merges the additional field into toolConfig.toolChoice field by field (BerriAI/litellm#36536 quotes the message).
    name: "Anthropic's tool_choice.type conflicts with a Converse toolChoice",
    appliesTo: /^anthropic\.claude-/,
    check: (facts) =>
      facts.additionalToolChoice?.type !== undefined && facts.converseToolChoice !== undefined
        ? `The additional field tool_choice/type conflicts with the existing field toolConfig.toolChoice.${facts.converseToolChoice}. Remove tool_choice/type and try again.`
        : undefined,
  },
  {
    name: "Anthropic's tool_choice needs its type when Converse sets none",
    appliesTo: /^anthropic\.claude-/,
    check: (facts) =>
      facts.additionalToolChoice !== undefined && facts.additionalToolChoice.type === undefined && facts.converseToolChoice === undefined
        ? `${MODEL_ERROR_PREFIX}tool_choice.type: Field required`
        : undefined,
  },
  {
    name: 'no forced tool choice on models that reject it',
    appliesTo: NO_FORCED_TOOL_CHOICE,
    check: (facts) =>
      facts.forcedToolChoice !== undefined ? `${MODEL_ERROR_PREFIX}tool_choice: type "tool" and "any" are not supported for this model.` : undefined,
  },
  {
    name: 'thinking budget is at least 1024',
    appliesTo: CLAUDE_THINKING,
    check: (facts) =>
      facts.thinkingType === 'enabled' && facts.budgetTokens !== undefined && facts.budgetTokens < 1024
        ? `${MODEL_ERROR_PREFIX}thinking.enabled.budget_tokens: Input should be greater than or equal to 1024`
        : undefined,
  },
  {
    name: 'thinking budget is below maxTokens',
    appliesTo: CLAUDE_THINKING,
    check: (facts) =>
      facts.thinkingType === 'enabled' && facts.budgetTokens !== undefined && facts.maxTokens !== undefined && facts.budgetTokens >= facts.maxTokens
        ? `${MODEL_ERROR_PREFIX}\`max_tokens\` must be greater than \`thinking.budget_tokens\`. Please consult our documentation at ${THINKING_DOCS}#max-tokens-and-context-window-size`
        : undefined,
  },
  {
    name: 'thinking allows temperature 1 only',
    appliesTo: CLAUDE_THINKING,
    check: (facts, model) =>
      thinks(facts, model) && facts.temperature !== undefined && facts.temperature !== 1
        ? `${MODEL_ERROR_PREFIX}\`temperature\` may only be set to 1 when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`
        : undefined,
  },
  {
    name: 'thinking allows topP of 0.95 or more',
    appliesTo: CLAUDE_THINKING,
    check: (facts, model) =>
      thinks(facts, model) && facts.topP !== undefined && facts.topP < 0.95
        ? `${MODEL_ERROR_PREFIX}\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at ${THINKING_DOCS}#feature-compatibility`
        : undefined,
  },
  {
    name: 'thinking forbids forced tool use',
    appliesTo: CLAUDE_THINKING,
    check: (facts, model) =>
      thinks(facts, model) && facts.forcedToolChoice !== undefined ? `${MODEL_ERROR_PREFIX}Thinking may not be enabled when tool_choice forces tool use.` : undefined,
  },
  {
    name: 'no forced tool choice',
    appliesTo: /^(meta\.llama|cohere\.command|deepseek\.)/,
    check: (facts) =>
      facts.forcedToolChoice
        ? `This model doesn't support the toolConfig.toolChoice.${facts.forcedToolChoice} field. Remove toolConfig.toolChoice.${facts.forcedToolChoice} and try again.`
        : undefined,
  },
  {
    name: 'no tool use',
    appliesTo: /^deepseek\.r1/,
    check: (facts) => (facts.toolCount > 0 ? "This model doesn't support tool use." : undefined),
  },
  {
    name: 'no system prompt',
    appliesTo: /^mistral\.(mistral-7b|mixtral-8x7b)/,
    check: (facts) => (facts.systemCount > 0 ? "This model doesn't support system messages. Try again without a system message." : undefined),
  },
];

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `thinking` and `output_config.effort` of an Anthropic-shaped object (Converse additional fields or a Messages body). */
function thinkingFacts(fields: JsonObject): Pick<ModelRequestFacts, 'thinkingType' | 'budgetTokens' | 'effort'> {
  const thinking = fields['thinking'];
  const outputConfig = fields['output_config'];
  const thinkingType = isJsonObject(thinking) ? stringOf(thinking['type']) : undefined;
  const budgetTokens = isJsonObject(thinking) ? numberOf(thinking['budget_tokens']) : undefined;
  const effort = isJsonObject(outputConfig) ? stringOf(outputConfig['effort']) : undefined;
  return { ...(thinkingType === undefined ? {} : { thinkingType }), ...(budgetTokens === undefined ? {} : { budgetTokens }), ...(effort === undefined ? {} : { effort }) };
}

/** The facts of a Converse body: Claude settings from `additionalModelRequestFields`, sampling from `inferenceConfig`. */
function converseFacts(body: ConverseBody): ModelRequestFacts {
  const fields = additionalFields(body);
  const choice = body.toolConfig?.toolChoice;
  const topK = numberOf(fields['top_k']);
  const toolChoiceField = fields['tool_choice'];
  const converseToolChoice = choice === undefined ? undefined : Object.keys(choice)[0];
  return {
    ...(converseToolChoice === undefined ? {} : { converseToolChoice }),
    ...(isJsonObject(toolChoiceField) ? { additionalToolChoice: stringOf(toolChoiceField['type']) === undefined ? {} : { type: stringOf(toolChoiceField['type']) } } : {}),
    ...thinkingFacts(fields),
    ...(body.inferenceConfig?.maxTokens === undefined ? {} : { maxTokens: body.inferenceConfig.maxTokens }),
    ...(body.inferenceConfig?.temperature === undefined ? {} : { temperature: body.inferenceConfig.temperature }),
    ...(body.inferenceConfig?.topP === undefined ? {} : { topP: body.inferenceConfig.topP }),
    ...(topK === undefined ? {} : { topK }),
    ...(forcesToolUse(body) ? { forcedToolChoice: choice?.any !== undefined ? 'any' : 'tool' } : {}),
    toolCount: (body.toolConfig?.tools ?? []).length,
    systemCount: (body.system ?? []).length,
  };
}

/** The facts of an InvokeModel Anthropic Messages body (`anthropic_version: "bedrock-2023-05-31"`). */
function messagesFacts(body: JsonObject): ModelRequestFacts {
  const choice = body['tool_choice'];
  const choiceType = isJsonObject(choice) ? choice['type'] : undefined;
  const system = body['system'];
  const tools = body['tools'];
  const maxTokens = numberOf(body['max_tokens']);
  const temperature = numberOf(body['temperature']);
  const topP = numberOf(body['top_p']);
  const topK = numberOf(body['top_k']);
  return {
    ...thinkingFacts(body),
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(topK === undefined ? {} : { topK }),
    ...(choiceType === 'any' || choiceType === 'tool' ? { forcedToolChoice: choiceType } : {}),
    toolCount: Array.isArray(tools) ? tools.length : 0,
    systemCount: typeof system === 'string' ? (system === '' ? 0 : 1) : Array.isArray(system) ? system.length : 0,
  };
}

/** Runs the rules that apply to `model` on request facts; returns the first failure message. */
function checkRequestFacts(facts: ModelRequestFacts, model: EmulatorModel, rules: readonly ModelRule[] = MODEL_RULES): string | undefined {
  for (const rule of rules) {
    if (!rule.appliesTo.test(model.modelId)) continue;
    const message = rule.check(facts, model);
    if (message !== undefined) return message;
  }
  return undefined;
}

/** Runs the rules that apply to `model` on a Converse body; returns the first failure message. */
function checkModelRules(body: ConverseBody, model: EmulatorModel, rules: readonly ModelRule[] = MODEL_RULES): string | undefined {
  return checkRequestFacts(converseFacts(body), model, rules);
}

export { MODEL_ERROR_PREFIX, MODEL_RULES, checkModelRules, checkRequestFacts, converseFacts, messagesFacts };
export type { ModelCheck, ModelRequestFacts, ModelRule };
