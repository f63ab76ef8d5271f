/** @module What every model route does before the core takes over: read the JSON body, know the principal, plan the route, hand the core the request. */
import type { PrincipalSessions } from '../../audit/principal-sessions';
import { createImageFetcher, type FetchedImage, type ImageFetcher } from '../../bedrock/fetch-image';
import type { CatalogEntry, ModelKind } from '../../catalog/types';
import type { Principal } from '../../identity/principal';
import type { ModelCallContext } from '../../model-call/model-call-context';
import { NO_USAGE } from '../../model-call/charging-rules';
import { InternalServerError, InvalidRequestError, NotFoundError, asGatewayError } from '../../platform/errors';
import type { GatewayRequest } from '../../platform/http-types';
import { MAX_JSON_DEPTH, describeDeepPath, tooDeepAt } from '../../platform/json-depth';
import type { RoutePlan } from '../../routing/route-types';
import { planRoute, type FallbackOverride } from '../../routing/select-targets';
import { applyTeamInferenceProfiles } from '../../routing/team-inference-profiles';
import type { RequestContext } from '../context';

/** What a model route's plan depends on beyond the principal and the services. */
interface ModelRoutePlanOptions {
  /** The `model` the client asked for: a catalog id, an alias or a route name. */
  readonly name: string;
  readonly kind: ModelKind;
  /** The fallbacks the request itself named, if any. */
  readonly override?: FallbackOverride;
}

/** OpenAI's wording for a body that is not JSON, so clients see the error they know. */
const INVALID_JSON_MESSAGE =
  "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library " +
  'correctly. The API expects a JSON payload, but what was sent was not valid JSON.)';

/**
 * Refuses a body nested deeper than any real request, before code that recurses over it (schema
 * checks, estimates, the SDK's serializer) runs out of stack.
 *
 * @throws InvalidRequestError naming the top-level field and the path where the limit is passed.
 */
function refuseDeepJson(body: unknown): void {
  const path = tooDeepAt(body);
  if (path === undefined) return;
  const { param, where } = describeDeepPath(path);
  throw new InvalidRequestError(`${where}: nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays.`, { param, code: 'json_too_deep' });
}

/**
 * Parses the request body as JSON.
 *
 * @throws InvalidRequestError with OpenAI's message when the body is empty or not JSON, and naming
 *   the field when it nests deeper than `MAX_JSON_DEPTH`.
 */
function readJsonBody(request: GatewayRequest): unknown {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    throw new InvalidRequestError(INVALID_JSON_MESSAGE);
  }
  refuseDeepJson(body);
  return body;
}

/** The principal of a model route; authentication always sets it before the handler runs. */
function requirePrincipal(ctx: RequestContext): Principal {
  if (ctx.principal === undefined) throw new InternalServerError('The gateway failed to process the request.');
  return ctx.principal;
}

function modelNotFound(name: string): NotFoundError {
  return new NotFoundError(`The model '${name}' does not exist or you do not have access to it.`, {
    code: 'model_not_found',
    param: 'model',
  });
}

/**
 * Plans the targets of a model route with the gateway's catalog, routing table and random draw;
 * the caller's team's application inference profiles replace the model ids they cover.
 *
 * @throws NotFoundError, InvalidRequestError or PermissionDeniedError from `planRoute` for unknown,
 *   wrong-kind or forbidden models and fallbacks.
 */
function planModelRoute(ctx: RequestContext, { name, kind, override }: ModelRoutePlanOptions): RoutePlan {
  const { catalog, resilience, teamInferenceProfiles } = ctx.services;
  const principal = requirePrincipal(ctx);
  const plan = planRoute({ name, kind, principal, catalog, routes: resilience.routes, override, random: resilience.random });
  // After access checks (they look at the catalog model, not at how it is called).
  return applyTeamInferenceProfiles(plan, principal.team, teamInferenceProfiles);
}

/** The request as the model-call core sees it: plain values and the services it uses, the access log as a callback. */
function modelCallContext(ctx: RequestContext): ModelCallContext {
  const { services, request } = ctx;
  const principal = requirePrincipal(ctx);
  return {
    requestId: ctx.requestId,
    principal,
    ...(ctx.credentialCheck === undefined ? {} : { credentialCheck: ctx.credentialCheck }),
    signal: request.signal,
    receivedAtMs: request.receivedAtMs,
    ...(request.deadlineAtMs === undefined ? {} : { deadlineAtMs: request.deadlineAtMs }),
    meter: services.meter,
    // With audit sessions, every Bedrock call of the request is made as the principal's session.
    resilience:
      services.principalSessions === undefined
        ? services.resilience
        : { ...services.resilience, clientFor: (region) => (services.principalSessions as PrincipalSessions).clientFor(principal, region) },
    logger: services.logger,
    metrics: services.metrics,
    now: services.now,
    response: ctx.response,
    annotate: (fields) => {
      Object.assign(ctx.logFields, fields);
    },
  };
}

let sharedImageFetcher: ImageFetcher | undefined;

/** One guarded image fetcher per process (it holds no per-request state). */
/**
 * Runs a call that costs nothing (token counting) under an admission of $0: the caller is checked
 * and rate limited, and the call is recorded as a request with its status.
 */
async function runFreeModelCall(ctx: RequestContext, model: CatalogEntry, call: (context: ModelCallContext) => Promise<void>): Promise<void> {
  const context = modelCallContext(ctx);
  const admission = await context.meter.admit({
    principal: context.principal,
    ...(context.credentialCheck === undefined ? {} : { credentialCheck: context.credentialCheck }),
    model,
    requestId: context.requestId,
    maxCostNanoUsd: 0,
    estimatedInputTokens: 0,
    maxOutputTokens: 0,
  });
  let status = 500;
  try {
    await call(context);
    status = 200;
  } catch (error) {
    status = asGatewayError(error).statusCode;
    throw error;
  } finally {
    await admission.settle({
      usage: NO_USAGE,
      costNanoUsd: 0,
      status,
      latencyMs: context.now() - context.receivedAtMs,
      servedModel: model.id,
      clientAborted: ctx.request.signal.aborted,
    });
  }
}

function imageFetcher(): ImageFetcher {
  sharedImageFetcher ??= createImageFetcher();
  return sharedImageFetcher;
}

/** Fetches each image URL once per request, however many targets the request is prepared for. */
function requestImageFetcher(): ImageFetcher {
  const fetched = new Map<string, Promise<FetchedImage>>();
  return (url, signal) => {
    let image = fetched.get(url);
    if (image === undefined) {
      image = imageFetcher()(url, signal);
      fetched.set(url, image);
    }
    return image;
  };
}

export { modelCallContext, modelNotFound, planModelRoute, readJsonBody, refuseDeepJson, requestImageFetcher, requirePrincipal, runFreeModelCall };
export type { ModelRoutePlanOptions };
