/**
 * @module The live listing as one snapshot, as pure functions: what the maintenance function (and the
 * admin refresh) fetched from the Bedrock control plane and the AWS Price List, gzip-compressed JSON
 * kept in one ledger-table item that every gateway instance reads with one GetItem. The raw listing
 * is stored, not the merged catalog: each function merges it with its own configuration and code, so
 * a release that changes the merge rules needs no new fetch.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
// A namespace import lets esbuild drop zod's unused locales (see entry-schema.ts).
import * as z from 'zod';
import { pricesSchema } from './entry-schema';
import type { LiveListing } from './live-listing';

/** The snapshot format; a reader refuses any other (a newer writer's snapshot is not guessed at). */
const SNAPSHOT_VERSION = 1;

/**
 * Largest compressed snapshot written: DynamoDB items are at most 400 KB, and the item also holds
 * its keys and a few attributes. A real listing (about 150 models, 400 profiles, 100 priced models)
 * compresses to tens of kilobytes.
 */
const MAX_SNAPSHOT_BYTES = 350_000;

/** How old the snapshot may get before the maintenance run fetches a new one. */
const SNAPSHOT_MAX_AGE_MS = 24 * 3_600_000;

/** A snapshot that cannot be written or read back. */
class CatalogSnapshotError extends Error {
  override readonly name = 'CatalogSnapshotError';
}

const listedModelSchema = z.object({
  modelId: z.string().min(1),
  modelName: z.string().optional(),
  providerName: z.string().optional(),
  outputModalities: z.array(z.string()).readonly().optional(),
  inferenceTypesSupported: z.array(z.string()).readonly().optional(),
  lifecycleStatus: z.string().optional(),
});

const snapshotSchema = z.object({
  version: z.literal(SNAPSHOT_VERSION),
  listing: z.object({
    models: z.array(listedModelSchema).readonly(),
    inferenceProfileIds: z.array(z.string()).readonly(),
    applicationInferenceProfiles: z.array(z.object({ arn: z.string().min(1), modelId: z.string().min(1) })).readonly().optional(),
    prices: z.record(z.string(), pricesSchema),
    fetchedAt: z.iso.datetime(),
  }),
});

/**
 * The snapshot of `listing`: `{"version":1,"listing":...}` as gzip-compressed JSON.
 *
 * @throws CatalogSnapshotError when it exceeds `MAX_SNAPSHOT_BYTES` compressed (the previous
 *   snapshot stays; nothing partial is written).
 */
function encodeCatalogSnapshot(listing: LiveListing): Uint8Array {
  const bytes = gzipSync(JSON.stringify({ version: SNAPSHOT_VERSION, listing }));
  if (bytes.byteLength > MAX_SNAPSHOT_BYTES) {
    throw new CatalogSnapshotError(`The catalog snapshot is ${bytes.byteLength} bytes compressed, above the ${MAX_SNAPSHOT_BYTES} a ledger item can hold; it was not written.`);
  }
  return bytes;
}

/**
 * The listing a snapshot holds.
 *
 * @throws CatalogSnapshotError for bytes that are not gzip, not JSON, of another version, or not a
 *   listing (the reader keeps the catalog it has).
 */
function decodeCatalogSnapshot(bytes: Uint8Array): LiveListing {
  let json: unknown;
  try {
    json = JSON.parse(gunzipSync(bytes).toString('utf8')) as unknown;
  } catch (cause) {
    throw new CatalogSnapshotError(`The catalog snapshot is not gzip-compressed JSON: ${(cause as Error).message}`, { cause });
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    throw new CatalogSnapshotError(`The catalog snapshot is not a version ${SNAPSHOT_VERSION} listing: ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.listing;
}

/**
 * Whether the maintenance run fetches a new listing: when there is no snapshot, when it is older
 * than `maxAgeMs`, or when its time cannot be read (or lies in the future by more than a minute,
 * a clock skew no fetch would produce).
 *
 * @param fetchedAt The stored snapshot's `fetchedAt`, undefined when there is none.
 */
function snapshotDue(fetchedAt: string | undefined, nowMs: number, maxAgeMs = SNAPSHOT_MAX_AGE_MS): boolean {
  if (fetchedAt === undefined) return true;
  const at = Date.parse(fetchedAt);
  if (Number.isNaN(at) || at - nowMs > 60_000) return true;
  return nowMs - at >= maxAgeMs;
}

export { CatalogSnapshotError, MAX_SNAPSHOT_BYTES, SNAPSHOT_MAX_AGE_MS, SNAPSHOT_VERSION, decodeCatalogSnapshot, encodeCatalogSnapshot, snapshotDue };
