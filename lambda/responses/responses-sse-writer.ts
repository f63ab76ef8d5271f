/**
 * @module Server-sent events in the Responses dialect: `event: <type>` + `data: <json>` per event,
 * every event numbered by `sequence_number` (0, 1, 2, ...), `error` for a failure before the
 * response exists, keep-alives as SSE comments.
 *
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 */
import type { OpenAIErrorBody } from '../openai/error-body';
import { SSE_HEADERS, type SseTarget } from '../openai/sse-writer';
import type { ResponsesStreamEvent } from './responses-types';

/** Writes one Responses event stream; each event is flushed at once. */
class ResponsesSseWriter {
  private closed = false;
  private sequence = 0;

  constructor(private readonly target: SseTarget) {}

  /** Sends the 200 status and SSE headers, if not already sent. */
  open(headers: Readonly<Record<string, string>> = {}): void {
    if (!this.target.started) this.target.start(200, { ...SSE_HEADERS, ...headers });
  }

  /** Sends one event with the next sequence number; nothing once the stream is closed. */
  event(event: ResponsesStreamEvent | { type: 'error'; code: string | null; message: string; param: string | null }): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.open();
    const numbered = { ...event, sequence_number: this.sequence };
    this.sequence += 1;
    return this.target.write(`event: ${event.type}\ndata: ${JSON.stringify(numbered)}\n\n`);
  }

  comment(text: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.open();
    return this.target.write(`: ${text}\n\n`);
  }

  /** An `error` event (OpenAI's shape for a stream that fails outside a response), then the end. */
  async error(body: OpenAIErrorBody): Promise<void> {
    await this.event({ type: 'error', code: body.error.code, message: body.error.message, param: body.error.param });
    await this.close();
  }

  /** Ends the stream; later writes are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.target.end();
  }
}

export { ResponsesSseWriter };
