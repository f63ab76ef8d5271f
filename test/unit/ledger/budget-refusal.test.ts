import type { BudgetShortfall } from '../../../lambda/ledger/budget-counters';
import { describeBudgetShortfall, formatUsd, largestFittingMaxTokens } from '../../../lambda/ledger/budget-refusal';

const shortfall = (overrides: Partial<BudgetShortfall> = {}): BudgetShortfall => ({
  subject: { kind: 'key', id: 'key_1' },
  budget: { limitNanoUsd: 10_000_000, period: 'day' },
  periodKey: '2026-11-21',
  requestedNanoUsd: 61_500_000,
  remainingNanoUsd: 10_000_000,
  ...overrides,
});

describe('formatUsd', () => {
  it.each([
    { nanoUsd: 0, expected: '0.00' },
    { nanoUsd: 1, expected: '0.000000001' },
    { nanoUsd: 10_000_000, expected: '0.01' },
    { nanoUsd: 61_500_000, expected: '0.0615' },
    { nanoUsd: 1_500_000_000, expected: '1.50' },
  ])('shows $nanoUsd nano-USD as $expected USD, exactly', ({ nanoUsd, expected }) => {
    expect(formatUsd(nanoUsd)).toBe(expected);
  });
});

describe('largestFittingMaxTokens', () => {
  it.each([
    { rule: 'the remaining budget less the input, divided by the output price, rounded down', remaining: 10_000_000, price: 15_000, nonOutput: 60_000, expected: 662 },
    { rule: 'nothing fits when the input alone is over what remains', remaining: 50_000, price: 15_000, nonOutput: 60_000, expected: 0 },
    { rule: 'the input part defaults to the worst case less its output', remaining: 10_000_000, price: 15_000, nonOutput: undefined, expected: 662 },
    { rule: 'no answer without an output price', remaining: 10_000_000, price: undefined, nonOutput: 60_000, expected: undefined },
  ])('$rule', ({ remaining, price, nonOutput, expected }) => {
    const parts = { maxOutputTokens: 4096, outputNanoUsdPerToken: price, nonOutputCostNanoUsd: nonOutput };
    expect(largestFittingMaxTokens(remaining, parts, 61_500_000 + 60_000 - 60_000)).toBe(expected);
  });
});

describe('describeBudgetShortfall', () => {
  it.each([
    {
      rule: 'names the worst case, what remains and the largest max_tokens that fits',
      input: shortfall(),
      parts: { maxOutputTokens: 4096, outputNanoUsdPerToken: 15_000, nonOutputCostNanoUsd: 60_000 },
      expected:
        'Budget exhausted for key "key_1": this request may cost up to 0.0615 USD (its input plus 4096 output tokens), and 0.01 USD of the 0.01 USD budget for day 2026-11-21 remains. Set max_tokens to 662 or less to fit.',
    },
    {
      rule: 'says when not even the input fits',
      input: shortfall({ subject: { kind: 'team', id: 'ml' }, budget: { limitNanoUsd: 5_000_000_000, period: 'month' }, periodKey: '2026-11', remainingNanoUsd: 1_000 }),
      parts: { maxOutputTokens: 4096, outputNanoUsdPerToken: 15_000, nonOutputCostNanoUsd: 60_000 },
      expected:
        'Budget exhausted for team "ml": this request may cost up to 0.0615 USD (its input plus 4096 output tokens), and 0.000001 USD of the 5.00 USD budget for month 2026-11 remains. Even its input alone does not fit; ask for a larger budget.',
    },
    {
      rule: 'says that requests in flight hold the rest when the request as sent would fit now',
      input: shortfall({ budget: { limitNanoUsd: 100_000_000, period: 'total' }, remainingNanoUsd: 90_000_000 }),
      parts: { maxOutputTokens: 4096, outputNanoUsdPerToken: 15_000, nonOutputCostNanoUsd: 60_000 },
      expected:
        'Budget exhausted for key "key_1": this request may cost up to 0.0615 USD (its input plus 4096 output tokens), and 0.09 USD of the 0.10 USD budget in total remains. Requests in flight held the rest; retry when they finish.',
    },
    {
      rule: 'asks for less input when the request has no output (embeddings)',
      input: shortfall({ requestedNanoUsd: 20_000_000 }),
      parts: { maxOutputTokens: 0 },
      expected:
        'Budget exhausted for key "key_1": this request may cost up to 0.02 USD (its input), and 0.01 USD of the 0.01 USD budget for day 2026-11-21 remains. Send less input or ask for a larger budget.',
    },
    {
      rule: 'falls back to a generic hint without an output price',
      input: shortfall(),
      parts: { maxOutputTokens: 4096 },
      expected:
        'Budget exhausted for key "key_1": this request may cost up to 0.0615 USD (its input plus 4096 output tokens), and 0.01 USD of the 0.01 USD budget for day 2026-11-21 remains. Lower max_tokens or ask for a larger budget.',
    },
  ])('$rule', ({ input, parts, expected }) => {
    expect(describeBudgetShortfall(input, parts)).toBe(expected);
  });
});
