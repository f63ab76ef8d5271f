/**
 * @module Bedrock's streams on the wire: `application/vnd.amazon.eventstream` frames (prelude,
 * headers, payload, CRCs) written with the Smithy codec the AWS SDKs decode them with. Events carry
 * `:message-type: event` and `:event-type` (the union member: `contentBlockDelta`, `chunk`, ...);
 * an error after the first byte is one `:message-type: exception` frame, then the stream ends.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { BedrockErrorBody } from './error-body';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

/** The media type of both stream operations' responses. */
const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** Where the frames go (the response). */
interface EventStreamTarget {
  readonly started: boolean;
  start(statusCode: number, headers: Readonly<Record<string, string>>): void;
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

function stringHeader(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/** One event frame with a JSON payload. */
function encodeEvent(eventType: string, payloadJson: string): Uint8Array {
  return codec.encode({
    headers: { ':event-type': stringHeader(eventType), ':content-type': stringHeader('application/json'), ':message-type': stringHeader('event') },
    body: new Uint8Array(Buffer.from(payloadJson, 'utf8')),
  });
}

/** One exception frame: the SDK throws the union member's class with `message`. */
function encodeException(exceptionType: string, body: BedrockErrorBody): Uint8Array {
  return codec.encode({
    headers: { ':exception-type': stringHeader(exceptionType), ':content-type': stringHeader('application/json'), ':message-type': stringHeader('exception') },
    body: new Uint8Array(Buffer.from(JSON.stringify(body), 'utf8')),
  });
}

/** Writes one Bedrock event stream; each frame is flushed at once. */
class EventStreamWriter {
  private closed = false;

  constructor(private readonly target: EventStreamTarget) {}

  /** Sends the 200 status with the event-stream media type, if not already sent. */
  open(headers: Readonly<Record<string, string>> = {}): void {
    if (!this.target.started) this.target.start(200, { 'content-type': EVENT_STREAM_CONTENT_TYPE, ...headers });
  }

  /** Sends one event whose payload is already wire JSON; nothing once closed. */
  event(eventType: string, payloadJson: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.open();
    return this.target.write(encodeEvent(eventType, payloadJson));
  }

  /** Sends an exception frame (the status is already fixed), then ends the stream. */
  async exception(exceptionType: string, body: BedrockErrorBody): Promise<void> {
    if (this.closed) return;
    this.open();
    await this.target.write(encodeException(exceptionType, body));
    await this.close();
  }

  /** Ends the stream; later writes are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.target.end();
  }
}

export { EVENT_STREAM_CONTENT_TYPE, EventStreamWriter, encodeEvent, encodeException };
export type { EventStreamTarget };
