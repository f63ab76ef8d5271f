/**
 * @module A response sink that records what the pipeline sent, for in-process tests.
 */
import type { GatewayRequest, ResponseSink } from '../../lambda/platform/http-types';

interface CaptureSink extends ResponseSink {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly chunks: string[];
  readonly ended: boolean;
  text(): string;
  json<T = unknown>(): T;
}

function createCaptureSink(): CaptureSink {
  let statusCode = 0;
  let headers: Record<string, string> = {};
  let started = false;
  let ended = false;
  const chunks: string[] = [];
  return {
    get statusCode() {
      return statusCode;
    },
    get headers() {
      return headers;
    },
    get started() {
      return started;
    },
    get ended() {
      return ended;
    },
    chunks,
    start(status, responseHeaders) {
      if (started) throw new Error('started twice');
      started = true;
      statusCode = status;
      headers = { ...responseHeaders };
    },
    async write(chunk) {
      if (!started) throw new Error('write before start');
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    },
    async end() {
      ended = true;
    },
    text() {
      return chunks.join('');
    },
    json<T>() {
      return JSON.parse(chunks.join('')) as T;
    },
  };
}

/** Builds a request value with sensible defaults. */
function buildRequest(overrides: Partial<GatewayRequest> & { json?: unknown } = {}): GatewayRequest {
  const { json, ...rest } = overrides;
  return {
    method: 'GET',
    path: '/',
    query: new URLSearchParams(),
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    body: json === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(json)),
    sourceIp: '127.0.0.1',
    signal: new AbortController().signal,
    receivedAtMs: Date.now(),
    ...rest,
  };
}

export { buildRequest, createCaptureSink };
export type { CaptureSink };
