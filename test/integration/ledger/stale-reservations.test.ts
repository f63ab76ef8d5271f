import type { Principal } from '../../../lambda/identity/principal';
import type { UsageOutcome } from '../../../lambda/ledger';
import { admission, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();
const principal: Principal = { id: 'key_crash', kind: 'key', team: 'ml' };
const keyBudget = { limitNanoUsd: 1_000, period: 'day' } as const;
const teamBudget = { limitNanoUsd: 5_000, period: 'month' } as const;

const outcome = (costNanoUsd: number): UsageOutcome => ({
  usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
  costNanoUsd,
  status: 200,
  latencyMs: 1,
  servedModel: 'test-model',
});

describe('releaseStaleReservations', () => {
  it('releases reservations older than the longest request lifetime, and only those', async () => {
    // GIVEN a request whose process died before settling, and a younger one still running
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_crash' }, keyBudget);
    await ledger.policies.setBudget({ kind: 'team', id: 'ml' }, teamBudget);
    await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 600 }));
    clock.ms += 10 * 60_000;
    const running = await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 300 }));
    await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 200 }))).rejects.toMatchObject({ code: 'insufficient_quota' });

    // WHEN the sweep runs 21 minutes after the first admission (default lifetime: 20 minutes)
    clock.ms += 11 * 60_000;
    const released = await ledger.releaseStaleReservations();

    // THEN the dead request's holds on the key and the team are given back; the live one stays held
    expect(released).toMatchObject({ released: 2, releasedNanoUsd: 1_200 });
    expect(await ledger.budgets.status({ kind: 'key', id: 'key_crash' }, keyBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 300, spentNanoUsd: 0 });
    expect(await ledger.budgets.status({ kind: 'team', id: 'ml' }, teamBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 300, spentNanoUsd: 0 });
    await expect(ledger.meter.admit(admission(principal, { maxCostNanoUsd: 200 }))).resolves.toBeDefined();

    // AND a second sweep finds nothing; the running request still settles normally
    expect(await ledger.releaseStaleReservations()).toMatchObject({ released: 0, releasedNanoUsd: 0 });
    await running.settle(outcome(30));
    expect(await ledger.budgets.status({ kind: 'key', id: 'key_crash' }, keyBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 200, spentNanoUsd: 30 });
  });

  it('cleans the previous day after midnight, and a late settlement of a released hold changes nothing', async () => {
    const { ledger, clock } = await fixture.newLedger({ staleReservationAfterMs: 60_000 });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_crash' }, keyBudget);
    clock.ms = Date.parse('2025-06-14T23:59:30Z');
    const stranded = await ledger.meter.admit(admission({ id: 'key_crash', kind: 'key' }, { maxCostNanoUsd: 700 }));

    clock.ms = Date.parse('2025-06-15T00:05:00Z');
    expect(await ledger.releaseStaleReservations()).toMatchObject({ released: 1, releasedNanoUsd: 700 });
    await stranded.settle(outcome(700));

    const yesterday = await ledger.budgets.status({ kind: 'key', id: 'key_crash' }, keyBudget, Date.parse('2025-06-14T12:00:00Z'));
    expect(yesterday).toMatchObject({ reservedNanoUsd: 0, spentNanoUsd: 0, remainingNanoUsd: 1_000 });
  });

  it('releases each stale hold once when sweeps run concurrently', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: 'key_crash' }, keyBudget);
    await Promise.all(Array.from({ length: 5 }, () => ledger.meter.admit(admission({ id: 'key_crash', kind: 'key' }, { maxCostNanoUsd: 100 }))));
    clock.ms += 30 * 60_000;

    const results = await Promise.all([ledger.releaseStaleReservations(), ledger.releaseStaleReservations(), ledger.releaseStaleReservations()]);

    expect(results.reduce((sum, result) => sum + result.released, 0)).toBe(5);
    expect(await ledger.budgets.status({ kind: 'key', id: 'key_crash' }, keyBudget, clock.ms - 30 * 60_000)).toMatchObject({
      reservedNanoUsd: 0,
      remainingNanoUsd: 1_000,
    });
  });
});
