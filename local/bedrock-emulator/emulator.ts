/**
 * @module Starts the emulator: an h2c listener for the runtime client and an HTTP/1.1 listener for
 * the control-plane client and `/_emulator`; both serve every route. Optionally a third, TLS
 * listener (HTTP/2 and HTTP/1.1 by ALPN, as Bedrock itself) that counts handshakes.
 *
 * The runtime client (`@aws-sdk/client-bedrock-runtime`) uses NodeHttp2Handler, which speaks HTTP/2
 * with prior knowledge to `http://` endpoints, while the control-plane client uses HTTP/1.1; a Node
 * socket cannot be handed to HTTP/2 after sniffing, hence two listeners.
 */

import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttp2Server, type Http2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { trackConnections } from './connection-tracker';
import { DEFAULT_MODELS } from './default-models';
import { handleControlRequest } from './control-routes';
import { InvocationLoggingSetting } from './invocation-logging';
import type { EmulatorCore } from './emulator-core';
import { sendJson, type RequestSource, type ResponseSink } from './http-io';
import { ModelResolver } from './model-resolver';
import type { EmulatorPrice } from './price-list';
import { RequestLog } from './request-log';
import { handleRuntimeCall } from './runtime-routes';
import { ScriptStore } from './script-store';
import { startTlsListener, type TlsHandshakeCounts } from './tls-listener';
import type { EmulatorFault, EmulatorModel, RecordedRequest, RuntimeOperation, ScriptedReply } from './types';

/** Options of `startBedrockEmulator`. */
interface BedrockEmulatorOptions {
  /** Interface both listeners bind to. @default '127.0.0.1' */
  readonly host?: string;
  /** Port of the HTTP/2 (runtime) listener; 0 picks a free one. @default 0 */
  readonly runtimePort?: number;
  /** Port of the HTTP/1.1 (control plane, `/_emulator`) listener; 0 picks a free one. @default 0 */
  readonly controlPort?: number;
  /** Models the emulator knows. @default DEFAULT_MODELS */
  readonly models?: readonly EmulatorModel[];
  /** SKUs the Price List API (GetProducts, `AmazonBedrock`) serves. @default [] */
  readonly priceList?: readonly EmulatorPrice[];
  /** Region used in ARNs. @default 'us-east-1' */
  readonly region?: string;
  /** Account id used in inference-profile ARNs. @default '123456789012' */
  readonly accountId?: string;
  /** Application inference profile id to foundation model id. @default - such ARNs resolve to the first model of the needed kind */
  readonly applicationInferenceProfiles?: Readonly<Record<string, string>>;
  /** How many requests the log keeps (oldest dropped first). @default 1000 */
  readonly maxLoggedRequests?: number;
  /**
   * Also serve every route over TLS, on a self-signed certificate made at start (`port` 0 picks a
   * free one). @default - no TLS listener
   */
  readonly tls?: { readonly port?: number };
}

/** The TLS listener of a running emulator. */
interface EmulatorTls {
  /** `https://127.0.0.1:PORT`: a BedrockRuntimeClient `endpoint` that behaves like Bedrock's. */
  readonly url: string;
  /** The certificate (PEM) a client must trust to connect. */
  readonly certificatePem: string;
  /** TLS handshakes so far: with connection reuse, one per connection a client keeps. */
  handshakes(): TlsHandshakeCounts;
}

/** A running emulator. */
interface BedrockEmulator {
  /** `http://HOST:PORT` of the HTTP/2 listener: the BedrockRuntimeClient `endpoint`. */
  readonly runtimeUrl: string;
  /** `http://HOST:PORT` of the HTTP/1.1 listener: the BedrockClient `endpoint`, and `/_emulator`. */
  readonly controlUrl: string;
  /** The TLS listener, when `tls` was given. */
  readonly tls?: EmulatorTls;
  readonly models: readonly EmulatorModel[];
  /** Queues replies for the next matching chat call(s) (Converse, ConverseStream, InvokeModel on chat models, their streams). */
  script(...replies: readonly ScriptedReply[]): void;
  /** Queues faults for the next matching call(s). */
  fault(...faults: readonly EmulatorFault[]): void;
  /** Requests received so far, oldest first; stream records update while streams run. */
  readonly requests: readonly RecordedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Resolves when no runtime call is in flight (use after an abort, before reading `stream.aborted`). */
  whenIdle(): Promise<void>;
  /** Clears scripts, faults, the request log and the invocation logging setting. */
  reset(): void;
  /** Stops both listeners, cutting open streams and sessions. */
  close(): Promise<void>;
}

