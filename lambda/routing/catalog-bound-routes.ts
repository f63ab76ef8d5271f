/**
 * @module The routing table of a live catalog: compiled against the catalog as it is now, and again
 * whenever the catalog changes (a merged snapshot), so a route may name a model that only the live
 * listing brings. Until it does, that target is left out (a route with no target left is not
 * served); each compilation that leaves targets out says which, once.
 */
import type { ModelCatalog } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { compileRoutes, type RoutesConfig } from './route-config';
import type { CompiledRoute, RouteTable } from './route-types';

/** Told the targets a compilation left out, as `field: "model"` (or why it kept the old table); not called when none is. */
type UnresolvedTargetsListener = (unresolved: readonly string[]) => void;

class CatalogBoundRouteTable implements ReadonlyMap<string, CompiledRoute> {
  private table: RouteTable = new Map();
  /** The catalog's entry list the table was compiled from: a new list means a new catalog. */
  private compiledFrom: readonly CatalogEntry[] | undefined;

  constructor(
    private readonly config: RoutesConfig,
    private readonly catalog: ModelCatalog,
    private readonly source: string,
    private readonly onUnresolved: UnresolvedTargetsListener,
  ) {
    this.current();
  }

  private current(): RouteTable {
    const entries = this.catalog.list();
    if (entries === this.compiledFrom) return this.table;
    const unresolved: string[] = [];
    const compile = () => compileRoutes(this.config, this.catalog, this.source, { onUnknownTarget: (field, model) => unresolved.push(`${field}: ${JSON.stringify(model)}`) });
    if (this.compiledFrom === undefined) {
      // At cold start a table that cannot compile (a route mixing kinds) fails the instance, as without a live catalog.
      this.table = compile();
    } else {
      try {
        this.table = compile();
      } catch (error) {
        // A later catalog that makes a route mix kinds keeps the table that worked; requests never see the error.
        unresolved.push(`${(error as Error).message} (the previous routing table stays)`);
      }
    }
    this.compiledFrom = entries;
    if (unresolved.length > 0) this.onUnresolved(unresolved);
    return this.table;
  }

  get size(): number {
    return this.current().size;
  }

  get(name: string): CompiledRoute | undefined {
    return this.current().get(name);
  }

  has(name: string): boolean {
    return this.current().has(name);
  }

  forEach(callback: (value: CompiledRoute, key: string, map: ReadonlyMap<string, CompiledRoute>) => void, thisArg?: unknown): void {
    this.current().forEach((value, key) => callback.call(thisArg, value, key, this));
  }

  entries(): MapIterator<[string, CompiledRoute]> {
    return this.current().entries();
  }

  keys(): MapIterator<string> {
    return this.current().keys();
  }

  values(): MapIterator<CompiledRoute> {
    return this.current().values();
  }

  [Symbol.iterator](): MapIterator<[string, CompiledRoute]> {
    return this.current()[Symbol.iterator]();
  }
}

export { CatalogBoundRouteTable };
export type { UnresolvedTargetsListener };
