import { createGatewayApp } from '../../../lambda/gateway/app';
import type { Route } from '../../../lambda/gateway/router';
import { readRuntimeConfig } from '../../../lambda/platform/config';
import { AuthenticationError, InvalidRequestError } from '../../../lambda/platform/errors';
import { SseWriter } from '../../../lambda/openai/sse-writer';
import { buildRequest, createCaptureSink } from '../../support/capture-sink';
import { createStubServices } from '../../support/stub-services';

const echoPrincipal: Route = {
  method: 'GET',
  pattern: '/v1/whoami',
  auth: 'v1',
  handler: async (ctx) => ctx.response.json(200, { principal: ctx.principal?.id }),
};
const iamRoute: Route = { ...echoPrincipal, pattern: '/iam/v1/whoami', auth: 'iam' };
const adminRoute: Route = { method: 'GET', pattern: '/admin/ping', auth: 'admin', handler: async (ctx) => ctx.response.json(200, { ok: true }) };
const badParam: Route = {
  method: 'POST',
  pattern: '/v1/bad',
  auth: 'v1',
  handler: async () => {
    throw new InvalidRequestError("Invalid value for 'temperature'.", { param: 'temperature', code: 'invalid_value' });
  },
};
const crash: Route = {
  method: 'POST',
  pattern: '/v1/crash',
  auth: 'v1',
  handler: async () => {
    throw new Error('secret internal detail');
  },
};
const streamThenCrash: Route = {
  method: 'POST',
  pattern: '/v1/stream',
  auth: 'v1',
  handler: async (ctx) => {
    const sse = new SseWriter(ctx.response);
    await sse.data({ n: 1 });
    throw new Error('mid-stream');
  },
};
const silent: Route = { method: 'GET', pattern: '/v1/silent', auth: 'none', handler: async () => undefined };
const routes = [echoPrincipal, iamRoute, adminRoute, badParam, crash, streamThenCrash, silent];

