/** @module readRuntimeConfig: GATEWAY_STALE_RESERVATION_AFTER_MS, its default and its validation. */
import { DEFAULT_STALE_RESERVATION_AFTER_MS } from '../../../lambda/ledger';
import { ENV } from '../../../lambda/platform/env-names';
import { readRuntimeConfig } from '../../../lambda/platform/config';

describe('readRuntimeConfig: stale reservation lifetime', () => {
  it('defaults to 20 minutes', () => {
    expect(readRuntimeConfig({}).staleReservationAfterMs).toBe(DEFAULT_STALE_RESERVATION_AFTER_MS);
    expect(DEFAULT_STALE_RESERVATION_AFTER_MS).toBe(20 * 60_000);
  });

  it('reads a positive integer of milliseconds', () => {
    expect(readRuntimeConfig({ [ENV.staleReservationAfterMs]: '1800000' }).staleReservationAfterMs).toBe(1_800_000);
  });

  it.each([{ raw: '0' }, { raw: '-5' }, { raw: '1.5' }, { raw: '20m' }])('throws naming the variable for $raw', ({ raw }) => {
    expect(() => readRuntimeConfig({ [ENV.staleReservationAfterMs]: raw })).toThrow(
      `Environment variable GATEWAY_STALE_RESERVATION_AFTER_MS must be a positive integer, got "${raw}".`,
    );
  });
});
