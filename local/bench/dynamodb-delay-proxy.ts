/**
 * @module The benchmark's DynamoDB latency knob: a proxy in front of the embedded engine that holds
 * every call for a fixed time before forwarding it (the network round trip to DynamoDB that a local
 * engine lacks), and records when each call was in flight, so the benchmark can count the round
 * trips a gateway request waited for.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * Epoch milliseconds with `performance.now()`'s resolution: comparable between the load generator
 * and the engine process, which runs the proxy.
 */
function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** One DynamoDB call seen by the proxy, in `preciseNow()` ms. */
interface ProxiedCall {
  /** `GetItem`, `UpdateItem`, ... (from `X-Amz-Target`). */
  readonly operation: string;
  readonly startedAt: number;
  endedAt?: number;
}

interface DynamoDbDelayProxy {
  /** `http://127.0.0.1:PORT`: the `AWS_ENDPOINT_URL_DYNAMODB` of a gateway under test. */
  readonly endpoint: string;
  /** Changes the time added to every call from now on. */
  setDelay(delayMs: number): void;
  /** The time added to every call, ms. */
  delayMs(): number;
  /** Calls started at or after `since` (ms, `preciseNow()`), oldest first. */
  callsSince(since: number): readonly ProxiedCall[];
  /** TCP connections clients opened to the proxy since it started (keep-alive clients open few). */
  connectionsOpened(): number;
  /** Resolves once no call has been in flight for `quietMs`. */
  whenQuiet(quietMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Calls kept for counting; older ones are dropped. */
const MAX_CALLS = 20_000;

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

/**
 * Round trips among `calls`: calls whose flights overlap were issued together and cost one round
 * trip, so this counts the separate busy periods.
 */
function countRoundTrips(calls: readonly ProxiedCall[]): number {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  let trips = 0;
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const call of sorted) {
    if (call.startedAt > busyUntil) trips += 1;
    busyUntil = Math.max(busyUntil, call.endedAt ?? Number.POSITIVE_INFINITY);
  }
  return trips;
}

/** Starts the proxy on 127.0.0.1 in front of `target`, adding `delayMs` to every call. */
async function startDynamoDbDelayProxy({ target, delayMs: initialDelayMs }: { readonly target: string; readonly delayMs: number }): Promise<DynamoDbDelayProxy> {
  const targetUrl = new URL(target);
  let delayMs = initialDelayMs;
  const agent = new Agent({ keepAlive: true });
  const calls: ProxiedCall[] = [];
  let inFlight = 0;
  let lastEndedAt = preciseNow();
  let connections = 0;

  const server: Server = createServer((incoming, reply) => {
    const call: ProxiedCall = { operation: String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '', startedAt: preciseNow() };
    calls.push(call);
    if (calls.length > MAX_CALLS) calls.splice(0, calls.length - MAX_CALLS);
    inFlight += 1;
    const finish = (): void => {
      call.endedAt = preciseNow();
      lastEndedAt = call.endedAt;
      inFlight -= 1;
    };
    void (async () => {
      const body = await readBody(incoming);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      const outgoing = httpRequest(
        { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, agent, headers: { ...incoming.headers, host: targetUrl.host } },
        (response) => {
          reply.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(reply);
          response.on('end', finish);
        },
      );
      outgoing.on('error', (error) => {
        finish();
        reply.writeHead(502);
        reply.end(String(error));
      });
      outgoing.end(body);
    })();
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setDelay(next) {
      delayMs = next;
    },
    delayMs: () => delayMs,
    callsSince: (since) => calls.filter((call) => call.startedAt >= since),
    connectionsOpened: () => connections,
    async whenQuiet(quietMs) {
      while (inFlight > 0 || preciseNow() - lastEndedAt < quietMs) await new Promise((resolve) => setTimeout(resolve, quietMs / 2));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export { countRoundTrips, preciseNow, startDynamoDbDelayProxy };
export type { DynamoDbDelayProxy, ProxiedCall };
