/** @module Latency statistics: nearest-rank percentiles over one sample of milliseconds. */

/** Percentiles of one latency sample, in milliseconds. */
interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
}

/** The nearest-rank percentile `p` (0..100) of an ascending array; 0 for an empty one. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Summarises a sample (the input is not modified). */
function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    mean: sorted.length === 0 ? 0 : total / sorted.length,
  };
}

/** The median of a sample; 0 for an empty one. */
function median(samples: readonly number[]): number {
  return percentile([...samples].sort((a, b) => a - b), 50);
}

/** Rounds for the report: three significant decimals are all a noisy machine supports. */
function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export { median, percentile, round, summarize };
export type { LatencySummary };
