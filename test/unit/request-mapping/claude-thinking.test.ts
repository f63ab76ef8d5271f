/** @module Claude thinking as each catalog model takes it: one row per rule. */
import { createModelCatalog } from '../../../lambda/catalog';
import { effortForBudget, planClaudeThinking, rejectedSamplingParameters, type ReasoningAsk } from '../../../lambda/bedrock/claude-thinking';
import { RequestWarnings } from '../../../lambda/bedrock/request-warnings';

const catalog = createModelCatalog();
const PARAMS = { ask: 'reasoning_effort', effort: 'reasoning_effort' };

function plan(modelId: string, ask: ReasoningAsk, forcesTool = false) {
  const model = catalog.get(modelId);
  if (model === undefined) throw new Error(`no catalog model ${modelId}`);
  const warnings = new RequestWarnings();
  return { ...planClaudeThinking({ ask, model, forcesTool, params: PARAMS, warnings }), warnings: warnings.list() };
}

describe('planClaudeThinking', () => {
  it.each([
    // Budget models (Claude 4.5 and earlier): effort levels become budgets.
    { rule: 'a budget model turns an effort into a budget', model: 'claude-haiku-4-5', ask: { kind: 'effort', effort: 'high' }, expected: { thinking: { type: 'enabled', budget_tokens: 8192 }, thinks: true } },
    { rule: 'a budget model turns minimal into the smallest budget', model: 'claude-sonnet-4-5', ask: { kind: 'minimal' }, expected: { thinking: { type: 'enabled', budget_tokens: 1024 }, thinks: true } },
    { rule: 'a budget model turns max into the largest budget', model: 'claude-sonnet-4-5', ask: { kind: 'effort', effort: 'max' }, expected: { thinking: { type: 'enabled', budget_tokens: 32768 }, thinks: true } },
    { rule: 'a budget model sends nothing by default', model: 'claude-haiku-4-5', ask: { kind: 'default' }, expected: { thinks: false } },
    { rule: 'a budget model sends nothing for off', model: 'claude-haiku-4-5', ask: { kind: 'off' }, expected: { thinks: false } },
    { rule: 'a budget model keeps a client budget', model: 'claude-opus-4-5', ask: { kind: 'budget', budgetTokens: 5000 }, expected: { thinking: { type: 'enabled', budget_tokens: 5000 }, thinks: true } },
    // Claude 4.6: adaptive with effort (budget still accepted), no xhigh.
    { rule: 'Claude 4.6 takes an effort adaptively', model: 'claude-opus-4-6', ask: { kind: 'effort', effort: 'high' }, expected: { thinking: { type: 'adaptive' }, effort: 'high', thinks: true } },
    { rule: 'Claude 4.6 keeps a client budget', model: 'claude-sonnet-4-6', ask: { kind: 'budget', budgetTokens: 5000 }, expected: { thinking: { type: 'enabled', budget_tokens: 5000 }, thinks: true } },
    { rule: 'Claude 4.6 takes max', model: 'claude-opus-4-6', ask: { kind: 'effort', effort: 'max' }, expected: { thinking: { type: 'adaptive' }, effort: 'max', thinks: true } },
    { rule: 'minimal is the lowest effort on adaptive models', model: 'claude-opus-4-6', ask: { kind: 'minimal' }, expected: { thinking: { type: 'adaptive' }, effort: 'low', thinks: true } },
    // Opus 4.7 and 4.8: adaptive only, off unless asked, and `disabled` is a 400 (so off sends nothing).
    { rule: 'an adaptive-only model turns a budget into an effort', model: 'claude-opus-4-7', ask: { kind: 'budget', budgetTokens: 5000 }, expected: { thinking: { type: 'adaptive' }, effort: 'medium', thinks: true } },
    { rule: 'an adaptive-only model off by default sends nothing for off', model: 'claude-opus-4-7', ask: { kind: 'off' }, expected: { thinks: false } },
    { rule: 'an adaptive-only model does not think by default', model: 'claude-opus-4-8', ask: { kind: 'default' }, expected: { thinks: false } },
    { rule: 'xhigh reaches Opus 4.8 as it is', model: 'claude-opus-4-8', ask: { kind: 'effort', effort: 'xhigh' }, expected: { thinking: { type: 'adaptive' }, effort: 'xhigh', thinks: true } },
    // On by default, switchable: Sonnet 5, Opus 5, Haiku 5.5.
    { rule: 'Sonnet 5 thinks by default (nothing sent)', model: 'claude-sonnet-5', ask: { kind: 'default' }, expected: { thinks: true } },
    { rule: 'Sonnet 5 turns thinking off with disabled', model: 'claude-sonnet-5', ask: { kind: 'off' }, expected: { thinking: { type: 'disabled' }, thinks: false } },
    { rule: 'Opus 5 takes an effort adaptively', model: 'claude-opus-5', ask: { kind: 'effort', effort: 'low' }, expected: { thinking: { type: 'adaptive' }, effort: 'low', thinks: true } },
    { rule: 'between_tools on a model without it turns thinking off', model: 'claude-haiku-5-5', ask: { kind: 'between-tools' }, expected: { thinking: { type: 'disabled' }, thinks: false } },
    // Sonnet 5.5: disabled rejected, between_tools is the floor.
    { rule: 'Sonnet 5.5 turns off into between_tools', model: 'claude-sonnet-5-5', ask: { kind: 'off' }, expected: { thinking: { type: 'between_tools' }, thinks: true } },
    { rule: 'Sonnet 5.5 thinks by default', model: 'claude-sonnet-5-5', ask: { kind: 'default' }, expected: { thinks: true } },
    // Always on: Opus 5.5, Fable.
    { rule: 'an always-on model turns off into its lowest effort', model: 'claude-opus-5-5', ask: { kind: 'off' }, expected: { thinking: { type: 'adaptive' }, effort: 'low', thinks: true } },
    { rule: 'an always-on model takes max', model: 'claude-fable-5-1', ask: { kind: 'effort', effort: 'max' }, expected: { thinking: { type: 'adaptive' }, effort: 'max', thinks: true } },
    { rule: 'an always-on model turns a budget into an effort', model: 'claude-opus-5-5', ask: { kind: 'budget', budgetTokens: 40_000 }, expected: { thinking: { type: 'adaptive' }, effort: 'max', thinks: true } },
  ] as const)('$rule', ({ model, ask, expected }) => {
    const { warnings: _warnings, ...result } = plan(model, ask);
    expect(result).toEqual(expected);
  });

  it.each([
    { rule: 'an effort a model lacks becomes the nearest level below, with a warning', model: 'claude-opus-4-6', ask: { kind: 'effort', effort: 'xhigh' }, expected: { thinking: { type: 'adaptive' }, effort: 'high', thinks: true }, warning: "reasoning_effort: 'xhigh' is not a level of 'claude-opus-4-6'; sent 'high'." },
    { rule: 'a budget on an adaptive-only model is converted, with a warning', model: 'claude-opus-4-7', ask: { kind: 'budget', budgetTokens: 20_000 }, expected: { thinking: { type: 'adaptive' }, effort: 'xhigh', thinks: true }, warning: "reasoning_effort: 'claude-opus-4-7' takes adaptive thinking only; sent adaptive thinking with effort 'xhigh' for a budget of 20000 tokens." },
    { rule: 'adaptive on a budget-only model becomes a budget, with a warning', model: 'claude-haiku-4-5', ask: { kind: 'adaptive', effort: 'medium' }, expected: { thinking: { type: 'enabled', budget_tokens: 4096 }, thinks: true }, warning: "reasoning_effort: 'claude-haiku-4-5' takes a thinking budget only; sent a budget for effort 'medium'." },
    { rule: 'off on Sonnet 5.5 says between_tools was sent', model: 'claude-sonnet-5-5', ask: { kind: 'off' }, expected: { thinking: { type: 'between_tools' }, thinks: true }, warning: "reasoning_effort: 'claude-sonnet-5-5' cannot turn thinking off; sent its lowest setting, between_tools (no extended thinking)." },
    { rule: 'off on an always-on model says it always thinks', model: 'claude-fable-5-2', ask: { kind: 'off' }, expected: { thinking: { type: 'adaptive' }, effort: 'low', thinks: true }, warning: "reasoning_effort: 'claude-fable-5-2' always thinks; sent the lowest effort instead of turning thinking off." },
    { rule: 'an effort above high is lowered when Opus 5 thinking is off', model: 'claude-opus-5', ask: { kind: 'off', effort: 'max' }, expected: { thinking: { type: 'disabled' }, effort: 'high', thinks: false }, warning: "reasoning_effort: 'max' lowered to 'high', the most 'claude-opus-5' accepts without thinking." },
  ] as const)('$rule', ({ model, ask, expected, warning }) => {
    const { warnings, ...result } = plan(model, ask);
    expect(result).toEqual(expected);
    expect(warnings).toEqual([warning]);
  });

  it.each([
    { rule: 'a forced tool turns requested thinking off on a model off by default', model: 'claude-opus-4-7', ask: { kind: 'effort', effort: 'high' }, expected: { thinks: false } },
    { rule: 'a forced tool sends disabled to a model on by default', model: 'claude-sonnet-5', ask: { kind: 'default' }, expected: { thinking: { type: 'disabled' }, thinks: false } },
    { rule: 'a forced tool cannot turn off an always-on model', model: 'claude-opus-5-5', ask: { kind: 'default' }, expected: { thinks: true } },
  ] as const)('$rule', ({ model, ask, expected }) => {
    const { warnings: _warnings, ...result } = plan(model, ask, true);
    expect(result).toEqual(expected);
  });

  it('leaves models without Claude thinking alone', () => {
    expect(plan('nova-pro', { kind: 'effort', effort: 'high' })).toEqual({ thinks: false, warnings: [] });
  });
});