describe('gateway app', () => {
  it('answers an unknown URL with a 404 OpenAI error and a request id', async () => {
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices(), routes)(buildRequest({ method: 'GET', path: '/v2/nothing' }), sink);
    expect(sink.statusCode).toBe(404);
    expect(sink.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect(sink.json()).toEqual({
      error: { message: 'Unknown request URL: GET /v2/nothing. Please check the URL for typos.', type: 'not_found_error', code: 'unknown_url', param: null },
    });
    expect(sink.ended).toBe(true);
  });

  it('gives every request its own id', async () => {
    const app = createGatewayApp(createStubServices(), routes);
    const first = createCaptureSink();
    const second = createCaptureSink();
    await app(buildRequest({ path: '/v1/whoami' }), first);
    await app(buildRequest({ path: '/v1/whoami' }), second);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('ignores a request id sent by the client', async () => {
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices(), routes)(buildRequest({ path: '/v1/whoami', headers: { 'x-request-id': 'mine' } }), sink);
    expect(sink.headers['x-request-id']).toMatch(/^req_/);
  });

  it('answers 413 when the body exceeds the limit', async () => {
    const services = createStubServices({ config: readRuntimeConfig({ GATEWAY_MAX_BODY_BYTES: '10' }) });
    const sink = createCaptureSink();
    await createGatewayApp(services, routes)(buildRequest({ method: 'POST', path: '/v1/bad', json: { long: 'x'.repeat(20) } }), sink);
    expect(sink.statusCode).toBe(413);
    expect(sink.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'request_too_large' } });
  });

  it('answers 413 when the transport flagged the body as too large', async () => {
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices(), routes)(buildRequest({ method: 'POST', path: '/v1/bad', bodyTooLarge: true }), sink);
    expect(sink.statusCode).toBe(413);
  });

  it('renders a typed error with its status and param', async () => {
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices(), routes)(buildRequest({ method: 'POST', path: '/v1/bad' }), sink);
    expect(sink.statusCode).toBe(400);
    expect(sink.json()).toEqual({
      error: { message: "Invalid value for 'temperature'.", type: 'invalid_request_error', code: 'invalid_value', param: 'temperature' },
    });
  });

  it('hides unexpected errors behind a 500 and logs them', async () => {
    const services = createStubServices();
    const logged = jest.spyOn(services.logger, 'error');
    const sink = createCaptureSink();
    await createGatewayApp(services, routes)(buildRequest({ method: 'POST', path: '/v1/crash' }), sink);
    expect(sink.statusCode).toBe(500);
    expect(sink.text()).not.toContain('secret internal detail');
    expect(logged).toHaveBeenCalledWith('unhandled error', expect.objectContaining({ error: new Error('secret internal detail') }));
  });

  it('ends a started stream when its handler throws, keeping the status', async () => {
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices(), routes)(buildRequest({ method: 'POST', path: '/v1/stream' }), sink);
    expect(sink.statusCode).toBe(200);
    expect(sink.text()).toBe('data: {"n":1}\n\n');
    expect(sink.ended).toBe(true);
  });

  it('answers 500 when a handler sends nothing', async () => {
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices(), routes)(buildRequest({ path: '/v1/silent' }), sink);
    expect(sink.statusCode).toBe(500);
  });

  it.each([
    { path: '/v1/whoami', surface: 'v1' },
    { path: '/iam/v1/whoami', surface: 'iam' },
  ])('authenticates $path on the $surface surface', async ({ path, surface }) => {
    const authenticate = jest.fn(async () => ({ id: 'key_abc', kind: 'key' as const }));
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices({ authenticator: { authenticate } }), routes)(buildRequest({ path }), sink);
    expect(authenticate).toHaveBeenCalledWith(expect.objectContaining({ path }), surface);
    expect(sink.json()).toEqual({ principal: 'key_abc' });
  });

  it('answers 401 when authentication fails, before the handler runs', async () => {
    const authenticate = async (): Promise<never> => {
      throw new AuthenticationError();
    };
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices({ authenticator: { authenticate } }), routes)(buildRequest({ path: '/v1/whoami' }), sink);
    expect(sink.statusCode).toBe(401);
    expect(sink.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
  });

  it('asks the admin authorizer, not the authenticator, for admin routes', async () => {
    const authorize = jest.fn(async () => ({ actor: 'ops' }));
    const authenticate = jest.fn();
    const sink = createCaptureSink();
    await createGatewayApp(createStubServices({ adminAuthorizer: { authorize }, authenticator: { authenticate } }), routes)(
      buildRequest({ path: '/admin/ping' }),
      sink,
    );
    expect(sink.statusCode).toBe(200);
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(authenticate).not.toHaveBeenCalled();
  });

  describe('a client that went away or stopped reading', () => {
    it('gets no response at all once it left, and the access log says 499', async () => {
      const services = createStubServices();
      const info = jest.spyOn(services.logger, 'info');
      const client = new AbortController();
      const leave: Route = {
        method: 'GET',
        pattern: '/v1/leave',
        auth: 'none',
        handler: async () => {
          client.abort();
        },
      };
      const sink = createCaptureSink();
      await createGatewayApp(services, [leave])(buildRequest({ path: '/v1/leave', signal: client.signal }), sink);
      expect(sink.started).toBe(false);
      expect(info).toHaveBeenCalledWith('request', expect.objectContaining({ status: 499, clientAborted: true }));
    });

    it('renders no error for a client that left while the handler failed', async () => {
      const client = new AbortController();
      const failAfterLeaving: Route = {
        method: 'GET',
        pattern: '/v1/fail',
        auth: 'none',
        handler: async () => {
          client.abort();
          throw new Error('aborted');
        },
      };
      const sink = createCaptureSink();
      await createGatewayApp(createStubServices(), [failAfterLeaving])(buildRequest({ path: '/v1/fail', signal: client.signal }), sink);
      expect(sink.started).toBe(false);
    });

    it('treats a write that outwaits the idle timeout as the client going away', async () => {
      const services = createStubServices({ config: readRuntimeConfig({ GATEWAY_STREAM_IDLE_TIMEOUT_MS: '50' }) });
      let seen: AbortSignal | undefined;
      const stream: Route = {
        method: 'GET',
        pattern: '/v1/stream',
        auth: 'none',
        handler: async (ctx) => {
          seen = ctx.request.signal;
          const sse = new SseWriter(ctx.response);
          await sse.data({ n: 1 });
          await sse.data({ n: 2 });
          await sse.done();
        },
      };
      const sink = createCaptureSink();
      let writes = 0;
      const stuck = { ...sink, get started() { return sink.started; }, write: (chunk: string | Uint8Array) => (++writes === 1 ? sink.write(chunk) : new Promise<void>(() => undefined)) };

      await createGatewayApp(services, [stream])(buildRequest({ path: '/v1/stream' }), stuck);

      expect(seen?.aborted).toBe(true);
      expect(sink.text()).toBe('data: {"n":1}\n\n');
    });

    it('cuts writes off before the invocation deadline, whatever the idle timeout', async () => {
      const services = createStubServices({ config: readRuntimeConfig({ GATEWAY_STREAM_IDLE_TIMEOUT_MS: '600000' }) });
      let seen: AbortSignal | undefined;
      const json: Route = {
        method: 'GET',
        pattern: '/v1/json',
        auth: 'none',
        handler: async (ctx) => {
          seen = ctx.request.signal;
          await ctx.response.json(200, { ok: true });
        },
      };
      const sink = createCaptureSink();
      const stuck = { ...sink, get started() { return sink.started; }, start: sink.start, write: () => new Promise<void>(() => undefined) };
      const startedAt = Date.now();

      await createGatewayApp(services, [json])(buildRequest({ path: '/v1/json', deadlineAtMs: Date.now() + 1100 }), stuck);

      expect(seen?.aborted).toBe(true);
      expect(Date.now() - startedAt).toBeLessThan(1000);
    });
  });
});

