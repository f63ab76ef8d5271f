import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Principal } from '../../../lambda/identity/principal';
import type { UsageOutcome } from '../../../lambda/ledger';
import { admission, failMatching, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();
/** Failed attempts injected: more than one call of the SDK makes (4 here). */
const FAILURES = 5;
const principal: Principal = { id: 'key_tpm', kind: 'key', team: 'search' };

function outcome(inputTokens: number, outputTokens: number): UsageOutcome {
  return {
    usage: { inputTokens, outputTokens, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costNanoUsd: 1,
    status: 200,
    latencyMs: 1,
    servedModel: 'test-model',
  };
}

async function rateWindow(tableName: string, subject: string, atIso: string): Promise<{ requests?: string; tokens?: string; inFlight?: string[] }> {
  const minute = Math.floor(Date.parse(atIso) / 60_000);
  const { Item } = await fixture
    .client()
    .send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: `RATE#${subject}` }, sk: { S: `MINUTE#${minute}` } }, ConsistentRead: true }));
  return { requests: Item?.requests?.N, tokens: Item?.tokens?.N, ...(Item?.pending?.SS === undefined ? {} : { inFlight: Item.pending.SS }) };
}

describe('tokens per minute across a minute boundary', () => {
  it('counts the output of a request that ends in a later minute against that minute', async () => {
    // GIVEN a 1000 tpm key and a request admitted at 12:00:50 with 100 input tokens
    const { ledger, clock, tableName } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_tpm' }, { tpm: 1000 });
    clock.ms = Date.parse('2025-06-14T12:00:50Z');
    const long = await ledger.meter.admit(admission(principal, { estimatedInputTokens: 100 }));

    // WHEN it ends at 12:01:10 having produced 800 output tokens
    clock.ms = Date.parse('2025-06-14T12:01:10Z');
    await long.settle(outcome(100, 800));

    // THEN the excess over the estimate counts in 12:01, and limits the next requests there; neither window holds it in flight
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:01:00Z')).toEqual({ requests: '0', tokens: '800' });
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:00:00Z')).toEqual({ requests: '1', tokens: '100' });
    clock.ms = Date.parse('2025-06-14T12:01:20Z');
    await expect(ledger.meter.admit(admission(principal, { estimatedInputTokens: 300 }))).rejects.toMatchObject({ code: 'rate_limit_exceeded' });
    await expect(ledger.meter.admit(admission(principal, { estimatedInputTokens: 200 }))).resolves.toBeDefined();
  });

  it("leaves no request in flight in the admission window when DynamoDB fails the marker's removal past the SDK's attempts", async () => {
    // GIVEN a store that fails the first FAILURES removals of a marker from the 12:00 window (more than one call of the SDK makes)
    const admissionMinute = `MINUTE#${Math.floor(Date.parse('2025-06-14T12:00:00Z') / 60_000)}`;
    let attempts = 0;
    const client = fixture.newClient();
    failMatching(client, (name, input) => {
      const key = input['Key'] as { sk?: { S?: string } } | undefined;
      return name === 'UpdateItemCommand' && input['UpdateExpression'] === 'DELETE pending :markerSet' && key?.sk?.S === admissionMinute && attempts++ < FAILURES;
    });
    const { ledger, clock, tableName } = await fixture.newLedger({ client });
    await ledger.policies.setLimits({ kind: 'key', id: 'key_tpm' }, { tpm: 1000 });
    clock.ms = Date.parse('2025-06-14T12:00:50Z');
    const long = await ledger.meter.admit(admission(principal, { estimatedInputTokens: 100 }));

    // WHEN the request ends in the next minute
    clock.ms = Date.parse('2025-06-14T12:01:10Z');
    await long.settle(outcome(100, 800));

    // THEN the removal was repeated until it went through: neither window holds the request
    expect(attempts).toBeGreaterThan(FAILURES);
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:00:00Z')).toEqual({ requests: '1', tokens: '100' });
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:01:00Z')).toEqual({ requests: '0', tokens: '800' });
  });

  it('corrects the admission window when the request ends in the same minute, also downwards', async () => {
    const { ledger, clock, tableName } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_tpm' }, { tpm: 1000 });
    const short = await ledger.meter.admit(admission(principal, { estimatedInputTokens: 500 }));
    clock.ms += 5_000;
    await short.settle(outcome(200, 100));
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:00:00Z')).toEqual({ requests: '1', tokens: '300' });
  });
});

