/**
 * @module A minimal keep-alive HTTP/1.1 client for the load generator.
 *
 * Plain `node:http` rather than the openai SDK or fetch: both add their own per-request work
 * (retries, parsing, stream plumbing) that would be counted as gateway latency.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One timed response. */
interface TimedResponse {
  readonly status: number;
  /** From sending the request to the last body byte, in ms. */
  readonly totalMs: number;
  /** From sending the request to the response's status line and headers, in ms. */
  readonly firstByteMs: number;
  /** Streams: from sending the request to the first chunk that carries content text, in ms. */
  readonly firstTokenMs?: number;
  /** Arrival of every content-carrying SSE event, ms after sending (only with `recordContentArrivals`). */
  readonly contentArrivalsMs?: readonly number[];
  /** The body (only with `keepBody`). */
  readonly body?: string;
}

interface PostOptions {
  readonly agent: Agent;
  readonly url: URL;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly keepBody?: boolean;
  readonly recordContentArrivals?: boolean;
}

/** An OpenAI stream chunk that carries text (the role-only first chunk has `"content":""`). */
const CONTENT_TEXT = /"content":"[^"]/;
const CONTENT_TEXT_ALL = /"content":"[^"]/g;

/** POSTs `body` and resolves once the whole response has arrived. */
function timedPost(options: PostOptions): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    let firstTokenMs: number | undefined;
    const contentArrivalsMs: number[] = [];
    const parts: Buffer[] = [];
    const req = request(
      options.url,
      {
        method: 'POST',
        agent: options.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(options.body), ...options.headers },
      },
      (res) => {
        const firstByteMs = performance.now() - startedAt;
        res.on('data', (chunk: Buffer) => {
          const at = performance.now() - startedAt;
          if (options.recordContentArrivals === true) {
            for (let n = chunk.toString('utf8').match(CONTENT_TEXT_ALL)?.length ?? 0; n > 0; n--) contentArrivalsMs.push(at);
          }
          if (firstTokenMs === undefined && CONTENT_TEXT.test(chunk.toString('latin1'))) firstTokenMs = at;
          if (options.keepBody === true) parts.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            totalMs: performance.now() - startedAt,
            firstByteMs,
            ...(firstTokenMs === undefined ? {} : { firstTokenMs }),
            ...(options.recordContentArrivals === true ? { contentArrivalsMs } : {}),
            ...(options.keepBody === true ? { body: Buffer.concat(parts).toString('utf8') } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A keep-alive agent with one socket per concurrent caller. */
function keepAliveAgent(concurrency: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

export { keepAliveAgent, timedPost };
export type { PostOptions, TimedResponse };