describe('a key check left to the admission (routes flagged with-admission)', () => {
  /** An authenticator that always defers, with a check that passes or refuses; counts the checks run. */
  function deferring(passes: boolean) {
    const calls = { checks: 0 };
    const authenticator = {
      authenticate: async () => ({ id: 'key_test', kind: 'key' as const }),
      authenticateDeferred: async () => ({
        principal: { id: 'key_test', kind: 'key' as const },
        pendingCheck: async () => {
          calls.checks += 1;
          if (!passes) throw new AuthenticationError('This API key has been revoked.', { code: 'invalid_api_key' });
        },
      }),
    };
    return { calls, services: createStubServices({ authenticator }) };
  }
  const admitted: Route = {
    method: 'POST',
    pattern: '/v1/admitted',
    auth: 'v1',
    credentialCheck: 'with-admission',
    handler: async (ctx) => {
      await ctx.credentialCheck?.();
      await ctx.response.json(200, { ok: true });
    },
  };
  const answersWithoutAdmission: Route = { ...admitted, pattern: '/v1/forgetful', handler: async (ctx) => ctx.response.json(200, { leaked: true }) };
  const failsBeforeAdmission: Route = { ...badParam, pattern: '/v1/bad-deferred', credentialCheck: 'with-admission' };
  const deferredRoutes = [admitted, answersWithoutAdmission, failsBeforeAdmission];

  it.each<{ rule: string; path: string; passes: boolean; status: number; code: string | null }>([
    { rule: 'a passed check lets the admitted answer out', path: '/v1/admitted', passes: true, status: 200, code: null },
    { rule: 'a refused check is the answer of the admission', path: '/v1/admitted', passes: false, status: 401, code: 'invalid_api_key' },
    { rule: 'an error before the admission runs the check first: a refused key hears 401, not the 400', path: '/v1/bad-deferred', passes: false, status: 401, code: 'invalid_api_key' },
    { rule: 'an error before the admission with a good key is that error', path: '/v1/bad-deferred', passes: true, status: 400, code: 'invalid_value' },
    { rule: 'a route answering without running the check is a 500, never a leak', path: '/v1/forgetful', passes: true, status: 500, code: null },
    { rule: 'and with a refused key, a 401', path: '/v1/forgetful', passes: false, status: 401, code: 'invalid_api_key' },
  ])('$rule', async ({ path, passes, status, code }) => {
    const { calls, services } = deferring(passes);
    const sink = createCaptureSink();

    await createGatewayApp(services, deferredRoutes)(buildRequest({ method: 'POST', path, body: Buffer.from('{}') }), sink);

    expect(sink.statusCode).toBe(status);
    if (status !== 200) expect((sink.json() as { error: { code: string | null } }).error.code).toBe(code);
    expect(calls.checks).toBe(1);
  });
});
