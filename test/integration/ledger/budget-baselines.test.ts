/**
 * A budget set or changed mid-period starts from the spend the ledger recorded in that period, not
 * from zero, and never counts a request twice.
 */
import type { Principal } from '../../../lambda/identity/principal';
import type { Ledger, UsageOutcome } from '../../../lambda/ledger';
import { admission, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();
const key: Principal = { id: 'key_mid', kind: 'key', team: 'research' };
const other: Principal = { id: 'arn:aws:iam::123456789012:role/Analyst', kind: 'iam', team: 'research' };

function cost(costNanoUsd: number): UsageOutcome {
  return { usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 }, costNanoUsd, status: 200, latencyMs: 5, servedModel: 'test-model' };
}

async function spend(ledger: Ledger, principal: Principal, costNanoUsd: number): Promise<void> {
  await (await ledger.meter.admit(admission(principal, { maxCostNanoUsd: costNanoUsd }))).settle(cost(costNanoUsd));
}

describe('a budget set mid-period', () => {
  it("counts the key's spend recorded before it existed", async () => {
    // GIVEN a key that spent 900 nano-USD today without a budget
    const { ledger, clock } = await fixture.newLedger();
    for (const amount of [300, 300, 300]) await spend(ledger, key, amount);

    // WHEN a daily budget of 1000 is set
    const budget = { limitNanoUsd: 1_000, period: 'day' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: key.id }, budget);

    // THEN 100 remain: a 200 worst case is refused, a 100 one admitted
    expect(await ledger.budgets.status({ kind: 'key', id: key.id }, budget, clock.ms)).toMatchObject({ spentNanoUsd: 900, remainingNanoUsd: 100 });
    await expect(ledger.meter.admit(admission(key, { maxCostNanoUsd: 200 }))).rejects.toMatchObject({ code: 'insufficient_quota' });
    await expect(ledger.meter.admit(admission(key, { maxCostNanoUsd: 100 }))).resolves.toBeDefined();
  });

  it("counts every member's spend for a team, also for a total budget (from the day the table was created)", async () => {
    const { ledger, clock } = await fixture.newLedger();
    clock.ms = Date.now();
    await spend(ledger, key, 400);
    await spend(ledger, other, 250);
    clock.ms += 3 * 86_400_000;
    await spend(ledger, other, 50);

    const budget = { limitNanoUsd: 10_000, period: 'total' } as const;
    await ledger.policies.setBudget({ kind: 'team', id: 'research' }, budget);

    expect(await ledger.budgets.status({ kind: 'team', id: 'research' }, budget, clock.ms)).toMatchObject({ spentNanoUsd: 700, remainingNanoUsd: 9_300 });
  });

  it('adds the requests that were in flight when it was set once the sweep runs', async () => {
    // GIVEN a request admitted before the budget existed, and settled after
    const { ledger, clock } = await fixture.newLedger();
    const running = await ledger.meter.admit(admission(key, { maxCostNanoUsd: 500 }));
    const budget = { limitNanoUsd: 1_000, period: 'month' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: key.id }, budget);
    await running.settle(cost(450));
    expect(await ledger.budgets.status({ kind: 'key', id: key.id }, budget, clock.ms)).toMatchObject({ spentNanoUsd: 0 });

    // WHEN the maintenance sweep runs
    await expect(ledger.releaseStaleReservations()).resolves.toMatchObject({ budgetsReseeded: 1 });

    // THEN its cost is counted, once however often the sweep runs
    await ledger.releaseStaleReservations();
    expect(await ledger.budgets.status({ kind: 'key', id: key.id }, budget, clock.ms)).toMatchObject({ spentNanoUsd: 450, remainingNanoUsd: 550 });
  });
});

describe('a budget changed mid-period', () => {
  it('keeps the spend it already counted when only the amount changes', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: key.id }, { limitNanoUsd: 1_000, period: 'day' });
    await spend(ledger, key, 300);

    const raised = { limitNanoUsd: 2_000, period: 'day' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: key.id }, raised);
    await ledger.releaseStaleReservations();

    expect(await ledger.budgets.status({ kind: 'key', id: key.id }, raised, clock.ms)).toMatchObject({ spentNanoUsd: 300, remainingNanoUsd: 1_700 });
  });

  it("counts the month's spend made under a daily budget when the period becomes a month", async () => {
    // GIVEN 500 spent on the 14th and 200 on the 15th under a daily budget
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: key.id }, { limitNanoUsd: 1_000, period: 'day' });
    await spend(ledger, key, 500);
    clock.ms += 86_400_000;
    await spend(ledger, key, 200);

    // WHEN the budget becomes monthly, and one more request spends 100
    const monthly = { limitNanoUsd: 1_000, period: 'month' } as const;
    await ledger.policies.setBudget({ kind: 'key', id: key.id }, monthly);
    await spend(ledger, key, 100);

    // THEN the month counts all 800
    expect(await ledger.budgets.status({ kind: 'key', id: key.id }, monthly, clock.ms)).toMatchObject({ spentNanoUsd: 800, remainingNanoUsd: 200 });
  });
});
