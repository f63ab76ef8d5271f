/**
 * @module `/bedrock` answers in Bedrock's wire shapes: Converse's JSON, InvokeModel's model bytes
 * with Bedrock's headers, and both streams as event-stream frames with in-band exception frames.
 */
import type { ConverseResponse, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { converseEventFrame, invokeChunkFrame } from '../../../bedrock-api/converse-stream-event';
import { streamExceptionType, type BedrockStreamKind } from '../../../bedrock-api/error-body';
import { EventStreamWriter } from '../../../bedrock-api/event-stream-writer';
import type { InvokeReply, InvokeStreamChunk } from '../../../bedrock-api/invoke-request';
import { toWireValue } from '../../../bedrock-api/wire-json';
import type { Candidate } from '../../../model-call/candidates';
import type { JsonReply } from '../../../model-call/json-answer';
import type { RenderStream, StreamRenderer } from '../../../model-call/stream-answer';
import type { GatewayError } from '../../../platform/errors';
import type { HttpResponse } from '../../../platform/http-types';
import type { RequestContext } from '../../context';

/** Converse's answer as Bedrock sends it (the SDK's `$metadata` left out, bytes as base64). */
function converseReply(ctx: RequestContext): JsonReply<ConverseResponse, Candidate<unknown>> {
  return ([response]) => {
    ctx.logFields.stopReason = response?.stopReason;
    return toWireValue(response);
  };
}

/** An InvokeModel answer to be sent as the model's own bytes (see `rawJsonResponse`). */
class RawModelBody {
  constructor(readonly reply: InvokeReply) {}
}

/** InvokeModel's answer: the model's bytes as Bedrock returned them, with Bedrock's token-count headers. */
function invokeReply(ctx: RequestContext): JsonReply<InvokeReply, Candidate<unknown>> {
  return ([reply]) => {
    if (reply === undefined) return {};
    ctx.logFields.invokeContentType = reply.contentType;
    return new RawModelBody(reply);
  };
}

/**
 * The request's response for the core's JSON answer of an InvokeModel: a `RawModelBody` goes out byte
 * for byte with its content type and Bedrock's headers next to the core's; anything else as JSON.
 */
function rawJsonResponse(response: HttpResponse): HttpResponse {
  return {
    get started() {
      return response.started;
    },
    get statusCode() {
      return response.statusCode;
    },
    start: (status, headers) => response.start(status, headers),
    write: (chunk) => response.write(chunk),
    end: () => response.end(),
    async json(status, body, headers = {}) {
      if (!(body instanceof RawModelBody)) return response.json(status, body, headers);
      const { reply } = body;
      response.start(status, { ...headers, ...reply.headers, 'content-type': reply.contentType, 'content-length': String(reply.body.byteLength) });
      await response.write(reply.body);
      await response.end();
    },
  };
}

/** A renderer writing frames; `frame` turns one event into its frame (or nothing). */
function eventStreamRenderer<E>(
  ctx: RequestContext,
  kind: BedrockStreamKind,
  frame: (event: E) => { readonly eventType: string; readonly payloadJson: string } | undefined,
  headers: Readonly<Record<string, string>>,
): StreamRenderer<E> {
  const writer = new EventStreamWriter(ctx.response);
  return {
    open: (served) => writer.open({ ...headers, ...served }),
    write: async (event) => {
      const next = frame(event);
      if (next !== undefined) await writer.event(next.eventType, next.payloadJson);
      return undefined;
    },
    finish: async () => {
      await writer.close();
      return undefined;
    },
    fail: (error: GatewayError) => writer.exception(streamExceptionType(error, kind), { message: error.message }),
  };
}

/** ConverseStream's events relayed as Bedrock sent them. */
function converseStream(ctx: RequestContext): RenderStream<ConverseStreamOutput, Candidate<unknown>> {
  return () =>
    eventStreamRenderer<ConverseStreamOutput>(
      ctx,
      'converse',
      (event) => {
        if (event.messageStop !== undefined) ctx.logFields.stopReason = event.messageStop.stopReason;
        return converseEventFrame(event);
      },
      {},
    );
}

/** InvokeModelWithResponseStream's chunks relayed byte for byte, each in a `chunk` frame. */
function invokeStream(ctx: RequestContext): RenderStream<InvokeStreamChunk, Candidate<unknown>> {
  return () => eventStreamRenderer<InvokeStreamChunk>(ctx, 'invoke', (chunk) => invokeChunkFrame(chunk.bytes), { 'x-amzn-bedrock-content-type': 'application/json' });
}

export { converseReply, converseStream, invokeReply, invokeStream, rawJsonResponse };
