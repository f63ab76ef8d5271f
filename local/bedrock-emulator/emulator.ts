/**
 * @module Starts the emulator: an h2c listener for the runtime client and an HTTP/1.1 listener for
 * the control-plane client and `/_emulator`; both serve every route.
 *
 * The runtime client (`@aws-sdk/client-bedrock-runtime`) uses NodeHttp2Handler, which speaks HTTP/2
 * with prior knowledge to `http://` endpoints, while the control-plane client uses HTTP/1.1; a Node
 * socket cannot be handed to HTTP/2 after sniffing, hence two listeners.
 */

import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttp2Server, type Http2Server, type Http2Session } from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_MODELS } from './default-models';
import { handleControlRequest } from './control-routes';
import type { EmulatorCore } from './emulator-core';
import { sendJson, type RequestSource, type ResponseSink } from './http-io';
import { ModelResolver } from './model-resolver';
import { RequestLog } from './request-log';
import { handleRuntimeCall } from './runtime-routes';
import { ScriptStore } from './script-store';
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
  /** Region used in ARNs. @default 'us-east-1' */
  readonly region?: string;
  /** Account id used in inference-profile ARNs. @default '123456789012' */
  readonly accountId?: string;
  /** Application inference profile id to foundation model id. @default - such ARNs resolve to the first model of the needed kind */
  readonly applicationInferenceProfiles?: Readonly<Record<string, string>>;
  /** How many requests the log keeps (oldest dropped first). @default 1000 */
  readonly maxLoggedRequests?: number;
}

/** A running emulator. */
interface BedrockEmulator {
  /** `http://HOST:PORT` of the HTTP/2 listener: the BedrockRuntimeClient `endpoint`. */
  readonly runtimeUrl: string;
  /** `http://HOST:PORT` of the HTTP/1.1 listener: the BedrockClient `endpoint`, and `/_emulator`. */
  readonly controlUrl: string;
  readonly models: readonly EmulatorModel[];
  /** Queues replies for the next matching Converse/ConverseStream call(s). */
  script(...replies: readonly ScriptedReply[]): void;
  /** Queues faults for the next matching call(s). */
  fault(...faults: readonly EmulatorFault[]): void;
  /** Requests received so far, oldest first; stream records update while streams run. */
  readonly requests: readonly RecordedRequest[];
  /** Empties the request log. */
  clearRequests(): void;
  /** Resolves when no runtime call is in flight (use after an abort, before reading `stream.aborted`). */
  whenIdle(): Promise<void>;
  /** Clears scripts, faults and the request log. */
  reset(): void;
  /** Stops both listeners, cutting open streams and sessions. */
  close(): Promise<void>;
}

const RUNTIME_ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|count-tokens)$/;

const OPERATIONS_BY_PATH: Readonly<Record<string, RuntimeOperation>> = {
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  invoke: 'InvokeModel',
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
    shutdown: shutdown.signal,
  };
  const handle = (request: RequestSource, response: ResponseSink): void => {
    // A client that vanishes mid-write makes the write throw; there is nobody left to answer.
    route(core, request, response).catch(() => undefined);
  };

  const sessions = new Set<Http2Session>();
  const sockets = new Set<Socket>();
  const runtimeServer = createHttp2Server(handle);
  runtimeServer.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  // A destroyed session still ends its socket gracefully, which never finishes while the client
  // leaves a stream unread; closing must not wait for that, so the raw sockets are destroyed too.
  runtimeServer.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const controlServer = createHttpServer(handle);

  const runtimePort = await listen(runtimeServer, options.runtimePort ?? 0, host);
  const controlPort = await listen(controlServer, options.controlPort ?? 0, host).catch(async (error: unknown) => {
    await closeServer(runtimeServer);
    throw error;
  });

  return {
    runtimeUrl: `http://${host}:${runtimePort}`,
    controlUrl: `http://${host}:${controlPort}`,
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
    },
    close: async () => {
      shutdown.abort();
      const closed = Promise.all([closeServer(runtimeServer), closeServer(controlServer)]);
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      controlServer.closeAllConnections();
      await closed;
    },
  };
}

export { startBedrockEmulator };
export type { BedrockEmulator, BedrockEmulatorOptions };
