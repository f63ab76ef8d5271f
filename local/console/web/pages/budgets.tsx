/**
 * @module The budgets and limits page: every budget with its spend against the limit, every rate
 * limit, per key, team and principal; set and remove either.
 */
import { useMemo, useState } from 'preact/hooks';
import type { AdminBudget, AdminKey, AdminLimits, AdminList, SubjectKind } from '../admin-types';
import { BUDGET_PERIODS, SUBJECT_KINDS } from '../admin-types';
import { adminApi, messageOf } from '../api';
import { FormError, InputField, SelectField, numberOf, textOf, useApiForm } from '../components/form';
import { LoadState, SpendMeter } from '../components/widgets';
import { formatCount, formatUsd } from '../format';
import { useLoad } from '../use-load';

type KindFilter = SubjectKind | 'all';

const KIND_OPTIONS: readonly (readonly [string, string])[] = SUBJECT_KINDS.map((kind) => [kind, kind]);
const subjectPath = (base: 'budgets' | 'limits', kind: string, id: string): string => `/admin/${base}/${encodeURIComponent(kind)}/${encodeURIComponent(id)}`;

/** Where a form writes; a team that no key or usage names yet needs the caller's confirmation. */
function writePath(base: 'budgets' | 'limits', data: FormData): string {
  const kind = textOf(data, 'kind') ?? '';
  const confirmNewTeam = kind === 'team' && data.get('allowNewTeam') === 'true';
  return `${subjectPath(base, kind, textOf(data, 'id') ?? '')}${confirmNewTeam ? '?allowNewTeam=true' : ''}`;
}

/** The confirmation a budget or limits for a brand-new team needs. */
function NewTeamCheckbox({ form }: { readonly form: string }) {
  return (
    <div class="field checkbox">
      <input id={`${form}-allowNewTeam`} type="checkbox" name="allowNewTeam" value="true" />
      <label for={`${form}-allowNewTeam`}>A new team, not yet named by any key or usage</label>
    </div>
  );
}

/** A key's name beside its id, so rows read as people think of keys. */
function SubjectName({ kind, id, keyNames }: { readonly kind: SubjectKind; readonly id: string; readonly keyNames: ReadonlyMap<string, string> }) {
  const name = kind === 'key' ? keyNames.get(id) : undefined;
  return name === undefined ? (
    <>{id}</>
  ) : (
    <>
      {name}
      <span class="sub">{id}</span>
    </>
  );
}

function SetBudgetForm({ onSaved }: { readonly onSaved: () => void }) {
  const form = useApiForm(['kind', 'id', 'usd', 'period']);
  const { errors } = form;
  return (
    <form
      class="card"
      aria-labelledby="set-budget-title"
      noValidate
      onSubmit={(event) =>
        form.submit(event, async (data) => {
          await adminApi('PUT', writePath('budgets', data), {
            usd: numberOf(data, 'usd'),
            period: textOf(data, 'period'),
          });
          onSaved();
        })
      }
    >
      <h2 id="set-budget-title">Set a budget</h2>
      <div class="grid">
        <SelectField form="set-budget" name="kind" label="For" errors={errors} options={KIND_OPTIONS} defaultValue="team" />
        <InputField form="set-budget" name="id" label="Team, key id or principal" errors={errors} />
        <InputField form="set-budget" name="usd" label="Limit (USD)" inputMode="decimal" errors={errors} />
        <SelectField form="set-budget" name="period" label="Period" errors={errors} options={BUDGET_PERIODS.map((period) => [period, period])} defaultValue="month" />
        <NewTeamCheckbox form="set-budget" />
      </div>
      <FormError errors={errors} />
      <div class="actions">
        <button type="submit" disabled={form.busy}>
          Save budget
        </button>
      </div>
    </form>
  );
}

function SetLimitsForm({ onSaved }: { readonly onSaved: () => void }) {
  const form = useApiForm(['kind', 'id', 'rpm', 'tpm']);
  const { errors } = form;
  return (
    <form
      class="card"
      aria-labelledby="set-limits-title"
      noValidate
      onSubmit={(event) =>
        form.submit(event, async (data) => {
          await adminApi('PUT', writePath('limits', data), {
            rpm: numberOf(data, 'rpm'),
            tpm: numberOf(data, 'tpm'),
          });
          onSaved();
        })
      }
    >
      <h2 id="set-limits-title">Set rate limits</h2>
      <div class="grid">
        <SelectField form="set-limits" name="kind" label="For" errors={errors} options={KIND_OPTIONS} defaultValue="team" />
        <InputField form="set-limits" name="id" label="Team, key id or principal" errors={errors} />
        <InputField form="set-limits" name="rpm" label="Requests per minute" inputMode="numeric" errors={errors} />
        <InputField form="set-limits" name="tpm" label="Tokens per minute" inputMode="numeric" errors={errors} />
        <NewTeamCheckbox form="set-limits" />
      </div>
      <FormError errors={errors} />
      <div class="actions">
        <button type="submit" disabled={form.busy}>
          Save limits
        </button>
      </div>
    </form>
  );
}

