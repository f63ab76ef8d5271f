/** @module Usage reports: groups daily aggregates by one dimension or a pair, and totals them, with costs exact in nano-USD. */
import { nanoUsdToUsd } from '../catalog/pricing';
import type { UsageAggregate } from './usage-store';

/** The dimensions a report row can carry. */
const USAGE_DIMENSIONS = ['model', 'day', 'principal', 'key', 'team'] as const;
type UsageDimension = (typeof USAGE_DIMENSIONS)[number];

/**
 * Groupings a report accepts: one dimension, or a team paired with a model or a day (chargeback).
 * The value is what `groupBy=` takes; the dimensions are listed in the order rows carry them.
 */
const USAGE_GROUPINGS = {
  model: ['model'],
  day: ['day'],
  principal: ['principal'],
  key: ['key'],
  team: ['team'],
  'team,model': ['team', 'model'],
  'team,day': ['team', 'day'],
} as const satisfies Record<string, readonly UsageDimension[]>;
type UsageGroupBy = keyof typeof USAGE_GROUPINGS;
const USAGE_GROUP_BY = Object.keys(USAGE_GROUPINGS) as [UsageGroupBy, ...UsageGroupBy[]];

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

/**
 * One group of a report; only the grouped dimensions are set, `null` where the usage had none
 * (`key` for principals that are not keys, `team` for principals without a team).
 */
type UsageReportRow = UsageCounts & { readonly [dimension in UsageDimension]?: string | null };

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

function dimensionValue(row: UsageAggregate, dimension: UsageDimension): string | null {
  switch (dimension) {
    case 'model':
      return row.model;
    case 'day':
      return row.day;
    case 'principal':
      return row.principalId;
    case 'key':
      return row.keyId ?? null;
    case 'team':
      return row.team ?? null;
    default: {
      const exhaustive: never = dimension;
      throw new Error(`unknown usage dimension ${String(exhaustive)}`);
    }
  }
}

/** Nulls last, otherwise text order. */
function compareValues(a: string | null | undefined, b: string | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return a.localeCompare(b);
}

/**
 * Groups aggregates by `groupBy`. Order: with a day in the grouping, by day ascending (then by the
 * other dimension); otherwise by cost, highest first, ties by the dimensions' values.
 */
function summarizeUsage(aggregates: readonly UsageAggregate[], groupBy: UsageGroupBy): UsageReport {
  const dimensions: readonly UsageDimension[] = USAGE_GROUPINGS[groupBy];
  const totals = emptyAccumulator();
  const groups = new Map<string, { values: (string | null)[]; acc: Accumulator }>();
  for (const row of aggregates) {
    add(totals, row);
    const values = dimensions.map((dimension) => dimensionValue(row, dimension));
    const id = JSON.stringify(values);
    const group = groups.get(id) ?? { values, acc: emptyAccumulator() };
    add(group.acc, row);
    groups.set(id, group);
  }
  const rows = [...groups.values()].map(
    ({ values, acc }): UsageReportRow => ({ ...Object.fromEntries(dimensions.map((dimension, index) => [dimension, values[index]])), ...finish(acc) }),
  );
  const byValues = (a: UsageReportRow, b: UsageReportRow): number =>
    dimensions.reduce((order, dimension) => order || compareValues(a[dimension], b[dimension]), 0);
  rows.sort(dimensions.includes('day') ? (a, b) => compareValues(a.day, b.day) || byValues(a, b) : (a, b) => b.costNanoUsd - a.costNanoUsd || byValues(a, b));
  return { totals: finish(totals), rows };
}

export { USAGE_DIMENSIONS, USAGE_GROUPINGS, USAGE_GROUP_BY, summarizeUsage };
export type { UsageCounts, UsageDimension, UsageGroupBy, UsageReport, UsageReportRow };
