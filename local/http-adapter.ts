/**
 * @module The local Node HTTP adapter: serves the gateway pipeline on a plain `node:http` server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayHandler, GatewayRequest, ResponseSink } from '../lambda/platform/http-types';

interface HttpAdapterOptions {
  /** Bodies above this many bytes are not kept; the pipeline answers 413. */
  readonly maxBodyBytes: number;
  /** @default 4000 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

interface RunningHttpServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** A client still sending past this multiple of the limit is cut off instead of drained. */
const DRAIN_FACTOR = 4;

function readBody(req: IncomingMessage, maxBodyBytes: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
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
    req.on('end', () => resolve({ body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge }));
    req.on('error', (error) => (tooLarge ? resolve({ body: Buffer.alloc(0), tooLarge }) : reject(error)));
  });
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

/** Serves `app` over HTTP/1.1; resolves once listening. */
async function startHttpAdapter(app: GatewayHandler, options: HttpAdapterOptions): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    const receivedAtMs = Date.now();
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort(new Error('client disconnected'));
    });
    void (async () => {
      const { body, tooLarge } = await readBody(req, options.maxBodyBytes);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request: GatewayRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: headersOf(req),
        body,
        bodyTooLarge: tooLarge,
        sourceIp: req.socket.remoteAddress ?? '',
        signal: abort.signal,
        receivedAtMs,
      };
      await app(request, nodeSink(res));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'The gateway failed to process the request.', type: 'server_error', code: null, param: null } }));
      process.emitWarning(`gateway adapter failure: ${String(error)}`);
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    server,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { startHttpAdapter };
export type { HttpAdapterOptions, RunningHttpServer };
