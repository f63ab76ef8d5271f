/**
 * @module Server-sent events in OpenAI's dialect: `data: <json>` events, `data: [DONE]` at the end.
 */
import type { OpenAIErrorBody } from './error-body';

/** The part of a response writer an SSE stream needs. */
interface SseTarget {
  readonly started: boolean;
  start(statusCode: number, headers: Readonly<Record<string, string>>): void;
  write(chunk: string): Promise<void>;
  end(): Promise<void>;
}

const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  // Stops nginx-style proxies from buffering the stream.
  'x-accel-buffering': 'no',
} as const;

/** Writes one OpenAI event stream; each call flushes immediately, nothing is buffered. */
class SseWriter {
  private closed = false;

  constructor(private readonly target: SseTarget) {}

  /** Sends the 200 status and SSE headers, if not already sent. */
  open(headers: Readonly<Record<string, string>> = {}): void {
    if (!this.target.started) this.target.start(200, { ...SSE_HEADERS, ...headers });
  }

  /** Sends one `data:` event holding `payload` as JSON; nothing once the stream is closed. */
  data(payload: unknown): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.open();
    return this.target.write(`data: ${JSON.stringify(payload)}\n\n`);
  }

  /** Sends an SSE comment, which clients ignore; keeps idle connections alive. Nothing once the stream is closed. */
  comment(text: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.open();
    return this.target.write(`: ${text.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  /** Sends an in-band error object (the status is already fixed), then closes without `[DONE]`. */
  async error(body: OpenAIErrorBody): Promise<void> {
    if (this.closed) return;
    this.open();
    this.closed = true;
    await this.target.write(`data: ${JSON.stringify(body)}\n\n`);
    await this.target.end();
  }

  /** Sends `data: [DONE]` and closes. */
  async done(): Promise<void> {
    if (this.closed) return;
    this.open();
    // Closed from here on: a write racing `[DONE]` (a keep-alive waiting for drain) is dropped.
    this.closed = true;
    await this.target.write('data: [DONE]\n\n');
    await this.target.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}

export { SSE_HEADERS, SseWriter };
export type { SseTarget };
