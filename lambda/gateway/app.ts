/**
 * @module The gateway application: one pipeline that every runtime adapter calls.
 *
 * Order: request id -> access log and metrics -> error boundary -> whole request (transport failures,
 * body limit) -> route -> auth -> handler. The error boundary sits inside the access log so logged statuses are the ones sent.
 */
import { randomUUID } from 'node:crypto';
import { dialectForPath, type ErrorDialectTable } from '../platform/error-dialect';
import { recordedStatus } from '../platform/http-status';
import {
  AuthenticationError,
  InvalidRequestError,
  PayloadTooLargeError,
  RequestHeadersTooLargeError,
  RequestTimeoutError,
  asGatewayError,
  errorCodeOf,
  isUnexpectedError,
  type GatewayError,
} from '../platform/errors';
import type { GatewayHandler, GatewayRequest, ResponseSink, TransportFailure } from '../platform/http-types';
import { compose, type Middleware } from './compose';
import type { RequestContext } from './context';
import { GATEWAY_ERROR_DIALECTS } from './error-dialects';
import { ResponseWriter } from './response-writer';
import { Router, type Route } from './router';
import type { GatewayServices } from './services';
import type { CredentialCheck } from '../identity/principal';
import { recordRequestMetrics } from './request-metrics';
import { METRIC } from '../platform/metric-names';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { guardSinkWrites } from '../resilience/write-guard';

/** Generates request ids; `req_` plus 32 hex digits, never taken from the client. */
function newRequestId(): string {
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/** Ms before the invocation's deadline by which every response write must have returned. */
const WRITE_DEADLINE_MARGIN_MS = 1000;

function accessLog(): Middleware<RequestContext> {
  return async function logAccess(ctx, next) {
    try {
      await next();
    } finally {
      const latencyMs = ctx.services.now() - ctx.request.receivedAtMs;
      const status = recordedStatus(ctx.response.statusCode, ctx.request.signal.aborted);
      ctx.services.logger.info('request', {
        requestId: ctx.requestId,
        method: ctx.request.method,
        path: ctx.request.path,
        status,
        latencyMs,
        principal: ctx.principal?.id,
        clientAborted: ctx.request.signal.aborted,
        ...ctx.logFields,
      });
      recordRequestMetrics(ctx.services.metrics, { status, latencyMs });
    }
  };
}

/** Sends `error` as the complete response, in the error format of the request's API surface. */
async function sendError(ctx: RequestContext, dialects: ErrorDialectTable, error: unknown): Promise<void> {
  const failure = asGatewayError(error);
  const rendered = dialectForPath(dialects, ctx.request.path).render(failure);
  await ctx.response.json(rendered.status ?? failure.statusCode, rendered.body, { ...failure.headers, ...rendered.headers });
}

function errorBoundary(dialects: ErrorDialectTable): Middleware<RequestContext> {
  return async function catchErrors(ctx, next) {
    try {
      await next();
    } catch (caught) {
      let error = caught;
      if (isUnexpectedError(error)) ctx.services.logger.error('unhandled error', { requestId: ctx.requestId, error: error as Error });
      // A key's check left to the admission may not have run (the request failed before it): it runs
      // now, and a refused credential is the answer whatever else went wrong.
      if (ctx.credentialCheck !== undefined) {
        try {
          await ctx.credentialCheck();
        } catch (refused) {
          error = refused;
        }
      }
      ctx.logFields.error = errorCodeOf(asGatewayError(error));
      // A client that went away gets nothing: on Lambda, a prelude on a closed stream fails.
      if (ctx.request.signal.aborted && !ctx.response.started) return;
      if (ctx.response.started) {
        // Status is fixed once streaming started: the stream owner reports errors in-band; end it here.
        await ctx.response.end();
        return;
      }
      await sendError(ctx, dialects, error);
    }
  };
}

/** The error a request the transport could not read whole is answered (or, gone, logged) with. */
function transportFailureError(failure: TransportFailure): GatewayError {
  switch (failure.kind) {
    case 'malformed':
      return new InvalidRequestError(`The request is not valid HTTP/1.1 (${failure.detail}).`, { code: 'malformed_request' });
    case 'headers_too_large':
      return new RequestHeadersTooLargeError("The request's headers are larger than the gateway reads.", { code: 'request_headers_too_large' });
    case 'timeout':
      return new RequestTimeoutError('The request was not received in time.', { code: 'request_timeout' });
    case 'body_incomplete':
      return new InvalidRequestError('The connection closed before the whole request body arrived.', { code: 'incomplete_body' });
    default: {
      const exhaustive: never = failure;
      throw new Error(`Unknown transport failure ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** Refuses a request the transport could not read whole, or whose body passed the limit. */
function wholeRequest(): Middleware<RequestContext> {
  return async function requireWholeRequest(ctx, next) {
    if (ctx.request.transportFailure !== undefined) throw transportFailureError(ctx.request.transportFailure);
    const max = ctx.services.config.maxBodyBytes;
    if (ctx.request.bodyTooLarge === true || ctx.request.body.length > max) {
      throw new PayloadTooLargeError(`Request body is larger than the gateway's limit of ${max} bytes.`, {
        code: 'request_too_large',
      });
    }
    await next();
  };
}

