/**
 * @module A catalog that keeps itself current: the built-in table and the deployment's options,
 * merged with the account's live listing and the AWS Price List (`mergeLiveListing`). In a deployment
 * the listing comes from the catalog snapshot in the ledger table (one GetItem; the maintenance
 * function and the admin refresh write it), read at cold start and again once the one read is older
 * than its bound. A failed read keeps the catalog it had, so an outage never takes a model away;
 * until a snapshot exists the built-in catalog serves.
 */
import { createModelCatalog, type ModelCatalog } from './catalog';
import type { CatalogOptions } from './entry-schema';
import type { LiveListing, UnservedModel } from './live-listing';
import type { CatalogEntry, ModelKind } from './types';

/** Where the live listing comes from (the AWS control plane and Price List, or the emulator). */
interface LiveListingSource {
  fetch(): Promise<LiveListing>;
}

/** Where a catalog reads the listing (the snapshot in the ledger table); undefined while there is none. */
interface ListingReader {
  fetch(): Promise<LiveListing | undefined>;
}

/** What a refresh found. */
interface CatalogRefreshReport {
  readonly fetchedAt: string;
  /** Models Bedrock lists that the catalog now serves beyond its own table (friendly ids). */
  readonly added: readonly string[];
  /** Listed models not served, for want of a price. */
  readonly unpriced: readonly UnservedModel[];
  /** Every model the catalog serves now. */
  readonly models: number;
}

/** Something that logs a warning (Powertools' Logger fits). */
interface WarningLogger {
  warn(message: string, fields: { readonly error: string }): void;
}

interface RefreshableCatalogOptions {
  readonly options: CatalogOptions;
  readonly source: ListingReader;
  /** How long a read listing is used before the next request starts a background refresh. @default 3_600_000 (1 hour) */
  readonly maxAgeMs?: number;
  /** How long a request waits for the first load at cold start before the built-in catalog serves it. @default 3000 */
  readonly firstLoadWaitMs?: number;
  readonly now?: () => number;
  readonly logger?: WarningLogger;
}

/**
 * The catalog of a deployment with the live catalog before any listing is merged: the built-in
 * table and the options, where names only a listing can bring (overrides, allow-list entries,
 * application profile models) wait for it instead of failing (`live.deferred` lists them).
 */
function createCatalogAwaitingListing(options: CatalogOptions): ModelCatalog {
  return createModelCatalog(options, { listing: { models: [], inferenceProfileIds: [], prices: {}, fetchedAt: new Date(0).toISOString() }, checkedOn: '1970-01-01' });
}

/** How long after a failed first load (or one that found no snapshot yet) the next request tries again. */
const FIRST_LOAD_RETRY_MS = 60_000;

/** A catalog of the built-in table and options, refreshed from a live listing (see the module doc). */
class RefreshableCatalog implements ModelCatalog {
  private current: ModelCatalog;
  private report: CatalogRefreshReport | undefined;
  private loadedAtMs: number | undefined;
  private inflight: Promise<CatalogRefreshReport | undefined> | undefined;
  private firstLoad: Promise<void> | undefined;
  private firstLoadFailedAtMs: number | undefined;
  private readonly maxAgeMs: number;
  private readonly firstLoadWaitMs: number;
  private readonly now: () => number;
  private readonly withoutListing: ModelCatalog;

  constructor(private readonly settings: RefreshableCatalogOptions) {
    this.current = createCatalogAwaitingListing(settings.options);
    this.withoutListing = this.current;
    this.maxAgeMs = settings.maxAgeMs ?? 3_600_000;
    this.firstLoadWaitMs = settings.firstLoadWaitMs ?? 3000;
    this.now = settings.now ?? Date.now;
  }

  resolve(name: string): CatalogEntry | undefined {
    return this.current.resolve(name);
  }

  get(id: string): CatalogEntry | undefined {
    return this.current.get(id);
  }

  list(kind?: ModelKind): readonly CatalogEntry[] {
    return this.current.list(kind);
  }

