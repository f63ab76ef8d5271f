/**
 * @module Claude thinking as each model takes it: what to send for a surface-neutral reasoning request.
 *
 * Every API surface (Chat Completions, Responses, Anthropic Messages, the Bedrock runtime) reads its
 * own reasoning parameters into a `ReasoningAsk`; this module decides, from the catalog's thinking
 * rules for the model, the `thinking` and `output_config.effort` that model accepts, so no request
 * becomes a Bedrock 400 because of a thinking setting the model rejects.
 */
import type { AnthropicEffort, AnthropicThinking, CatalogEntry, SamplingParameter } from '../catalog/types';
import type { RequestWarnings } from './request-warnings';

/** Claude's smallest thinking budget. */
const MIN_THINKING_BUDGET_TOKENS = 1024;

/** What a client asked for, whatever API it spoke. */
type ReasoningAsk =
  /** Nothing: the model's default applies. */
  | { readonly kind: 'default' }
  /** No thinking (`reasoning_effort: "none"`, `thinking: {type: "disabled"}`), with an effort for the answer. */
  | { readonly kind: 'off'; readonly effort?: AnthropicEffort }
  /** The least thinking that still thinks (`reasoning_effort: "minimal"`). */
  | { readonly kind: 'minimal' }
  /** An effort level (`reasoning_effort`, `output_config.effort`). */
  | { readonly kind: 'effort'; readonly effort: AnthropicEffort }
  /** A thinking budget (`thinking: {type: "enabled", budget_tokens}`). */
  | { readonly kind: 'budget'; readonly budgetTokens: number; readonly effort?: AnthropicEffort }
  /** Adaptive thinking (`thinking: {type: "adaptive"}`), with an effort or the model's default. */
  | { readonly kind: 'adaptive'; readonly effort?: AnthropicEffort }
  /** Sonnet 5.5's lowest setting (`thinking: {type: "between_tools"}`). */
  | { readonly kind: 'between-tools'; readonly effort?: AnthropicEffort };

/** The Anthropic `thinking` object to send. */
type AnthropicThinkingParam =
  | { readonly type: 'enabled'; readonly budget_tokens: number }
  | { readonly type: 'adaptive' }
  | { readonly type: 'disabled' }
  | { readonly type: 'between_tools' };

/** What to send to the model. */
interface ClaudeThinkingPlan {
  /** `thinking` to send; absent to leave the model's default. */
  readonly thinking?: AnthropicThinkingParam;
  /** `output_config.effort` to send; absent for the model's default. */
  readonly effort?: AnthropicEffort;
  /** Whether the model will think: sampling parameters must then be dropped, and no tool forced. */
  readonly thinks: boolean;
}

/**
 * Thinking budgets for effort levels on models that take only a budget (Claude 4.5 and earlier),
 * and the effort a budget stands for on models that take only adaptive thinking.
 */
const BUDGET_TOKENS_BY_EFFORT = {
  low: 2048,
  medium: 4096,
  high: 8192,
  xhigh: 16384,
  max: 32768,
} as const satisfies Record<AnthropicEffort, number>;

const EFFORT_ORDER: readonly AnthropicEffort[] = ['low', 'medium', 'high', 'xhigh', 'max'];

/** The effort a thinking budget stands for: the highest level whose budget it reaches (at least `low`). */
function effortForBudget(budgetTokens: number): AnthropicEffort {
  return EFFORT_ORDER.filter((effort) => budgetTokens >= BUDGET_TOKENS_BY_EFFORT[effort]).at(-1) ?? 'low';
}

/** The nearest level the model accepts: the highest at or below `effort`, else its lowest. */
function nearestEffort(effort: AnthropicEffort, accepted: readonly AnthropicEffort[]): AnthropicEffort | undefined {
  const rank = EFFORT_ORDER.indexOf(effort);
  return accepted.filter((level) => EFFORT_ORDER.indexOf(level) <= rank).at(-1) ?? accepted[0];
}

/** Names of the parameters a surface reads reasoning from, for warnings. */
interface ReasoningParams {
  /** The parameter that carried the ask, e.g. `reasoning_effort` or `thinking`. */
  readonly ask: string;
  /** Where an effort level goes in that API, e.g. `reasoning_effort` or `output_config.effort`. */
  readonly effort: string;
}

