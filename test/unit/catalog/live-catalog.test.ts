/**
 * The refreshable catalog's rules: the built-in catalog serves until the first load; a fetch older
 * than its bound is refreshed in the background; a failed fetch keeps the catalog it had;
 * concurrent refreshes share one fetch; the first request waits a bounded time.
 */
import { createModelCatalog } from '../../../lambda/catalog/catalog';
import { RefreshableCatalog, createCatalogAwaitingListing, type ListingReader, type RefreshableCatalogOptions } from '../../../lambda/catalog/live-catalog';
import type { LiveListing } from '../../../lambda/catalog/live-listing';

const SONNET_6_LISTING: LiveListing = {
  models: [{ modelId: 'anthropic.claude-sonnet-6', modelName: 'Claude Sonnet 6', providerName: 'Anthropic', outputModalities: ['TEXT'], inferenceTypesSupported: ['ON_DEMAND'] }],
  inferenceProfileIds: [],
  prices: { 'anthropic.claude-sonnet-6': { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
  fetchedAt: '2026-12-05T07:00:00.000Z',
};

/** A source whose reads the test resolves (undefined: no snapshot yet) or fails by hand, counting them. */
function manualSource(): ListingReader & { calls: number; resolve(listing: LiveListing | undefined): void; fail(error: Error): void } {
  let settle: { resolve(listing: LiveListing | undefined): void; reject(error: Error): void } | undefined;
  const source = {
    calls: 0,
    fetch: () => {
      source.calls += 1;
      return new Promise<LiveListing | undefined>((resolve, reject) => {
        settle = { resolve, reject };
      });
    },
    resolve: (listing: LiveListing | undefined) => settle?.resolve(listing),
    fail: (error: Error) => settle?.reject(error),
  };
  return source;
}

const warnings: string[] = [];
const logger = { warn: (message: string) => warnings.push(message) };

/** A catalog whose first read has merged SONNET_6_LISTING, and its source for the reads that follow. */
async function loadedCatalog(settings: Omit<RefreshableCatalogOptions, 'source' | 'logger'>): Promise<{ catalog: RefreshableCatalog; source: ReturnType<typeof manualSource> }> {
  const source = manualSource();
  const catalog = new RefreshableCatalog({ ...settings, source, logger });
  const first = catalog.refresh();
  source.resolve(SONNET_6_LISTING);
  await first;
  return { catalog, source };
}

beforeEach(() => {
  warnings.length = 0;
});

describe('RefreshableCatalog', () => {
  it('serves the built-in catalog until the first load, then the merged one', async () => {
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger });
    expect(catalog.resolve('claude-sonnet-6')).toBeUndefined();
    expect(catalog.resolve('claude-sonnet-5')?.id).toBe('claude-sonnet-5');

    const refreshed = catalog.refresh();
    source.resolve(SONNET_6_LISTING);

    expect(await refreshed).toEqual({ fetchedAt: '2026-12-05T07:00:00.000Z', added: ['claude-sonnet-6'], unpriced: [], models: catalog.list().length });
    expect(catalog.resolve('claude-sonnet-6')?.prices).toEqual({ inputPerMTok: 3.3, outputPerMTok: 16.5 });
  });

  it('shares one fetch between concurrent refreshes', async () => {
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger });
    const both = Promise.all([catalog.refresh(), catalog.refresh()]);
    source.resolve(SONNET_6_LISTING);
    await both;
    expect(source.calls).toBe(1);
  });

  it('keeps the catalog it had when a fetch fails', async () => {
    const { catalog, source } = await loadedCatalog({ options: {} });

    const second = catalog.refresh();
    source.fail(new Error('AccessDeniedException'));
    await expect(second).rejects.toThrow('AccessDeniedException');
    expect(catalog.resolve('claude-sonnet-6')?.id).toBe('claude-sonnet-6');
  });

  it('makes the first request wait at most firstLoadWaitMs, then serves the built-in catalog', async () => {
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger, firstLoadWaitMs: 20 });
    await catalog.freshen();
    expect(source.calls).toBe(1);
    expect(catalog.resolve('claude-sonnet-6')).toBeUndefined();
    source.resolve(SONNET_6_LISTING);
    await catalog.freshen();
    await new Promise((resolve) => setImmediate(resolve));
    expect(catalog.resolve('claude-sonnet-6')?.id).toBe('claude-sonnet-6');
  });

  it('refreshes in the background once the listing is older than maxAgeMs, not before', async () => {
    let now = 0;
    const { catalog, source } = await loadedCatalog({ options: {}, maxAgeMs: 1000, now: () => now });

    now = 1000;
    await catalog.freshen();
    expect(source.calls).toBe(1);
    now = 1001;
    await catalog.freshen();
    expect(source.calls).toBe(2);
  });

  it('logs a failed first load and serves the built-in catalog', async () => {
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger, firstLoadWaitMs: 1000 });
    const waiting = catalog.freshen();
    source.fail(new Error('no credentials'));
    await waiting;
    expect(warnings).toEqual(['catalog refresh failed; serving the built-in catalog']);
    expect(catalog.resolve('claude-sonnet-5')?.id).toBe('claude-sonnet-5');
  });

  it('tries a failed first load again after a minute, not on every request', async () => {
    let now = 0;
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger, firstLoadWaitMs: 1000, now: () => now });
    const waiting = catalog.freshen();
    source.fail(new Error('throttled'));
    await waiting;

    now = 59_999;
    await catalog.freshen();
    expect(source.calls).toBe(1);
    now = 60_001;
    const retried = catalog.freshen();
    source.resolve(SONNET_6_LISTING);
    await retried;
    expect(source.calls).toBe(2);
    expect(catalog.resolve('claude-sonnet-6')?.id).toBe('claude-sonnet-6');
  });

  it('serves the built-in catalog while there is no snapshot yet, and looks again after a minute, not on every request', async () => {
    let now = 0;
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger, firstLoadWaitMs: 1000, now: () => now });
    const waiting = catalog.freshen();
    source.resolve(undefined);
    await waiting;
    expect(catalog.resolve('claude-sonnet-6')).toBeUndefined();
    expect(warnings).toEqual([]);

    now = 59_999;
    await catalog.freshen();
    expect(source.calls).toBe(1);
    now = 60_001;
    const again = catalog.freshen();
    source.resolve(SONNET_6_LISTING);
    await again;
    expect(catalog.resolve('claude-sonnet-6')?.id).toBe('claude-sonnet-6');
  });

  it('merges a listing handed to it now (the admin refresh), and keeps it over an older snapshot read later', async () => {
    const source = manualSource();
    const catalog = new RefreshableCatalog({ options: {}, source, logger });
    const reading = catalog.refresh();

    const report = catalog.use({ ...SONNET_6_LISTING, fetchedAt: '2026-12-05T09:00:00.000Z' });
    source.resolve({ ...SONNET_6_LISTING, prices: { 'anthropic.claude-sonnet-6': { inputPerMTok: 9, outputPerMTok: 9 } } });
    await reading;

    expect(report).toMatchObject({ fetchedAt: '2026-12-05T09:00:00.000Z', added: ['claude-sonnet-6'] });
    expect(catalog.resolve('claude-sonnet-6')?.prices.inputPerMTok).toBe(3.3);
  });

  it('does not merge the same snapshot again', async () => {
    const { catalog, source } = await loadedCatalog({ options: {} });
    const entries = catalog.list();

    const second = catalog.refresh();
    source.resolve({ ...SONNET_6_LISTING });
    await second;

    expect(catalog.list()).toBe(entries);
  });

  it('keeps the catalog when the snapshot is gone, and does not read again before maxAgeMs', async () => {
    let now = 0;
    const { catalog, source } = await loadedCatalog({ options: {}, maxAgeMs: 1000, now: () => now });

    now = 1001;
    await catalog.freshen();
    source.resolve(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    await catalog.freshen();

    expect(source.calls).toBe(2);
    expect(catalog.resolve('claude-sonnet-6')?.id).toBe('claude-sonnet-6');
  });

  it('after a failed background read, reads again a minute later, not on every request', async () => {
    let now = 0;
    const { catalog, source } = await loadedCatalog({ options: {}, maxAgeMs: 3_600_000, now: () => now });

    now = 3_600_001;
    await catalog.freshen();
    source.fail(new Error('ProvisionedThroughputExceededException'));
    await new Promise((resolve) => setImmediate(resolve));
    now = 3_600_002;
    await catalog.freshen();
    expect(source.calls).toBe(2);
    expect(warnings).toEqual(['catalog refresh failed; keeping the previous catalog']);

    now = 3_660_002;
    await catalog.freshen();
    expect(source.calls).toBe(3);
    expect(catalog.resolve('claude-sonnet-6')?.id).toBe('claude-sonnet-6');
  });
});

