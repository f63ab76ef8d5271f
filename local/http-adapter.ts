/**
 * @module The local Node HTTP adapter: serves the gateway pipeline over HTTP/1.1 (`node:http`) and
 * cleartext HTTP/2 (`node:http2`) on one port. The AWS SDK for JavaScript's Bedrock runtime client
 * speaks HTTP/2 with prior knowledge to `http://` endpoints, while boto3, curl and the OpenAI and
 * Anthropic SDKs speak HTTP/1.1: each connection's first bytes tell them apart (HTTP/2 opens with
 * `PRI * HTTP/2.0`), and the socket, those bytes put back, goes to the matching server.
 */
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { GatewayHandler, GatewayRequest, ResponseSink, TransportFailure } from '../lambda/platform/http-types';

interface HttpAdapterOptions {
  /** Bodies above this many bytes are not kept; the pipeline answers 413. */
  readonly maxBodyBytes: number;
  /** @default 4000 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

interface RunningHttpServer {
  /** The HTTP/1.1 server (it does not listen itself: `listener` hands it its connections). */
  readonly server: Server;
  /** The listening socket server; each connection goes on to the HTTP/1.1 or the HTTP/2 server. */
  readonly listener: NetServer;
  readonly url: string;
  close(): Promise<void>;
}

/** A client still sending past this multiple of the limit is cut off instead of drained. */
const DRAIN_FACTOR = 4;

/** How long a connection answered after a parser error may still drain what its client sends before it is closed. */
const ERROR_LINGER_MS = 1000;

interface ReadBody {
  readonly body: Buffer;
  readonly tooLarge: boolean;
  /** False when the connection ended or failed before the whole body arrived. */
  readonly complete: boolean;
}

function readBody(req: IncomingMessage | Http2ServerRequest, maxBodyBytes: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBodyBytes) {
        tooLarge = true;
        chunks.length = 0;
        if (received > maxBodyBytes * DRAIN_FACTOR) req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge, complete: true }));
    // A body cut off past the limit is answered 413 like one read to its end; any other cut is incomplete.
    req.on('error', () => resolve({ body: Buffer.alloc(0), tooLarge, complete: tooLarge }));
  });
}

/**
 * What the server's HTTP parser (`clientError`) failed on: a failure to answer, or `undefined` when
 * the client itself went away (a reset, or an end of stream mid-request) and there is no one to answer.
 *
 * @example transportFailureOf({ code: 'HPE_HEADER_OVERFLOW', message: 'Parse Error: Header overflow' }) // { kind: 'headers_too_large' }
 */
function transportFailureOf(error: { readonly code?: string; readonly message: string }): TransportFailure | undefined {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE_INVALID_EOF_STATE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return { kind: 'headers_too_large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { kind: 'timeout' };
    default:
      return { kind: 'malformed', detail: error.message.replace(/^Parse Error:?\s*/, '') || (error.code ?? 'parse error') };
  }
}

/** Method and path of the request line at the start of `raw`, when there is one. */
function requestLineOf(raw: Buffer | undefined): { method: string; target: string } | undefined {
  const match = /^([A-Z]{1,20}) (\S{1,8192}) HTTP\/1\.[01]\r?\n/.exec(raw?.subarray(0, 8300).toString('latin1') ?? '');
  return match === null ? undefined : { method: match[1] as string, target: match[2] as string };
}

function parseTarget(target: string): URL {
  try {
    return new URL(target, 'http://localhost');
  } catch {
    return new URL('/', 'http://localhost');
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function nodeSink(res: ServerResponse): ResponseSink {
  return {
    get started() {
      return res.headersSent;
    },
    start(statusCode, headers) {
      res.writeHead(statusCode, headers);
      // A stream's headers go now, so its first byte does not wait for its first event; a sized
      // body (JSON) leaves with its headers in one write instead of two.
      if (headers['content-length'] === undefined) res.flushHeaders();
    },
    write(chunk) {
      if (res.destroyed || res.writableEnded) return Promise.resolve();
      return new Promise<void>((resolve) => {
        if (res.write(chunk)) resolve();
        else {
          const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        }
      });
    },
    end() {
      if (res.writableEnded || res.destroyed) return Promise.resolve();
      // A write that never drained: the client stopped reading and the gateway gave up on it.
      if (res.writableNeedDrain) {
        res.destroy();
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => res.end(resolve));
    },
  };
}

/**
 * A sink writing one complete HTTP/1.1 response straight to a socket whose request the parser
 * could not read (so no `ServerResponse` can answer it); the connection closes after it.
 */
function socketSink(socket: Duplex): ResponseSink {
  let head: { readonly statusCode: number; readonly headers: Readonly<Record<string, string>> } | undefined;
  const chunks: Buffer[] = [];
  let ended = false;
  return {
    get started() {
      return head !== undefined;
    },
    start(statusCode, headers) {
      head = { statusCode, headers };
    },
    write(chunk) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
      return Promise.resolve();
    },
    end() {
      if (ended || head === undefined) return Promise.resolve();
      ended = true;
      const body = Buffer.concat(chunks);
      const lines = [`HTTP/1.1 ${head.statusCode} ${STATUS_CODES[head.statusCode] ?? 'Error'}`];
      for (const [name, value] of Object.entries(head.headers)) {
        if (name === 'content-length' || name === 'connection' || /[\r\n]/.test(`${name}${value}`)) continue;
        lines.push(`${name}: ${value}`);
      }
      lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
      if (!socket.writable) {
        socket.destroy();
        return Promise.resolve();
      }
      // Closed after a grace period, not at once: a reset while the client is still sending would discard the answer.
      const linger = setTimeout(() => socket.destroy(), ERROR_LINGER_MS);
      linger.unref();
      socket.once('close', () => clearTimeout(linger));
      socket.resume();
      return new Promise<void>((resolve) => socket.end(Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]), resolve));
    },
  };
}