interface PlanClaudeThinkingInput {
  readonly ask: ReasoningAsk;
  readonly model: CatalogEntry;
  /** The request forces a tool, which Claude rejects while thinking. @default false */
  readonly forcesTool?: boolean;
  readonly params: ReasoningParams;
  readonly warnings: RequestWarnings;
}

/**
 * Rules of an `anthropic-thinking` model that declares none (an `additions` entry written before the
 * catalog had them): Claude 4.5 thinking, a budget, off unless asked.
 */
const BUDGET_THINKING_RULES: AnthropicThinking = { types: ['enabled', 'disabled'], whenOmitted: 'off', effortLevels: [] };

/** The thinking rules of a Claude model, or undefined for models that do not take Claude thinking. */
function claudeThinkingRules(model: CatalogEntry): AnthropicThinking | undefined {
  if (model.capabilities.reasoning !== 'anthropic-thinking') return undefined;
  return model.capabilities.thinking ?? BUDGET_THINKING_RULES;
}

/** Facts derived from a model's thinking rules. */
function abilities(rules: AnthropicThinking) {
  return {
    budget: rules.types.includes('enabled'),
    adaptive: rules.types.includes('adaptive'),
    disable: rules.types.includes('disabled'),
    betweenTools: rules.types.includes('between_tools'),
    onByDefault: rules.whenOmitted === 'adaptive',
  };
}

/**
 * Decides `thinking` and `output_config.effort` for a Claude model, following its catalog rules:
 * budgets become adaptive thinking on adaptive-only models (and the reverse on budget-only ones),
 * effort levels a model lacks become the nearest level below, "off" becomes whatever is closest on
 * models that cannot turn thinking off, and a forced tool switches thinking off where the model
 * allows it. Each change is reported as a warning naming the parameter.
 *
 * @example planClaudeThinking({ ask: { kind: 'effort', effort: 'high' }, model: opus47, params, warnings }) // { thinking: { type: 'adaptive' }, effort: 'high', thinks: true }
 */
function planClaudeThinking(input: PlanClaudeThinkingInput): ClaudeThinkingPlan {
  const { model, params, warnings } = input;
  const rules = claudeThinkingRules(model);
  if (rules === undefined) return { thinks: false };
  const can = abilities(rules);
  const plan = planForAsk(input.ask, rules, model.id, params, warnings);
  if (!plan.thinks || input.forcesTool !== true) return capEffortWhenOff(plan, rules, model.id, params, warnings);
  if (can.disable || !can.onByDefault) {
    warnings.add(`${params.ask}: thinking turned off, Claude cannot think while a tool is forced (tool_choice or response_format).`);
    return can.onByDefault ? { thinking: { type: 'disabled' }, thinks: false } : { thinks: false };
  }
  return plan;
}