describe('effortForBudget', () => {
  it.each([
    { budget: 1024, expected: 'low' },
    { budget: 4095, expected: 'low' },
    { budget: 4096, expected: 'medium' },
    { budget: 8192, expected: 'high' },
    { budget: 16384, expected: 'xhigh' },
    { budget: 100_000, expected: 'max' },
  ])('a budget of $budget tokens stands for $expected', ({ budget, expected }) => {
    expect(effortForBudget(budget)).toBe(expected);
  });
});

describe('rejectedSamplingParameters', () => {
  it.each([
    { rule: 'Claude 4.7 and later reject all sampling', model: 'claude-opus-4-7', thinks: false, expected: ['temperature', 'top_p', 'top_k'] },
    { rule: 'Claude 4.5 without thinking accepts sampling', model: 'claude-sonnet-4-5', thinks: false, expected: [] },
    { rule: 'Claude thinking rejects sampling', model: 'claude-sonnet-4-5', thinks: true, expected: ['temperature', 'top_p', 'top_k'] },
    { rule: 'other families keep sampling', model: 'nova-pro', thinks: false, expected: [] },
  ])('$rule', ({ model, thinks, expected }) => {
    expect(rejectedSamplingParameters(catalog.get(model)!, thinks)).toEqual(expected);
  });
});
