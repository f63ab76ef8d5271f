/** @module Target selection: weighted picks, fallback chains, per-request overrides and context-window escalation. Pure, with an injected random. */
import type { ModelCatalog } from '../catalog';
import type { CatalogEntry, ModelKind } from '../catalog/types';
import type { Principal } from '../identity/principal';
import { InvalidRequestError, NotFoundError, PermissionDeniedError } from '../platform/errors';
import { targetKey } from './route-config';
import type { CompiledRoute, RoutePlan, RouteTable, RouteTarget } from './route-types';

/** Most fallbacks a request may name, so one request cannot fan out over the whole catalog. */
const MAX_OVERRIDE_FALLBACKS = 5;

/** The header that sets a request's fallbacks when the body cannot (embeddings, clients without extra body fields). */
const FALLBACKS_HEADER = 'x-gateway-fallbacks';

/** The fallbacks a request asked for, and where it asked (for error `param`s). */
interface FallbackOverride {
  readonly models: readonly string[];
  /** `bedrock.fallbacks` or the header name. */
  readonly param: string;
}

/** Inputs of `planRoute`. */
interface PlanRouteOptions {
  readonly name: string;
  readonly kind: ModelKind;
  readonly principal: Principal;
  readonly catalog: ModelCatalog;
  readonly routes: RouteTable;
  readonly override?: FallbackOverride;
  /** A draw in [0, 1) for weighted routes. @default Math.random */
  readonly random?: () => number;
}

/** Targets split by whether the prompt fits their context window. */
interface ContextWindowPartition {
  readonly fitting: readonly RouteTarget[];
  readonly tooSmall: readonly RouteTarget[];
}

/**
 * Orders a weighted route: the first target is drawn with probability proportional to its weight,
 * the others follow in configured order as fallbacks.
 *
 * @example weightedOrder([{ weight: 3, ... }, { weight: 1, ... }], () => 0.8) // second target first
 */
function weightedOrder(targets: readonly RouteTarget[], random: () => number = Math.random): RouteTarget[] {
  const total = targets.reduce((sum, target) => sum + target.weight, 0);
  let threshold = Math.min(Math.max(random(), 0), 1 - Number.EPSILON) * total;
  let picked = targets.length - 1;
  for (const [index, target] of targets.entries()) {
    threshold -= target.weight;
    if (threshold < 0) {
      picked = index;
      break;
    }
  }
  const first = targets[picked];
  return first === undefined ? [] : [first, ...targets.filter((_, index) => index !== picked)];
}

/**
 * Whether the principal may call a model: every model when its key or role names none, else the
 * models it names, or every target of a route it names (`routeName`). The one rule of model access.
 */
function mayUseModel(principal: Principal, model: CatalogEntry, routeName?: string): boolean {
  const allowed = principal.allowedModels;
  return allowed === undefined || allowed.includes(model.id) || (routeName !== undefined && allowed.includes(routeName));
}

function directTarget(model: CatalogEntry): RouteTarget {
  return { model, weight: 1, key: targetKey(model, undefined) };
}

function wrongKind(name: string, actual: ModelKind, wanted: ModelKind, param: string): InvalidRequestError {
  const purpose = wanted === 'chat' ? 'chat completions' : 'embeddings';
  return new InvalidRequestError(`The model '${name}' is a ${actual} model and cannot be used for ${purpose}.`, { code: 'model_not_supported', param });
}

/** Resolves a catalog name the way `model` is resolved: 404 unknown, 400 wrong kind, 403 not allowed. */
function resolveTarget(options: PlanRouteOptions, name: string, param: string): RouteTarget {
  const model = options.catalog.resolve(name);
  const unpriced = model === undefined ? options.catalog.unpricedModel?.(name) : undefined;
  if (unpriced !== undefined) throw new InvalidRequestError(unpriced, { code: 'model_not_priced', param });
  if (model === undefined) {
    throw new NotFoundError(`The model '${name}' does not exist or you do not have access to it.`, { code: 'model_not_found', param });
  }
  if (model.kind !== options.kind) throw wrongKind(name, model.kind, options.kind, param);
  if (!mayUseModel(options.principal, model)) {
    throw new PermissionDeniedError(`You are not allowed to use the model '${name}'.`, { code: 'model_not_allowed', param });
  }
  return directTarget(model);
}