/** The client connection preface of HTTP/2 (RFC 9113 section 3.4). */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

/** Headers HTTP/2 forbids (connection-specific; RFC 9113 section 8.2.2): left out of HTTP/2 responses. */
const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** An HTTP/2 request's headers without pseudo-headers (`:path`, ...); `:authority` becomes `host`. */
function http2HeadersOf(req: Http2ServerRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === ':authority' && typeof value === 'string') headers['host'] ??= value;
    if (value !== undefined && !name.startsWith(':')) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function http2Sink(res: Http2ServerResponse): ResponseSink {
  return {
    get started() {
      return res.headersSent;
    },
    start(statusCode, headers) {
      res.writeHead(statusCode, Object.fromEntries(Object.entries(headers).filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()))));
    },
    write(chunk) {
      if (res.stream.destroyed || res.writableEnded) return Promise.resolve();
      return new Promise<void>((resolve) => {
        if (res.write(chunk)) resolve();
        else {
          const done = (): void => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.once('drain', done);
          res.once('close', done);
        }
      });
    },
    end() {
      if (res.writableEnded || res.stream.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        res.end(() => resolve());
      });
    },
  };
}

/** Serves one HTTP/2 request (HTTP/2 has no HTTP/1.1 parser errors: nghttp2 resets bad streams itself). */
/**
 * The gateway's request from a Node request whose body has been read; a body the client did not
 * finish aborts the request's signal and is marked as incomplete.
 */
function gatewayRequestOf(
  req: IncomingMessage | Http2ServerRequest,
  headers: Record<string, string>,
  { body, tooLarge, complete }: ReadBody,
  abort: AbortController,
  receivedAtMs: number,
): GatewayRequest {
  const url = parseTarget(req.url ?? '/');
  if (!complete) abort.abort(new Error('client disconnected'));
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    body,
    bodyTooLarge: tooLarge,
    ...(complete ? {} : { transportFailure: { kind: 'body_incomplete' } }),
    sourceIp: req.socket.remoteAddress ?? '',
    signal: abort.signal,
    receivedAtMs,
  };
}

/** Answers a request the adapter itself failed on with a 500 and warns (the app answers everything else). */
function answerAdapterFailure(
  res: { readonly headersSent: boolean; writeHead(status: number, headers: Record<string, string>): unknown; end(body: string): unknown },
  error: unknown,
): void {
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { message: 'The gateway failed to process the request.', type: 'server_error', code: null, param: null } }));
  process.emitWarning(`gateway adapter failure: ${String(error)}`);
}

function handleHttp2(app: GatewayHandler, options: HttpAdapterOptions, req: Http2ServerRequest, res: Http2ServerResponse): void {
  const receivedAtMs = Date.now();
  const abort = new AbortController();
  // The compatibility response emits 'finish' even for a stream the client reset: the response went
  // out only if the gateway ended it and the stream closed without an error code.
  res.once('close', () => {
    if (!res.writableEnded || (res.stream.rstCode ?? 0) !== 0) abort.abort(new Error('client disconnected'));
  });
  void (async () => {
    const read = await readBody(req, options.maxBodyBytes);
    await app(gatewayRequestOf(req, http2HeadersOf(req), read, abort, receivedAtMs), http2Sink(res));
  })().catch((error: unknown) => answerAdapterFailure(res, error));
}

/**
 * Hands each connection to the HTTP/1.1 or the HTTP/2 server by its first bytes: a connection that
 * starts with HTTP/2's preface (prior knowledge, as the AWS SDK's HTTP/2 client opens `http://`
 * connections) goes to HTTP/2, those bytes put back; anything else to HTTP/1.1.
 */
