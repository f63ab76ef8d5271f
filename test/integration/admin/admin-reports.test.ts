import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { startAdminHarness, type AdminHarness } from './admin-harness';

let harness: AdminHarness;
const today = new Date().toISOString().slice(0, 10);

/** Settles one request through the meter, as a model route does. */
async function spend(principal: { id: string; kind: 'key' | 'jwt'; team?: string }, model: string, costNanoUsd: number, requestId: string): Promise<void> {
  const admission = await harness.ledger.meter.admit({
    principal,
    model: { id: model } as never,
    requestId,
    maxCostNanoUsd: costNanoUsd,
    estimatedInputTokens: 10,
    maxOutputTokens: 10,
  });
  await admission.settle({ usage: { inputTokens: 10, outputTokens: 4, cacheReadTokens: 1, cacheWriteTokens: 0 }, costNanoUsd, status: 200, latencyMs: 3, servedModel: model });
}

/** The cost of every per-request usage record of these principals, summed exactly. */
async function perRequestTotalNanoUsd(principalIds: readonly string[]): Promise<bigint> {
  let total = 0n;
  for (const principalId of principalIds) {
    const { Items = [] } = await harness.client.send(
      new QueryCommand({
        TableName: harness.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `USAGE#${encodeURIComponent(principalId)}` } },
      }),
    );
    for (const item of Items) total += BigInt(item.costNanoUsd?.N ?? '0');
  }
  return total;
}

/** Sums a CSV column of 9-decimal dollar amounts exactly, in nano-USD. */
function sumUsdColumn(csv: string, column: string): bigint {
  const [header = '', ...lines] = csv.trimEnd().split('\r\n');
  const index = header.split(',').indexOf(column);
  return lines.reduce((sum, line) => sum + BigInt((line.split(',')[index] ?? '0').replace('.', '')), 0n);
}

let keyA: string;
let keyB: string;
const jwtPrincipal = 'jwt:https://issuer.example#bob';

beforeAll(async () => {
  harness = await startAdminHarness();
  keyA = String((await harness.call('POST', '/admin/keys', { name: 'search-bot', team: 'search' })).body.id);
  keyB = String((await harness.call('POST', '/admin/keys', { name: 'ads-bot', team: 'ads' })).body.id);
  await spend({ id: keyA, kind: 'key', team: 'search' }, 'nova-micro', 1_234_567, 'req_r1');
  await spend({ id: keyA, kind: 'key', team: 'search' }, 'claude-sonnet-4-5', 333_333_333, 'req_r2');
  await spend({ id: keyB, kind: 'key', team: 'ads' }, 'nova-micro', 1, 'req_r3');
  await spend({ id: keyB, kind: 'key', team: 'ads' }, 'nova-micro', 4_999_999, 'req_r4');
  await spend({ id: jwtPrincipal, kind: 'jwt' }, 'nova-micro', 7_000_000, 'req_r5');
});

afterAll(async () => {
  await harness.close();
});

describe('admin API: usage by team and pairs', () => {
  it('groups by team, highest cost first, with null for principals without a team', async () => {
    const report = await harness.call('GET', '/admin/usage?groupBy=team');

    expect(report.body.groupBy).toBe('team');
    expect((report.body.rows as Record<string, unknown>[]).map((row) => [row.team, row.requests, row.costNanoUsd])).toEqual([
      ['search', 2, 334_567_900],
      [null, 1, 7_000_000],
      ['ads', 2, 5_000_000],
    ]);
  });

  it('groups by team and model', async () => {
    const report = await harness.call('GET', '/admin/usage?groupBy=team,model');

    expect((report.body.rows as Record<string, unknown>[]).map((row) => [row.team, row.model, row.costNanoUsd])).toEqual([
      ['search', 'claude-sonnet-4-5', 333_333_333],
      [null, 'nova-micro', 7_000_000],
      ['ads', 'nova-micro', 5_000_000],
      ['search', 'nova-micro', 1_234_567],
    ]);
  });

  it('groups by team and day, day first', async () => {
    const report = await harness.call('GET', '/admin/usage?groupBy=team,day&team=ads');

    expect(report.body.rows).toEqual([expect.objectContaining({ team: 'ads', day: today, requests: 2, costNanoUsd: 5_000_000 })]);
  });

  it('labels key rows with the key name and team', async () => {
    const report = await harness.call('GET', '/admin/usage?groupBy=key');

    expect((report.body.rows as Record<string, unknown>[]).map((row) => [row.key, row.name, row.team, row.costNanoUsd])).toEqual([
      [keyA, 'search-bot', 'search', 334_567_900],
      [null, null, null, 7_000_000],
      [keyB, 'ads-bot', 'ads', 5_000_000],
    ]);
  });

  it('has totals equal to the sum of the per-request usage records, to the nano-dollar', async () => {
    const report = await harness.call('GET', '/admin/usage?groupBy=team,model');
    const recorded = await perRequestTotalNanoUsd([keyA, keyB, jwtPrincipal]);

    expect(BigInt((report.body.totals as { costNanoUsd: number }).costNanoUsd)).toBe(recorded);
    expect(recorded).toBe(346_567_900n);
    expect((report.body.totals as { costUsd: number }).costUsd).toBe(0.3465679);
    expect((report.body.rows as { costNanoUsd: number }[]).reduce((sum, row) => sum + BigInt(row.costNanoUsd), 0n)).toBe(recorded);
  });
});

