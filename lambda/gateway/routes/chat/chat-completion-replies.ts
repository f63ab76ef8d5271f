/** @module A chat completion's answer in OpenAI's shapes: the JSON completion, or the SSE chunk stream. */
import { randomUUID } from 'node:crypto';
import type { ConverseResponse, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { ChatStreamTransformer, type ChatStreamPart } from '../../../bedrock/chat-stream-transformer';
import { convertToChatCompletion, type ChatCompletionConversionOptions } from '../../../bedrock/convert-to-chat-completion';
import type { PreparedConverseRequest } from '../../../bedrock/prepare-converse-request';
import type { Served } from '../../../model-call/call-run';
import type { JsonReply } from '../../../model-call/json-answer';
import type { RenderStream } from '../../../model-call/stream-answer';
import type { OpenAIChatCompletion } from '../../../openai/chat-response-types';
import { renderOpenAIError } from '../../../openai/error-body';
import { SseWriter } from '../../../openai/sse-writer';
import type { GatewayError } from '../../../platform/errors';
import type { RequestContext } from '../../context';
import type { ChatCandidate } from './chat-candidate';

/** What every chunk and the completion share: the id, the creation time, the `service_tier` asked for (answered with the tier that served). */
interface CompletionIdentity {
  /** `chatcmpl-...` */
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  readonly requestedServiceTier?: string | null;
}

function newCompletionIdentity(ctx: RequestContext, requestedServiceTier?: string | null): CompletionIdentity {
  return { id: `chatcmpl-${randomUUID().replace(/-/g, '')}`, created: Math.floor(ctx.services.now() / 1000), requestedServiceTier };
}

function structuredOutputToolName(prepared: PreparedConverseRequest): string | undefined {
  const format = prepared.responseFormat;
  return format.kind === 'json_schema' && format.strategy === 'tool' ? format.toolName : undefined;
}

/** The completion's options once a candidate served: the model name to echo, the served model's tool names. */
function completionOptions(identity: CompletionIdentity, served: Served<ChatCandidate<unknown>>): ChatCompletionConversionOptions {
  const { prepared } = served.candidate;
  return { ...identity, model: served.modelName, toolNames: prepared.toolNames, structuredOutputToolName: structuredOutputToolName(prepared) };
}

/** Maps the Converse answer to the OpenAI completion and logs how it finished. */
function chatCompletionReply(ctx: RequestContext, identity: CompletionIdentity): JsonReply<ConverseResponse, ChatCandidate<unknown>> {
  return ([response], served): OpenAIChatCompletion => {
    const { completion, rawStopReason } = convertToChatCompletion(response as ConverseResponse, completionOptions(identity, served));
    ctx.logFields.stopReason = rawStopReason;
    ctx.logFields.finishReason = completion.choices[0]?.finish_reason;
    if (ctx.services.config.logPrompts) ctx.logFields.completion = completion.choices[0]?.message;
    return completion;
  };
}

/**
 * Renders ConverseStream events as OpenAI chunks over SSE: the transformer maps each event, the SSE
 * writer sends it at once; `[DONE]` closes a complete stream, an error object an interrupted one;
 * `: keep-alive` comments fill long silences.
 */
function chatCompletionStream(ctx: RequestContext, identity: CompletionIdentity): RenderStream<ConverseStreamOutput, ChatCandidate<unknown>> {
  return (served) => {
    const { prepared } = served.candidate;
    const transformer = new ChatStreamTransformer({
      ...completionOptions(identity, served),
      includeUsage: prepared.includeUsageInStream,
      estimatedInputTokens: prepared.estimatedInputTokens,
    });
    const sse = new SseWriter(ctx.response);
    const send = async (parts: readonly ChatStreamPart[]): Promise<GatewayError | undefined> => {
      for (const part of parts) {
        if (part.type === 'error') return part.error;
        await sse.data(part.chunk);
      }
      return undefined;
    };
    return {
      open: (headers) => sse.open(headers),
      write: (event) => send(transformer.transform(event)),
      finish: async () => {
        const error = await send(transformer.end());
        if (error === undefined) await sse.done();
        return error;
      },
      fail: (error) => sse.error(renderOpenAIError(error)),
      keepAlive: () => sse.comment('keep-alive'),
      close: () => {
        ctx.logFields.stopReason = transformer.rawStopReason;
        ctx.logFields.finishReason = transformer.finishReason;
      },
    };
  };
}

export { chatCompletionReply, chatCompletionStream, newCompletionIdentity };
export type { CompletionIdentity };
