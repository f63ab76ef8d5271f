/** @module A Messages answer in Anthropic's shapes: the Message JSON, or the SSE event stream. */
import type { MessagesStreamEvent } from '../../../anthropic/claude-invoke-answer';
import { ClaudeStreamRelay } from '../../../anthropic/claude-stream-relay';
import { AnthropicSseWriter } from '../../../anthropic/anthropic-sse-writer';
import { renderAnthropicError } from '../../../anthropic/error-body';
import type { AnthropicMessage } from '../../../anthropic/messages-api-types';
import type { JsonReply } from '../../../model-call/json-answer';
import type { RenderStream } from '../../../model-call/stream-answer';
import type { RequestContext } from '../../context';
import type { MessagesCandidate } from './messages-candidate';

/** The Message as the client sees it: its model named as the client asked. */
function messageReply(ctx: RequestContext): JsonReply<AnthropicMessage, MessagesCandidate<unknown>> {
  return ([message], served): AnthropicMessage => {
    const reply = { ...(message as AnthropicMessage), model: served.modelName };
    ctx.logFields.stopReason = reply.stop_reason;
    if (ctx.services.config.logPrompts) ctx.logFields.completion = reply.content;
    return reply;
  };
}

/**
 * Relays the model's events as Anthropic SSE: `ping` while the model is silent, an `error` event
 * for a failure after the first byte, and an error when the stream ends without `message_stop`.
 */
function messageStream(ctx: RequestContext): RenderStream<MessagesStreamEvent, MessagesCandidate<unknown>> {
  return (served) => {
    const relay = new ClaudeStreamRelay(served.modelName);
    const sse = new AnthropicSseWriter(ctx.response);
    return {
      open: (headers) => sse.open(headers),
      write: async (event) => {
        const output = relay.relay(event);
        if (output.error !== undefined) return output.error;
        for (const relayed of output.events) await sse.event(relayed);
        return undefined;
      },
      finish: async () => {
        const error = relay.end();
        if (error === undefined) await sse.close();
        return error;
      },
      fail: (error) => sse.error(renderAnthropicError(error)),
      keepAlive: () => sse.ping(),
      close: () => {
        ctx.logFields.stopReason = relay.rawStopReason;
      },
    };
  };
}

export { messageReply, messageStream };
