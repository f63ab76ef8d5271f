/** @module The baseline: the same Converse calls sent straight to the emulator with the Bedrock SDK. */
import { performance } from 'node:perf_hooks';
import {
  ConverseCommand,
  ConverseStreamCommand,
  type BedrockRuntimeClient,
  type ConverseRequest,
} from '@aws-sdk/client-bedrock-runtime';
import type { TimedResponse } from './http-client';

/** One Converse call, timed to the parsed response. */
async function timedConverse(client: BedrockRuntimeClient, input: ConverseRequest): Promise<TimedResponse> {
  const startedAt = performance.now();
  const response = await client.send(new ConverseCommand(input));
  const totalMs = performance.now() - startedAt;
  // The SDK resolves with the whole body: its first byte is not observable from here.
  return { status: response.$metadata.httpStatusCode ?? 0, totalMs, firstByteMs: totalMs };
}

/** One ConverseStream call, timed to its first text delta and to its last event. */
async function timedConverseStream(
  client: BedrockRuntimeClient,
  input: ConverseRequest,
  recordContentArrivals = false,
): Promise<TimedResponse> {
  const startedAt = performance.now();
  const response = await client.send(new ConverseStreamCommand(input));
  const firstByteMs = performance.now() - startedAt;
  let firstTokenMs: number | undefined;
  const contentArrivalsMs: number[] = [];
  for await (const event of response.stream ?? []) {
    if (event.contentBlockDelta?.delta?.text === undefined) continue;
    const at = performance.now() - startedAt;
    firstTokenMs ??= at;
    if (recordContentArrivals) contentArrivalsMs.push(at);
  }
  return {
    status: response.$metadata.httpStatusCode ?? 0,
    totalMs: performance.now() - startedAt,
    firstByteMs,
    ...(firstTokenMs === undefined ? {} : { firstTokenMs }),
    ...(recordContentArrivals ? { contentArrivalsMs } : {}),
  };
}

export { timedConverse, timedConverseStream };