function planForAsk(ask: ReasoningAsk, rules: AnthropicThinking, modelId: string, params: ReasoningParams, warnings: RequestWarnings): ClaudeThinkingPlan {
  const can = abilities(rules);
  const effortPlan = (effort: AnthropicEffort, source: string): ClaudeThinkingPlan => {
    if (can.adaptive && rules.effortLevels.length > 0) {
      const sent = nearestEffort(effort, rules.effortLevels);
      if (sent !== effort) warnings.add(`${source}: '${effort}' is not a level of '${modelId}'; sent '${sent}'.`);
      return { thinking: { type: 'adaptive' }, ...(sent === undefined ? {} : { effort: sent }), thinks: true };
    }
    if (can.budget) return { thinking: { type: 'enabled', budget_tokens: BUDGET_TOKENS_BY_EFFORT[effort] }, thinks: true };
    return { thinking: { type: 'adaptive' }, thinks: true };
  };
  switch (ask.kind) {
    case 'default':
      return { thinks: can.onByDefault };
    case 'off': {
      const effort = ask.effort === undefined ? undefined : nearestEffort(ask.effort, rules.effortLevels);
      const withEffort = effort === undefined ? {} : { effort };
      if (!can.onByDefault) return { ...withEffort, thinks: false };
      if (can.disable) return { thinking: { type: 'disabled' }, ...withEffort, thinks: false };
      if (can.betweenTools) {
        warnings.add(`${params.ask}: '${modelId}' cannot turn thinking off; sent its lowest setting, between_tools (no extended thinking).`);
        return { thinking: { type: 'between_tools' }, ...withEffort, thinks: true };
      }
      warnings.add(`${params.ask}: '${modelId}' always thinks; sent the lowest effort instead of turning thinking off.`);
      return { thinking: { type: 'adaptive' }, ...(rules.effortLevels[0] === undefined ? {} : { effort: rules.effortLevels[0] }), thinks: true };
    }
    case 'minimal':
      return can.adaptive && rules.effortLevels.length > 0
        ? effortPlan(rules.effortLevels[0] ?? 'low', params.effort)
        : { thinking: { type: 'enabled', budget_tokens: MIN_THINKING_BUDGET_TOKENS }, thinks: true };
    case 'effort':
      return effortPlan(ask.effort, params.effort);
    case 'budget': {
      if (can.budget) {
        return { thinking: { type: 'enabled', budget_tokens: ask.budgetTokens }, ...(ask.effort && rules.effortLevels.includes(ask.effort) ? { effort: ask.effort } : {}), thinks: true };
      }
      const effort = ask.effort ?? effortForBudget(ask.budgetTokens);
      warnings.add(`${params.ask}: '${modelId}' takes adaptive thinking only; sent adaptive thinking with effort '${effort}' for a budget of ${ask.budgetTokens} tokens.`);
      return effortPlan(effort, params.effort);
    }
    case 'adaptive':
      if (can.adaptive) {
        return ask.effort === undefined ? { thinking: { type: 'adaptive' }, thinks: true } : effortPlan(ask.effort, params.effort);
      }
      warnings.add(`${params.ask}: '${modelId}' takes a thinking budget only; sent a budget for effort '${ask.effort ?? 'high'}'.`);
      return { thinking: { type: 'enabled', budget_tokens: BUDGET_TOKENS_BY_EFFORT[ask.effort ?? 'high'] }, thinks: true };
    case 'between-tools':
      if (can.betweenTools) return { thinking: { type: 'between_tools' }, ...(ask.effort ? { effort: ask.effort } : {}), thinks: true };
      warnings.add(`${params.ask}: '${modelId}' has no between_tools setting; thinking turned off instead.`);
      return planForAsk({ kind: 'off', ...(ask.effort ? { effort: ask.effort } : {}) }, rules, modelId, params, warnings);
    default: {
      const _exhaustiveCheck: never = ask;
      return _exhaustiveCheck;
    }
  }
}

/** Lowers an effort above what the model accepts without thinking (Opus 5: `disabled` only up to `high`). */
function capEffortWhenOff(plan: ClaudeThinkingPlan, rules: AnthropicThinking, modelId: string, params: ReasoningParams, warnings: RequestWarnings): ClaudeThinkingPlan {
  const off = plan.thinking?.type === 'disabled' || plan.thinking?.type === 'between_tools';
  const cap = rules.maxEffortWithoutThinking;
  if (!off || cap === undefined || plan.effort === undefined) return plan;
  if (EFFORT_ORDER.indexOf(plan.effort) <= EFFORT_ORDER.indexOf(cap)) return plan;
  warnings.add(`${params.effort}: '${plan.effort}' lowered to '${cap}', the most '${modelId}' accepts without thinking.`);
  return { ...plan, effort: cap };
}

/**
 * Sampling parameters to drop for `model`: those it rejects, and all three while Claude thinks
 * (thinking allows only the defaults).
 */
function rejectedSamplingParameters(model: CatalogEntry, thinks: boolean): readonly SamplingParameter[] {
  if (thinks && model.capabilities.reasoning === 'anthropic-thinking') return ['temperature', 'top_p', 'top_k'];
  return model.capabilities.rejectedSampling ?? [];
}

export { BUDGET_TOKENS_BY_EFFORT, MIN_THINKING_BUDGET_TOKENS, claudeThinkingRules, effortForBudget, nearestEffort, planClaudeThinking, rejectedSamplingParameters };
export type { AnthropicThinkingParam, ClaudeThinkingPlan, PlanClaudeThinkingInput, ReasoningAsk, ReasoningParams };
