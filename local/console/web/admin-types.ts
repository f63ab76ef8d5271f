/**
 * @module The admin API's responses as the console reads them (only the fields it shows).
 *
 * @see README.md "Keys, budgets, limits and usage"
 */

type SubjectKind = 'key' | 'team' | 'principal';
type BudgetPeriod = 'day' | 'month' | 'total';

interface AdminList<T> {
  readonly object: 'list';
  readonly data: readonly T[];
}

/** A budget row of `GET /admin/budgets`, and the spend a key row carries. */
interface AdminBudget {
  readonly kind: SubjectKind;
  readonly id: string;
  readonly usd: number;
  readonly period: BudgetPeriod;
  readonly periodKey?: string;
  readonly spentUsd?: number;
  readonly remainingUsd?: number;
}

interface AdminLimits {
  readonly kind: SubjectKind;
  readonly id: string;
  readonly rpm: number | null;
  readonly tpm: number | null;
}

interface AdminKey {
  readonly id: string;
  readonly name: string;
  readonly team: string | null;
  readonly models: readonly string[] | null;
  readonly displayPrefix: string;
  readonly status: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly budget?: { readonly usd: number; readonly period: BudgetPeriod; readonly spentUsd?: number; readonly periodKey?: string } | null;
  readonly limits?: { readonly rpm: number | null; readonly tpm: number | null } | null;
  /** The secret: only in the answers to creation and rotation. */
  readonly key?: string;
}

interface UsageCounts {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
  readonly costUsd: number;
}

/** A row carries the dimensions it is grouped by (`team`, `day`, ...); rows by key also carry the key's `name`. */
type UsageRow = UsageCounts & { readonly [dimension: string]: string | number | null | undefined };

interface UsageReport {
  readonly from: string;
  readonly to: string;
  readonly groupBy: string;
  readonly totals: UsageCounts;
  readonly rows: readonly UsageRow[];
}

interface BudgetAlert {
  readonly budget: { readonly kind: SubjectKind; readonly id: string };
  readonly period: BudgetPeriod;
  readonly periodKey: string;
  readonly thresholdPercent: number;
  readonly spentUsd: number;
  readonly limitUsd: number;
  readonly at: string;
}

const SUBJECT_KINDS: readonly SubjectKind[] = ['key', 'team', 'principal'];
const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'month', 'total'];

export { BUDGET_PERIODS, SUBJECT_KINDS };
export type { AdminBudget, AdminKey, AdminLimits, AdminList, BudgetAlert, BudgetPeriod, SubjectKind, UsageCounts, UsageReport, UsageRow };
