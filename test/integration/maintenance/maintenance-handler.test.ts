/** @module The maintenance Lambda entry, wired from the environment against dynalite (the standard AWS SDK variables). */
import { createCatalogSnapshotStore } from '../../../lambda/catalog/snapshot-store';
import { createDynamoLedger } from '../../../lambda/ledger';
import { ENV } from '../../../lambda/platform/env-names';
import { DEFAULT_MODELS, startBedrockEmulator } from '../../../local/bedrock-emulator';
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

  it('with GATEWAY_CATALOG_REFRESH on, first writes the catalog snapshot from the control plane and the Price List the SDK endpoints name', async () => {
    // GIVEN the emulator's control plane (listings and Price List) as AWS_ENDPOINT_URL_BEDROCK / _PRICING, and an empty table
    const emulator = await startBedrockEmulator({
      models: [...DEFAULT_MODELS, { modelId: 'anthropic.claude-sonnet-6', provider: 'Anthropic', name: 'Claude Sonnet 6', kind: 'chat', inferenceProfiles: ['us'] }],
      priceList: [
        { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_InputTokenCount-Units', usd: '3.3000000000' },
        { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Sonnet 6', usagetype: 'USE1-MP:USE1_OutputTokenCount-Units', usd: '16.5000000000' },
      ],
    });
    try {
      const { tableName } = await fixture.newLedger();
      const endpoint = await fixture.client().config.endpoint?.();
      Object.assign(process.env, {
        AWS_ENDPOINT_URL_DYNAMODB: `${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`,
        AWS_ENDPOINT_URL_BEDROCK: emulator.controlUrl,
        AWS_ENDPOINT_URL_PRICING: emulator.controlUrl,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        [ENV.tableName]: tableName,
        [ENV.catalogRefresh]: 'true',
      });

      // WHEN a fresh copy of the entry point (cold start) runs twice, as the schedule does
      let handler: (typeof import('../../../lambda/maintenance/handler'))['handler'] | undefined;
      jest.isolateModules(() => {
        ({ handler } = jest.requireActual<typeof import('../../../lambda/maintenance/handler')>('../../../lambda/maintenance/handler'));
      });
      const first = await handler?.();
      const second = await handler?.();

      // THEN the first run stores the listing with the Price List's price, the second finds it fresh; both sweep
      expect(first).toMatchObject({ released: 0, catalog: { status: 'refreshed', written: true, pricedModels: 1 } });
      expect(second).toMatchObject({ released: 0, catalog: { status: 'fresh', fetchedAt: first?.catalog?.fetchedAt } });
      const stored = await createCatalogSnapshotStore({ client: fixture.client(), tableName }).read();
      expect(stored?.prices['anthropic.claude-sonnet-6']).toEqual({ inputPerMTok: 3.3, outputPerMTok: 16.5 });
      // One fetch (the second run fetched nothing): one GetProducts per Price List offer.
      expect(emulator.requests.filter((entry) => entry.operation === 'GetProducts').map((entry) => (entry.body as { ServiceCode?: string }).ServiceCode)).toEqual(['AmazonBedrock', 'AmazonBedrockFoundationModels']);
    } finally {
      delete process.env['AWS_ENDPOINT_URL_BEDROCK'];
      delete process.env['AWS_ENDPOINT_URL_PRICING'];
      delete process.env[ENV.catalogRefresh];
      await emulator.close();
    }
  });
});