describe('denied requests give their rate reservations back', () => {
  it('does not use up requests per minute with requests refused by an exhausted budget', async () => {
    // GIVEN a key with 2 rpm and a budget too small for any request
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_tpm' }, { rpm: 2, tpm: 1000 });
    await ledger.policies.setBudget({ kind: 'team', id: 'search' }, { limitNanoUsd: 100, period: 'day' });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_tpm' }, { limitNanoUsd: 10_000, period: 'day' });

    // WHEN five requests in a row are refused by the team budget (after the key's budget was reserved)
    for (let i = 0; i < 5; i++) {
      await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 500 }))).rejects.toMatchObject({ code: 'insufficient_quota' });
    }

    // THEN the minute still admits two requests once the budget allows them, and nothing stays reserved
    await ledger.policies.setBudget({ kind: 'team', id: 'search' }, { limitNanoUsd: 10_000, period: 'day' });
    await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 500 }))).resolves.toBeDefined();
    await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 500 }))).resolves.toBeDefined();
    await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 500 }))).rejects.toMatchObject({ code: 'rate_limit_exceeded' });
    const keyStatus = await ledger.budgets.status({ kind: 'key', id: 'key_tpm' }, { limitNanoUsd: 10_000, period: 'day' }, clock.ms);
    expect(keyStatus).toMatchObject({ reservedNanoUsd: 1000 });
  });

  it("does not use up the key's window with requests refused by the team's rate limit", async () => {
    const { ledger, tableName } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_tpm' }, { rpm: 5, tpm: 10_000 });
    await ledger.policies.setLimits({ kind: 'team', id: 'search' }, { rpm: 1 });

    await ledger.meter.admit(admission(principal, { estimatedInputTokens: 100 }));
    for (let i = 0; i < 3; i++) {
      await expect(ledger.meter.admit(admission(principal, { estimatedInputTokens: 100 }))).rejects.toMatchObject({
        code: 'rate_limit_exceeded',
        message: expect.stringContaining('team "search"'),
      });
    }

    // Only the first request, still in flight, is counted (and held) in either window.
    const inFlight = [expect.any(String)];
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:00:00Z')).toEqual({ requests: '1', tokens: '100', inFlight });
    expect(await rateWindow(tableName, 'team#search', '2025-06-14T12:00:00Z')).toEqual({ requests: '1', tokens: '100', inFlight });
  });
});

describe('a request larger than the whole tokens-per-minute limit', () => {
  it('is a 429 rate_limit_exceeded that says so, without a retry-after that could never come true', async () => {
    const { ledger, tableName } = await fixture.newLedger();
    await ledger.policies.setLimits({ kind: 'key', id: 'key_tpm' }, { tpm: 50 });

    const denied = ledger.meter.admit(admission(principal, { estimatedInputTokens: 51 }));

    await expect(denied).rejects.toMatchObject({
      statusCode: 429,
      code: 'rate_limit_exceeded',
      message: expect.stringContaining('Request too large for key "key_tpm": 51 tokens estimated, the limit is 50 tokens per minute.'),
      retryAfterSeconds: null,
    });
    const error = (await denied.catch((reason: unknown) => reason)) as { headers: Record<string, string> };
    expect(error.headers).not.toHaveProperty('retry-after');
    expect(await rateWindow(tableName, 'key#key_tpm', '2025-06-14T12:00:00Z')).toEqual({ requests: undefined, tokens: undefined });
  });
});
