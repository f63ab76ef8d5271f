/**
 * @module The alerts page: the most recent budget threshold crossings, newest first.
 */
import { useMemo } from 'preact/hooks';
import type { AdminKey, AdminList, BudgetAlert } from '../admin-types';
import { adminApi } from '../api';
import { LoadState } from '../components/widgets';
import { formatDateTime, formatUsd, formatUsdExact } from '../format';
import { useLoad } from '../use-load';

const ALERT_LIMIT = 50;

function AlertsPage() {
  const alerts = useLoad(() => adminApi<AdminList<BudgetAlert>>('GET', `/admin/alerts?limit=${ALERT_LIMIT}`), []);
  const keys = useLoad(() => adminApi<AdminList<AdminKey>>('GET', '/admin/keys'), []);
  const keyNames = useMemo(() => new Map((keys.data?.data ?? []).map((key) => [key.id, key.name])), [keys.data]);

  return (
    <>
      <h1>Budget alerts</h1>
      <div class="toolbar">
        <p class="muted">The last {ALERT_LIMIT} times a budget crossed one of its thresholds; each crossing is recorded once per period.</p>
        <button type="button" class="secondary" onClick={alerts.reload}>
          Refresh
        </button>
      </div>
      <LoadState loading={alerts.loading && alerts.data === undefined} error={alerts.error} />
      {alerts.data === undefined ? null : alerts.data.data.length === 0 ? (
        <p class="muted">No budget has crossed a threshold yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Recent budget alerts</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Budget</th>
              <th scope="col">Period</th>
              <th scope="col" class="num">
                Threshold
              </th>
              <th scope="col" class="num">
                Spent
              </th>
              <th scope="col" class="num">
                Limit
              </th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.data.map((alert) => {
              const name = alert.budget.kind === 'key' ? keyNames.get(alert.budget.id) : undefined;
              return (
                <tr key={`${alert.budget.kind}/${alert.budget.id}/${alert.periodKey}/${alert.thresholdPercent}`}>
                  <td>{formatDateTime(alert.at)}</td>
                  <th scope="row">
                    {alert.budget.kind} {name ?? alert.budget.id}
                    {name === undefined ? null : <span class="sub">{alert.budget.id}</span>}
                  </th>
                  <td>
                    {alert.period}
                    <span class="sub">{alert.periodKey}</span>
                  </td>
                  <td class="num">
                    <span class={`badge ${alert.thresholdPercent >= 100 ? 'badge-revoked' : 'badge-warn'}`}>{alert.thresholdPercent}%</span>
                  </td>
                  <td class="num" title={formatUsdExact(alert.spentUsd)}>
                    {formatUsd(alert.spentUsd)}
                  </td>
                  <td class="num">{formatUsd(alert.limitUsd)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}

export { AlertsPage };
