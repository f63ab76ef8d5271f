/** @module What every model route does before its model call: read the JSON body, resolve the model, check the principal may use it, plan the route, set up the fallback run. */
import type { CatalogEntry, ModelKind } from '../../catalog/types';
import type { Principal } from '../../identity/principal';
import { InternalServerError, InvalidRequestError, NotFoundError, PermissionDeniedError } from '../../platform/errors';
import type { GatewayRequest } from '../../platform/http-types';
import { createRequestObserver, requestDeadlineAtMs } from '../../resilience/request-resilience';
import type { FallbackRunOptions } from '../../resilience/run-with-fallbacks';
import type { RoutePlan, RouteTarget } from '../../routing/route-types';
import { planRoute, type FallbackOverride } from '../../routing/select-targets';
import type { RequestContext } from '../context';

/** What a model route's plan depends on beyond the principal and the services. */
interface ModelRoutePlanOptions {
  /** The `model` the client asked for: a catalog id, an alias or a route name. */
  readonly name: string;
  readonly kind: ModelKind;
  /** The fallbacks the request itself named, if any. */
  readonly override?: FallbackOverride;
}

/** Everything `runWithFallbacks` needs from the request; the route adds its own `attempt`. */
type ModelRouteRunOptions = Omit<FallbackRunOptions<unknown>, 'attempt'>;

/** OpenAI's wording for a body that is not JSON, so clients see the error they know. */
const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The API expects a JSON payload, but what was sent was not valid JSON.)';

/**
 * Parses the request body as JSON.
 *
 * @throws InvalidRequestError with OpenAI's message when the body is empty or not JSON.
 */
function readJsonBody(request: GatewayRequest): unknown {
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    throw new InvalidRequestError(INVALID_JSON_MESSAGE);
  }
}

/** The principal of a model route; authentication always sets it before the handler runs. */
function requirePrincipal(ctx: RequestContext): Principal {
  if (ctx.principal === undefined) throw new InternalServerError('The gateway failed to process the request.');
  return ctx.principal;
}

/** Whether the principal may call the model (no `allowedModels` means every model). */
function mayUseModel(principal: Principal, model: CatalogEntry): boolean {
  return principal.allowedModels === undefined || principal.allowedModels.includes(model.id);
}

function modelNotFound(name: string): NotFoundError {
  return new NotFoundError(`The model '${name}' does not exist or you do not have access to it.`, {
    code: 'model_not_found',
    param: 'model',
  });
}

/**
 * Resolves the `model` of a request to a catalog entry of the given kind the principal may use.
 *
 * @throws NotFoundError `model_not_found` for unknown names; InvalidRequestError when the model is of
 *   the other kind (an embedding model for chat); PermissionDeniedError `model_not_allowed` when the
 *   principal's key or role is limited to other models.
 */
function resolveModelFor(ctx: RequestContext, name: string, kind: ModelKind): CatalogEntry {
  const model = ctx.services.catalog.resolve(name);
  if (model === undefined) throw modelNotFound(name);
  if (model.kind !== kind) {
    const purpose = kind === 'chat' ? 'chat completions' : 'embeddings';
    throw new InvalidRequestError(`The model '${name}' is a ${model.kind} model and cannot be used for ${purpose}.`, {
      code: 'model_not_supported',
      param: 'model',
    });
  }
  if (!mayUseModel(requirePrincipal(ctx), model)) {
    throw new PermissionDeniedError(`You are not allowed to use the model '${name}'.`, { code: 'model_not_allowed', param: 'model' });
  }
  return model;
}

/**
 * Plans the targets of a model route with the gateway's catalog, routing table and random draw.
 *
 * @throws NotFoundError, InvalidRequestError or PermissionDeniedError from `planRoute` for unknown,
 *   wrong-kind or forbidden models and fallbacks.
 */
function planModelRoute(ctx: RequestContext, principal: Principal, { name, kind, override }: ModelRoutePlanOptions): RoutePlan {
  const { catalog, resilience } = ctx.services;
  return planRoute({ name, kind, principal, catalog, routes: resilience.routes, override, random: resilience.random });
}

/**
 * The request's side of a fallback run: its targets in order, the signal that stops it, the
 * request's retry deadline and the observer that logs and counts retries, fallbacks and skips.
 */
function fallbackRunOptions(ctx: RequestContext, targets: readonly RouteTarget[], signal: AbortSignal): ModelRouteRunOptions {
  const { resilience } = ctx.services;
  return { targets, resilience, signal, deadlineAtMs: requestDeadlineAtMs(ctx, resilience), observer: createRequestObserver(ctx) };
}

export { INVALID_JSON_MESSAGE, fallbackRunOptions, mayUseModel, modelNotFound, planModelRoute, readJsonBody, requirePrincipal, resolveModelFor };
export type { ModelRoutePlanOptions, ModelRouteRunOptions };