  get applicationInferenceProfileArns(): readonly string[] {
    return this.current.applicationInferenceProfileArns;
  }

  unpricedModel(name: string): string | undefined {
    return this.current.unpricedModel?.(name);
  }

  /** The last refresh's findings; undefined before the first one succeeded. */
  get lastRefresh(): CatalogRefreshReport | undefined {
    return this.report;
  }

  /**
   * Reads the live listing and swaps in the merged catalog; concurrent calls share one read.
   * Resolves to undefined while the source has no listing yet (the catalog stays as it is).
   *
   * @throws the source's error (the catalog it had stays), or CatalogConfigError for a listing that
   *   cannot be merged.
   */
  refresh(): Promise<CatalogRefreshReport | undefined> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /**
   * Starts the first load (at cold start), without waiting for it. After a failed first load, the
   * next call tries again once `FIRST_LOAD_RETRY_MS` have passed (not on every request).
   */
  start(): void {
    if (this.firstLoad !== undefined || this.loadedAtMs !== undefined) return;
    if (this.firstLoadFailedAtMs !== undefined && this.now() - this.firstLoadFailedAtMs < FIRST_LOAD_RETRY_MS) return;
    this.firstLoad = this.refresh().then(
      (report) => {
        // No snapshot yet: the built-in catalog serves, and a later request looks again.
        if (report === undefined) this.firstLoadFailedAtMs = this.now();
        this.firstLoad = undefined;
      },
      (error: unknown) => {
        this.settings.logger?.warn('catalog refresh failed; serving the built-in catalog', { error: String(error) });
        this.firstLoadFailedAtMs = this.now();
        this.firstLoad = undefined;
      },
    );
  }

  async freshen(): Promise<void> {
    if (this.loadedAtMs === undefined) {
      this.start();
      if (this.firstLoad === undefined) return;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise((resolve) => {
        timer = setTimeout(resolve, this.firstLoadWaitMs);
      });
      await Promise.race([this.firstLoad, waited]);
      clearTimeout(timer);
      return;
    }
    if (this.now() - this.loadedAtMs > this.maxAgeMs && this.inflight === undefined) {
      this.refresh().catch((error: unknown) => {
        this.settings.logger?.warn('catalog refresh failed; keeping the previous catalog', { error: String(error) });
        // Tried again a minute later, not by every request meanwhile.
        this.loadedAtMs = this.now() - this.maxAgeMs + FIRST_LOAD_RETRY_MS;
      });
    }
  }

  /**
   * Merges `listing` into the catalog now (the admin refresh, after it wrote the snapshot).
   *
   * @throws CatalogConfigError for a listing that cannot be merged; the catalog it had stays.
   */
  use(listing: LiveListing): CatalogRefreshReport {
    const next = createModelCatalog(this.settings.options, { listing, checkedOn: listing.fetchedAt.slice(0, 10) });
    const builtIn = new Set(this.withoutListing.list().map((entry) => entry.id));
    this.current = next;
    this.loadedAtMs = this.now();
    this.report = {
      fetchedAt: listing.fetchedAt,
      added: next.list().filter((entry) => !builtIn.has(entry.id)).map((entry) => entry.id),
      unpriced: next.live?.unpriced ?? [],
      models: next.list().length,
    };
    return this.report;
  }

  private async load(): Promise<CatalogRefreshReport | undefined> {
    const listing = await this.settings.source.fetch();
    if (listing === undefined) {
      // The snapshot is gone (a restored table): the catalog stays, and is looked for again later.
      if (this.report !== undefined) this.loadedAtMs = this.now();
      return this.report;
    }
    // The same snapshot as before, or an older one than this process merged (a read that raced the
    // admin refresh): nothing to merge.
    if (this.report !== undefined && listing.fetchedAt <= this.report.fetchedAt) {
      this.loadedAtMs = this.now();
      return this.report;
    }
    return this.use(listing);
  }
}

export { RefreshableCatalog, createCatalogAwaitingListing };
export type { CatalogRefreshReport, ListingReader, LiveListingSource, RefreshableCatalogOptions, WarningLogger };
