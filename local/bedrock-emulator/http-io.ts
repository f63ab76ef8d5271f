/** @module Minimal request/response plumbing shared by the HTTP/2 and HTTP/1.1 listeners. */

import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { BedrockEmulatorError } from './bedrock-errors';
import { toWireJson } from './wire-json';

/** What the handlers read from a request; both `http` and `http2` compat requests fit. */
interface RequestSource extends AsyncIterable<Buffer | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: IncomingHttpHeaders;
}

/** What the handlers write to; both `http` and `http2` compat responses fit. */
interface ResponseSink {
  writeHead(statusCode: number, headers: OutgoingHttpHeaders): unknown;
  write(chunk: Uint8Array | string): boolean;
  end(chunk?: Uint8Array | string): unknown;
  once(event: 'close', listener: () => void): unknown;
  readonly writableEnded: boolean;
  readonly headersSent: boolean;
}

/** Requests larger than this are refused; Bedrock's own limit is lower. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;

/** Reads the whole body. */
async function readBody(request: RequestSource): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BedrockEmulatorError('ValidationException', 'Input is too long for requested model.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body; an empty body is `{}`. */
function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new BedrockEmulatorError('ValidationException', 'Malformed input request, please reformat your input and try again.');
  }
}

/** Headers every response carries. */
function baseHeaders(requestId: string): OutgoingHttpHeaders {
  return { 'x-amzn-requestid': requestId, date: new Date().toUTCString() };
}

/** Sends a JSON body (blobs as base64). */
function sendJson(response: ResponseSink, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = toWireJson(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Sends a restJson1 error: status, `x-amzn-errortype` and `{"message"}`, which the SDK maps to its exception class. */
function sendError(response: ResponseSink, error: BedrockEmulatorError, requestId: string): void {
  sendJson(response, error.statusCode, error.toJSON(), { ...baseHeaders(requestId), 'x-amzn-errortype': error.errorType });
}

/** Request headers as a flat record, without HTTP/2 pseudo-headers. */
function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined || name.startsWith(':') ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}

/** A new request id, in the UUID form Bedrock uses. */
function newRequestId(): string {
  return randomUUID();
}

/** Waits `ms`, or less if `signal` aborts first (resolving false). */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0 || signal.aborted) return Promise.resolve(!signal.aborted);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export { baseHeaders, flattenHeaders, newRequestId, parseJsonBody, readBody, sendError, sendJson, sleep };
export type { RequestSource, ResponseSink };
