import { request as httpRequest } from 'node:http';
import { connect as http2Connect } from 'node:http2';
import { connect } from 'node:net';
import { createGatewayApp } from '../../../lambda/gateway/app';
import type { Route } from '../../../lambda/gateway/router';
import type { GatewayHandler, GatewayRequest } from '../../../lambda/platform/http-types';
import { startHttpAdapter, transportFailureOf, type RunningHttpServer } from '../../../local/http-adapter';
import { createStubServices } from '../../support/stub-services';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, path: string, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** One request over cleartext HTTP/2 with prior knowledge, as the AWS SDK's runtime client sends it to `http://`. */
function sendHttp2(url: string, path: string, body: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const session = http2Connect(url);
    session.on('error', reject);
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    stream.on('response', (received) => {
      status = Number(received[':status']);
      headers = received;
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      session.close();
      resolve({ status, headers, body: Buffer.concat(chunks).toString() });
    });
    stream.on('error', reject);
    stream.end(body);
  });
}

describe('local HTTP adapter', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers cleartext HTTP/2 and HTTP/1.1 on the same port, leaving out headers HTTP/2 forbids', async () => {
    const seen: GatewayRequest[] = [];
    const app: GatewayHandler = async (request, sink) => {
      seen.push(request);
      sink.start(200, { 'content-type': 'text/plain', connection: 'keep-alive' });
      await sink.write(`ok ${request.body.length}`);
      await sink.end();
    };
    server = await startHttpAdapter(app, { port: 0, maxBodyBytes: 1 << 20 });
    const body = Buffer.alloc(100_000, 'a');

    const overHttp2 = await sendHttp2(server.url, '/bedrock/model/m/converse', body);
    const overHttp1 = await send(server.url, 'POST', '/v1/x', body);

    expect(overHttp2).toMatchObject({ status: 200, body: 'ok 100000' });
    expect(overHttp2.headers['connection']).toBeUndefined();
    expect(overHttp1).toMatchObject({ status: 200, body: 'ok 100000' });
    expect(seen.map((request) => request.path)).toEqual(['/bedrock/model/m/converse', '/v1/x']);
    expect(seen[0]?.headers).toEqual(expect.objectContaining({ 'content-type': 'application/json', host: expect.stringMatching(/^127\.0\.0\.1:/) }));
    expect(Object.keys(seen[0]?.headers ?? {}).some((name) => name.startsWith(':'))).toBe(false);
  });

  it('passes method, path, query, headers and body to the app', async () => {
    const seen: GatewayRequest[] = [];
    const app: GatewayHandler = async (request, sink) => {
      seen.push(request);
      sink.start(200, { 'content-type': 'text/plain' });
      await sink.write('ok');
      await sink.end();
    };
    server = await startHttpAdapter(app, { port: 0, maxBodyBytes: 1024 });
    const response = await send(server.url, 'POST', '/v1/x?limit=3', Buffer.from('{"hi":1}'));
    expect(response).toMatchObject({ status: 200, body: 'ok' });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/x', bodyTooLarge: false });
    expect(seen[0]?.query.get('limit')).toBe('3');
    expect(seen[0]?.body.toString()).toBe('{"hi":1}');
  });

  it('flags a body over the limit without keeping it', async () => {
    const seen: GatewayRequest[] = [];
    const app: GatewayHandler = async (request, sink) => {
      seen.push(request);
      sink.start(413, {});
      await sink.end();
    };
    server = await startHttpAdapter(app, { port: 0, maxBodyBytes: 16 });
    const response = await send(server.url, 'POST', '/v1/x', Buffer.alloc(40, 'a'));
    expect(response.status).toBe(413);
    expect(seen[0]).toMatchObject({ bodyTooLarge: true });
    expect(seen[0]?.body.length).toBe(0);
  });

  it('aborts the request signal when the client disconnects mid-response', async () => {
    let signal: AbortSignal | undefined;
    const aborted = new Promise<void>((resolve) => {
      const app: GatewayHandler = async (request, sink) => {
        signal = request.signal;
        request.signal.addEventListener('abort', () => resolve());
        sink.start(200, { 'content-type': 'text/event-stream' });
        await sink.write('data: 1\n\n');
        await new Promise((r) => request.signal.addEventListener('abort', r));
        await sink.end();
      };
      void startHttpAdapter(app, { port: 0, maxBodyBytes: 1024 }).then((running) => {
        server = running;
        const req = httpRequest(`${running.url}/v1/stream`, { method: 'POST' }, (res) => {
          res.once('data', () => req.destroy());
        });
        req.on('error', () => undefined);
        req.end();
      });
    });
    await aborted;
    expect(signal?.aborted).toBe(true);
  });
});

