import { settleThroughMeter, startAdminHarness, type AdminHarness } from './admin-harness';

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startAdminHarness();
});

afterAll(async () => {
  await harness.close();
});

describe('admin API: keys', () => {
  it('creates a key with only a name and shows the secret once', async () => {
    const created = await harness.call('POST', '/admin/keys', { name: 'ci-bot' });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'virtual_key', name: 'ci-bot', status: 'active', budget: null, limits: null });
    expect(created.body.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(created.body.id).toMatch(/^key_[0-9a-f]{24}$/);
    const fetched = await harness.call('GET', `/admin/keys/${String(created.body.id)}`);
    expect(fetched.body.key).toBeUndefined();
    expect(JSON.stringify(fetched.body)).not.toContain(String(created.body.key));
    expect(fetched.body.displayPrefix).toBe(`${String(created.body.key).slice(0, 9)}...`);
  });

  it('creates a key with team, models, budget, limits and expiry', async () => {
    const created = await harness.call('POST', '/admin/keys', {
      name: 'search-bot',
      team: 'search',
      models: ['claude-sonnet-4-5'],
      budget: { usd: 50, period: 'month' },
      limits: { rpm: 60, tpm: 100000 },
      expiresAt: '2999-01-01T00:00:00Z',
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      team: 'search',
      models: ['claude-sonnet-4-5'],
      budget: { usd: 50, period: 'month' },
      limits: { rpm: 60, tpm: 100000 },
      expiresAt: '2999-01-01T00:00:00.000Z',
    });
  });

  it('lists keys with their budget, current-period spend and limits', async () => {
    const created = await harness.call('POST', '/admin/keys', { name: 'spender', budget: { usd: 1, period: 'day' }, limits: { tpm: 500 } });
    await settleThroughMeter(harness, { id: String(created.body.id), kind: 'key' }, 'req_key_list_spend', 12_345_678);

    const listed = await harness.call('GET', '/admin/keys');

    const row = (listed.body.data as { id: string }[]).find((key) => key.id === created.body.id);
    expect(row).toMatchObject({
      name: 'spender',
      budget: { usd: 1, period: 'day', spentUsd: 0.012345678, spentNanoUsd: 12_345_678, remainingUsd: 0.987654322 },
      limits: { rpm: null, tpm: 500 },
    });
    expect((listed.body.data as { id: string; budget: unknown }[]).find((key) => key.id !== created.body.id)).toHaveProperty('budget');
  });

  it('shows the budget of a key it rotates or revokes', async () => {
    const created = await harness.call('POST', '/admin/keys', { name: 'rotated-with-budget', budget: { usd: 3, period: 'month' } });

    expect((await harness.call('POST', `/admin/keys/${String(created.body.id)}/rotate`)).body).toMatchObject({ budget: { usd: 3, period: 'month' } });
    expect((await harness.call('DELETE', `/admin/keys/${String(created.body.id)}`)).body).toMatchObject({ budget: { usd: 3 } });
  });

  it('stores models as catalog ids, an alias resolved', async () => {
    const created = await harness.call('POST', '/admin/keys', { name: 'aliased', models: ['nova-micro', 'amazon.nova-micro-v1:0', 'claude-sonnet-4-5'] });

    expect(created.body.models).toEqual(['nova-micro', 'claude-sonnet-4-5']);
  });

  it.each([
    { method: 'POST', path: '/admin/keys', body: { name: 'x', models: ['nova-micro', 'gpt-9'] } },
    { method: 'PATCH', path: '/admin/keys/KEY', body: { models: ['gpt-9'] } },
  ])('fails with 400 naming models and the unknown model on $method', async ({ method, path, body }) => {
    const existing = await harness.call('POST', '/admin/keys', { name: 'models-target' });

    const response = await harness.call(method, path.replace('KEY', String(existing.body.id)), body);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { type: 'invalid_request_error', code: 'model_not_found', param: 'models' } });
    expect(String((response.body.error as { message: string }).message)).toContain('"gpt-9"');
  });

  it('lists, updates, rotates and revokes keys', async () => {
    const created = await harness.call('POST', '/admin/keys', { name: 'lifecycle' });
    const id = String(created.body.id);

    const listed = await harness.call('GET', '/admin/keys');
    expect((listed.body.data as { id: string }[]).map((key) => key.id)).toContain(id);

    const patched = await harness.call('PATCH', `/admin/keys/${id}`, { name: 'renamed', team: 'ml', budget: { usd: 1.5, period: 'day' } });
    expect(patched.body).toMatchObject({ name: 'renamed', team: 'ml', budget: { usd: 1.5, period: 'day' } });
    const cleared = await harness.call('PATCH', `/admin/keys/${id}`, { team: null, budget: null });
    expect(cleared.body).toMatchObject({ team: null, budget: null });

    const rotated = await harness.call('POST', `/admin/keys/${id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.key).not.toBe(created.body.key);
    expect(rotated.body.rotatedAt).toEqual(expect.any(String));

    const revoked = await harness.call('DELETE', `/admin/keys/${id}`);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const rotateRevoked = await harness.call('POST', `/admin/keys/${id}/rotate`);
    expect(rotateRevoked.status).toBe(409);
  });

  it('answers 404 for an unknown key id', async () => {
    const response = await harness.call('GET', '/admin/keys/key_doesnotexist');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: { type: 'not_found_error', code: 'key_not_found' } });
  });
});

describe('admin API: validation', () => {
  it.each([
    { body: {}, param: 'name' },
    { body: { name: '' }, param: 'name' },
    { body: { name: 'x', budget: { usd: -1, period: 'month' } }, param: 'budget.usd' },
    { body: { name: 'x', budget: { usd: 1, period: 'week' } }, param: 'budget.period' },
    { body: { name: 'x', budget: { usd: 0.0000000001, period: 'day' } }, param: 'budget.usd' },
    { body: { name: 'x', limits: { rpm: 1.5 } }, param: 'limits.rpm' },
    { body: { name: 'x', limits: {} }, param: 'limits.rpm' },
    { body: { name: 'x', models: 'claude' }, param: 'models' },
    { body: { name: 'x', expiresAt: 'tomorrow' }, param: 'expiresAt' },
    { body: { name: 'x', expiresAt: '2000-01-01T00:00:00Z' }, param: 'expiresAt' },
    { body: { name: 'x', colour: 'blue' }, param: 'colour' },
  ])('fails with 400 naming $param for $body', async ({ body, param }) => {
    const response = await harness.call('POST', '/admin/keys', body);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { type: 'invalid_request_error', param } });
  });

  it('fails with 400 on a body that is not JSON', async () => {
    const response = await harness.call('POST', '/admin/keys', '{"name":');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('fails with 400 naming kind for an unknown budget kind', async () => {
    const response = await harness.call('PUT', '/admin/budgets/org/acme', { usd: 1, period: 'day' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { param: 'kind' } });
  });

  it.each([
    { query: 'groupBy=week', param: 'groupBy' },
    { query: 'from=yesterday', param: 'from' },
    { query: 'from=2025-02-01&to=2025-01-01', param: 'from' },
    { query: 'from=2020-01-01&to=2025-01-01', param: 'from' },
    { query: 'colour=blue', param: 'colour' },
  ])('fails with 400 naming $param for usage query $query', async ({ query, param }) => {
    const response = await harness.call('GET', `/admin/usage?${query}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { param } });
  });

  describe('ids that would become part of a ledger key', () => {
    const LONG = 'a'.repeat(3000);
    const BUDGET = { usd: 1, period: 'day' };
    const LIMITS = { rpm: 1 };
    const labelled = <T extends { method: string; path: string }>(row: T) => ({ ...row, label: `${row.method} ${row.path.replace(LONG, '<3000 characters>')}` });

    it.each([
      { method: 'GET', path: `/admin/keys/${LONG}` },
      { method: 'PATCH', path: `/admin/keys/${LONG}`, body: { name: 'x' } },
      { method: 'DELETE', path: `/admin/keys/${LONG}` },
      { method: 'POST', path: `/admin/keys/${LONG}/rotate` },
      { method: 'GET', path: '/admin/keys/key%23other' },
      ...['key', 'team', 'principal'].flatMap((kind) => [
        { method: 'PUT', path: `/admin/budgets/${kind}/${LONG}`, body: BUDGET },
        { method: 'GET', path: `/admin/budgets/${kind}/${LONG}` },
        { method: 'DELETE', path: `/admin/budgets/${kind}/${LONG}` },
        { method: 'PUT', path: `/admin/limits/${kind}/${LONG}`, body: LIMITS },
        { method: 'GET', path: `/admin/limits/${kind}/${LONG}` },
        { method: 'DELETE', path: `/admin/limits/${kind}/${LONG}` },
      ]),
      { method: 'PUT', path: '/admin/budgets/team/a%0Ab', body: BUDGET },
      { method: 'PUT', path: '/admin/limits/principal/a%7Fb', body: LIMITS },
    ].map(labelled))('fails with 400 naming id for $label', async ({ method, path, body }) => {
      const response = await harness.call(method, path, body);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { type: 'invalid_request_error', param: 'id' } });
    });

    it.each([
      { method: 'POST', path: '/admin/keys', body: { name: 'x', team: LONG }, param: 'team' },
      { method: 'PATCH', path: '/admin/keys/key_000000000000000000000000', body: { team: 'a\u0000b' }, param: 'team' },
      { method: 'POST', path: '/admin/keys', body: { name: 'x', team: 'a\ud800' }, param: 'team' },
      { method: 'GET', path: `/admin/usage?key=${LONG}`, param: 'key' },
      { method: 'GET', path: `/admin/usage?team=${LONG}`, param: 'team' },
      { method: 'GET', path: `/admin/usage?principal=${LONG}`, param: 'principal' },
    ].map(labelled))('fails with 400 naming $param for an unstorable $param in $label', async ({ method, path, body, param }) => {
      const response = await harness.call(method, path, body);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: { type: 'invalid_request_error', param } });
    });
  });

  it('fails with 401 without the admin token', async () => {
    const response = await harness.call('GET', '/admin/keys', undefined, 'wrong-token');
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: { type: 'authentication_error' } });
  });
});

