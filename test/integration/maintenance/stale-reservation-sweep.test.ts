/** @module The maintenance sweep against dynalite: stranded holds are released, logged, counted and flushed. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Principal } from '../../../lambda/identity/principal';
import { sweepStaleReservations } from '../../../lambda/maintenance/stale-reservation-sweep';
import { METRIC } from '../../../lambda/platform/metric-names';
import { admission, useEmbeddedLedger } from '../ledger/ledger-fixture';

const fixture = useEmbeddedLedger();
const principal: Principal = { id: 'key_sweep', kind: 'key', team: 'ops' };
const keyBudget = { limitNanoUsd: 10_000, period: 'month' } as const;

/** A silent logger and a metrics buffer, with spies on what the sweep reports. */
function observed(): { logger: Logger; metrics: Metrics; info: jest.SpyInstance; addMetric: jest.SpyInstance; publish: jest.SpyInstance } {
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  return {
    logger,
    metrics,
    info: jest.spyOn(logger, 'info'),
    addMetric: jest.spyOn(metrics, 'addMetric'),
    publish: jest.spyOn(metrics, 'publishStoredMetrics'),
  };
}

describe('sweepStaleReservations', () => {
  it('releases a hold stranded for longer than the reservation lifetime, then logs, counts and flushes it', async () => {
    // GIVEN a request admitted at 12:00:30 whose process died before settling (key and team holds)
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: principal.id }, keyBudget);
    await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 4_000 }));
    const { logger, metrics, info, addMetric, publish } = observed();

    // WHEN the scheduled sweep runs 21 minutes later (default lifetime: 20 minutes)
    clock.ms += 21 * 60_000;
    const result = await sweepStaleReservations({ ledger, logger, metrics });

    // THEN the key's hold is given back
    expect(result).toMatchObject({ released: 1, releasedNanoUsd: 4_000 });
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, clock.ms)).toMatchObject({
      reservedNanoUsd: 0,
      remainingNanoUsd: 10_000,
    });
    // AND the run is logged in nano-USD and USD, counted, and the metric flushed
    expect(info).toHaveBeenCalledWith('stale reservations swept', expect.objectContaining({ released: 1, releasedNanoUsd: 4_000, releasedUsd: 0.000004 }));
    expect(addMetric).toHaveBeenCalledWith(METRIC.staleReservationsReleased, 'Count', 1);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(metrics.hasStoredMetrics()).toBe(false);
  });

  it('leaves a hold younger than the lifetime alone and still reports a zero', async () => {
    const { ledger, clock } = await fixture.newLedger();
    await ledger.policies.setBudget({ kind: 'key', id: principal.id }, keyBudget);
    await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 4_000 }));
    const { logger, metrics, addMetric, publish } = observed();

    clock.ms += 14 * 60_000;
    const result = await sweepStaleReservations({ ledger, logger, metrics });

    expect(result).toMatchObject({ released: 0, releasedNanoUsd: 0 });
    expect(await ledger.budgets.status({ kind: 'key', id: principal.id }, keyBudget, clock.ms)).toMatchObject({ reservedNanoUsd: 4_000 });
    expect(addMetric).toHaveBeenCalledWith(METRIC.staleReservationsReleased, 'Count', 0);
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('honours a shorter lifetime given to the ledger (GATEWAY_STALE_RESERVATION_AFTER_MS)', async () => {
    const { ledger, clock } = await fixture.newLedger({ staleReservationAfterMs: 5 * 60_000 });
    await ledger.policies.setBudget({ kind: 'key', id: principal.id }, keyBudget);
    await ledger.meter.admit(admission(principal, { maxCostNanoUsd: 2_500 }));

    clock.ms += 6 * 60_000;

    await expect(sweepStaleReservations({ ledger, ...observed() })).resolves.toMatchObject({ released: 1, releasedNanoUsd: 2_500 });
  });

  it('fails, publishing nothing, when the ledger cannot be read', async () => {
    const { logger, metrics, publish } = observed();
    const broken = { releaseStaleReservations: () => Promise.reject(new Error('ResourceNotFoundException: table missing')) };

    await expect(sweepStaleReservations({ ledger: broken, logger, metrics })).rejects.toThrow('table missing');
    expect(publish).not.toHaveBeenCalled();
  });
});
