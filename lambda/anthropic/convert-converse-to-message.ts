/**
 * @module Converse answers in Anthropic's shapes: the Message of a Converse response, and the
 * Messages stream events of a ConverseStream, for models served through Converse.
 */
import { randomUUID } from 'node:crypto';
import type { ContentBlock, ConverseResponse, ConverseStreamOutput, TokenUsage as BedrockTokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { MessagesStreamEvent } from './claude-invoke-answer';
import type { AnthropicMessage, AnthropicResponseBlock, AnthropicStopReason, AnthropicUsage } from './messages-api-types';

/** Converse stop reasons as Anthropic's; any other (a malformed tool call) ends the turn. */
const STOP_REASONS: Readonly<Record<string, AnthropicStopReason>> = {
  end_turn: 'end_turn',
  tool_use: 'tool_use',
  max_tokens: 'max_tokens',
  stop_sequence: 'stop_sequence',
  guardrail_intervened: 'refusal',
  content_filtered: 'refusal',
  model_context_window_exceeded: 'model_context_window_exceeded',
};

/** What the conversion needs of the request. */
interface ConverseAnswerOptions {
  /** Bedrock tool name -> the client's tool name. */
  readonly toolNames: ReadonlyMap<string, string>;
  /** The request's stop sequences: Converse says that one matched, not which. */
  readonly stopSequences: readonly string[];
}

function stopReasonOf(raw: string | undefined): AnthropicStopReason {
  return (raw === undefined ? undefined : STOP_REASONS[raw]) ?? 'end_turn';
}

/** The sequence that stopped the answer, when the request leaves no doubt which (it sent exactly one). */
function stopSequenceOf(reason: AnthropicStopReason, options: ConverseAnswerOptions): string | null {
  return reason === 'stop_sequence' && options.stopSequences.length === 1 ? (options.stopSequences[0] ?? null) : null;
}

function count(value: number | undefined): number {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** Bedrock's usage as Anthropic's (`inputTokens` already excludes cache reads and writes, as `input_tokens` does). */
function usageOf(usage: BedrockTokenUsage | undefined): AnthropicUsage {
  return {
    input_tokens: count(usage?.inputTokens),
    output_tokens: count(usage?.outputTokens),
    cache_creation_input_tokens: count(usage?.cacheWriteInputTokens),
    cache_read_input_tokens: count(usage?.cacheReadInputTokens),
  };
}

function blockOf(block: ContentBlock, options: ConverseAnswerOptions): AnthropicResponseBlock | undefined {
  if (block.text !== undefined) return block.text === '' ? undefined : { type: 'text', text: block.text };
  if (block.toolUse !== undefined) {
    const name = block.toolUse.name ?? '';
    const input = block.toolUse.input;
    return { type: 'tool_use', id: block.toolUse.toolUseId ?? '', name: options.toolNames.get(name) ?? name, input: typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {} };
  }
  const reasoning = block.reasoningContent;
  if (reasoning?.reasoningText !== undefined) return { type: 'thinking', thinking: reasoning.reasoningText.text ?? '', signature: reasoning.reasoningText.signature ?? '' };
  if (reasoning?.redactedContent !== undefined) return { type: 'redacted_thinking', data: Buffer.from(reasoning.redactedContent).toString('base64') };
  return undefined;
}

/** A new Message id (`msg_` and 24 hex digits, as Anthropic's ids look). */
function newMessageId(): string {
  return `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`;
}

/** The Message of a Converse response; its `model` is set when the response is sent. */
function convertConverseToMessage(response: ConverseResponse, options: ConverseAnswerOptions): AnthropicMessage {
  const content = (response.output?.message?.content ?? []).flatMap((block) => blockOf(block, options) ?? []);
  const stopReason = stopReasonOf(response.stopReason);
  return {
    id: newMessageId(),
    type: 'message',
    role: 'assistant',
    model: '',
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequenceOf(stopReason, options),
    usage: usageOf(response.usage),
  };
}

/** The block open in the stream: its Anthropic index and kind. */
interface OpenBlock {
  readonly index: number;
  readonly kind: 'text' | 'tool_use' | 'thinking';
}

/**
 * Converts a ConverseStream into Messages stream events: text and reasoning blocks are opened on
 * their first delta (Converse starts only tool blocks), blocks are numbered densely, and
 * `message_delta` + `message_stop` wait for the `metadata` event that carries the usage (it comes
 * after `messageStop`). One instance per stream.
 */
class ConverseMessagesStream {
  private next = 0;
  private open: OpenBlock | undefined;
  private stopReason: AnthropicStopReason | undefined;
  private finished = false;

  constructor(private readonly options: ConverseAnswerOptions) {}

  convert(event: ConverseStreamOutput): MessagesStreamEvent[] {
    if (event.messageStart !== undefined) return [this.messageStart()];
    if (event.contentBlockStart?.start?.toolUse !== undefined) {
      const { toolUseId, name } = event.contentBlockStart.start.toolUse;
      return this.startBlock('tool_use', { type: 'tool_use', id: toolUseId ?? '', name: this.options.toolNames.get(name ?? '') ?? name ?? '', input: {} });
    }
    const delta = event.contentBlockDelta?.delta;
    if (delta !== undefined) return this.convertDelta(delta);
    if (event.contentBlockStop !== undefined) return this.closeBlock();
    if (event.messageStop !== undefined) {
      this.stopReason = stopReasonOf(event.messageStop.stopReason);
      return this.closeBlock();
    }
    if (event.metadata !== undefined) return this.finish(usageOf(event.metadata.usage));
    return [];
  }

  /** Bedrock's stream ended: a stream that stopped without its `metadata` ends with zero usage. */
  end(): MessagesStreamEvent[] {
    return this.stopReason === undefined || this.finished ? [] : this.finish(usageOf(undefined));
  }

  private messageStart(): MessagesStreamEvent {
    const message: AnthropicMessage = { id: newMessageId(), type: 'message', role: 'assistant', model: '', content: [], stop_reason: null, stop_sequence: null, usage: usageOf(undefined) };
    return { type: 'message_start', message };
  }

  private convertDelta(delta: NonNullable<NonNullable<ConverseStreamOutput['contentBlockDelta']>['delta']>): MessagesStreamEvent[] {
    if (delta.text !== undefined) return this.deltaIn('text', { type: 'text', text: '' }, { type: 'text_delta', text: delta.text });
    if (delta.toolUse !== undefined) return this.deltaIn('tool_use', { type: 'tool_use', id: '', name: '', input: {} }, { type: 'input_json_delta', partial_json: delta.toolUse.input ?? '' });
    const reasoning = delta.reasoningContent;
    if (reasoning?.text !== undefined) return this.deltaIn('thinking', { type: 'thinking', thinking: '', signature: '' }, { type: 'thinking_delta', thinking: reasoning.text });
    if (reasoning?.signature !== undefined) return this.deltaIn('thinking', { type: 'thinking', thinking: '', signature: '' }, { type: 'signature_delta', signature: reasoning.signature });
    if (reasoning?.redactedContent !== undefined) {
      return [...this.startBlock('thinking', { type: 'redacted_thinking', data: Buffer.from(reasoning.redactedContent).toString('base64') }), ...this.closeBlock()];
    }
    return [];
  }

  /** A delta in a block of `kind`, opening it (and closing another) first when needed. */
  private deltaIn(kind: OpenBlock['kind'], start: AnthropicResponseBlock, delta: Record<string, unknown>): MessagesStreamEvent[] {
    const opened = this.open?.kind === kind ? [] : this.startBlock(kind, start);
    const index = (this.open as OpenBlock).index;
    return [...opened, { type: 'content_block_delta', index, delta }];
  }

  private startBlock(kind: OpenBlock['kind'], block: AnthropicResponseBlock): MessagesStreamEvent[] {
    const closed = this.closeBlock();
    this.open = { index: this.next, kind };
    this.next += 1;
    return [...closed, { type: 'content_block_start', index: this.open.index, content_block: block }];
  }

  private closeBlock(): MessagesStreamEvent[] {
    if (this.open === undefined) return [];
    const { index } = this.open;
    this.open = undefined;
    return [{ type: 'content_block_stop', index }];
  }

  private finish(usage: AnthropicUsage): MessagesStreamEvent[] {
    this.finished = true;
    const stopReason = this.stopReason ?? 'end_turn';
    return [
      ...this.closeBlock(),
      { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: stopSequenceOf(stopReason, this.options) }, usage },
      { type: 'message_stop' },
    ];
  }
}

export { ConverseMessagesStream, convertConverseToMessage };
export type { ConverseAnswerOptions };
