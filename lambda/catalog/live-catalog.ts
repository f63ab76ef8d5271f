/**
 * @module A catalog that keeps itself current: the built-in table and the deployment's options,
 * merged with the account's live listing and the AWS Price List (`mergeLiveListing`), fetched at
 * cold start and again once the fetched listing is older than its bound, or on demand (the admin
 * refresh). A failed fetch keeps the catalog it had, so a control-plane outage never takes a model
 * away.
 */
import { createModelCatalog, type ModelCatalog } from './catalog';
import type { CatalogOptions } from './entry-schema';
import type { LiveListing, UnservedModel } from './live-listing';
import type { CatalogEntry, ModelKind } from './types';

/** Where the live listing comes from (the AWS control plane and Price List, or the emulator). */
interface LiveListingSource {
  fetch(): Promise<LiveListing>;
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
  readonly source: LiveListingSource;
  /** How long a fetched listing is used before the next request starts a background refresh. @default 3_600_000 (1 hour) */
  readonly maxAgeMs?: number;
  /** How long a request waits for the first load at cold start before the built-in catalog serves it. @default 3000 */
  readonly firstLoadWaitMs?: number;
  readonly now?: () => number;
  readonly logger?: WarningLogger;
}

/** How long after a failed first load the next request tries again. */
const FIRST_LOAD_RETRY_MS = 60_000;

/** A catalog of the built-in table and options, refreshed from a live listing (see the module doc). */
class RefreshableCatalog implements ModelCatalog {
  private current: ModelCatalog;
  private report: CatalogRefreshReport | undefined;
  private loadedAtMs: number | undefined;
  private inflight: Promise<CatalogRefreshReport> | undefined;
  private firstLoad: Promise<void> | undefined;
  private firstLoadFailedAtMs: number | undefined;
  private readonly maxAgeMs: number;
  private readonly firstLoadWaitMs: number;
  private readonly now: () => number;
  private readonly withoutListing: ModelCatalog;

  constructor(private readonly settings: RefreshableCatalogOptions) {
    this.current = createModelCatalog(settings.options, { listing: { models: [], inferenceProfileIds: [], prices: {}, fetchedAt: new Date(0).toISOString() }, checkedOn: '1970-01-01' });
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
   * Fetches the live listing and swaps in the merged catalog; concurrent calls share one fetch.
   *
   * @throws the source's error (the catalog it had stays), or CatalogConfigError for a listing that
   *   cannot be merged.
   */
  refresh(): Promise<CatalogRefreshReport> {
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
      () => undefined,
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
      this.refresh().catch((error: unknown) => this.settings.logger?.warn('catalog refresh failed; keeping the previous catalog', { error: String(error) }));
    }
  }

  private async load(): Promise<CatalogRefreshReport> {
    const listing = await this.settings.source.fetch();
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
}

export { RefreshableCatalog };
export type { CatalogRefreshReport, LiveListingSource, RefreshableCatalogOptions, WarningLogger };