function routeAndAuthenticate(router: Router): Middleware<RequestContext> {
  return async function dispatch(ctx) {
    const { route, params } = router.match(ctx.request.method, ctx.request.path);
    ctx.params = params;
    await authenticate(ctx, route);
    // A catalog that merges the live listing waits (bounded) for its first load, then refreshes in the background.
    if (route.auth !== 'none') await ctx.services.freshenCatalog?.();
    await route.handler(ctx);
  };
}

async function authenticate(ctx: RequestContext, route: Route): Promise<void> {
  const { services, request } = ctx;
  switch (route.auth) {
    case 'none':
      return;
    case 'admin': {
      const { actor } = await services.adminAuthorizer.authorize(request);
      ctx.logFields.adminActor = actor;
      return;
    }
    case 'v1':
    case 'iam': {
      const countFailure = (error: unknown): never => {
        if (AuthenticationError.isInstance(error)) services.metrics.addMetric(METRIC.authFailures, MetricUnit.Count, 1);
        throw error;
      };
      const { authenticator } = services;
      if (route.credentialCheck !== 'with-admission' || authenticator.authenticateDeferred === undefined) {
        ctx.principal = await authenticator.authenticate(request, route.auth).catch(countFailure);
        return;
      }
      const { principal, pendingCheck } = await authenticator.authenticateDeferred(request, route.auth).catch(countFailure);
      ctx.principal = principal;
      if (pendingCheck !== undefined) holdResponseForCheck(ctx, pendingCheck, countFailure);
      return;
    }
    default: {
      const exhaustive: never = route.auth;
      throw new Error(`Unknown route auth ${String(exhaustive)}`);
    }
  }
}

/**
 * Leaves a key's fresh check to the route's admission (which issues it with the reservations), and
 * holds the response until it has passed (or failed, for an error response).
 */
function holdResponseForCheck(ctx: RequestContext, pendingCheck: CredentialCheck, countFailure: (error: unknown) => never): void {
  let state: 'pending' | 'passed' | 'failed' = 'pending';
  let checking: Promise<void> | undefined;
  ctx.credentialCheck = () => {
    checking ??= pendingCheck().then(
      () => {
        state = 'passed';
      },
      (error: unknown) => {
        state = 'failed';
        countFailure(error);
      },
    );
    return checking;
  };
  ctx.response.holdUntil((statusCode) => state === 'passed' || (state === 'failed' && statusCode >= 400));
}

/** Options of `createGatewayApp`. */
interface GatewayAppOptions {
  /** The error format of each API surface, by path. @default GATEWAY_ERROR_DIALECTS */
  readonly errorDialects?: ErrorDialectTable;
}

/**
 * Builds the gateway's request handler from its services and route table. Response writes are
 * bounded (the stream idle timeout, and the invocation's deadline): a client that stops reading is
 * treated as one that went away, so the request's signal aborts, Bedrock stops and usage settles.
 */
function createGatewayApp(services: GatewayServices, routes: readonly Route[], options: GatewayAppOptions = {}): GatewayHandler {
  const dialects = options.errorDialects ?? GATEWAY_ERROR_DIALECTS;
  const run = compose<RequestContext>([accessLog(), errorBoundary(dialects), wholeRequest(), routeAndAuthenticate(new Router(routes))]);
  return async function handleRequest(request: GatewayRequest, sink: ResponseSink): Promise<void> {
    const requestId = newRequestId();
    const stalled = new AbortController();
    const guarded = guardSinkWrites(sink, {
      timeoutMs: services.config.resilience.streamIdleTimeoutMs,
      ...(request.deadlineAtMs === undefined ? {} : { deadlineAtMs: request.deadlineAtMs - WRITE_DEADLINE_MARGIN_MS }),
      now: services.now,
      onStall: () => stalled.abort(new Error('client stopped reading')),
    });
    const signal = AbortSignal.any([request.signal, stalled.signal]);
    const ctx: RequestContext = {
      request: { ...request, signal },
      requestId,
      services,
      response: new ResponseWriter(guarded, { 'x-request-id': requestId }),
      params: {},
      logFields: {},
    };
    await run(ctx);
    if (!guarded.started && !signal.aborted) await sendError(ctx, dialects, new Error('no response'));
    await guarded.end();
    // After the response: the client has it; the invocation lasts until background work is done.
    await services.background?.drain();
  };
}

export { createGatewayApp, newRequestId };
export type { GatewayAppOptions };
