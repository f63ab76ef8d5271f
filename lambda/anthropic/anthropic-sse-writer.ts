/**
 * @module Server-sent events in Anthropic's dialect: `event: <type>` + `data: <json>` per event,
 * `ping` to keep a silent stream alive, `event: error` for a failure after the first byte.
 *
 * @see https://docs.anthropic.com/en/docs/build-with-claude/streaming
 */
import { SSE_HEADERS, type SseTarget } from '../openai/sse-writer';
import type { AnthropicErrorBody } from './messages-api-types';

/** An event with its `type`, which names the SSE event. */
interface TypedEvent {
  readonly type: string;
}

/** Writes one Anthropic event stream; each event is flushed at once. */
class AnthropicSseWriter {
  private closed = false;

  constructor(private readonly target: SseTarget) {}

  /** Sends the 200 status and SSE headers, if not already sent. */
  open(headers: Readonly<Record<string, string>> = {}): void {
    if (!this.target.started) this.target.start(200, { ...SSE_HEADERS, ...headers });
  }

  /** Sends one event named after its `type`; nothing once the stream is closed. */
  event(event: TypedEvent): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.open();
    return this.target.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  /** Anthropic's keep-alive event. */
  ping(): Promise<void> {
    return this.event({ type: 'ping' });
  }

  /** Sends an in-band `error` event (the status is already fixed), then closes. */
  async error(body: AnthropicErrorBody): Promise<void> {
    if (this.closed) return;
    await this.event(body);
    await this.close();
  }

  /** Ends the stream; later writes (a keep-alive racing the end) are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.target.end();
  }
}

export { AnthropicSseWriter };
