/**
 * Writes whose reply is lost after DynamoDB applied them, retried by the SDK itself (the fault sits
 * inside the SDK's retry loop): every counter must still move exactly once per admission.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Principal } from '../../../lambda/identity/principal';
import type { UsageOutcome } from '../../../lambda/ledger';
import { admission, loseFirstReply, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();
const principal: Principal = { id: 'key_retry', kind: 'key', team: 'search' };
const keyBudget = { limitNanoUsd: 1_000_000, period: 'day' } as const;
const DAY = '2025-06-14';

function outcome(costNanoUsd: number, overrides: Partial<UsageOutcome> = {}): UsageOutcome {
  return {
    usage: { inputTokens: 100, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costNanoUsd,
    status: 200,
    latencyMs: 10,
    servedModel: 'test-model',
    ...overrides,
  };
}

const isUsagePut = (commandName: string, input: Record<string, unknown>): boolean =>
  commandName === 'PutItemCommand' && (input.Item as Record<string, { S?: string }> | undefined)?.type?.S === 'usage';
const isBudgetSettlement = (commandName: string, input: Record<string, unknown>): boolean =>
  commandName === 'UpdateItemCommand' && String(input.UpdateExpression).includes('spentNanoUsd');
const isBudgetReservation = (commandName: string, input: Record<string, unknown>): boolean =>
  commandName === 'UpdateItemCommand' && String(input.UpdateExpression).includes('admissions :one');
const isRateAdmission = (commandName: string, input: Record<string, unknown>): boolean =>
  commandName === 'UpdateItemCommand' && String(input.UpdateExpression).includes('ADD requests :one');
const isRateSettlement = (commandName: string, input: Record<string, unknown>): boolean =>
  commandName === 'UpdateItemCommand' && String(input.UpdateExpression).includes('DELETE pending');
const isAggregateAddition = (commandName: string, input: Record<string, unknown>): boolean =>
  commandName === 'UpdateItemCommand' && String(input.UpdateExpression).includes('applied :admissionSet');

async function rateWindow(tableName: string, minuteIso: string): Promise<{ requests?: string; tokens?: string; pending?: string[] }> {
  const minute = Math.floor(Date.parse(minuteIso) / 60_000);
  const { Item } = await fixture
    .client()
    .send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'RATE#key#key_retry' }, sk: { S: `MINUTE#${minute}` } }, ConsistentRead: true }));
  return { requests: Item?.requests?.N, tokens: Item?.tokens?.N, pending: Item?.pending?.SS };
}

async function rateWindowTokens(tableName: string, minuteIso: string): Promise<string | undefined> {
  return (await rateWindow(tableName, minuteIso)).tokens;
}

describe('settlement when DynamoDB applied a write but its reply was lost', () => {
  it('still settles budgets and rate windows when the usage record write is retried by the SDK', async () => {
    // GIVEN a budgeted, rate-limited key whose usage-record write will lose its first reply
    const client = fixture.newClient();
    const lost = loseFirstReply(client, isUsagePut);
    const { ledger, clock, tableName } = await fixture.newLedger({ client });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_retry' }, keyBudget);
    await ledger.policies.setLimits({ kind: 'key', id: 'key_retry' }, { tpm: 10_000 });
    const admitted = await ledger.meter.admit(admission(principal, { requestId: 'req_lost_reply', maxCostNanoUsd: 400_000 }));

    // WHEN it settles (the PutItem lands, the SDK retries it and gets ConditionalCheckFailed)
    await admitted.settle(outcome(1_234));

    // THEN the reservation is settled, the window corrected and the aggregate counted once
    expect(lost()).toBe(1);
    const status = await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms);
    expect(status).toMatchObject({ spentNanoUsd: 1_234, reservedNanoUsd: 0, remainingNanoUsd: 1_000_000 - 1_234 });
    expect(await rateWindowTokens(tableName, '2025-06-14T12:00:30Z')).toBe('150');
    const [row] = await ledger.usage.aggregates({ fromDay: DAY, toDay: DAY, principalId: 'key_retry' });
    expect(row).toMatchObject({ requests: 1, costNanoUsd: 1_234 });
  });

  it('charges a budget once when the SDK retries a settlement whose reply was lost', async () => {
    const client = fixture.newClient();
    const lost = loseFirstReply(client, isBudgetSettlement);
    const { ledger, clock } = await fixture.newLedger({ client });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_retry' }, keyBudget);
    const admitted = await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 400_000 }));

    await admitted.settle(outcome(1_000));

    expect(lost()).toBe(1);
    const status = await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms);
    expect(status).toMatchObject({ spentNanoUsd: 1_000, reservedNanoUsd: 0, remainingNanoUsd: 999_000 });
  });

  it('admits, and holds once, a reservation whose reply was lost even when the retry would no longer fit', async () => {
    // GIVEN a budget that covers exactly one worst case
    const client = fixture.newClient();
    const lost = loseFirstReply(client, isBudgetReservation);
    const { ledger, clock } = await fixture.newLedger({ client });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_retry' }, keyBudget);

    // WHEN the reservation lands but its reply is lost (the retry fails the headroom condition)
    const admitted = await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 1_000_000 }));

    // THEN the request is admitted with one hold, and settling releases it all
    expect(lost()).toBe(1);
    expect(await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 1_000_000 });
    await admitted.settle(outcome(10));
    expect(await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms)).toMatchObject({
      spentNanoUsd: 10,
      reservedNanoUsd: 0,
      remainingNanoUsd: 999_990,
    });
  });

  it.each([
    { write: 'the rate window admission', matches: isRateAdmission },
    { write: 'the rate window settlement', matches: isRateSettlement },
  ])('counts a request once in its rate window when the SDK retries $write after a lost reply', async ({ matches }) => {
    // GIVEN a rate-limited key whose window write will lose its first reply
    const client = fixture.newClient();
    const lost = loseFirstReply(client, matches);
    const { ledger, tableName } = await fixture.newLedger({ client });
    await ledger.policies.setLimits({ kind: 'key', id: 'key_retry' }, { rpm: 5, tpm: 10_000 });

    // WHEN a request is admitted (estimate 100 tokens) and settles at 150 tokens
    const admitted = await ledger.meter.admit(admission(principal, { estimatedInputTokens: 100 }));
    await admitted.settle(outcome(10));

    // THEN the window holds one request of 150 tokens, and no request in flight
    expect(lost()).toBe(1);
    expect(await rateWindow(tableName, '2025-06-14T12:00:30Z')).toEqual({ requests: '1', tokens: '150', pending: undefined });
  });

  it('adds a request to its daily report once when the SDK retries the addition after a lost reply', async () => {
    const client = fixture.newClient();
    const lost = loseFirstReply(client, isAggregateAddition);
    const { ledger } = await fixture.newLedger({ client });
    const admitted = await ledger.meter.admit(admission(principal));

    await admitted.settle(outcome(321));

    expect(lost()).toBe(1);
    const rows = await ledger.usage.aggregates({ fromDay: DAY, toDay: DAY, principalId: 'key_retry' });
    expect(rows).toEqual([expect.objectContaining({ requests: 1, costNanoUsd: 321, inputTokens: 100, outputTokens: 50 })]);
  });

  it('settles the counters of a second admission under an already recorded request id, but records usage once', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_retry' }, keyBudget);
    const first = await ledger.meter.admit(admission(principal, { requestId: 'req_same', maxCostNanoUsd: 300_000 }));
    const second = await ledger.meter.admit(admission(principal, { requestId: 'req_same', maxCostNanoUsd: 300_000 }));

    await first.settle(outcome(7));
    await second.settle(outcome(9));

    expect(await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms)).toMatchObject({ spentNanoUsd: 16, reservedNanoUsd: 0 });
    const [row] = await ledger.usage.aggregates({ fromDay: DAY, toDay: DAY, principalId: 'key_retry' });
    expect(row).toMatchObject({ requests: 1, costNanoUsd: 7 });
  });
});

describe('Admission.settle', () => {
  it('never throws and still releases the reservation when the outcome holds numbers the ledger cannot store', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_retry' }, keyBudget);
    await ledger.policies.setLimits({ kind: 'key', id: 'key_retry' }, { tpm: 10_000 });
    const admitted = await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 500_000 }));

    await expect(
      admitted.settle(
        outcome(Number.NaN, { usage: { inputTokens: 1.5, outputTokens: Number.POSITIVE_INFINITY, cacheReadTokens: -3, cacheWriteTokens: 0 }, latencyMs: 0.25 }),
      ),
    ).resolves.toBeUndefined();

    expect(await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 0, spentNanoUsd: 0 });
  });

  it('settles once however often it is called, also concurrently', async () => {
    const { ledger, clock, tableName } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_retry' }, keyBudget);
    await ledger.policies.setLimits({ kind: 'key', id: 'key_retry' }, { tpm: 10_000 });
    const admitted = await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 500_000 }));

    await Promise.all([admitted.settle(outcome(40)), admitted.settle(outcome(40)), admitted.settle(outcome(99))]);
    await admitted.settle(outcome(40));

    expect(await ledger.budgets.status({ kind: 'key', id: 'key_retry' }, keyBudget, clock.ms)).toMatchObject({ spentNanoUsd: 40, reservedNanoUsd: 0 });
    expect(await rateWindowTokens(tableName, '2025-06-14T12:00:30Z')).toBe('150');
  });
});