function routeTargets(options: PlanRouteOptions, route: CompiledRoute): RouteTarget[] {
  if (route.kind !== options.kind) throw wrongKind(options.name, route.kind, options.kind, 'model');
  const allowed = route.targets.filter((target) => mayUseModel(options.principal, target.model, route.name));
  if (allowed.length === 0) {
    throw new PermissionDeniedError(`You are not allowed to use the model '${options.name}'.`, { code: 'model_not_allowed', param: 'model' });
  }
  return route.strategy === 'weighted' ? weightedOrder(allowed, options.random) : allowed;
}

function withoutDuplicates(targets: readonly RouteTarget[]): RouteTarget[] {
  const seen = new Set<string>();
  return targets.filter((target) => !seen.has(target.key) && seen.add(target.key) !== undefined);
}

/**
 * The targets a request tries, in order. A logical name from the routing table gives its chain
 * (weighted routes draw the first target); any other name resolves in the catalog to one target.
 * An override keeps the first target and replaces the rest of the chain with the named models.
 *
 * @throws NotFoundError `model_not_found`, InvalidRequestError `model_not_supported` (or `model_not_priced`
 *   for a model Bedrock lists that the catalog cannot price) or
 *   PermissionDeniedError `model_not_allowed`, naming `model` or the override's parameter.
 */
function planRoute(options: PlanRouteOptions): RoutePlan {
  const route = options.routes.get(options.name.trim().toLowerCase());
  const chain = route === undefined ? [resolveTarget(options, options.name, 'model')] : routeTargets(options, route);
  const { override } = options;
  if (override === undefined) return { requested: options.name, ...(route === undefined ? {} : { route }), targets: chain };
  if (override.models.length > MAX_OVERRIDE_FALLBACKS) {
    throw new InvalidRequestError(`'${override.param}' names ${override.models.length} models; at most ${MAX_OVERRIDE_FALLBACKS} are allowed.`, {
      code: 'invalid_value',
      param: override.param,
    });
  }
  const fallbacks = override.models.map((name, index) =>
    resolveTarget(options, name, override.param === FALLBACKS_HEADER ? override.param : `${override.param}[${index}]`),
  );
  const first = chain[0];
  return {
    requested: options.name,
    ...(route === undefined ? {} : { route }),
    targets: withoutDuplicates(first === undefined ? fallbacks : [first, ...fallbacks]),
  };
}

/**
 * Context-window escalation: targets whose window cannot hold the prompt are skipped, so a long
 * prompt goes to the first target of the chain that fits. The estimate is the gateway's own
 * (characters / 4 plus overheads), so a prompt near a window's edge may still be rejected by
 * Bedrock; that rejection then moves on to the next target too.
 */
function partitionByContextWindow(targets: readonly RouteTarget[], estimatedInputTokens: (target: RouteTarget) => number): ContextWindowPartition {
  const fitting: RouteTarget[] = [];
  const tooSmall: RouteTarget[] = [];
  for (const target of targets) (estimatedInputTokens(target) <= target.model.contextWindowTokens ? fitting : tooSmall).push(target);
  return { fitting, tooSmall };
}

/**
 * The `model` value of the response. The client's own spelling is echoed when the model it named
 * served the request; after a fallback or through a logical route it is the catalog id of the
 * model that served, so the body tells the truth the way OpenAI's resolved snapshot names do.
 */
function servedModelName(plan: RoutePlan, served: RouteTarget): string {
  return plan.route === undefined && served.key === plan.targets[0]?.key ? plan.requested : served.model.id;
}

/** Reads `x-gateway-fallbacks: nova-pro, nova-lite` (comma-separated catalog names); absent or empty is no override. */
function parseFallbacksHeader(headers: Readonly<Record<string, string>>): FallbackOverride | undefined {
  const raw = headers[FALLBACKS_HEADER];
  if (raw === undefined || raw.trim() === '') return undefined;
  return { models: raw.split(',').map((name) => name.trim()).filter((name) => name !== ''), param: FALLBACKS_HEADER };
}

export { FALLBACKS_HEADER, MAX_OVERRIDE_FALLBACKS, mayUseModel, parseFallbacksHeader, partitionByContextWindow, planRoute, servedModelName, weightedOrder };
export type { ContextWindowPartition, FallbackOverride, PlanRouteOptions };
