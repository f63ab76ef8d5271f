/**
 * @module `/admin/usage` (JSON or CSV, grouped by model, day, principal, key, team or team pairs)
 * and `/admin/alerts` (recent budget alerts).
 */
import type { RequestContext } from '../gateway/context';
import type { Route } from '../gateway/router';
import { normalizePrincipalId } from '../identity/iam-arn';
import { DAY_MS, utcDay } from '../ledger/table-keys';
import { USAGE_GROUPINGS, summarizeUsage, type UsageReport } from '../ledger/usage-report';
import { InvalidRequestError } from '../platform/errors';
import { adminRoute, type AdminStores } from './admin-route';
import { MAX_REPORT_DAYS, alertsQuerySchema, parseWith, usageQuerySchema, type ReportFormat, type UsageQuery } from './admin-schemas';
import { alertView } from './admin-views';
import { queryOf } from './policy-routes';
import { usageReportCsv, type LabelledUsageRow, type UsageLabel } from './usage-csv';

/** Days in the default usage report (today and the 29 before). */
const DEFAULT_REPORT_DAYS = 30;

/** `format=` wins; otherwise CSV when the client accepts `text/csv` and not JSON first. */
function reportFormat(ctx: RequestContext, format: ReportFormat | undefined): ReportFormat {
  if (format !== undefined) return format;
  const accept = ctx.request.headers.accept ?? '';
  const csvAt = accept.indexOf('text/csv');
  const jsonAt = accept.indexOf('application/json');
  return csvAt >= 0 && (jsonAt < 0 || csvAt < jsonAt) ? 'csv' : 'json';
}

/** The report range: `to` defaults to today, `from` to 29 days before `to`. */
function reportRange(query: UsageQuery, nowMs: number): { from: string; to: string } {
  const to = query.to ?? utcDay(nowMs);
  const from = query.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_REPORT_DAYS - 1) * DAY_MS);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) throw new InvalidRequestError(`Invalid 'from': ${from} is after 'to' (${to}).`, { param: 'from', code: 'invalid_value' });
  if (days > MAX_REPORT_DAYS) {
    throw new InvalidRequestError(`Invalid 'from': the range covers ${days} days; at most ${MAX_REPORT_DAYS}.`, { param: 'from', code: 'invalid_value' });
  }
  return { from, to };
}

/** The usage and alert routes. */
function reportRoutes({ ledger, alerts }: AdminStores): Route[] {
  async function report(query: UsageQuery, from: string, to: string): Promise<UsageReport> {
    const principal = query.principal === undefined ? undefined : normalizePrincipalId(query.principal);
    // A key is a principal: a filter naming another principal as well matches nothing.
    if (query.key !== undefined && principal !== undefined && query.key !== principal) return summarizeUsage([], query.groupBy);
    const aggregates = await ledger.usage.aggregates({ fromDay: from, toDay: to, principalId: query.key ?? principal, team: query.team, model: query.model });
    return summarizeUsage(aggregates, query.groupBy);
  }

  /** Key rows carry the key's name and (current) team. */
  async function labelled(rows: UsageReport['rows'], groupBy: UsageQuery['groupBy']): Promise<LabelledUsageRow[]> {
    if (groupBy !== 'key') return [...rows];
    const keys = new Map((await ledger.keys.list()).map((record) => [record.id, record]));
    return rows.map((row) => {
      const record = row.key === null || row.key === undefined ? undefined : keys.get(row.key);
      return { key: row.key ?? null, name: record?.name ?? null, team: record?.team ?? null, ...row };
    });
  }

  return [
    adminRoute('GET', '/admin/usage', async (ctx) => {
      const query = parseWith(usageQuerySchema, queryOf(ctx));
      const { from, to } = reportRange(query, ledger.now());
      const { totals, rows } = await report(query, from, to);
      const labelledRows = await labelled(rows, query.groupBy);
      if (reportFormat(ctx, query.format) === 'json') {
        await ctx.response.json(200, { object: 'usage_report', from, to, groupBy: query.groupBy, totals, rows: labelledRows });
        return;
      }
      const labels: UsageLabel[] = query.groupBy === 'key' ? ['key', 'name', 'team'] : [...USAGE_GROUPINGS[query.groupBy]];
      const csv = usageReportCsv(labelledRows, labels);
      ctx.response.start(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-length': String(Buffer.byteLength(csv)),
        'content-disposition': `attachment; filename="usage-${query.groupBy.replace(',', '-')}-${from}-${to}.csv"`,
      });
      await ctx.response.write(csv);
      await ctx.response.end();
    }),
    adminRoute('GET', '/admin/alerts', async (ctx) => {
      const { limit } = parseWith(alertsQuerySchema, queryOf(ctx));
      await ctx.response.json(200, { object: 'list', data: (await alerts.recent(limit)).map(alertView) });
    }),
  ];
}

export { reportRoutes };
