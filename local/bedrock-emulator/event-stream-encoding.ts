/**
 * @module Encodes ConverseStream and InvokeModelWithResponseStream frames in the
 * `application/vnd.amazon.eventstream` format.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/RESTSelectObjectAppendix.html (prelude, headers, CRCs)
 */

import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { ConverseStreamEvent } from './converse-output';
import { toWireJson } from './wire-json';

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function stringHeader(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/** An event frame: `:message-type: event`, `:event-type` = union member, JSON payload. */
function encodeEventFrame(event: ConverseStreamEvent): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': stringHeader(event.eventType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('event'),
    },
    body: Buffer.from(toWireJson(event.payload), 'utf8'),
  });
}

/**
 * An InvokeModelWithResponseStream `chunk` event: the payload is `{"bytes": base64 of one JSON
 * object of the model's own stream format}`, which the SDK hands out as `chunk.bytes`.
 */
function encodeChunkFrame(chunk: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': stringHeader('chunk'),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('event'),
    },
    body: Buffer.from(JSON.stringify({ bytes: Buffer.from(JSON.stringify(chunk), 'utf8').toString('base64') }), 'utf8'),
  });
}

/**
 * An exception frame: `:message-type: exception`, `:exception-type` = the union member name
 * (e.g. `modelStreamErrorException`), body `{"message": ...}`; the SDK throws the matching class.
 */
function encodeExceptionFrame(member: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': stringHeader(member),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('exception'),
    },
    body: Buffer.from(JSON.stringify({ message }), 'utf8'),
  });
}

export { encodeChunkFrame, encodeEventFrame, encodeExceptionFrame };