function sniffProtocol(onHttp1: (socket: Socket) => void, onHttp2: (socket: Socket) => void): (socket: Socket) => void {
  return (socket) => {
    let received = Buffer.alloc(0);
    // Until a server owns the socket, a reset must not become an unhandled 'error' event.
    const onError = (): void => {
      socket.destroy();
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const length = Math.min(received.length, HTTP2_PREFACE.length);
      const http2 = received.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
      if (http2 && received.length < HTTP2_PREFACE.length) return;
      socket.off('data', onData);
      socket.off('error', onError);
      socket.pause();
      socket.unshift(received);
      if (http2) {
        // Not resumed: the HTTP/2 session reads the bytes already buffered on the socket when it starts.
        onHttp2(socket);
      } else {
        onHttp1(socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
    socket.on('error', onError);
  };
}

/** Serves `app` over HTTP/1.1 and cleartext HTTP/2 on one port; resolves once listening. */
async function startHttpAdapter(app: GatewayHandler, options: HttpAdapterOptions): Promise<RunningHttpServer> {
  // Requests whose headers were read, by connection: a parser error later in the body answers for them.
  const inFlight = new WeakMap<Duplex, { readonly req: IncomingMessage; readonly res: ServerResponse; answered: boolean; release(): void }>();
  const failed = new WeakSet<Duplex>();
  // Responses still open on each connection: a parser error's answer waits for them (pipelining), so
  // its bytes never interleave with theirs.
  const connections = new WeakMap<Duplex, { open: number; readonly whenIdle: (() => void)[] }>();
  const connectionOf = (socket: Duplex): { open: number; readonly whenIdle: (() => void)[] } => {
    const known = connections.get(socket);
    if (known !== undefined) return known;
    const created = { open: 0, whenIdle: [] };
    connections.set(socket, created);
    return created;
  };

  const server = createServer((req, res) => {
    const receivedAtMs = Date.now();
    const abort = new AbortController();
    const connection = connectionOf(req.socket);
    connection.open += 1;
    let counted = true;
    const release = (): void => {
      if (!counted) return;
      counted = false;
      connection.open -= 1;
      if (connection.open === 0) for (const run of connection.whenIdle.splice(0)) run();
    };
    const state = { req, res, answered: false, release };
    inFlight.set(req.socket, state);
    res.once('close', () => {
      release();
      if (!res.writableFinished) abort.abort(new Error('client disconnected'));
    });
    void (async () => {
      const read = await readBody(req, options.maxBodyBytes);
      if (inFlight.get(req.socket) === state) inFlight.delete(req.socket);
      // The parser failed on this request's body and `clientError` answered it.
      if (state.answered) return;
      await app(gatewayRequestOf(req, headersOf(req), read, abort, receivedAtMs), nodeSink(res));
    })().catch((error: unknown) => answerAdapterFailure(res, error));
  });

  // Node's own answer to a request its parser rejects is an empty 400 or a bare 431, never logged: the
  // pipeline answers it instead, in the error format of the path (when the request line was read) and
  // with an access-log line, like every other request.
  server.on('clientError', (error: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex) => {
    if (failed.has(socket)) return;
    failed.add(socket);
    const failure = transportFailureOf(error);
    // The request whose body the parser was reading; a complete one is answered by its handler, and
    // the error belongs to a request pipelined after it.
    const latest = inFlight.get(socket);
    const current = latest?.req.complete === false ? latest : undefined;
    // Gone (its request, if any, logs itself as aborted), or already answering: nothing can be sent.
    if (failure === undefined || current?.res.headersSent === true || !socket.writable) {
      socket.destroy();
      return;
    }
    if (current !== undefined) {
      current.answered = true;
      current.release();
    }
    const line = current === undefined ? requestLineOf(error.rawPacket) : { method: current.req.method ?? '', target: current.req.url ?? '/' };
    const url = parseTarget(line?.target ?? '/');
    const request: GatewayRequest = {
      method: (line?.method ?? '').toUpperCase(),
      path: line === undefined ? '' : url.pathname,
      query: url.searchParams,
      headers: current === undefined ? {} : headersOf(current.req),
      body: Buffer.alloc(0),
      transportFailure: failure,
      sourceIp: (socket as Socket).remoteAddress ?? '',
      signal: new AbortController().signal,
      receivedAtMs: Date.now(),
    };
    const answer = (): void => {
      app(request, socketSink(socket)).catch((failure: unknown) => {
        socket.destroy();
        process.emitWarning(`gateway adapter failure: ${String(failure)}`);
      });
    };
    const connection = connectionOf(socket);
    if (connection.open === 0) answer();
    else connection.whenIdle.push(answer);
  });

  server.keepAliveTimeout = 65_000;
  const http2 = createHttp2Server((req, res) => handleHttp2(app, options, req, res));
  const sockets = new Set<Socket>();
  // noDelay: the sockets are accepted here, not by `server` (whose default would do the same); with
  // Nagle's algorithm a stream's first event waited for the client's delayed ACK of its headers (~40 ms).
  const listener = createNetServer(
    { noDelay: true },
    sniffProtocol(
      (socket) => server.emit('connection', socket),
      (socket) => http2.emit('connection', socket),
    ),
  );
  listener.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = listener.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    listener,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        listener.close(() => resolve());
        server.closeAllConnections();
        http2.close();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

export { startHttpAdapter, transportFailureOf };
export type { HttpAdapterOptions, RunningHttpServer };
