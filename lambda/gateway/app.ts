/**
 * @module The gateway application: one pipeline that every runtime adapter calls.
 *
 * Order: request id -> access log and metrics -> error boundary -> body limit -> route -> auth ->
 * handler. The error boundary sits inside the access log so logged statuses are the ones sent.
 */
import { randomUUID } from 'node:crypto';
import { renderError } from '../openai/error-body';
import { CLIENT_CLOSED_STATUS } from '../platform/http-status';
import { AuthenticationError, PayloadTooLargeError } from '../platform/errors';
import type { GatewayHandler, GatewayRequest, ResponseSink } from '../platform/http-types';
import { compose, type Middleware } from './compose';
import type { RequestContext } from './context';
import { ResponseWriter } from './response-writer';
import { Router, type Route } from './router';
import type { GatewayServices } from './services';
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
      const sent = ctx.response.statusCode;
      const status = sent === 0 && ctx.request.signal.aborted ? CLIENT_CLOSED_STATUS : sent;
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

function errorBoundary(): Middleware<RequestContext> {
  return async function catchErrors(ctx, next) {
    try {
      await next();
    } catch (error) {
      const rendered = renderError(error);
      if (rendered.unexpected !== undefined) {
        ctx.services.logger.error('unhandled error', { requestId: ctx.requestId, error: rendered.unexpected as Error });
      }
      ctx.logFields.error = rendered.body.error.code ?? rendered.body.error.type;
      // A client that went away gets nothing: on Lambda, a prelude on a closed stream fails.
      if (ctx.request.signal.aborted && !ctx.response.started) return;
      if (ctx.response.started) {
        // Status is fixed once streaming started: the stream owner reports errors in-band; end it here.
        await ctx.response.end();
        return;
      }
      await ctx.response.json(rendered.statusCode, rendered.body, rendered.headers);
    }
  };
}

function bodyLimit(): Middleware<RequestContext> {
  return async function limitBody(ctx, next) {
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
    case 'iam':
      try {
        ctx.principal = await services.authenticator.authenticate(request, route.auth);
      } catch (error) {
        if (AuthenticationError.isInstance(error)) services.metrics.addMetric(METRIC.authFailures, MetricUnit.Count, 1);
        throw error;
      }
      return;
    default: {
      const exhaustive: never = route.auth;
      throw new Error(`Unknown route auth ${String(exhaustive)}`);
    }
  }
}

/**
 * Builds the gateway's request handler from its services and route table. Response writes are
 * bounded (the stream idle timeout, and the invocation's deadline): a client that stops reading is
 * treated as one that went away, so the request's signal aborts, Bedrock stops and usage settles.
 */
function createGatewayApp(services: GatewayServices, routes: readonly Route[]): GatewayHandler {
  const run = compose<RequestContext>([accessLog(), errorBoundary(), bodyLimit(), routeAndAuthenticate(new Router(routes))]);
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
    if (!guarded.started && !signal.aborted) await ctx.response.json(500, renderError(new Error('no response')).body);
    await guarded.end();
  };
}

export { createGatewayApp, newRequestId };
