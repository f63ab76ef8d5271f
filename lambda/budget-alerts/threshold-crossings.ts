/** @module Which alert thresholds of a budget one settlement crossed: pure arithmetic on exact nano-USD. */

/** A budget's spend right before and right after one settlement, against its limit. */
interface SpendStep {
  readonly spentBeforeNanoUsd: number;
  readonly spentAfterNanoUsd: number;
  readonly limitNanoUsd: number;
  /** Percentages of the limit (1 to 100). */
  readonly thresholds: readonly number[];
}

/**
 * The thresholds this step crossed, ascending: `t` is crossed when the spend before was below `t`%
 * of the limit and the spend after is at or above it. Settlements of one budget counter never
 * interleave, so each threshold is crossed by exactly one settlement per period; a zero or negative
 * limit crosses nothing (such a budget admits nothing anyway).
 *
 * The comparison is `spent * 100 >= t * limit` in BigInt, exact for any nano-USD amount.
 *
 * @example crossedThresholds({ spentBeforeNanoUsd: 40e9, spentAfterNanoUsd: 85e9, limitNanoUsd: 100e9, thresholds: [50, 80, 100] }) // [50, 80]
 */
function crossedThresholds({ spentBeforeNanoUsd, spentAfterNanoUsd, limitNanoUsd, thresholds }: SpendStep): number[] {
  if (!(limitNanoUsd > 0) || !(spentAfterNanoUsd > spentBeforeNanoUsd)) return [];
  const before = BigInt(Math.trunc(spentBeforeNanoUsd)) * 100n;
  const after = BigInt(Math.trunc(spentAfterNanoUsd)) * 100n;
  const limit = BigInt(Math.trunc(limitNanoUsd));
  const crossed = new Set<number>();
  for (const threshold of thresholds) {
    if (!Number.isInteger(threshold) || threshold <= 0) continue;
    const mark = BigInt(threshold) * limit;
    if (before < mark && after >= mark) crossed.add(threshold);
  }
  return [...crossed].sort((a, b) => a - b);
}

export { crossedThresholds };
export type { SpendStep };
