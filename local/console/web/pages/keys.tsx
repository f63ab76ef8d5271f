/**
 * @module The keys page: create (team, models, budget, limits, expiry), search, rotate, revoke.
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import type { AdminKey, AdminList } from '../admin-types';
import { BUDGET_PERIODS } from '../admin-types';
import { adminApi, messageOf } from '../api';
import { FormError, InputField, SelectField, numberOf, textOf, useApiForm } from '../components/form';
import { ConfirmDialog, LoadState, SecretPanel, SpendMeter } from '../components/widgets';
import { formatCount, formatDateTime } from '../format';
import { useLoad } from '../use-load';

const FORM = 'new-key';
const CREATE_FIELDS = ['name', 'team', 'models', 'budget.usd', 'budget.period', 'limits.rpm', 'limits.tpm', 'expiresAt'] as const;

/** The `POST /admin/keys` body from the form; empty fields are left out, so only `name` is required. */
function createKeyBody(data: FormData): Record<string, unknown> {
  const budgetUsd = numberOf(data, 'budget.usd');
  const rpm = numberOf(data, 'limits.rpm');
  const tpm = numberOf(data, 'limits.tpm');
  const expires = textOf(data, 'expiresAt');
  return {
    name: textOf(data, 'name') ?? '',
    team: textOf(data, 'team'),
    models: textOf(data, 'models')
      ?.split(/[\s,]+/)
      .filter((model) => model !== ''),
    budget: budgetUsd === undefined ? undefined : { usd: budgetUsd, period: textOf(data, 'budget.period') ?? 'month' },
    limits: rpm === undefined && tpm === undefined ? undefined : { rpm, tpm },
    // A date input gives YYYY-MM-DD: the key expires as that day starts, in UTC.
    expiresAt: expires === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(expires) ? `${expires}T00:00:00Z` : expires,
  };
}