describe('admin API: budgets and limits', () => {
  it('sets, reads and deletes a team budget', async () => {
    await harness.call('POST', '/admin/keys', { name: 'search-owner', team: 'search' });
    const put = await harness.call('PUT', '/admin/budgets/team/search', { usd: 100, period: 'day' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ kind: 'team', id: 'search', usd: 100, period: 'day', alertThresholds: [50, 80, 100], spentUsd: 0, remainingUsd: 100 });

    const got = await harness.call('GET', '/admin/budgets/team/search');
    expect(got.body).toMatchObject({ usd: 100, period: 'day' });

    expect((await harness.call('DELETE', '/admin/budgets/team/search')).body).toMatchObject({ deleted: true });
    expect((await harness.call('GET', '/admin/budgets/team/search')).status).toBe(404);
  });

  it('normalises an IAM role ARN with a path in a principal budget', async () => {
    const arn = encodeURIComponent('arn:aws:iam::123456789012:role/service-role/Builder');
    const put = await harness.call('PUT', `/admin/budgets/principal/${arn}`, { usd: 5, period: 'total' });
    expect(put.body).toMatchObject({ kind: 'principal', id: 'arn:aws:iam::123456789012:role/Builder' });
  });

  it('fails with 404 team_not_found for a team no key, policy or usage names, and accepts it with allowNewTeam=true', async () => {
    const refused = await harness.call('PUT', '/admin/budgets/team/serch', { usd: 5, period: 'day' });
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ error: { type: 'not_found_error', code: 'team_not_found', param: 'id' } });
    expect(String((refused.body.error as { message: string }).message)).toContain('allowNewTeam=true');
    expect((await harness.call('PUT', '/admin/limits/team/serch', { rpm: 5 })).status).toBe(404);

    const confirmed = await harness.call('PUT', '/admin/budgets/team/serch?allowNewTeam=true', { usd: 5, period: 'day' });
    expect(confirmed).toMatchObject({ status: 200, body: { kind: 'team', id: 'serch', usd: 5 } });
    // Once a policy exists the team is known: later changes need no confirmation.
    expect((await harness.call('PUT', '/admin/limits/team/serch', { rpm: 5 })).status).toBe(200);
  });

  it('knows a team from recorded usage (a JWT team that has called) without a key naming it', async () => {
    await settleThroughMeter(harness, { id: 'jwt:https://issuer.example#alice', kind: 'jwt', team: 'from-claims' }, 'req_team_from_usage', 10);

    expect((await harness.call('PUT', '/admin/budgets/team/from-claims', { usd: 5, period: 'month' })).status).toBe(200);
  });

  it('stores alert thresholds sorted without repeats, and [] turns alerts off', async () => {
    const key = await harness.call('POST', '/admin/keys', { name: 'thresholds', budget: { usd: 10, period: 'month', alertThresholds: [90, 25, 90] } });
    expect(key.body.budget).toMatchObject({ usd: 10, alertThresholds: [25, 90] });
    const off = await harness.call('PUT', `/admin/budgets/key/${String(key.body.id)}`, { usd: 10, period: 'month', alertThresholds: [] });
    expect(off.body).toMatchObject({ alertThresholds: [] });
    const bad = await harness.call('PUT', `/admin/budgets/key/${String(key.body.id)}`, { usd: 10, period: 'month', alertThresholds: [0] });
    expect(bad.body).toMatchObject({ error: { param: 'alertThresholds.0' } });
  });

  it('lists budgets with their current-period spend, filtered by kind', async () => {
    const key = await harness.call('POST', '/admin/keys', { name: 'listed', team: 'listing', budget: { usd: 2, period: 'total' } });
    await harness.call('PUT', '/admin/budgets/team/listing', { usd: 20, period: 'month' });
    await settleThroughMeter(harness, { id: String(key.body.id), kind: 'key', team: 'listing' }, 'req_budget_list', 250_000_000);

    const all = await harness.call('GET', '/admin/budgets');
    const teams = await harness.call('GET', '/admin/budgets?kind=team');

    expect(all.body.object).toBe('list');
    expect(all.body.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ object: 'budget', kind: 'key', id: key.body.id, usd: 2, period: 'total', periodKey: 'all', spentUsd: 0.25, spentNanoUsd: 250_000_000, remainingUsd: 1.75 }),
        expect.objectContaining({ kind: 'team', id: 'listing', usd: 20, period: 'month', spentUsd: 0.25 }),
      ]),
    );
    expect((teams.body.data as { kind: string }[]).every((row) => row.kind === 'team')).toBe(true);
    expect(teams.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'listing' })]));
  });

  it('lists limits, filtered by kind, and fails with 400 naming kind for an unknown kind', async () => {
    const key = await harness.call('POST', '/admin/keys', { name: 'limited', limits: { rpm: 7 } });

    const keys = await harness.call('GET', '/admin/limits?kind=key');
    expect(keys.body.data).toEqual(expect.arrayContaining([{ object: 'limits', kind: 'key', id: key.body.id, rpm: 7, tpm: null }]));
    expect((keys.body.data as { kind: string }[]).every((row) => row.kind === 'key')).toBe(true);
    expect((await harness.call('GET', '/admin/limits?kind=org')).body).toMatchObject({ error: { param: 'kind' } });
  });

  it('fails with 404 for a budget on an unknown key', async () => {
    const response = await harness.call('PUT', '/admin/budgets/key/key_unknown', { usd: 5, period: 'total' });
    expect(response.status).toBe(404);
  });

  it('sets, reads and deletes limits', async () => {
    const put = await harness.call('PUT', '/admin/limits/team/ml?allowNewTeam=true', { rpm: 60 });
    expect(put.body).toEqual({ object: 'limits', kind: 'team', id: 'ml', rpm: 60, tpm: null });
    const replaced = await harness.call('PUT', '/admin/limits/team/ml', { tpm: 1000 });
    expect(replaced.body).toMatchObject({ rpm: null, tpm: 1000 });
    expect((await harness.call('GET', '/admin/limits/team/ml')).body).toMatchObject({ tpm: 1000 });
    await harness.call('DELETE', '/admin/limits/team/ml');
    expect((await harness.call('GET', '/admin/limits/team/ml')).status).toBe(404);
  });
});

