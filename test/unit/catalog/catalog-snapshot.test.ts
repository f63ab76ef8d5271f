/**
 * The catalog snapshot as pure rules: a listing survives encode/decode unchanged; anything that is
 * not a version 1 listing is refused (the reader keeps the catalog it has); a listing too large for
 * a ledger item is not written; the maintenance run fetches when the snapshot is missing, a day old
 * or unreadable, and not before.
 */
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { CatalogSnapshotError, MAX_SNAPSHOT_BYTES, decodeCatalogSnapshot, encodeCatalogSnapshot, snapshotDue } from '../../../lambda/catalog/catalog-snapshot';
import type { LiveListing } from '../../../lambda/catalog/live-listing';

const LISTING: LiveListing = {
  models: [
    { modelId: 'anthropic.claude-sonnet-6', modelName: 'Claude Sonnet 6', providerName: 'Anthropic', outputModalities: ['TEXT'], inferenceTypesSupported: ['INFERENCE_PROFILE'], lifecycleStatus: 'ACTIVE' },
    { modelId: 'amazon.nova-3-pro-v1:0', outputModalities: ['TEXT'], inferenceTypesSupported: ['ON_DEMAND'] },
  ],
  inferenceProfileIds: ['us.anthropic.claude-sonnet-6', 'global.anthropic.claude-sonnet-6'],
  applicationInferenceProfiles: [{ arn: 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123', modelId: 'anthropic.claude-sonnet-6' }],
  prices: {
    'anthropic.claude-sonnet-6': { inputPerMTok: 3.3, outputPerMTok: 16.5, cacheReadPerMTok: 0.33, cacheWritePerMTok: 4.125, cacheWrite1hPerMTok: 6.6, serviceTiers: { flex: { inputPerMTok: 1.65, outputPerMTok: 8.25 } } },
  },
  fetchedAt: '2026-12-05T07:00:00.000Z',
};

const gzipJson = (value: unknown): Uint8Array => gzipSync(JSON.stringify(value));

describe('encodeCatalogSnapshot / decodeCatalogSnapshot', () => {
  it('round-trips a listing unchanged, gzip-compressed', () => {
    const bytes = encodeCatalogSnapshot(LISTING);

    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    expect(decodeCatalogSnapshot(bytes)).toEqual(LISTING);
  });

  it('round-trips a listing without application profiles (an older writer) as it was', () => {
    const { applicationInferenceProfiles: _dropped, ...older } = LISTING;
    expect(decodeCatalogSnapshot(encodeCatalogSnapshot(older))).toEqual(older);
  });

  it.each([
    { rule: 'bytes that are not gzip', bytes: Buffer.from('{"version":1}'), message: 'not gzip-compressed JSON' },
    { rule: 'gzip that is not JSON', bytes: gzipSync('listing'), message: 'not gzip-compressed JSON' },
    { rule: 'another version (a newer writer)', bytes: gzipJson({ version: 2, listing: LISTING }), message: 'not a version 1 listing: version' },
    { rule: 'a listing without fetchedAt', bytes: gzipJson({ version: 1, listing: { ...LISTING, fetchedAt: undefined } }), message: 'listing.fetchedAt' },
    { rule: 'a model without an id', bytes: gzipJson({ version: 1, listing: { ...LISTING, models: [{ modelName: 'x' }] } }), message: 'listing.models.0.modelId' },
    { rule: 'a negative price', bytes: gzipJson({ version: 1, listing: { ...LISTING, prices: { m: { inputPerMTok: -1, outputPerMTok: 1 } } } }), message: 'listing.prices.m.inputPerMTok' },
    { rule: 'a price field the catalog does not know', bytes: gzipJson({ version: 1, listing: { ...LISTING, prices: { m: { inputPerMTok: 1, outputPerMTok: 1, perImage: 1 } } } }), message: 'listing.prices.m' },
  ])('refuses $rule', ({ bytes, message }) => {
    expect(() => decodeCatalogSnapshot(bytes)).toThrow(CatalogSnapshotError);
    expect(() => decodeCatalogSnapshot(bytes)).toThrow(message);
  });

  it(`refuses to encode a listing above ${MAX_SNAPSHOT_BYTES} bytes compressed (nothing is written)`, () => {
    // Random ids barely compress (base64: 6 bits a character): about 450 KB of them.
    const models = Array.from({ length: 6000 }, () => ({ modelId: randomBytes(75).toString('base64') }));

    expect(() => encodeCatalogSnapshot({ ...LISTING, models })).toThrow(/above the 350000 a ledger item can hold/);
  });
});

describe('snapshotDue', () => {
  const NOW = Date.parse('2026-12-05T12:00:00.000Z');

  it.each([
    { rule: 'no snapshot yet', fetchedAt: undefined, due: true },
    { rule: 'fetched a minute ago', fetchedAt: '2026-12-05T11:59:00.000Z', due: false },
    { rule: 'fetched 23 h 59 min ago', fetchedAt: '2026-12-04T12:01:00.000Z', due: false },
    { rule: 'fetched exactly 24 h ago', fetchedAt: '2026-12-04T12:00:00.000Z', due: true },
    { rule: 'fetched two days ago', fetchedAt: '2026-12-03T12:00:00.000Z', due: true },
    { rule: 'a time that cannot be read', fetchedAt: 'yesterday', due: true },
    { rule: 'a time more than a minute in the future (clock skew)', fetchedAt: '2026-12-05T12:02:00.000Z', due: true },
    { rule: 'a time less than a minute in the future', fetchedAt: '2026-12-05T12:00:30.000Z', due: false },
  ])('$rule: due $due', ({ fetchedAt, due }) => {
    expect(snapshotDue(fetchedAt, NOW)).toBe(due);
  });

  it('takes another bound when given one', () => {
    expect(snapshotDue('2026-12-05T11:00:00.000Z', NOW, 3_600_000)).toBe(true);
    expect(snapshotDue('2026-12-05T11:00:01.000Z', NOW, 3_600_000)).toBe(false);
  });
});