function BudgetsPage() {
  const [kind, setKind] = useState<KindFilter>('all');
  const [actionError, setActionError] = useState<string>();
  const query = kind === 'all' ? '' : `?kind=${kind}`;
  const budgets = useLoad(() => adminApi<AdminList<AdminBudget>>('GET', `/admin/budgets${query}`), [query]);
  const limits = useLoad(() => adminApi<AdminList<AdminLimits>>('GET', `/admin/limits${query}`), [query]);
  const keys = useLoad(() => adminApi<AdminList<AdminKey>>('GET', '/admin/keys'), []);
  const keyNames = useMemo(() => new Map((keys.data?.data ?? []).map((key) => [key.id, key.name])), [keys.data]);

  async function remove(base: 'budgets' | 'limits', row: { readonly kind: SubjectKind; readonly id: string }): Promise<void> {
    setActionError(undefined);
    try {
      await adminApi('DELETE', subjectPath(base, row.kind, row.id));
    } catch (error) {
      setActionError(`Could not remove the ${base === 'budgets' ? 'budget' : 'limits'} of ${row.kind} ${row.id}: ${messageOf(error)}`);
    }
    (base === 'budgets' ? budgets : limits).reload();
  }

  return (
    <>
      <h1>Budgets and limits</h1>
      <div class="toolbar">
        <label for="kind-filter">Show</label>
        <select id="kind-filter" value={kind} onChange={(event) => setKind(event.currentTarget.value as KindFilter)}>
          <option value="all">keys, teams and principals</option>
          {SUBJECT_KINDS.map((option) => (
            <option key={option} value={option}>
              {option === 'key' ? 'keys' : `${option}s`} only
            </option>
          ))}
        </select>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            budgets.reload();
            limits.reload();
          }}
        >
          Refresh
        </button>
      </div>
      {actionError === undefined ? null : (
        <p class="form-error" role="alert">
          {actionError}
        </p>
      )}
      <section aria-labelledby="budget-list-title">
        <h2 id="budget-list-title">Budgets</h2>
        <LoadState loading={budgets.loading && budgets.data === undefined} error={budgets.error} />
        {budgets.data === undefined ? null : budgets.data.data.length === 0 ? (
          <p class="muted">No budgets{kind === 'all' ? '' : ` on ${kind}s`}.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Budgets with their spend in the current period</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col">Period</th>
                <th scope="col">Spent of limit</th>
                <th scope="col" class="num">
                  Remaining
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {budgets.data.data.map((budget) => (
                <tr key={`${budget.kind}/${budget.id}`}>
                  <td>{budget.kind}</td>
                  <th scope="row">
                    <SubjectName kind={budget.kind} id={budget.id} keyNames={keyNames} />
                  </th>
                  <td>
                    {budget.period}
                    {budget.periodKey === undefined ? null : <span class="sub">{budget.periodKey}</span>}
                  </td>
                  <td>
                    <SpendMeter spentUsd={budget.spentUsd} limitUsd={budget.usd} />
                  </td>
                  <td class="num">{formatUsd(budget.remainingUsd)}</td>
                  <td class="row-actions">
                    <button type="button" class="secondary" aria-label={`Remove the budget of ${budget.kind} ${budget.id}`} onClick={() => void remove('budgets', budget)}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <SetBudgetForm onSaved={budgets.reload} />
      <section aria-labelledby="limit-list-title">
        <h2 id="limit-list-title">Rate limits</h2>
        <LoadState loading={limits.loading && limits.data === undefined} error={limits.error} />
        {limits.data === undefined ? null : limits.data.data.length === 0 ? (
          <p class="muted">No rate limits{kind === 'all' ? '' : ` on ${kind}s`}.</p>
        ) : (
          <table>
            <caption class="visually-hidden">Rate limits</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Subject</th>
                <th scope="col" class="num">
                  Requests per minute
                </th>
                <th scope="col" class="num">
                  Tokens per minute
                </th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {limits.data.data.map((limit) => (
                <tr key={`${limit.kind}/${limit.id}`}>
                  <td>{limit.kind}</td>
                  <th scope="row">
                    <SubjectName kind={limit.kind} id={limit.id} keyNames={keyNames} />
                  </th>
                  <td class="num">{formatCount(limit.rpm)}</td>
                  <td class="num">{formatCount(limit.tpm)}</td>
                  <td class="row-actions">
                    <button type="button" class="secondary" aria-label={`Remove the limits of ${limit.kind} ${limit.id}`} onClick={() => void remove('limits', limit)}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <SetLimitsForm onSaved={limits.reload} />
    </>
  );
}

export { BudgetsPage };