describe('admin API: usage', () => {
  it('reports spend per model and per day with exact totals', async () => {
    // GIVEN two keys that spent money through the meter
    const a = await harness.call('POST', '/admin/keys', { name: 'usage-a', team: 'reports' });
    const b = await harness.call('POST', '/admin/keys', { name: 'usage-b', team: 'reports' });
    const settle = async (keyId: string, model: string, costNanoUsd: number): Promise<void> => {
      const admission = await harness.ledger.meter.admit({
        principal: { id: keyId, kind: 'key', team: 'reports' },
        model: { id: model } as never,
        requestId: `req_${Math.random().toString(16).slice(2)}`,
        maxCostNanoUsd: costNanoUsd,
        estimatedInputTokens: 10,
        maxOutputTokens: 10,
      });
      await admission.settle({
        usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 2, cacheWriteTokens: 0 },
        costNanoUsd,
        status: 200,
        latencyMs: 5,
        servedModel: model,
      });
    };
    await settle(String(a.body.id), 'nova-micro', 1_234_567);
    await settle(String(a.body.id), 'nova-micro', 1);
    await settle(String(b.body.id), 'claude-sonnet-4-5', 20_000_000);

    // WHEN the team's usage is grouped by model
    const report = await harness.call('GET', '/admin/usage?team=reports&groupBy=model');

    // THEN totals are exact and rows are ordered by cost
    expect(report.status).toBe(200);
    expect(report.body.totals).toEqual({
      requests: 3,
      errors: 0,
      inputTokens: 30,
      outputTokens: 15,
      cachedTokens: 6,
      cacheWriteTokens: 0,
      costUsd: 0.021234568,
      costNanoUsd: 21_234_568,
    });
    expect(report.body.rows).toEqual([
      expect.objectContaining({ model: 'claude-sonnet-4-5', requests: 1, costNanoUsd: 20_000_000 }),
      expect.objectContaining({ model: 'nova-micro', requests: 2, costNanoUsd: 1_234_568 }),
    ]);
    const byKey = await harness.call('GET', `/admin/usage?key=${String(a.body.id)}&groupBy=day`);
    expect(byKey.body.totals).toMatchObject({ requests: 2, costNanoUsd: 1_234_568 });
    expect(byKey.body.rows).toEqual([expect.objectContaining({ day: new Date().toISOString().slice(0, 10) })]);
  });
});

