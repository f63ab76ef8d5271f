/**
 * @module The usage report as CSV (RFC 4180: header row, CRLF, quoted where needed) for spreadsheets
 * and chargeback tools. Costs are exact decimals (9 places), so a column sum equals the JSON total.
 */
import { stringify } from 'csv-stringify/sync';
import { nanoUsdToUsd } from '../catalog/pricing';
import type { UsageDimension, UsageReportRow } from '../ledger/usage-report';

/** What labels a row besides its counts: the grouped dimensions, and a key's name. */
type UsageLabel = UsageDimension | 'name';

/** A report row with its labels. */
type LabelledUsageRow = UsageReportRow & { readonly name?: string | null };

/** The count columns after the grouped ones, in order. */
const COUNT_COLUMNS = ['requests', 'errors', 'inputTokens', 'outputTokens', 'cachedTokens', 'cacheWriteTokens', 'costUsd', 'costNanoUsd'] as const;

/**
 * Renders report rows under `labelColumns` (the grouped dimensions and any labels such as a key's
 * name) and the counts. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * carriage return at its start; team names can come from JWT claims) is prefixed with `'`.
 */
function usageReportCsv(rows: readonly LabelledUsageRow[], labelColumns: readonly UsageLabel[]): string {
  const records = rows.map((row) => [
    ...labelColumns.map((column) => row[column] ?? ''),
    ...COUNT_COLUMNS.map((column) => (column === 'costUsd' ? nanoUsdToUsd(row.costNanoUsd) : row[column])),
  ]);
  return stringify(records, { header: true, columns: [...labelColumns, ...COUNT_COLUMNS], escape_formulas: true, record_delimiter: 'windows' });
}

export { COUNT_COLUMNS, usageReportCsv };
export type { LabelledUsageRow, UsageLabel };