describe('admin API: usage as CSV', () => {
  it('answers CSV with a header row for format=csv, costs exact so the column sums to the total', async () => {
    const csv = await harness.getText('/admin/usage?groupBy=key&format=csv');

    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="usage-key-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.text.split('\r\n')[0]).toBe('key,name,team,requests,errors,inputTokens,outputTokens,cachedTokens,cacheWriteTokens,costUsd,costNanoUsd');
    expect(csv.text.split('\r\n')[1]).toBe(`${keyA},search-bot,search,2,0,20,8,2,0,0.334567900,334567900`);
    expect(sumUsdColumn(csv.text, 'costUsd')).toBe(await perRequestTotalNanoUsd([keyA, keyB, jwtPrincipal]));
  });

  it('answers CSV to Accept: text/csv, and JSON when JSON is preferred', async () => {
    const csv = await harness.getText('/admin/usage?groupBy=team,day', { accept: 'text/csv' });
    const json = await harness.getText('/admin/usage?groupBy=team,day', { accept: 'application/json, text/csv' });

    expect(csv.text.split('\r\n')[0]).toBe('team,day,requests,errors,inputTokens,outputTokens,cachedTokens,cacheWriteTokens,costUsd,costNanoUsd');
    expect(json.headers.get('content-type')).toBe('application/json');
  });

  it('escapes a team name a spreadsheet would run as a formula', async () => {
    await spend({ id: 'jwt:https://issuer.example#mallory', kind: 'jwt', team: '=HYPERLINK("http://x")' }, 'nova-micro', 5, 'req_formula');

    const csv = await harness.getText('/admin/usage?groupBy=team&format=csv');

    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")",1,`);
  });

  it('fails with 400 naming format for an unknown format', async () => {
    expect((await harness.call('GET', '/admin/usage?format=xml')).body).toMatchObject({ error: { param: 'format' } });
  });
});

describe('admin API: budget alerts', () => {
  it('lists recent alerts newest first, at most limit', async () => {
    const base = { period: 'month' as const, periodKey: today.slice(0, 7), spentNanoUsd: 8_000_000_000, limitNanoUsd: 10_000_000_000 };
    await harness.alerts.claim({ ...base, subject: { kind: 'team', id: 'search' }, thresholdPercent: 50, at: '2026-11-02T10:00:00.000Z' });
    await harness.alerts.claim({ ...base, subject: { kind: 'team', id: 'search' }, thresholdPercent: 80, at: '2026-11-02T11:00:00.000Z' });
    await harness.alerts.claim({ ...base, subject: { kind: 'key', id: keyA }, thresholdPercent: 50, at: '2026-11-01T09:00:00.000Z' });

    const two = await harness.call('GET', '/admin/alerts?limit=2');
    const all = await harness.call('GET', '/admin/alerts');

    expect(two.body).toEqual({
      object: 'list',
      data: [
        {
          object: 'budget_alert',
          budget: { kind: 'team', id: 'search' },
          period: 'month',
          periodKey: base.periodKey,
          thresholdPercent: 80,
          spentUsd: 8,
          spentNanoUsd: 8_000_000_000,
          limitUsd: 10,
          at: '2026-11-02T11:00:00.000Z',
        },
        expect.objectContaining({ thresholdPercent: 50, budget: { kind: 'team', id: 'search' } }),
      ],
    });
    expect(all.body.data).toHaveLength(3);
  });

  it.each([{ query: 'limit=0' }, { query: 'limit=abc' }, { query: 'limit=501' }, { query: 'since=1' }])('fails with 400 for $query', async ({ query }) => {
    const response = await harness.call('GET', `/admin/alerts?${query}`);
    expect(response.status).toBe(400);
  });
});
