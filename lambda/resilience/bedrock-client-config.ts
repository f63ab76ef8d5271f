/**
 * @module Bedrock runtime client settings for the gateway: one SDK attempt per call, a connect
 * timeout, and connections kept open between calls.
 */
import { Agent as HttpsAgent } from 'node:https';
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler, NodeHttpHandler, type NodeHttp2HandlerOptions, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import type { HttpHandler, HttpHandlerOptions, HttpRequest, HttpResponse } from '@smithy/protocol-http';

/** Options of `bedrockClientConfig`. */
interface BedrockClientConfigOptions {
  /** TCP (and TLS) connect limit. */
  readonly connectTimeoutMs: number;
  /** @default - the SDK's Region chain */
  readonly region?: string;
  /**
   * Certificates (PEM) to trust for `https:` endpoints instead of Node's roots: the local emulator's
   * self-signed one in tests. @default - Node's roots (and `NODE_EXTRA_CA_CERTS`)
   */
  readonly trustedCertificates?: string;
}

/** TCP keep-alive probes on idle pooled sockets, so a connection the network dropped is noticed. */
const TCP_KEEPALIVE_MS = 15_000;

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
 * The gateway's Bedrock transport: HTTP/1.1 over kept-alive TLS connections for `https:` endpoints
 * (Bedrock's only kind), HTTP/2 with prior knowledge for `http:` ones (the local emulator's
 * cleartext listener, which speaks nothing else).
 *
 * Why not the SDK's default (NodeHttp2Handler with `disableConcurrentStreams`): it opens a new
 * HTTP/2 session, so a TLS handshake, for every call; and even with pooled sessions it still gives
 * every event stream (ConverseStream, InvokeModelWithResponseStream) an isolated session of its own.
 * Measured against the emulator over TLS (local/bench, README "Performance"), a keep-alive HTTP/1.1
 * agent was the fastest and cheapest of the three: no handshake after the first call on a socket,
 * and about half the client CPU per call of pooled HTTP/2. Bedrock serves its response streams
 * (`application/vnd.amazon.eventstream`) over HTTP/1.1 chunked responses; only the bidirectional
 * stream needs HTTP/2, and the gateway does not use it.
 *
 * A Lambda instance runs one request at a time, so it keeps one connection; a local process keeps
 * one per concurrent call. Aborting a call destroys its socket (Bedrock sees the connection close
 * and stops generating); a pooled socket that went stale fails with ECONNRESET, which the SDK names
 * a TimeoutError and the gateway's retry layer retries.
 */
class BedrockTransport implements HttpHandler<HttpHandlerOptions> {
  private readonly https: NodeHttpHandler;
  private readonly h2c: NodeHttp2Handler;

  constructor(options: BedrockClientConfigOptions) {
    const agent = new HttpsAgent({
      keepAlive: true,
      keepAliveMsecs: TCP_KEEPALIVE_MS,
      // Reuse the most recently used socket first, so idle ones age out instead of all staying half-warm.
      scheduling: 'lifo',
      ...(options.trustedCertificates === undefined ? {} : { ca: options.trustedCertificates }),
    });
    this.https = new NodeHttpHandler({ httpsAgent: agent, connectionTimeout: options.connectTimeoutMs });
    this.h2c = new NodeHttp2Handler({
      disableConcurrentStreams: true,
      nodeHttp2ConnectOptions: { createConnection: connectWithTimeout(options.connectTimeoutMs) },
    });
  }

  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    return request.protocol === 'http:' ? this.h2c.handle(request, options) : this.https.handle(request, options);
  }

  /** The SDK passes its logger and default socket timeout on; both handlers take them. */
  updateHttpClientConfig<K extends keyof NodeHttpHandlerOptions & keyof NodeHttp2HandlerOptions>(
    key: K,
    value: NodeHttpHandlerOptions[K] & NodeHttp2HandlerOptions[K],
  ): void {
    this.https.updateHttpClientConfig(key, value);
    this.h2c.updateHttpClientConfig(key, value);
  }

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    this.https.destroy();
    this.h2c.destroy();
  }
}

/**
 * The BedrockRuntimeClient configuration the gateway runs with.
 *
 * `maxAttempts: 1`: the SDK retries throttling three times by default, invisibly and without
 * knowing the request's deadline, its fallbacks or whether a stream already reached the client.
 * The gateway's own retry layer (`runWithFallbacks`) owns every retry instead, so attempts are
 * bounded once, logged and counted. The transport is `BedrockTransport`.
 */
function bedrockClientConfig(options: BedrockClientConfigOptions): BedrockRuntimeClientConfig {
  return {
    ...(options.region === undefined ? {} : { region: options.region }),
    maxAttempts: 1,
    requestHandler: new BedrockTransport(options),
  };
}

export { BedrockTransport, bedrockClientConfig, connectWithTimeout };
export type { BedrockClientConfigOptions };