function matches(key: AdminKey, query: string): boolean {
  if (query === '') return true;
  const haystack = [key.name, key.id, key.team ?? '', key.displayPrefix, key.status, ...(key.models ?? [])].join(' ').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

function limitsText(key: AdminKey): string {
  if (key.limits === undefined || key.limits === null) return 'None';
  const parts = [key.limits.rpm === null ? undefined : `${formatCount(key.limits.rpm)} rpm`, key.limits.tpm === null ? undefined : `${formatCount(key.limits.tpm)} tpm`];
  return parts.filter(Boolean).join(', ');
}

type PendingAction = { readonly action: 'rotate' | 'revoke'; readonly key: AdminKey };

function CreateKeyForm({ onCreated }: { readonly onCreated: (key: AdminKey) => void }) {
  const form = useApiForm(CREATE_FIELDS);
  const { errors } = form;
  return (
    <form
      class="card"
      aria-labelledby="new-key-title"
      noValidate
      onSubmit={(event) =>
        form.submit(event, async (data) => {
          const created = await adminApi<AdminKey>('POST', '/admin/keys', createKeyBody(data));
          (event.target as HTMLFormElement).reset();
          onCreated(created);
        })
      }
    >
      <h2 id="new-key-title">New key</h2>
      <div class="grid">
        <InputField form={FORM} name="name" label="Name" errors={errors} required />
        <InputField form={FORM} name="team" label="Team" errors={errors} hint="Spend is also charged to the team's budget." />
        <InputField form={FORM} name="models" label="Models" errors={errors} hint="Comma-separated model ids; empty allows every model." />
        <InputField form={FORM} name="expiresAt" label="Expires on" type="date" errors={errors} hint="At 00:00 UTC; empty never expires." />
        <InputField form={FORM} name="budget.usd" label="Budget (USD)" inputMode="decimal" errors={errors} />
        <SelectField form={FORM} name="budget.period" label="Budget period" errors={errors} options={BUDGET_PERIODS.map((period) => [period, period === 'total' ? 'total (never resets)' : `per ${period}`])} defaultValue="month" />
        <InputField form={FORM} name="limits.rpm" label="Requests per minute" inputMode="numeric" errors={errors} />
        <InputField form={FORM} name="limits.tpm" label="Tokens per minute" inputMode="numeric" errors={errors} />
      </div>
      <FormError errors={errors} />
      <div class="actions">
        <button type="submit" disabled={form.busy}>
          {form.busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}

function KeysPage() {
  const keys = useLoad(() => adminApi<AdminList<AdminKey>>('GET', '/admin/keys'), []);
  const [query, setQuery] = useState('');
  const [secret, setSecret] = useState<{ readonly title: string; readonly value: string }>();
  const [pending, setPending] = useState<PendingAction>();
  const [outcome, setOutcome] = useState<{ readonly ok: boolean; readonly text: string }>();
  const listHeading = useRef<HTMLHeadingElement | null>(null);
  const shown = useMemo(() => (keys.data?.data ?? []).filter((key) => matches(key, query.trim())), [keys.data, query]);

  async function run({ action, key }: PendingAction): Promise<void> {
    setPending(undefined);
    setOutcome(undefined);
    try {
      if (action === 'rotate') {
        const rotated = await adminApi<AdminKey>('POST', `/admin/keys/${encodeURIComponent(key.id)}/rotate`);
        setSecret({ title: `New secret for ${rotated.name}`, value: rotated.key ?? '' });
      } else {
        await adminApi<AdminKey>('DELETE', `/admin/keys/${encodeURIComponent(key.id)}`);
        setOutcome({ ok: true, text: `Revoked ${key.name}: every call with it is refused from now on.` });
        // The button that had focus goes with the key's actions; the list's heading takes it.
        listHeading.current?.focus();
      }
    } catch (error) {
      setOutcome({ ok: false, text: `Could not ${action} ${key.name}: ${messageOf(error)}` });
    }
    keys.reload();
  }

  return (
    <>
      <h1>Keys</h1>
      {secret === undefined ? null : <SecretPanel title={secret.title} secret={secret.value} onDone={() => setSecret(undefined)} />}
      <CreateKeyForm
        onCreated={(created) => {
          setSecret({ title: `Secret for ${created.name}`, value: created.key ?? '' });
          keys.reload();
        }}
      />
      <section aria-labelledby="key-list-title">
        <div class="toolbar">
          <h2 id="key-list-title" tabIndex={-1} ref={listHeading}>
            All keys
          </h2>
          <label for="key-search">Search keys</label>
          <input id="key-search" type="search" value={query} placeholder="name, id, team, model" onInput={(event) => setQuery(event.currentTarget.value)} />
          <button type="button" class="secondary" onClick={keys.reload}>
            Refresh
          </button>
        </div>
        {outcome === undefined ? null : (
          <p class={outcome.ok ? 'notice' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>
            {outcome.text}
          </p>
        )}
        <LoadState loading={keys.loading && keys.data === undefined} error={keys.error} />
        {keys.data === undefined ? null : (
          <table>
            <caption class="visually-hidden">Virtual keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Team</th>
                <th scope="col">Status</th>
                <th scope="col">Models</th>
                <th scope="col">Budget</th>
                <th scope="col">Limits</th>
                <th scope="col">Expires</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((key) => (
                <tr key={key.id} data-key-id={key.id}>
                  <th scope="row">
                    {key.name}
                    <span class="sub">
                      {key.id} · {key.displayPrefix}
                    </span>
                  </th>
                  <td>{key.team ?? '—'}</td>
                  <td>
                    <span class={`badge badge-${key.status}`}>{key.status}</span>
                  </td>
                  <td>{key.models === null ? 'All' : key.models.join(', ')}</td>
                  <td>{key.budget === undefined || key.budget === null ? 'None' : <SpendMeter spentUsd={key.budget.spentUsd} limitUsd={key.budget.usd} />}</td>
                  <td>{limitsText(key)}</td>
                  <td>{key.expiresAt === null ? 'Never' : formatDateTime(key.expiresAt)}</td>
                  <td>{formatDateTime(key.createdAt)}</td>
                  <td class="row-actions">
                    {key.status === 'revoked' ? null : (
                      <>
                        <button type="button" class="secondary" aria-label={`Rotate ${key.name}`} onClick={() => setPending({ action: 'rotate', key })}>
                          Rotate
                        </button>
                        <button type="button" class="danger" aria-label={`Revoke ${key.name}`} onClick={() => setPending({ action: 'revoke', key })}>
                          Revoke
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {keys.data !== undefined && shown.length === 0 ? <p class="muted">{query === '' ? 'No keys yet.' : `No key matches "${query}".`}</p> : null}
      </section>
      {pending === undefined ? null : (
        <ConfirmDialog
          title={pending.action === 'rotate' ? `Rotate ${pending.key.name}?` : `Revoke ${pending.key.name}?`}
          confirmLabel={pending.action === 'rotate' ? 'Rotate' : 'Revoke'}
          onCancel={() => setPending(undefined)}
          onConfirm={() => void run(pending)}
        >
          {pending.action === 'rotate'
            ? 'A new secret is issued and the current one stops working at once.'
            : 'Every call with this key is refused from now on. This cannot be undone.'}
        </ConfirmDialog>
      )}
    </>
  );
}

export { KeysPage, createKeyBody };
