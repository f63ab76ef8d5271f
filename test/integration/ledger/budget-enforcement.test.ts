import type { Principal } from '../../../lambda/identity/principal';
import type { UsageOutcome } from '../../../lambda/ledger';
import { GatewayError, InsufficientQuotaError } from '../../../lambda/platform/errors';
import { admission, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();

const keyPrincipal = (id: string, team?: string): Principal => ({ id, kind: 'key', team });

function outcome(costNanoUsd: number, overrides: Partial<UsageOutcome> = {}): UsageOutcome {
  return {
    usage: { inputTokens: 100, outputTokens: 50, cacheReadTokens: 0, cacheWriteTokens: 0 },
    costNanoUsd,
    status: 200,
    latencyMs: 120,
    servedModel: 'test-model',
    ...overrides,
  };
}

describe('budget enforcement', () => {
  it('admits exactly 10 of 100 parallel requests against a budget that covers 10 worst cases', async () => {
    // GIVEN a key with a 1 USD daily budget and requests reserving 0.1 USD each
    const { ledger } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_a' }, { limitNanoUsd: 1_000_000_000, period: 'day' });
    const principal = keyPrincipal('key_a');

    // WHEN 100 admissions race
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => ledger.meter.admit(admission(principal, { maxCostNanoUsd: 100_000_000 }))),
    );

    // THEN exactly 10 are admitted, the rest fail with insufficient_quota, and nothing is overspent
    const admitted = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(admitted).toHaveLength(10);
    expect(rejected.every((result) => InsufficientQuotaError.isInstance(result.reason) || GatewayError.isInstance(result.reason))).toBe(true);
    expect(rejected[0]?.reason).toMatchObject({ statusCode: 429, code: 'insufficient_quota' });
    const status = await ledger.budgets.status({ kind: 'key', id: 'key_a' }, { limitNanoUsd: 1_000_000_000, period: 'day' }, ledger.now());
    expect(status).toMatchObject({ reservedNanoUsd: 1_000_000_000, spentNanoUsd: 0, remainingNanoUsd: 0 });
  });

  it('settles the actual cost and releases the rest, to the nano-dollar', async () => {
    const { ledger } = await fixture.newLedger();
    const budget = { limitNanoUsd: 5_000_000_000, period: 'month' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: 'key_b' }, budget);

    const first = await ledger.meter.admit(admission(keyPrincipal('key_b'), { maxCostNanoUsd: 1_234_567_891 }));
    const second = await ledger.meter.admit(admission(keyPrincipal('key_b'), { maxCostNanoUsd: 999_999_999 }));
    await first.settle(outcome(123_456_789));
    await second.settle(outcome(1));

    const status = await ledger.budgets.status({ kind: 'key', id: 'key_b' }, budget, ledger.now());
    expect(status).toEqual({
      period: 'month',
      periodKey: '2025-06',
      periodEndsAt: '2025-07-01T00:00:00.000Z',
      limitNanoUsd: 5_000_000_000,
      spentNanoUsd: 123_456_790,
      reservedNanoUsd: 0,
      remainingNanoUsd: 4_876_543_210,
    });
  });

  it('settles the same admission only once', async () => {
    const { ledger } = await fixture.newLedger();
    const budget = { limitNanoUsd: 1_000_000_000, period: 'total' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: 'key_c' }, budget);
    const admitted = await ledger.meter.admit(admission(keyPrincipal('key_c'), { maxCostNanoUsd: 500 }));

    await Promise.all([admitted.settle(outcome(300)), admitted.settle(outcome(300))]);
    await admitted.settle(outcome(300));

    const status = await ledger.budgets.status({ kind: 'key', id: 'key_c' }, budget, ledger.now());
    expect(status).toMatchObject({ spentNanoUsd: 300, reservedNanoUsd: 0, remainingNanoUsd: 999_999_700 });
  });

  it('rolls over to a fresh daily budget at midnight UTC without TTL', async () => {
    const { ledger, clock } = await fixture.newLedger();
    const budget = { limitNanoUsd: 1000, period: 'day' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: 'key_d' }, budget);
    clock.ms = Date.parse('2025-06-14T23:59:59Z');
    const late = await ledger.meter.admit(admission(keyPrincipal('key_d'), { maxCostNanoUsd: 1000 }));
    await expect(ledger.meter.admit(admission(keyPrincipal('key_d'), { maxCostNanoUsd: 1 }))).rejects.toMatchObject({ code: 'insufficient_quota' });

    // WHEN the day changes while the first request is still running
    clock.ms = Date.parse('2025-06-15T00:00:01Z');
    const nextDay = await ledger.meter.admit(admission(keyPrincipal('key_d'), { maxCostNanoUsd: 1000 }));
    await late.settle(outcome(700));
    await nextDay.settle(outcome(10));

    // THEN the late request settles into its own day, and the new day starts from zero
    const yesterday = await ledger.budgets.status({ kind: 'key', id: 'key_d' }, budget, Date.parse('2025-06-14T12:00:00Z'));
    const today = await ledger.budgets.status({ kind: 'key', id: 'key_d' }, budget, clock.ms);
    expect(yesterday).toMatchObject({ periodKey: '2025-06-14', spentNanoUsd: 700, remainingNanoUsd: 300 });
    expect(today).toMatchObject({ periodKey: '2025-06-15', spentNanoUsd: 10, remainingNanoUsd: 990 });
  });

  it('rolls over monthly budgets on the first of the month', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'team', id: 'search' }, { limitNanoUsd: 100, period: 'month' });
    clock.ms = Date.parse('2025-01-31T23:00:00Z');
    await (await ledger.meter.admit(admission(keyPrincipal('key_e', 'search'), { maxCostNanoUsd: 100 }))).settle(outcome(100));
    await expect(ledger.meter.admit(admission(keyPrincipal('key_e', 'search'), { maxCostNanoUsd: 1 }))).rejects.toMatchObject({ statusCode: 429 });
    clock.ms = Date.parse('2025-02-01T00:00:00Z');
    await expect(ledger.meter.admit(admission(keyPrincipal('key_e', 'search'), { maxCostNanoUsd: 100 }))).resolves.toBeDefined();
  });

  it('fails with insufficient_quota on the team budget and gives back the key reservation', async () => {
    const { ledger } = await fixture.newLedger();
    const keyBudget = { limitNanoUsd: 10_000, period: 'day' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: 'key_f' }, keyBudget);
    await ledger.policies.setBudget({ kind: 'team', id: 'ml' }, { limitNanoUsd: 500, period: 'day' });

    await expect(ledger.meter.admit(admission(keyPrincipal('key_f', 'ml'), { maxCostNanoUsd: 600 }))).rejects.toMatchObject({
      code: 'insufficient_quota',
      message: expect.stringContaining('team "ml"'),
    });
    const status = await ledger.budgets.status({ kind: 'key', id: 'key_f' }, keyBudget, ledger.now());
    expect(status).toMatchObject({ reservedNanoUsd: 0, remainingNanoUsd: 10_000 });
  });

  it('applies principal budgets to JWT and IAM principals', async () => {
    const { ledger } = await fixture.newLedger();
    const arn = 'arn:aws:iam::123456789012:role/Builder';
    await ledger.policies.setBudget({ kind: 'principal', id: arn }, { limitNanoUsd: 10, period: 'total' });
    await expect(ledger.meter.admit(admission({ id: arn, kind: 'iam' }, { maxCostNanoUsd: 11 }))).rejects.toMatchObject({ code: 'insufficient_quota' });
    await expect(ledger.meter.admit(admission({ id: arn, kind: 'iam' }, { maxCostNanoUsd: 10 }))).resolves.toBeDefined();
  });

  it('admits without limits when no budget is configured', async () => {
    const { ledger } = await fixture.newLedger();
    const admitted = await ledger.meter.admit(admission(keyPrincipal('key_free'), { maxCostNanoUsd: Number.MAX_SAFE_INTEGER }));
    await expect(admitted.settle(outcome(5))).resolves.toBeUndefined();
  });
});
