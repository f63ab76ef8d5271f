/**
 * @module The console server: serves the web app on loopback and forwards `/api/admin/*` to the
 * admin API with the operator's credentials (admin token or SigV4), which never reach the browser.
 *
 * It holds no state: every page reads and writes through the admin API.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AdminApiClient } from '../admin-api-client';
import type { ConsoleAssets } from './assets';
import { refusalOf } from './request-guard';

const DEFAULT_CONSOLE_PORT = 4100;
/** Admin request bodies are small JSON objects. */
const MAX_BODY_BYTES = 64 * 1024;
const FORWARDED_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-disposition', 'x-request-id'] as const;

/** Browsers may run only the console's own script and styles, never inside another site's frame. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
} as const;

interface ConsoleServerOptions {
  readonly admin: AdminApiClient;
  readonly assets: ConsoleAssets;
  /** @default 4100; 0 picks a free port */
  readonly port?: number;
}

interface RunningConsole {
  readonly url: string;
  close(): Promise<void>;
}

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLargeError(`The request body is over ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(size === 0 ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const consoleError = (message: string): unknown => ({ error: { message, type: 'console_error', code: null, param: null } });

/** What went wrong between the console and the admin API, in words an operator can act on. */
function unreachableMessage(error: unknown, admin: AdminApiClient): string {
  const target = admin.url('/admin').toString();
  const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    return `No AWS credentials to sign requests to ${target}: set AWS_PROFILE or the AWS_ACCESS_KEY_ID variables (or run \`aws sso login\`), then restart the console. (${detail})`;
  }
  return `The admin API at ${target} did not answer: ${detail}. Is the gateway running at that address?`;
}

async function forward(req: IncomingMessage, res: ServerResponse, admin: AdminApiClient, path: string): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!FORWARDED_METHODS.has(method)) return sendJson(res, 405, consoleError(`The console does not forward ${method} requests.`));
  let body: string | undefined;
  try {
    body = await readBody(req);
  } catch (error) {
    return sendJson(res, 413, consoleError((error as Error).message));
  }
  let answer: Response;
  try {
    answer = await admin.send({ method, path, body, accept: req.headers.accept ?? 'application/json' });
  } catch (error) {
    return sendJson(res, 502, consoleError(unreachableMessage(error, admin)));
  }
  const headers: Record<string, string> = { ...SECURITY_HEADERS, 'cache-control': 'no-store' };
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  res.writeHead(answer.status, headers);
  res.end(Buffer.from(await answer.arrayBuffer()));
}

/** Starts the console on 127.0.0.1; resolves once listening. */
async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const { admin, assets } = options;
  let port = options.port ?? DEFAULT_CONSOLE_PORT;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const refusal = refusalOf({ method: (req.method ?? 'GET').toUpperCase(), headers: req.headers as Record<string, string | undefined> }, port);
    if (refusal !== undefined) return sendJson(res, 403, consoleError(refusal));
    if (url.pathname === '/api/console') {
      return sendJson(res, 200, { adminUrl: admin.url('').toString().replace(/\/$/, ''), auth: admin.auth, region: admin.region ?? null });
    }
    if (url.pathname.startsWith('/api/admin/') || url.pathname === '/api/admin') {
      forward(req, res, admin, `${url.pathname.slice('/api'.length)}${url.search}`).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 502, consoleError(unreachableMessage(error, admin)));
        else res.destroy();
      });
      return undefined;
    }
    const asset = req.method === 'GET' || req.method === 'HEAD' ? assets.files.get(url.pathname === '/index.html' ? '/' : url.pathname) : undefined;
    if (asset === undefined) return sendJson(res, 404, consoleError(`Nothing at ${url.pathname}.`));
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': asset.contentType, 'content-length': asset.body.length, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return undefined;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export { DEFAULT_CONSOLE_PORT, startConsoleServer };
export type { ConsoleServerOptions, RunningConsole };
