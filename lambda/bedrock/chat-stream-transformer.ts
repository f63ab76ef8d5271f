/** @module Maps ConverseStream events, one at a time, to OpenAI chat completion chunks. */
import type {
  ContentBlockDelta,
  ContentBlockDeltaEvent,
  ContentBlockStartEvent,
  ContentBlockStopEvent,
  ConverseStreamMetadataEvent,
  ConverseStreamOutput,
  MessageStopEvent,
  ReasoningContentBlockDelta,
} from '@aws-sdk/client-bedrock-runtime';
import type {
  OpenAIChatCompletionChunk,
  OpenAIChatCompletionChunkDelta,
  OpenAIFinishReason,
  OpenAIServiceTier,
} from '../openai/chat-response-types';
import { servedServiceTier } from './prepare-serving';
import { BadGatewayError, type GatewayError } from '../platform/errors';
import { mapBedrockError } from './bedrock-errors';
import { finishReasonFor } from './convert-to-chat-completion';
import { convertToOpenAIUsage, convertUsage, estimateTokensFromCharacters, type ConvertedUsage } from './convert-usage';

/** What the transformer needs beyond the events; ids and clock are passed in to keep it pure. */
interface ChatStreamTransformerOptions {
  /** `chatcmpl-...`, the same on every chunk. */
  readonly id: string;
  /** Unix seconds, the same on every chunk. */
  readonly created: number;
  /** The model name the client asked for. */
  readonly model: string;
  /** Bedrock tool name to the name the client declared. */
  readonly toolNames: ReadonlyMap<string, string>;
  /** The forced tool that implements `response_format: json_schema`; its input streams as content. */
  readonly structuredOutputToolName?: string;
  /** `stream_options.include_usage`: add `usage: null` to every chunk and a final usage chunk. */
  readonly includeUsage: boolean;
  /** Input tokens reported in the final usage chunk when Bedrock sends no `metadata` event. @default 0 */
  readonly estimatedInputTokens?: number;
  readonly systemFingerprint?: string;
  /** The request's `service_tier`: set, every chunk says which tier serves it (the one asked of Bedrock). @default - not set */
  readonly requestedServiceTier?: string | null;
}

/** One output of the transformer: a chunk to send, or a failure to report in-band. */
type ChatStreamPart =
  | { readonly type: 'chunk'; readonly chunk: OpenAIChatCompletionChunk }
  | { readonly type: 'error'; readonly error: GatewayError };

/** A content block the transformer tracks: a tool call, or the structured-output tool. */
type OpenBlock =
  | { readonly kind: 'tool-call'; readonly toolCallIndex: number; inputSent: boolean }
  | { readonly kind: 'structured-output'; inputSent: boolean };

/** Union member keys of the stream exceptions, with the exception name each one carries. */
const STREAM_EXCEPTION_NAMES = {
  internalServerException: 'InternalServerException',
  modelStreamErrorException: 'ModelStreamErrorException',
  validationException: 'ValidationException',
  throttlingException: 'ThrottlingException',
  serviceUnavailableException: 'ServiceUnavailableException',
} as const;

/** Events added to Bedrock after this SDK version are skipped rather than failing the stream. */
function ignoreUnknownEvent(_event: ConverseStreamOutput.$UnknownMember): ChatStreamPart[] {
  return [];
}

