/** @module Bedrock runtime client settings for the gateway: one SDK attempt per call and a connect timeout. */
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';

/** Options of `bedrockClientConfig`. */
interface BedrockClientConfigOptions {
  /** TCP (and TLS) connect limit. */
  readonly connectTimeoutMs: number;
  /** @default - the SDK's Region chain */
  readonly region?: string;
}

/** The error a connect timeout destroys the socket with; named like the SDK's timeouts so it is retried. */
function connectTimeoutError(authority: URL, ms: number): Error {
  const error = new Error(`Connecting to ${authority.host} took longer than ${ms} ms.`);
  error.name = 'TimeoutError';
  return error;
}

/**
 * Opens the socket of an HTTP/2 session with a deadline: the SDK's HTTP/2 handler has no connect
 * timeout of its own, so `http2.connect` gets this `createConnection`. TLS endpoints negotiate `h2`
 * by ALPN, as `http2.connect` itself would; `http:` endpoints (the local emulator) use plain TCP.
 */
function connectWithTimeout(connectTimeoutMs: number): (authority: URL) => Socket {
  return (authority) => {
    const host = authority.hostname.replace(/^\[|\]$/g, '');
    const secure = authority.protocol === 'https:';
    const port = Number(authority.port || (secure ? 443 : 80));
    const socket = secure ? connectTls({ host, port, servername: host, ALPNProtocols: ['h2'] }) : connectTcp({ host, port });
    const timer = setTimeout(() => socket.destroy(connectTimeoutError(authority, connectTimeoutMs)), connectTimeoutMs);
    const clear = (): void => clearTimeout(timer);
    socket.once(secure ? 'secureConnect' : 'connect', clear);
    socket.once('close', clear);
    return socket;
  };
}

/**
 * The BedrockRuntimeClient configuration the gateway runs with.
 *
 * `maxAttempts: 1`: the SDK retries throttling three times by default, invisibly and without
 * knowing the request's deadline, its fallbacks or whether a stream already reached the client.
 * The gateway's own retry layer (`runWithFallbacks`) owns every retry instead, so attempts are
 * bounded once, logged and counted. `disableConcurrentStreams` keeps the SDK's default of one
 * HTTP/2 session per request.
 */
function bedrockClientConfig(options: BedrockClientConfigOptions): BedrockRuntimeClientConfig {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    maxAttempts: 1,
    requestHandler: {
      disableConcurrentStreams: true,
      nodeHttp2ConnectOptions: { createConnection: connectWithTimeout(options.connectTimeoutMs) },
    },
  };
}

export { bedrockClientConfig, connectWithTimeout };
export type { BedrockClientConfigOptions };
