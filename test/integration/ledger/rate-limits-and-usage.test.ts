import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Principal } from '../../../lambda/identity/principal';
import { admission, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();
const principal: Principal = { id: 'key_rl', kind: 'key', team: 'search' };
const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 });

describe('rate limits', () => {
  it('admits rpm requests per minute, then fails with 429 and retry-after until the window ends', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_rl' }, { rpm: 3 });
    clock.ms = Date.parse('2025-06-14T12:00:45Z');

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => ledger.meter.admit(admission(principal))));

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    const denied = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(denied?.reason).toMatchObject({ statusCode: 429, code: 'rate_limit_exceeded', headers: { 'retry-after': '15' } });
    clock.ms = Date.parse('2025-06-14T12:01:00Z');
    await expect(ledger.meter.admit(admission(principal))).resolves.toBeDefined();
  });

  it('counts input at admission and the actual tokens at settlement against tpm', async () => {
    const { ledger } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'team', id: 'search' }, { tpm: 1000 });

    const first = await ledger.meter.admit(admission(principal, { estimatedInputTokens: 300 }));
    await first.settle({ usage: usage(300, 600), costNanoUsd: 0, status: 200, latencyMs: 1, servedModel: 'test-model' });

    // 900 used: a request estimated at 200 input tokens no longer fits, one of 100 does
    await expect(ledger.meter.admit(admission(principal, { estimatedInputTokens: 200 }))).rejects.toMatchObject({
      code: 'rate_limit_exceeded',
      message: expect.stringContaining('team "search"'),
    });
    await expect(ledger.meter.admit(admission(principal, { estimatedInputTokens: 100 }))).resolves.toBeDefined();
  });

  it('fails a request larger than the whole tpm limit', async () => {
    const { ledger } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_rl' }, { tpm: 50 });
    await expect(ledger.meter.admit(admission(principal, { estimatedInputTokens: 51 }))).rejects.toMatchObject({
      statusCode: 429,
      message: expect.stringContaining('Request too large'),
    });
  });
});

describe('usage records', () => {
  it('records usage, cost and clientAborted for a stream the client abandoned', async () => {
    // GIVEN a budgeted key whose request was admitted
    const { ledger, clock, tableName } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_rl' }, { limitNanoUsd: 1_000_000, period: 'day' });
    const input = admission(principal, { requestId: 'req_aborted', maxCostNanoUsd: 500_000 });
    const admitted = await ledger.meter.admit(input);

    // WHEN the client disconnects mid-stream and the route settles what was produced
    await admitted.settle({
      usage: usage(120, 37),
      costNanoUsd: 12_345,
      status: 200,
      latencyMs: 850,
      servedModel: 'test-model',
      clientAborted: true,
      errorCode: 'client_disconnected',
      timeToFirstTokenMs: 90,
    });

    // THEN the record, the aggregate and the budget all carry the partial usage
    const { Item } = await fixture.client().send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'REQ#req_aborted' }, sk: { S: 'REQ' } } }));
    expect(Item).toMatchObject({
      principalId: { S: 'key_rl' },
      keyId: { S: 'key_rl' },
      team: { S: 'search' },
      inputTokens: { N: '120' },
      outputTokens: { N: '37' },
      costNanoUsd: { N: '12345' },
      clientAborted: { BOOL: true },
      status: { N: '200' },
      ttl: { N: String(Math.ceil((clock.ms + 90 * 86_400_000) / 1000)) },
    });
    const aggregates = await ledger.usage.aggregates({ fromDay: '2025-06-14', toDay: '2025-06-14', principalId: 'key_rl' });
    expect(aggregates).toEqual([
      expect.objectContaining({ requests: 1, inputTokens: 120, outputTokens: 37, costNanoUsd: 12_345, team: 'search', model: 'test-model' }),
    ]);
    const status = await ledger.budgets.status({ kind: 'key', id: 'key_rl' }, { limitNanoUsd: 1_000_000, period: 'day' }, clock.ms);
    expect(status).toMatchObject({ spentNanoUsd: 12_345, reservedNanoUsd: 0 });
  });

  it('never throws from settle, even when DynamoDB fails past every retry before the invocation ends', async () => {
    const { ledger } = await fixture.newLedger();
    const admitted = await ledger.meter.admit(admission(principal, { deadlineAtMs: Date.now() + 4_000 }));
    const failing = fixture.client();
    const send = (jest.spyOn(failing, 'send') as unknown as jest.SpyInstance<Promise<unknown>, []>).mockRejectedValue(new Error('DynamoDB is down'));
    try {
      await expect(
        admitted.settle({ usage: usage(1, 1), costNanoUsd: 1, status: 502, latencyMs: 1, servedModel: 'test-model', errorCode: 'model_error' }),
      ).resolves.toBeUndefined();
    } finally {
      send.mockRestore();
    }
  });

  it('aggregates concurrent requests without losing counts', async () => {
    const { ledger } = await fixture.newLedger();
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const admitted = await ledger.meter.admit(admission(principal));
        await admitted.settle({ usage: usage(10, 2), costNanoUsd: 7, status: 200, latencyMs: 1, servedModel: 'test-model' });
      }),
    );
    const [row] = await ledger.usage.aggregates({ fromDay: '2025-06-14', toDay: '2025-06-14' });
    expect(row).toMatchObject({ requests: 25, inputTokens: 250, outputTokens: 50, costNanoUsd: 175 });
  });
});
