/** @module The maintenance Lambda entry, wired from the environment against dynalite (the standard AWS SDK variables). */
import { createDynamoLedger } from '../../../lambda/ledger';
import { ENV } from '../../../lambda/platform/env-names';
import { useEmbeddedLedger } from '../ledger/ledger-fixture';

const fixture = useEmbeddedLedger();

describe('maintenance handler', () => {
  it('sweeps the table named by GATEWAY_TABLE_NAME with the lifetime of GATEWAY_STALE_RESERVATION_AFTER_MS', async () => {
    // GIVEN holds made 10 and 2 minutes ago, and an entry configured for a 5-minute lifetime
    const { tableName } = await fixture.newLedger();
    const writer = createDynamoLedger({ client: fixture.client(), tableName });
    const subject = { kind: 'team', id: 'ops' } as const;
    const budget = { limitNanoUsd: 1_000_000, period: 'total' } as const;
    await writer.budgets.reserve(subject, budget, 900, Date.now() - 10 * 60_000, 'adm_old');
    await writer.budgets.reserve(subject, budget, 100, Date.now() - 2 * 60_000, 'adm_young');
    const endpoint = await fixture.client().config.endpoint?.();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      [ENV.tableName]: tableName,
      [ENV.staleReservationAfterMs]: String(5 * 60_000),
    });

    // WHEN the entry point is loaded (cold start) and invoked as the schedule does
    // (required here, after the environment is set: the entry reads it when its module loads)
    const { handler } = jest.requireActual<typeof import('../../../lambda/maintenance/handler')>('../../../lambda/maintenance/handler');
    const result = await handler();

    // THEN only the 10-minute-old hold is released
    expect(result).toMatchObject({ released: 1, releasedNanoUsd: 900 });
    expect(await writer.budgets.status(subject, budget, Date.now())).toMatchObject({ reservedNanoUsd: 100 });
  });
});