const RUNTIME_ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream|count-tokens)$/;

const OPERATIONS_BY_PATH: Readonly<Record<string, RuntimeOperation>> = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream',
  'count-tokens': 'CountTokens',
};

async function route(core: EmulatorCore, request: RequestSource, response: ResponseSink): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://emulator.invalid');
  const runtime = RUNTIME_ROUTE.exec(url.pathname);
  const operation = runtime ? OPERATIONS_BY_PATH[runtime[2] ?? ''] : undefined;
  if (method === 'POST' && runtime && operation) {
    return handleRuntimeCall(core, operation, decodeURIComponent(runtime[1] ?? ''), request, response);
  }
  if (await handleControlRequest(core, method, url, request, response)) return;
  sendJson(response, 404, { message: `The emulator has no operation for ${method} ${url.pathname}.` }, { 'x-amzn-errortype': 'UnknownOperationException' });
}

function listen(server: HttpServer | Http2Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: HttpServer | Http2Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * Starts a Bedrock emulator that the unmodified AWS SDK clients talk to.
 *
 * @example
 * const emulator = await startBedrockEmulator();
 * const runtime = new BedrockRuntimeClient({ endpoint: emulator.runtimeUrl, region: 'us-east-1',
 *   credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
 * emulator.script({ text: 'Hi!' });
 * await runtime.send(new ConverseCommand({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', messages }));
 * await emulator.close();
 */
async function startBedrockEmulator(options: BedrockEmulatorOptions = {}): Promise<BedrockEmulator> {
  const host = options.host ?? '127.0.0.1';
  const shutdown = new AbortController();
  const models = options.models ?? DEFAULT_MODELS;
  const core: EmulatorCore = {
    resolver: new ModelResolver(models, { applicationInferenceProfiles: options.applicationInferenceProfiles }),
    store: new ScriptStore(),
    log: new RequestLog(options.maxLoggedRequests ?? 1000),
    control: { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '123456789012' },
    priceList: options.priceList ?? [],
    invocationLogging: new InvocationLoggingSetting(),
    shutdown: shutdown.signal,
  };
  const handle = (request: RequestSource, response: ResponseSink): void => {
    // A client that vanishes mid-write makes the write throw; there is nobody left to answer.
    route(core, request, response).catch(() => undefined);
  };

  const runtimeServer = createHttp2Server(handle);
  const cutRuntimeConnections = trackConnections(runtimeServer);
  const controlServer = createHttpServer(handle);

  const runtimePort = await listen(runtimeServer, options.runtimePort ?? 0, host);
  const controlPort = await listen(controlServer, options.controlPort ?? 0, host).catch(async (error: unknown) => {
    await closeServer(runtimeServer);
    throw error;
  });
  const tls =
    options.tls === undefined
      ? undefined
      : await startTlsListener(handle, { host, port: options.tls.port ?? 0 }).catch(async (error: unknown) => {
          await Promise.all([closeServer(runtimeServer), closeServer(controlServer)]);
          throw error;
        });

  return {
    runtimeUrl: `http://${host}:${runtimePort}`,
    controlUrl: `http://${host}:${controlPort}`,
    ...(tls === undefined ? {} : { tls: { url: tls.url, certificatePem: tls.certificatePem, handshakes: () => tls.handshakes() } }),
    models,
    script: (...replies) => core.store.script(...replies),
    fault: (...faults) => core.store.fault(...faults),
    get requests() {
      return core.log.list();
    },
    clearRequests: () => core.log.clear(),
    whenIdle: () => core.log.whenIdle(),
    reset: () => {
      core.store.clear();
      core.log.clear();
      core.invocationLogging.reset();
    },
    close: async () => {
      shutdown.abort();
      const closed = Promise.all([closeServer(runtimeServer), closeServer(controlServer), tls?.close()]);
      cutRuntimeConnections();
      controlServer.closeAllConnections();
      await closed;
    },
  };
}

export { startBedrockEmulator };
export type { BedrockEmulator, BedrockEmulatorOptions, EmulatorTls };
