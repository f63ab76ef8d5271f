/**
 * What the ledger does when DynamoDB refuses writes for longer than a request's settlement may
 * retry, and when it refuses an admission: served requests are deferred and finished by the sweep
 * at their recorded cost (never released uncharged); refused admissions are a 503 with retry-after.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Principal } from '../../../lambda/identity/principal';
import type { UsageOutcome } from '../../../lambda/ledger';
import { admission, failMatching, useEmbeddedLedger, type CommandMatcher } from './ledger-fixture';

const fixture = useEmbeddedLedger();
const principal: Principal = { id: 'key_deferred', kind: 'key', team: 'search' };
const keyBudget = { limitNanoUsd: 1_000_000, period: 'day' } as const;
const teamBudget = { limitNanoUsd: 5_000_000, period: 'month' } as const;
const DAY = '2025-06-14';

const served: UsageOutcome = {
  usage: { inputTokens: 100, outputTokens: 40, cacheReadTokens: 0, cacheWriteTokens: 0 },
  costNanoUsd: 2_345,
  status: 200,
  latencyMs: 30,
  servedModel: 'test-model',
};

const isPendingPut: CommandMatcher = (name, input) =>
  name === 'PutItemCommand' && (input.Item as Record<string, { S?: string }> | undefined)?.type?.S === 'pendingSettlement';
const isWrite: CommandMatcher = (name) => ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(name);

async function budgetedLedger(options: { failing?: CommandMatcher; logger?: Logger } = {}) {
  const client = fixture.newClient();
  let failing = false;
  if (options.failing !== undefined) failMatching(client, options.failing, () => failing);
  const { ledger, clock } = await fixture.newLedger({ client, logger: options.logger });
  await ledger.policies.setBudget({ kind: 'key', id: principal.id }, keyBudget);
  await ledger.policies.setBudget({ kind: 'team', id: 'search' }, teamBudget);
  await ledger.policies.setLimits({ kind: 'key', id: principal.id }, { tpm: 100_000 });
  return { ledger, clock, fail: (on: boolean) => void (failing = on) };
}

describe('a settlement DynamoDB refuses past its retries', () => {
  it('is deferred, then finished by the sweep at the recorded cost, exactly once', async () => {
    // GIVEN an admitted request, and a store that from now on refuses every write but the deferral
    const { ledger, clock, fail } = await budgetedLedger({ failing: (name, input) => isWrite(name, input) && !isPendingPut(name, input) });
    const admitted = await ledger.meter.admit(admission(principal, { requestId: 'req_deferred', maxCostNanoUsd: 400_000, deadlineAtMs: Date.now() + 4_000 }));
    fail(true);

    // WHEN it settles before the invocation's deadline
    await admitted.settle(served);

    // THEN nothing is charged yet but the hold stays (it is not stale)
    fail(false);
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, clock.ms)).toMatchObject({ spentNanoUsd: 0, reservedNanoUsd: 400_000 });

    // WHEN the sweep runs, even long after the reservation would count as stranded
    clock.ms += 60 * 60_000;
    const first = await ledger.releaseStaleReservations();
    const second = await ledger.releaseStaleReservations();

    // THEN the request is recorded and charged at its cost on both budgets, once, and nothing was released
    expect(first).toMatchObject({ settlementsCompleted: 1, settlementsPending: 0, released: 0 });
    expect(second).toMatchObject({ settlementsCompleted: 0, released: 0 });
    const at = Date.parse('2025-06-14T12:00:30Z');
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, at)).toMatchObject({ spentNanoUsd: 2_345, reservedNanoUsd: 0 });
    expect(await ledger.budgets.status({ kind: 'team', id: 'search' }, teamBudget, at)).toMatchObject({ spentNanoUsd: 2_345, reservedNanoUsd: 0 });
    const [row] = await ledger.usage.aggregates({ fromDay: DAY, toDay: DAY, principalId: principal.id });
    expect(row).toMatchObject({ requests: 1, costNanoUsd: 2_345 });
  });

  it('keeps a settlement whose sweep also fails pending, and its hold reserved, until a sweep succeeds', async () => {
    const { ledger, clock, fail } = await budgetedLedger({ failing: (name, input) => isWrite(name, input) && !isPendingPut(name, input) });
    const admitted = await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 300_000, deadlineAtMs: Date.now() + 4_000 }));
    fail(true);
    await admitted.settle(served);
    clock.ms += 60 * 60_000;

    await expect(ledger.releaseStaleReservations()).resolves.toMatchObject({ settlementsPending: 1, released: 0 });
    const at = Date.parse('2025-06-14T12:00:30Z');
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, at)).toMatchObject({ reservedNanoUsd: 300_000 });

    fail(false);
    await expect(ledger.releaseStaleReservations()).resolves.toMatchObject({ settlementsCompleted: 1, settlementsPending: 0 });
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, at)).toMatchObject({ spentNanoUsd: 2_345, reservedNanoUsd: 0 });
  });

  it('logs the whole settlement as lost when not even the deferral can be written', async () => {
    const logger = new Logger({ logLevel: 'SILENT' });
    const error = jest.spyOn(logger, 'error');
    const { ledger, fail } = await budgetedLedger({ failing: isWrite, logger });
    const admitted = await ledger.meter.admit(admission(principal, { requestId: 'req_lost', maxCostNanoUsd: 300_000, deadlineAtMs: Date.now() + 4_000 }));
    fail(true);

    await expect(admitted.settle(served)).resolves.toBeUndefined();

    expect(error).toHaveBeenCalledWith(
      'settlement lost: DynamoDB refused every write',
      expect.objectContaining({ requestId: 'req_lost', settlement: expect.objectContaining({ plan: expect.objectContaining({ costNanoUsd: 2_345 }) }) }),
    );
  });
});

describe('an admission DynamoDB refuses', () => {
  it('is a 503 ledger_unavailable with retry-after, and gives back what it took', async () => {
    // GIVEN a store that refuses the team's budget counter only
    const isTeamCounter: CommandMatcher = (name, input) =>
      name === 'UpdateItemCommand' && String((input.Key as Record<string, { S?: string }>).pk?.S).startsWith('SUBJECT#team#');
    const { ledger, clock, fail } = await budgetedLedger({ failing: isTeamCounter });
    fail(true);

    await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 100_000 }))).rejects.toMatchObject({
      statusCode: 503,
      code: 'ledger_unavailable',
      headers: { 'retry-after': '1' },
    });

    // THEN the key's reservation was given back
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 0, spentNanoUsd: 0 });
  });
});
