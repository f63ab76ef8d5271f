/** @module Usage reports: groups daily aggregates and totals them, with costs exact in nano-USD. */
import { nanoUsdToUsd } from '../catalog/pricing';
import type { UsageAggregate } from './usage-store';

/** Dimensions a report can be grouped by. */
const USAGE_GROUP_BY = ['model', 'day', 'principal', 'key'] as const;
type UsageGroupBy = (typeof USAGE_GROUP_BY)[number];

/** Counts shared by totals and rows. `cachedTokens` are cache reads, as OpenAI reports them. */
interface UsageCounts {
  readonly requests: number;
  readonly errors: number;
  /** Input tokens excluding cache reads and writes (Bedrock's `inputTokens`). */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
  readonly cacheWriteTokens: number;
  /** Dollars, rounded to the nano-dollar; `costNanoUsd` is the exact integer. */
  readonly costUsd: number;
  readonly costNanoUsd: number;
}

/** One group of a report; only the grouped dimension is set (`key` is null for non-key principals). */
type UsageReportRow = UsageCounts & { readonly [dimension in UsageGroupBy]?: string | null };

interface UsageReport {
  readonly totals: UsageCounts;
  readonly rows: readonly UsageReportRow[];
}

interface Accumulator {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  costNanoUsd: bigint;
}

const emptyAccumulator = (): Accumulator => ({
  requests: 0,
  errors: 0,
  inputTokens: 0,
  outputTokens: 0,
  cachedTokens: 0,
  cacheWriteTokens: 0,
  costNanoUsd: 0n,
});

function add(into: Accumulator, row: UsageAggregate): void {
  into.requests += row.requests;
  into.errors += row.errors;
  into.inputTokens += row.inputTokens;
  into.outputTokens += row.outputTokens;
  into.cachedTokens += row.cacheReadTokens;
  into.cacheWriteTokens += row.cacheWriteTokens;
  into.costNanoUsd += BigInt(row.costNanoUsd);
}

function finish(acc: Accumulator): UsageCounts {
  const costNanoUsd = Number(acc.costNanoUsd);
  return {
    requests: acc.requests,
    errors: acc.errors,
    inputTokens: acc.inputTokens,
    outputTokens: acc.outputTokens,
    cachedTokens: acc.cachedTokens,
    cacheWriteTokens: acc.cacheWriteTokens,
    costUsd: Number(nanoUsdToUsd(costNanoUsd)),
    costNanoUsd,
  };
}

function groupValue(row: UsageAggregate, groupBy: UsageGroupBy): string | null {
  switch (groupBy) {
    case 'model':
      return row.model;
    case 'day':
      return row.day;
    case 'principal':
      return row.principalId;
    case 'key':
      return row.keyId ?? null;
    default: {
      const exhaustive: never = groupBy;
      throw new Error(`unknown groupBy ${String(exhaustive)}`);
    }
  }
}

/** Groups aggregates by one dimension; days sort ascending, everything else by cost, highest first. */
function summarizeUsage(aggregates: readonly UsageAggregate[], groupBy: UsageGroupBy): UsageReport {
  const totals = emptyAccumulator();
  const groups = new Map<string | null, Accumulator>();
  for (const row of aggregates) {
    add(totals, row);
    const value = groupValue(row, groupBy);
    const group = groups.get(value) ?? emptyAccumulator();
    add(group, row);
    groups.set(value, group);
  }
  const rows = [...groups.entries()].map(([value, acc]): UsageReportRow => ({ [groupBy]: value, ...finish(acc) }));
  rows.sort((a, b) =>
    groupBy === 'day' ? String(a.day).localeCompare(String(b.day)) : b.costNanoUsd - a.costNanoUsd || String(a[groupBy]).localeCompare(String(b[groupBy])),
  );
  return { totals: finish(totals), rows };
}

export { USAGE_GROUP_BY, summarizeUsage };
export type { UsageCounts, UsageGroupBy, UsageReport, UsageReportRow };
