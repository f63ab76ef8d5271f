import { crossedThresholds } from '../../../lambda/budget-alerts/threshold-crossings';

const DEFAULTS = [50, 80, 100];
const LIMIT = 100_000_000_000; // 100 USD

describe('crossedThresholds: a threshold belongs to the one settlement that moves spend from below it to at or above it', () => {
  it.each([
    { rule: 'below every threshold before and after: none', before: 0, after: 49_999_999_999, expected: [] },
    { rule: 'reaching 50% exactly crosses 50', before: 49_999_999_999, after: 50_000_000_000, expected: [50] },
    { rule: 'already at 50% before: 50 is not crossed again', before: 50_000_000_000, after: 60_000_000_000, expected: [] },
    { rule: 'one large settlement crosses several at once, ascending', before: 10_000_000_000, after: 85_000_000_000, expected: [50, 80] },
    { rule: 'reaching the limit crosses 100', before: 99_000_000_000, after: 100_000_000_000, expected: [100] },
    { rule: 'overspending past the limit (estimate too low) still crosses 100 once', before: 90_000_000_000, after: 130_000_000_000, expected: [100] },
    { rule: 'beyond the limit already: none', before: 100_000_000_000, after: 150_000_000_000, expected: [] },
    { rule: 'from zero to everything: all three', before: 0, after: 100_000_000_000, expected: [50, 80, 100] },
  ])('$rule', ({ before, after, expected }) => {
    expect(crossedThresholds({ spentBeforeNanoUsd: before, spentAfterNanoUsd: after, limitNanoUsd: LIMIT, thresholds: DEFAULTS })).toEqual(expected);
  });

  it.each([
    { rule: 'per-budget thresholds replace the defaults', thresholds: [25, 75], before: 0, after: 30, limit: 100, expected: [25] },
    { rule: 'an empty list turns alerts off', thresholds: [], before: 0, after: 100, limit: 100, expected: [] },
    { rule: 'duplicates and unsorted input give one sorted crossing each', thresholds: [90, 10, 10], before: 0, after: 100, limit: 100, expected: [10, 90] },
    { rule: 'a zero limit crosses nothing', thresholds: DEFAULTS, before: 0, after: 5, limit: 0, expected: [] },
    { rule: 'a zero-cost settlement crosses nothing', thresholds: DEFAULTS, before: 50, after: 50, limit: 100, expected: [] },
    { rule: 'percent of an odd limit is compared exactly (1/3 of 3 nano-USD is 1)', thresholds: [33, 34], before: 0, after: 1, limit: 3, expected: [33] },
  ])('$rule', ({ thresholds, before, after, limit, expected }) => {
    expect(crossedThresholds({ spentBeforeNanoUsd: before, spentAfterNanoUsd: after, limitNanoUsd: limit, thresholds })).toEqual(expected);
  });

  it('is exact for amounts where spend x 100 exceeds 2^53 (a 1,000,000 USD budget)', () => {
    const limit = 1_000_000 * 1e9;
    const half = limit / 2;
    expect(crossedThresholds({ spentBeforeNanoUsd: half - 1, spentAfterNanoUsd: half, limitNanoUsd: limit, thresholds: DEFAULTS })).toEqual([50]);
    expect(crossedThresholds({ spentBeforeNanoUsd: half - 2, spentAfterNanoUsd: half - 1, limitNanoUsd: limit, thresholds: DEFAULTS })).toEqual([]);
  });

  it('splits a run of settlements so that each threshold is crossed by exactly one of them', () => {
    let spent = 0;
    const crossings: number[] = [];
    for (let i = 0; i < 40; i++) {
      const before = spent;
      spent += 2_500_000_000;
      crossings.push(...crossedThresholds({ spentBeforeNanoUsd: before, spentAfterNanoUsd: spent, limitNanoUsd: LIMIT, thresholds: DEFAULTS }));
    }
    expect(crossings).toEqual([50, 80, 100]);
  });
});
