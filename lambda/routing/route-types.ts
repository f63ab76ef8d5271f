/** @module Routing types: targets, compiled routes and the per-request plan. */
import type { CatalogEntry, ModelKind } from '../catalog/types';

/** One place a request can be served: a catalog model (model id or inference profile), optionally in another Region. */
interface RouteTarget {
  readonly model: CatalogEntry;
  /** AWS Region of the Bedrock runtime endpoint; absent means the gateway's own Region. */
  readonly region?: string;
  /** Relative share of first picks in a weighted route. */
  readonly weight: number;
  /** Calls in flight to this target per instance; overrides the global per-model limit. */
  readonly maxConcurrent?: number;
  /** Identity of the target for circuit breakers and concurrency limits: `bedrockModelId@region`. */
  readonly key: string;
}

/** How a route picks its first target. */
type RouteStrategy = 'ordered' | 'weighted';

/** A validated route: a logical model name and its targets, all of one kind. */
interface CompiledRoute {
  readonly name: string;
  readonly kind: ModelKind;
  readonly strategy: RouteStrategy;
  readonly targets: readonly RouteTarget[];
}

/** Routes by lower-cased name. */
type RouteTable = ReadonlyMap<string, CompiledRoute>;

/** The targets one request will try, in order. */
interface RoutePlan {
  /** The `model` the client sent. */
  readonly requested: string;
  /** The route that matched, if the name is a logical model. */
  readonly route?: CompiledRoute;
  readonly targets: readonly RouteTarget[];
}

export type { CompiledRoute, RoutePlan, RouteStrategy, RouteTable, RouteTarget };