describe('configuration names only the live listing brings wait for it', () => {
  const options = {
    allowList: ['claude-sonnet-5', 'claude-sonnet-6'],
    overrides: { 'claude-sonnet-6': { maxOutputTokens: 1000 } },
    applicationInferenceProfiles: [{ arn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/sonnet6', model: 'claude-sonnet-6' }],
  };

  it.each([
    { rule: 'an allow-list entry no catalog has is an error without the live catalog', options: { allowList: ['claude-sonnet-6'] }, error: 'allowList[0]: "claude-sonnet-6" names no catalog model.' },
    {
      rule: 'an application profile of a model no catalog has is an error without the live catalog',
      options: { applicationInferenceProfiles: [{ arn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/x', model: 'claude-sonnet-6' }] },
      error: 'applicationInferenceProfiles[0].model: "claude-sonnet-6" names no served catalog model.',
    },
    { rule: 'an override of a model no catalog has is an error without the live catalog', options: { overrides: { 'claude-sonnet-6': { maxOutputTokens: 1000 } } }, error: 'overrides.claude-sonnet-6: no catalog entry has this id.' },
  ])('$rule', ({ options: strict, error }) => {
    expect(() => createModelCatalog(strict)).toThrow(error);
  });

  it('before a listing: the built-in part serves, and the waiting names are listed', () => {
    const catalog = createCatalogAwaitingListing(options);
    expect(catalog.list().map((entry) => entry.id)).toEqual(['claude-sonnet-5']);
    expect(catalog.resolve(options.applicationInferenceProfiles[0]?.arn ?? '')).toBeUndefined();
    expect(catalog.live?.deferred).toEqual(['allowList[1]: "claude-sonnet-6"', 'applicationInferenceProfiles[0].model: "claude-sonnet-6"']);
  });

  it('once the listing brings the model: allowed, overridden, and served through the profile', async () => {
    const { catalog } = await loadedCatalog({ options });

    expect(catalog.list().map((entry) => entry.id)).toEqual(['claude-sonnet-5', 'claude-sonnet-6']);
    expect(catalog.resolve('claude-sonnet-6')?.maxOutputTokens).toBe(1000);
    expect(catalog.resolve(options.applicationInferenceProfiles[0]?.arn ?? '')).toMatchObject({ id: 'claude-sonnet-6', bedrockModelId: options.applicationInferenceProfiles[0]?.arn });
  });
});
