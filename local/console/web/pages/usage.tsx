/**
 * @module The usage page: spend per team over time (chart), a report grouped by team, key, model,
 * day or principal (or pairs), and the same report as CSV.
 */
import { useState } from 'preact/hooks';
import type { UsageReport, UsageRow } from '../admin-types';
import { adminApi } from '../api';
import { InputField, SelectField, errorsOf } from '../components/form';
import { SpendChart } from '../components/spend-chart';
import { LoadState } from '../components/widgets';
import { formatCount, formatUsd, formatUsdExact, utcDay } from '../format';
import { useLoad } from '../use-load';

const GROUPINGS: readonly (readonly [string, string])[] = [
  ['team', 'team'],
  ['key', 'key'],
  ['model', 'model'],
  ['day', 'day'],
  ['principal', 'principal'],
  ['team,model', 'team and model'],
  ['team,day', 'team and day'],
];
const DIMENSION_LABELS: Readonly<Record<string, string>> = { team: 'Team', key: 'Key', model: 'Model', day: 'Day', principal: 'Principal' };
const RANGE_FIELDS = ['from', 'to', 'groupBy'] as const;
const DEFAULT_DAYS = 30;

function DimensionCell({ row, dimension }: { readonly row: UsageRow; readonly dimension: string }) {
  const value = row[dimension];
  if (value === null || value === undefined || value === '') return <>{dimension === 'team' ? '(no team)' : '(none)'}</>;
  if (dimension === 'key' && typeof row.name === 'string') {
    return (
      <>
        {row.name}
        <span class="sub">{String(value)}</span>
      </>
    );
  }
  return <>{String(value)}</>;
}

function UsageTable({ report }: { readonly report: UsageReport }) {
  // Key rows also carry the key's (current) team.
  const dimensions = report.groupBy === 'key' ? ['key', 'team'] : report.groupBy.split(',');
  if (report.rows.length === 0) return <p class="muted">No usage in this range.</p>;
  return (
    <table>
      <caption class="visually-hidden">
        Usage by {report.groupBy}, {report.from} to {report.to}
      </caption>
      <thead>
        <tr>
          {dimensions.map((dimension) => (
            <th scope="col" key={dimension}>
              {DIMENSION_LABELS[dimension] ?? dimension}
            </th>
          ))}
          <th scope="col" class="num">
            Requests
          </th>
          <th scope="col" class="num">
            Input tokens
          </th>
          <th scope="col" class="num">
            Output tokens
          </th>
          <th scope="col" class="num">
            Cached tokens
          </th>
          <th scope="col" class="num">
            Cost
          </th>
        </tr>
      </thead>
      <tbody>
        {report.rows.map((row) => (
          <tr key={dimensions.map((dimension) => String(row[dimension])).join('/')}>
            {dimensions.map((dimension, index) =>
              index === 0 ? (
                <th scope="row" key={dimension}>
                  <DimensionCell row={row} dimension={dimension} />
                </th>
              ) : (
                <td key={dimension}>
                  <DimensionCell row={row} dimension={dimension} />
                </td>
              ),
            )}
            <td class="num">{formatCount(row.requests)}</td>
            <td class="num">{formatCount(row.inputTokens)}</td>
            <td class="num">{formatCount(row.outputTokens)}</td>
            <td class="num">{formatCount(row.cachedTokens)}</td>
            <td class="num" title={formatUsdExact(row.costUsd)}>
              {formatUsd(row.costUsd)}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={dimensions.length}>
            Total
          </th>
          <td class="num">{formatCount(report.totals.requests)}</td>
          <td class="num">{formatCount(report.totals.inputTokens)}</td>
          <td class="num">{formatCount(report.totals.outputTokens)}</td>
          <td class="num">{formatCount(report.totals.cachedTokens)}</td>
          <td class="num" title={formatUsdExact(report.totals.costUsd)}>
            {formatUsd(report.totals.costUsd)}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

function UsagePage() {
  const [range, setRange] = useState(() => ({ from: utcDay(Date.now(), 1 - DEFAULT_DAYS), to: utcDay(Date.now()), groupBy: 'team' }));
  const query = `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}`;
  const grouped = `groupBy=${encodeURIComponent(range.groupBy)}&${query}`;
  const report = useLoad(() => adminApi<UsageReport>('GET', `/admin/usage?${grouped}`), [grouped]);
  const chart = useLoad(() => adminApi<UsageReport>('GET', `/admin/usage?groupBy=team,day&${query}`), [query]);
  const errors = errorsOf(report.failure, RANGE_FIELDS);

  return (
    <>
      <h1>Usage</h1>
      <form
        class="card toolbar-form"
        aria-label="Report range and grouping"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          setRange({ from: String(data.get('from') ?? ''), to: String(data.get('to') ?? ''), groupBy: String(data.get('groupBy') ?? 'team') });
        }}
      >
        <InputField form="usage" name="from" label="From" type="date" errors={errors} defaultValue={range.from} />
        <InputField form="usage" name="to" label="To" type="date" errors={errors} defaultValue={range.to} />
        <SelectField form="usage" name="groupBy" label="Group by" errors={errors} options={GROUPINGS} defaultValue={range.groupBy} />
        <div class="actions">
          <button type="submit">Show</button>
          <a class="button secondary" href={`/api/admin/usage?${grouped}&format=csv`} download={`usage-by-${range.groupBy.replace(',', '-')}-${range.from}-to-${range.to}.csv`}>
            Download CSV
          </a>
        </div>
      </form>
      <section aria-labelledby="chart-section-title">
        <h2 id="chart-section-title">Spend over time</h2>
        <LoadState loading={chart.loading && chart.data === undefined} error={chart.error} />
        {chart.data === undefined ? null : <SpendChart rows={chart.data.rows} from={chart.data.from} to={chart.data.to} />}
      </section>
      <section aria-labelledby="report-title">
        <h2 id="report-title">By {GROUPINGS.find(([value]) => value === range.groupBy)?.[1] ?? range.groupBy}</h2>
        <LoadState loading={report.loading && report.data === undefined} error={errors.form} />
        {report.data === undefined || report.error !== undefined ? null : <UsageTable report={report.data} />}
      </section>
    </>
  );
}

export { UsagePage };
