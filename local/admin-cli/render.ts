/**
 * @module How the admin CLI prints the admin API's answers: aligned tables and `label value` blocks.
 * Pure functions of the JSON the API returns (see lambda/admin/admin-views.ts).
 */
import { USAGE_GROUPINGS, type UsageGroupBy } from '../../lambda/ledger/usage-report';

type Json = Record<string, unknown>;

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isJson) : []);
const text = (value: unknown): string => (value === null || value === undefined ? '-' : String(value));

/** Formats rows as an aligned text table: a header, a rule, one line per row; empty cells print `-`. */
function table(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => columns.map((_, index) => text(row[index])));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => (row[index] ?? '').length)));
  const line = (values: readonly string[]): string => values.map((value, index) => value.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** Dollars with cents, or with up to 9 decimals when the amount is not whole cents (usage is often sub-cent). */
function usd(value: unknown): string {
  if (typeof value !== 'number') return '-';
  return Number.isInteger(Math.round(value * 1e9) / 1e7) ? `$${value.toFixed(2)}` : `$${value.toFixed(9).replace(/0+$/, '')}`;
}

/** `$25.00/month`, or `-` without a budget. */
const budgetCell = (budget: unknown): string => (isJson(budget) ? `${usd(budget.usd)}/${text(budget.period)}` : '-');

/** `60 rpm, 100000 tpm`, `- rpm, 5000 tpm`, or `-` without limits. */
const limitsCell = (limits: unknown): string => (isJson(limits) ? `${text(limits.rpm)} rpm, ${text(limits.tpm)} tpm` : '-');

/** `label value` lines, labels padded to one width; `undefined` values are left out, `null` prints `-`. */
function block(lines: readonly (readonly [string, unknown])[]): string {
  const present = lines.filter(([, value]) => value !== undefined);
  const width = Math.max(...present.map(([label]) => label.length));
  return present.map(([label, value]) => `${label.padEnd(width)}  ${text(value)}`).join('\n');
}

/** The budget of a key or subject in one line: the setting, then where the current period stands. */
function budgetLine(budget: unknown): string | null {
  if (!isJson(budget)) return null;
  const setting = `${usd(budget.usd)} per ${text(budget.period)}`;
  if (budget.spentUsd === undefined) return setting;
  return `${setting}; ${text(budget.periodKey)}: spent ${usd(budget.spentUsd)}, reserved ${usd(budget.reservedUsd)}, remaining ${usd(budget.remainingUsd)}`;
}

/** One key (`keys create|get|update|rotate`); a secret in the answer is printed last, once. */
function describeKey(key: Json): string {
  const details = block([
    ['id', key.id],
    ['name', key.name],
    ['status', key.status],
    ['team', key.team],
    ['models', Array.isArray(key.models) ? key.models.join(', ') : (key.models ?? 'all')],
    ['prefix', key.displayPrefix],
    ['created', key.createdAt],
    ['expires', key.expiresAt],
    ['budget', key.budget === undefined ? undefined : budgetLine(key.budget)],
    ['alerts at', isJson(key.budget) && Array.isArray(key.budget.alertThresholds) ? key.budget.alertThresholds.map((percent) => `${String(percent)}%`).join(', ') || 'none' : undefined],
    ['limits', key.limits === undefined ? undefined : isJson(key.limits) ? limitsCell(key.limits) : null],
  ]);
  return typeof key.key === 'string' ? `${details}\n\nSecret (shown once, store it now):\n${key.key}` : details;
}

/** `keys list`: budget, current-period spend and limits per key. */
function keysTable(answer: Json): string {
  return table(
    ['id', 'name', 'team', 'status', 'budget', 'spent', 'remaining', 'limits', 'expires'],
    list(answer.data).map((key) => {
      const budget = isJson(key.budget) ? key.budget : undefined;
      return [key.id, key.name, key.team, key.status, budgetCell(budget), usd(budget?.spentUsd), usd(budget?.remainingUsd), limitsCell(key.limits), key.expiresAt];
    }),
  );
}

const budgetRow = (budget: Json): unknown[] => [
  budget.kind,
  budget.id,
  budgetCell(budget),
  budget.periodKey,
  usd(budget.spentUsd),
  usd(budget.reservedUsd),
  usd(budget.remainingUsd),
  Array.isArray(budget.alertThresholds) ? budget.alertThresholds.join(',') || 'none' : '-',
  budget.periodEndsAt,
];
const BUDGET_COLUMNS = ['kind', 'id', 'budget', 'period', 'spent', 'reserved', 'remaining', 'alerts %', 'ends'] as const;

/** `budgets get|set`: one budget with its current period. */
const budgetTable = (budget: Json): string => table(BUDGET_COLUMNS, [budgetRow(budget)]);

/** `budgets list`. */
const budgetsTable = (answer: Json): string => table(BUDGET_COLUMNS, list(answer.data).map(budgetRow));

/** `limits get|set`: one subject's limits. */
const limitsTable = (limits: Json): string => table(['kind', 'id', 'rpm', 'tpm'], [[limits.kind, limits.id, limits.rpm, limits.tpm]]);

/** `limits list`. */
const limitsListTable = (answer: Json): string =>
  table(['kind', 'id', 'rpm', 'tpm'], list(answer.data).map((limits) => [limits.kind, limits.id, limits.rpm, limits.tpm]));

/** `budgets delete` and `limits delete`. */
const deleted = (what: string) => (answer: Json): string => `Deleted the ${what} of ${text(answer.kind)} ${text(answer.id)}.`;

/** `alerts list`: newest first, as the API returns them. */
function alertsTable(answer: Json): string {
  return table(
    ['at', 'kind', 'id', 'period', 'threshold', 'spent', 'limit'],
    list(answer.data).map((alert) => {
      const budget = isJson(alert.budget) ? alert.budget : {};
      return [alert.at, budget.kind, budget.id, alert.periodKey, `${text(alert.thresholdPercent)}%`, usd(alert.spentUsd), usd(alert.limitUsd)];
    }),
  );
}

/** `maintenance release-stale-reservations`. */
function maintenanceBlock(answer: Json): string {
  return block([
    ['reservations released', `${text(answer.released)} (${usd(answer.releasedUsd)})`],
    ['settlements completed', answer.settlementsCompleted],
    ['settlements pending', answer.settlementsPending],
    ['budgets reseeded', answer.budgetsReseeded],
  ]);
}

/** `maintenance refresh-catalog`: what the live listing and the Price List brought. */
function catalogRefreshBlock(answer: Json): string {
  const ids = (value: unknown): string => (Array.isArray(value) && value.length > 0 ? value.map((item) => (isJson(item) ? text(item.id) : text(item))).join(', ') : '-');
  return block([
    ['fetched at', answer.fetchedAt],
    ['models served', answer.models],
    ['added from the listing', ids(answer.added)],
    ['listed, no price (refused)', ids(answer.unpriced)],
  ]);
}

const isGroupBy = (value: unknown): value is UsageGroupBy => typeof value === 'string' && Object.hasOwn(USAGE_GROUPINGS, value);

/** `usage`: one column per grouping dimension (a key also shows its name and team), then the counts and a total line. */
function usageTable(report: Json): string {
  const groupBy = isGroupBy(report.groupBy) ? report.groupBy : 'model';
  const labels: readonly string[] = groupBy === 'key' ? ['key', 'name', 'team'] : USAGE_GROUPINGS[groupBy];
  const counts = (row: Json): unknown[] => [row.requests, row.errors, row.inputTokens, row.outputTokens, row.cachedTokens, row.cacheWriteTokens, usd(row.costUsd)];
  const rows = list(report.rows).map((row) => [...labels.map((label) => row[label] ?? '(none)'), ...counts(row)]);
  const totals = isJson(report.totals) ? report.totals : {};
  rows.push(['TOTAL', ...labels.slice(1).map(() => ''), ...counts(totals)]);
  return `Usage ${text(report.from)} to ${text(report.to)}, by ${groupBy}\n${table([...labels, 'requests', 'errors', 'input', 'output', 'cached', 'cache write', 'cost'], rows)}`;
}

export {
  alertsTable,
  catalogRefreshBlock,
  budgetTable,
  budgetsTable,
  deleted,
  describeKey,
  keysTable,
  limitsListTable,
  limitsTable,
  maintenanceBlock,
  table,
  usageTable,
  usd,
};