/**
 * A stateful mapper from ConverseStream events to OpenAI chunks: the role chunk first, then text,
 * reasoning and tool call deltas, the finish chunk on `messageStop` and, with `includeUsage`, the
 * usage chunk on `metadata`. Tool calls get a dense `index` (0, 1, ... in order of appearance), not
 * Bedrock's `contentBlockIndex`. Each event maps to zero or more parts at once: nothing is held back.
 * Failures are returned as `error` parts, never thrown.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
class ChatStreamTransformer {
  private roleSent = false;
  private toolCallCount = 0;
  private structuredOutputSeen = false;
  private readonly openBlocks = new Map<number, OpenBlock>();
  private characters = 0;
  private stopReasonValue: string | undefined;
  private finishReasonValue: OpenAIFinishReason | undefined;
  private usageValue: ConvertedUsage | undefined;

  /** The tier every chunk names (the one asked of Bedrock), decided once per stream. */
  private readonly serviceTier: OpenAIServiceTier | undefined;

  constructor(private readonly options: ChatStreamTransformerOptions) {
    this.serviceTier = servedServiceTier(options.requestedServiceTier, undefined);
  }

  /** Characters of text, reasoning and tool input produced so far (for a usage estimate). */
  get outputCharacters(): number {
    return this.characters;
  }

  /** The usage from the `metadata` event, once it arrived. */
  get usage(): ConvertedUsage | undefined {
    return this.usageValue;
  }

  /** The finish reason sent, once `messageStop` arrived. */
  get finishReason(): OpenAIFinishReason | undefined {
    return this.finishReasonValue;
  }

  /** Bedrock's stop reason as sent, for logs. */
  get rawStopReason(): string | undefined {
    return this.stopReasonValue;
  }

  /** Whether the stream is complete: both `messageStop` and `metadata` arrived. */
  get completed(): boolean {
    return this.finishReasonValue !== undefined && this.usageValue !== undefined;
  }

  /** Maps one event to the parts to send, in order. */
  transform(event: ConverseStreamOutput): ChatStreamPart[] {
    if (event.messageStart !== undefined) return this.withRole([]);
    if (event.contentBlockStart !== undefined) return this.withRole(this.onBlockStart(event.contentBlockStart));
    if (event.contentBlockDelta !== undefined) return this.withRole(this.onBlockDelta(event.contentBlockDelta));
    if (event.contentBlockStop !== undefined) return this.withRole(this.onBlockStop(event.contentBlockStop));
    if (event.messageStop !== undefined) return this.withRole(this.onMessageStop(event.messageStop));
    if (event.metadata !== undefined) return this.onMetadata(event.metadata);
    if (event.internalServerException !== undefined) return this.failure('internalServerException', event.internalServerException);
    if (event.modelStreamErrorException !== undefined) return this.failure('modelStreamErrorException', event.modelStreamErrorException);
    if (event.validationException !== undefined) return this.failure('validationException', event.validationException);
    if (event.throttlingException !== undefined) return this.failure('throttlingException', event.throttlingException);
    if (event.serviceUnavailableException !== undefined) {
      return this.failure('serviceUnavailableException', event.serviceUnavailableException);
    }
    return ignoreUnknownEvent(event);
  }

  /**
   * Called when Bedrock's event stream ended; reports a stream that ended before `messageStop`
   * as an error, since the client would otherwise take a truncated answer for a complete one. With
   * `includeUsage`, a stream that ended without `metadata` still gets its usage chunk, estimated
   * (the input estimate, output characters / 4), because clients wait for it before `[DONE]`.
   */
  end(): ChatStreamPart[] {
    if (this.finishReasonValue !== undefined) {
      if (!this.options.includeUsage || this.usageValue !== undefined) return [];
      const estimated = convertToOpenAIUsage({
        inputTokens: this.options.estimatedInputTokens ?? 0,
        outputTokens: estimateTokensFromCharacters(this.characters),
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      });
      return [{ type: 'chunk', chunk: { ...this.base(), choices: [], usage: estimated } }];
    }
    return [
      {
        type: 'error',
        error: new BadGatewayError('Amazon Bedrock ended the stream before the model finished its answer.', {
          code: 'model_stream_error',
        }),
      },
    ];
  }

  private withRole(parts: ChatStreamPart[]): ChatStreamPart[] {
    if (this.roleSent) return parts;
    this.roleSent = true;
    return [this.chunk({ role: 'assistant', content: '' }), ...parts];
  }

  private onBlockStart(event: ContentBlockStartEvent): ChatStreamPart[] {
    const toolUse = event.start?.toolUse;
    if (toolUse === undefined) return [];
    const blockIndex = event.contentBlockIndex ?? 0;
    const name = toolUse.name ?? '';
    if (this.options.structuredOutputToolName !== undefined && name === this.options.structuredOutputToolName) {
      this.structuredOutputSeen = true;
      this.openBlocks.set(blockIndex, { kind: 'structured-output', inputSent: false });
      return [];
    }
    const toolCallIndex = this.toolCallCount++;
    this.openBlocks.set(blockIndex, { kind: 'tool-call', toolCallIndex, inputSent: false });
    return [
      this.chunk({
        tool_calls: [
          {
            index: toolCallIndex,
            id: toolUse.toolUseId ?? '',
            type: 'function',
            function: { name: this.options.toolNames.get(name) ?? name, arguments: '' },
          },
        ],
      }),
    ];
  }

  private onBlockDelta(event: ContentBlockDeltaEvent): ChatStreamPart[] {
    const delta: ContentBlockDelta | undefined = event.delta;
    if (delta === undefined) return [];
    if (delta.text !== undefined) return this.content(delta.text);
    if (delta.toolUse !== undefined) return this.toolInput(event.contentBlockIndex ?? 0, delta.toolUse.input ?? '');
    if (delta.reasoningContent !== undefined) return this.reasoning(delta.reasoningContent);
    // Citations, images and tool results carry nothing OpenAI's chunk format can express.
    return [];
  }

  private onBlockStop(event: ContentBlockStopEvent): ChatStreamPart[] {
    const blockIndex = event.contentBlockIndex ?? 0;
    const block = this.openBlocks.get(blockIndex);
    this.openBlocks.delete(blockIndex);
    if (block === undefined || block.inputSent) return [];
    // A tool called without input streams no delta; OpenAI clients expect a JSON object text.
    return this.toolInput(blockIndex, '{}', block);
  }

  private onMessageStop(event: MessageStopEvent): ChatStreamPart[] {
    this.stopReasonValue = event.stopReason;
    const finishReason = finishReasonFor(event.stopReason, {
      structuredOutput: this.structuredOutputSeen,
      toolCallCount: this.toolCallCount,
    });
    this.finishReasonValue = finishReason;
    return [this.chunk({}, finishReason)];
  }

  private onMetadata(event: ConverseStreamMetadataEvent): ChatStreamPart[] {
    const usage = convertUsage(event.usage);
    this.usageValue = usage;
    if (!this.options.includeUsage) return [];
    return [{ type: 'chunk', chunk: { ...this.base(), choices: [], usage: usage.openai } }];
  }

  private failure(member: keyof typeof STREAM_EXCEPTION_NAMES, exception: { readonly message?: string }): ChatStreamPart[] {
    // Named after its union member, which is reliable even where the SDK leaves `name` generic.
    const upstream = { name: STREAM_EXCEPTION_NAMES[member], message: exception.message };
    return [{ type: 'error', error: mapBedrockError(upstream, { model: this.options.model }) }];
  }

  private content(text: string): ChatStreamPart[] {
    if (text === '') return [];
    this.characters += text.length;
    return [this.chunk({ content: text })];
  }

  private toolInput(blockIndex: number, input: string, known?: OpenBlock): ChatStreamPart[] {
    const block = known ?? this.openBlocks.get(blockIndex);
    if (block === undefined) {
      return [
        {
          type: 'error',
          error: new BadGatewayError('Amazon Bedrock streamed tool input for a content block that never started.', {
            code: 'model_stream_error',
          }),
        },
      ];
    }
    if (input === '') return [];
    block.inputSent = true;
    if (block.kind === 'structured-output') return this.content(input);
    this.characters += input.length;
    return [this.chunk({ tool_calls: [{ index: block.toolCallIndex, function: { arguments: input } }] })];
  }

  private reasoning(delta: ReasoningContentBlockDelta): ChatStreamPart[] {
    if (delta.text !== undefined) {
      if (delta.text === '') return [];
      this.characters += delta.text.length;
      return [this.chunk({ reasoning_content: delta.text })];
    }
    if (delta.signature !== undefined) return [this.chunk({ reasoning_signature: delta.signature })];
    if (delta.redactedContent !== undefined) {
      const data = Buffer.from(delta.redactedContent).toString('base64');
      return [this.chunk({ thinking_blocks: [{ type: 'redacted_thinking', data }] })];
    }
    return [];
  }

  private base(): Omit<OpenAIChatCompletionChunk, 'choices'> {
    const { id, created, model, systemFingerprint } = this.options;
    const { serviceTier } = this;
    return {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      ...(systemFingerprint === undefined ? {} : { system_fingerprint: systemFingerprint }),
      ...(serviceTier === undefined ? {} : { service_tier: serviceTier }),
    };
  }

  private chunk(delta: OpenAIChatCompletionChunkDelta, finishReason: OpenAIFinishReason | null = null): ChatStreamPart {
    return {
      type: 'chunk',
      chunk: {
        ...this.base(),
        choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
        ...(this.options.includeUsage ? { usage: null } : {}),
      },
    };
  }
}

export { ChatStreamTransformer };
export type { ChatStreamPart, ChatStreamTransformerOptions };