describe('admin API: maintenance', () => {
  it('releases reservations older than 20 minutes on a manual run, and leaves younger ones held', async () => {
    // GIVEN a hold left 30 minutes ago by a process that died, and one made a minute ago
    const subject = { kind: 'team', id: 'stale-sweep' } as const;
    const budget = { limitNanoUsd: 1_000_000_000, period: 'total' } as const;
    const nowMs = Date.now();
    await harness.ledger.budgets.reserve(subject, budget, 1_500_000, nowMs - 30 * 60_000, 'adm_stranded');
    await harness.ledger.budgets.reserve(subject, budget, 300, nowMs - 60_000, 'adm_running');

    // WHEN an operator runs the sweep through the admin API
    const swept = await harness.call('POST', '/admin/maintenance/release-stale-reservations');

    // THEN only the stranded hold is given back, in USD and exact nano-USD
    expect(swept).toEqual({
      status: 200,
      // Budgets set by earlier tests of this file are still being re-seeded.
      body: { object: 'maintenance', released: 1, releasedUsd: 0.0015, releasedNanoUsd: 1_500_000, settlementsCompleted: 0, settlementsPending: 0, budgetsReseeded: expect.any(Number) },
    });
    expect(await harness.ledger.budgets.status(subject, budget, Date.now())).toMatchObject({ reservedNanoUsd: 300, spentNanoUsd: 0 });
    const again = await harness.call('POST', '/admin/maintenance/release-stale-reservations');
    expect(again.body).toMatchObject({ released: 0, releasedNanoUsd: 0 });
  });

  it('fails with 401 without the admin token', async () => {
    const refused = await harness.call('POST', '/admin/maintenance/release-stale-reservations', undefined, 'wrong-token');

    expect(refused.status).toBe(401);
  });
});