interface RawExchange {
  /** Everything the server sent before closing. */
  readonly raw: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Sends `payload` as raw bytes, then `end`s (FIN), `destroy`s (reset) or waits for the server to close. */
function rawExchange(url: string, payload: string, after: 'wait' | 'end' | 'destroy'): Promise<RawExchange> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      socket.write(payload);
      if (after === 'end') socket.end();
      if (after === 'destroy') setTimeout(() => socket.destroy(), 20);
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server neither answered nor closed the connection'));
    }, 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = raw.split('\r\n\r\n', 2);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ raw, status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    });
  });
}

describe('local HTTP adapter: requests its HTTP parser cannot read', () => {
  const okRoute = (pattern: string): Route => ({ method: 'POST', pattern, auth: 'none', handler: async (ctx) => ctx.response.json(200, { ok: true }) });
  let server: RunningHttpServer | undefined;
  let logged: jest.SpyInstance;

  async function startGateway(): Promise<RunningHttpServer> {
    const services = createStubServices();
    logged = jest.spyOn(services.logger, 'info');
    const app = createGatewayApp(services, [okRoute('/v1/chat/completions'), okRoute('/v1/messages')]);
    return startHttpAdapter(app, { port: 0, maxBodyBytes: 1024 });
  }

  /** The access-log line of the request, once written (an aborted request logs after its body read fails). */
  async function accessLine(): Promise<Record<string, unknown>> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const call = logged.mock.calls.find(([message]) => message === 'request');
      if (call !== undefined) return call[1] as Record<string, unknown>;
      if (Date.now() > deadline) throw new Error('no access-log line was written');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const chunked = (path: string, chunk: string): string =>
    `POST ${path} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}`;
  const bigHeader = (path: string): string => `POST ${path} HTTP/1.1\r\nHost: gw\r\nX-Padding: ${'a'.repeat(200 * 1024)}\r\n\r\n`;
  const openaiError = (type: string, code: string): unknown => ({ error: expect.objectContaining({ type, code }) });
  const anthropicError = (type: string): unknown => ({ type: 'error', error: { type, message: expect.any(String) } });

  it.each([
    {
      rule: 'a malformed chunked body on an OpenAI path is a 400 in OpenAI format',
      payload: chunked('/v1/chat/completions', 'ZZZ\r\n{"a":1}\r\n0\r\n\r\n'),
      status: 400,
      body: openaiError('invalid_request_error', 'malformed_request'),
      path: '/v1/chat/completions',
    },
    {
      rule: 'a malformed chunked body on /v1/messages is a 400 in Anthropic format',
      payload: chunked('/v1/messages', 'ZZZ\r\n{"a":1}\r\n0\r\n\r\n'),
      status: 400,
      body: anthropicError('invalid_request_error'),
      path: '/v1/messages',
    },
    {
      rule: 'a 200 KB header is a 431 in OpenAI format',
      payload: bigHeader('/v1/chat/completions'),
      status: 431,
      body: openaiError('invalid_request_error', 'request_headers_too_large'),
      path: '/v1/chat/completions',
    },
    {
      rule: 'a 200 KB header on /v1/messages is a 431 in Anthropic format',
      payload: bigHeader('/v1/messages'),
      status: 431,
      body: anthropicError('invalid_request_error'),
      path: '/v1/messages',
    },
    {
      rule: 'a header with a control character is a 400',
      payload: 'POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nX-Bad: a\u0001b\r\nContent-Length: 2\r\n\r\n{}',
      status: 400,
      body: openaiError('invalid_request_error', 'malformed_request'),
      path: '/v1/chat/completions',
    },
    {
      rule: 'both Content-Length and chunked framing is a 400',
      payload: 'POST /v1/messages HTTP/1.1\r\nHost: gw\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n',
      status: 400,
      body: anthropicError('invalid_request_error'),
      path: '/v1/messages',
    },
    {
      rule: 'a garbled request line is a 400 in the default (OpenAI) format',
      payload: 'HELLO THERE\r\n\r\n',
      status: 400,
      body: openaiError('invalid_request_error', 'malformed_request'),
      path: '',
    },
  ])('$rule', async ({ payload, status, body, path }) => {
    server = await startGateway();
    const answer = await rawExchange(server.url, payload, 'wait');
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
    expect(JSON.parse(answer.body)).toEqual(body);
    expect(await accessLine()).toMatchObject({ status, path, requestId: answer.headers['x-request-id'], clientAborted: false });
  });

  it.each([
    { rule: 'a client that half-closes mid-body is logged as 499', after: 'end' as const },
    { rule: 'a client that resets mid-body is logged as 499', after: 'destroy' as const },
  ])('$rule', async ({ after }) => {
    server = await startGateway();
    const payload = 'POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"model":';
    const answer = await rawExchange(server.url, payload, after);
    expect(answer.raw).toBe('');
    expect(await accessLine()).toMatchObject({ status: 499, path: '/v1/chat/completions', clientAborted: true, error: 'incomplete_body' });
  });

  it('answers a garbled request pipelined after a valid one only once the valid one was answered, never interleaved', async () => {
    const services = createStubServices();
    logged = jest.spyOn(services.logger, 'info');
    const slow: Route = {
      method: 'POST',
      pattern: '/v1/chat/completions',
      auth: 'none',
      handler: async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await ctx.response.json(200, { ok: true });
      },
    };
    server = await startHttpAdapter(createGatewayApp(services, [slow]), { port: 0, maxBodyBytes: 1024 });

    const answer = await rawExchange(server.url, 'POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Length: 2\r\n\r\n{}GARBAGE\r\n\r\n', 'wait');

    expect([...answer.raw.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((match) => match[1])).toEqual(['200', '400']);
    expect(answer.raw).toContain('{"ok":true}HTTP/1.1 400');
    expect(answer.raw).toMatch(/"code":"malformed_request"/);
  });

  it('still serves a well-formed request on the same server', async () => {
    server = await startGateway();
    const answer = await rawExchange(server.url, 'POST /v1/messages HTTP/1.1\r\nHost: gw\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}', 'wait');
    expect(answer.status).toBe(200);
    expect(await accessLine()).toMatchObject({ status: 200, path: '/v1/messages' });
  });

  it.each([
    { error: { code: 'HPE_INVALID_CHUNK_SIZE', message: 'Parse Error: Invalid character in chunk size' }, failure: { kind: 'malformed', detail: 'Invalid character in chunk size' }, answer: 'malformed' },
    { error: { code: 'HPE_HEADER_OVERFLOW', message: 'Parse Error: Header overflow' }, failure: { kind: 'headers_too_large' }, answer: 'headers_too_large' },
    { error: { code: 'ERR_HTTP_REQUEST_TIMEOUT', message: 'Request timeout' }, failure: { kind: 'timeout' }, answer: 'timeout' },
    { error: { code: 'HPE_INVALID_EOF_STATE', message: 'Parse Error' }, failure: undefined, answer: 'none: the client went away' },
    { error: { code: 'ECONNRESET', message: 'read ECONNRESET' }, failure: undefined, answer: 'none: the client went away' },
  ])('parser error $error.code is answered as $answer', ({ error, failure }) => {
    expect(transportFailureOf(error)).toEqual(failure);
  });
});
