/**
 * @module A proxy in front of the embedded DynamoDB that fails a share of writes with DynamoDB's own
 * `InternalServerError` (HTTP 500), the way DynamoDB does under a partial outage: half of the failed
 * writes never reach the engine, the other half are applied and only their reply is replaced, so a
 * caller cannot tell whether its write landed. Reads pass through. The draw is seeded, so a run
 * fails the same calls every time.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** DynamoDB operations that change items. */
const WRITE_OPERATIONS: ReadonlySet<string> = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

interface FaultProxyOptions {
  /** `http://127.0.0.1:PORT` of the engine. */
  readonly target: string;
  /** Share of writes failed, 0..1. @default 0 */
  readonly failureRate?: number;
  /** Seed of the draw. @default 1 */
  readonly seed?: number;
}

interface FaultCounts {
  readonly writes: number;
  /** Failed before reaching the engine. */
  readonly dropped: number;
  /** Applied by the engine, answered with a 500. */
  readonly appliedThenFailed: number;
}

interface DynamoDbFaultProxy {
  readonly endpoint: string;
  /** Changes the share of writes failed from now on. */
  setFailureRate(rate: number): void;
  counts(): FaultCounts;
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, enough for a reproducible draw. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

const INTERNAL_SERVER_ERROR = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
  message: 'Internal server error (injected by the test proxy)',
});

/** Starts the proxy on 127.0.0.1. */
async function startDynamoDbFaultProxy({ target, failureRate = 0, seed = 1 }: FaultProxyOptions): Promise<DynamoDbFaultProxy> {
  const targetUrl = new URL(target);
  const random = seededRandom(seed);
  let rate = failureRate;
  let writes = 0;
  let dropped = 0;
  let appliedThenFailed = 0;

  function forward(incoming: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { host: targetUrl.hostname, port: targetUrl.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: targetUrl.host } },
        (response) => {
          readBody(response).then(
            (responseBody) => {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') headers[name] = value;
              resolve({ status: response.statusCode ?? 500, headers, body: responseBody });
            },
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  const server: Server = createServer((incoming, reply) => {
    void (async () => {
      const body = await readBody(incoming);
      const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const isWrite = WRITE_OPERATIONS.has(operation);
      if (isWrite) writes += 1;
      const draw = isWrite ? random() : 1;
      const fail = (): void => {
        reply.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'injected-fault' });
        reply.end(INTERNAL_SERVER_ERROR);
      };
      if (draw < rate / 2) {
        dropped += 1;
        fail();
        return;
      }
      const answer = await forward(incoming, body);
      if (draw < rate) {
        appliedThenFailed += 1;
        fail();
        return;
      }
      reply.writeHead(answer.status, answer.headers);
      reply.end(answer.body);
    })().catch((error: unknown) => {
      reply.writeHead(502);
      reply.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    setFailureRate(next) {
      rate = next;
    },
    counts: () => ({ writes, dropped, appliedThenFailed }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export { startDynamoDbFaultProxy };
export type { DynamoDbFaultProxy, FaultCounts, FaultProxyOptions };
