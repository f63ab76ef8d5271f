/** @module ConverseStream events as the SDK hands them out, back to Bedrock's frames: the union member is the `:event-type`. */
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { toWireJson } from './wire-json';

/** One frame's event type and JSON payload. */
interface EventFrame {
  readonly eventType: string;
  readonly payloadJson: string;
}

/**
 * The frame of one event (`{contentBlockDelta: {...}}` -> `contentBlockDelta` + its payload);
 * `undefined` for a member the SDK did not know (`$unknown`), which is not passed on.
 */
function converseEventFrame(event: ConverseStreamOutput): EventFrame | undefined {
  for (const [member, payload] of Object.entries(event)) {
    if (member !== '$unknown' && payload !== undefined) return { eventType: member, payloadJson: toWireJson(payload) };
  }
  return undefined;
}

/** A `chunk` frame of InvokeModelWithResponseStream: the model's own bytes, base64 in `{"bytes"}`. */
function invokeChunkFrame(bytes: Uint8Array): EventFrame {
  return { eventType: 'chunk', payloadJson: JSON.stringify({ bytes: Buffer.from(bytes).toString('base64') }) };
}

export { converseEventFrame, invokeChunkFrame };
export type { EventFrame };
