/**
 * @module The catalog snapshot brought up to date: the live listing fetched from the Bedrock control
 * plane and the AWS Price List and written to the ledger table, by the maintenance function once the
 * stored snapshot is a day old and by the admin refresh on demand. A failed fetch or write leaves the
 * stored snapshot as it was: gateways keep serving the catalog they have.
 */
import { snapshotDue, SNAPSHOT_MAX_AGE_MS } from './catalog-snapshot';
import type { LiveListingSource } from './live-catalog';
import type { LiveListing } from './live-listing';
import type { CatalogSnapshotStore } from './snapshot-store';

/** What a scheduled refresh did. */
type SnapshotRefreshOutcome =
  /** The stored snapshot is younger than its bound: nothing fetched. */
  | { readonly status: 'fresh'; readonly fetchedAt: string }
  /** Fetched and stored (`written` false: a later fetch was stored meanwhile, and kept). */
  | { readonly status: 'refreshed'; readonly listing: LiveListing; readonly written: boolean }
  /** The fetch or the write failed; the stored snapshot (fetched at `kept`, if any) stays. */
  | { readonly status: 'failed'; readonly error: string; readonly kept: string | undefined };

/**
 * Fetches the listing and stores it as the snapshot.
 *
 * @throws the source's or the table's error, or CatalogSnapshotError (too large); nothing is written then.
 */
async function fetchIntoSnapshot(source: LiveListingSource, store: CatalogSnapshotStore): Promise<{ listing: LiveListing; written: boolean }> {
  const listing = await source.fetch();
  return { listing, written: await store.write(listing) };
}

interface SnapshotRefreshOptions {
  readonly source: LiveListingSource;
  readonly store: CatalogSnapshotStore;
  readonly now: () => number;
  /** @default SNAPSHOT_MAX_AGE_MS (24 hours) */
  readonly maxAgeMs?: number;
}

/** Fetches a new snapshot when the stored one is due (`snapshotDue`); never throws: a failure is an outcome. */
async function refreshSnapshotIfDue({ source, store, now, maxAgeMs = SNAPSHOT_MAX_AGE_MS }: SnapshotRefreshOptions): Promise<SnapshotRefreshOutcome> {
  let stored: string | undefined;
  try {
    stored = await store.fetchedAt();
    if (stored !== undefined && !snapshotDue(stored, now(), maxAgeMs)) return { status: 'fresh', fetchedAt: stored };
    return { status: 'refreshed', ...(await fetchIntoSnapshot(source, store)) };
  } catch (error) {
    return { status: 'failed', error: error instanceof Error ? `${error.name}: ${error.message}` : String(error), kept: stored };
  }
}

export { fetchIntoSnapshot, refreshSnapshotIfDue };
export type { SnapshotRefreshOptions, SnapshotRefreshOutcome };
