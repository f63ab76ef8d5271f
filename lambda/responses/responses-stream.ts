/**
 * @module Chat completion chunks (the chat mapping of a ConverseStream) as Responses stream events:
 * `response.created` and `response.in_progress` first, then per output item `output_item.added`,
 * its deltas and `output_item.done`, and `response.completed` (or `response.incomplete`) with the
 * whole response last. Codex treats a stream without `response.completed` as failed.
 */
import type { OpenAIChatCompletionChunk, OpenAICompletionUsage, OpenAIFinishReason, OpenAIThinkingBlock } from '../openai/chat-response-types';
import { customToolInput } from './convert-to-chat-request';
import { convertUsage, newItemId, reasoningItem, responseObject, statusOf, type OutputOptions, type ResponseIdentity } from './response-object';
import type { ResponsesOutputItem, ResponsesResponse, ResponsesStreamEvent } from './responses-types';

/** The item being streamed. */
type OpenItem =
  | { readonly kind: 'message'; readonly id: string; readonly index: number; text: string }
  | { readonly kind: 'reasoning'; readonly id: string; readonly index: number; text: string; readonly blocks: OpenAIThinkingBlock[] }
  | { readonly kind: 'call'; readonly id: string; readonly index: number; readonly custom: boolean; readonly callId: string; readonly client: { name: string; namespace?: string }; args: string };

/**
 * Converts one stream. Stateful: feed `start()`, every chunk to `chunk()`, then `end()`.
 */
class ResponsesStreamConverter {
  private readonly output: ResponsesOutputItem[] = [];
  private open: OpenItem | undefined;
  private finishReason: OpenAIFinishReason | undefined;
  private usage: OpenAICompletionUsage | undefined;
  /** Tool calls by the chat chunk's dense index. */
  private readonly calls = new Map<number, OpenItem & { kind: 'call' }>();

  constructor(
    private readonly identity: ResponseIdentity,
    private readonly model: string,
    private readonly options: OutputOptions,
  ) {}

  start(): ResponsesStreamEvent[] {
    const response = this.snapshot('in_progress');
    return [
      { type: 'response.created', response },
      { type: 'response.in_progress', response },
    ];
  }

  chunk(chunk: OpenAIChatCompletionChunk): ResponsesStreamEvent[] {
    if (chunk.usage != null) this.usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice === undefined) return [];
    const events: ResponsesStreamEvent[] = [];
    const { delta } = choice;
    if (delta.reasoning_content !== undefined && delta.reasoning_content !== '') events.push(...this.reasoningText(delta.reasoning_content));
    if (delta.reasoning_signature !== undefined) this.signReasoning(delta.reasoning_signature);
    for (const block of delta.thinking_blocks ?? []) {
      const item = this.openReasoning(events);
      item.blocks.push(block);
    }
    if (delta.content !== undefined && delta.content !== '') events.push(...this.text(delta.content));
    for (const call of delta.tool_calls ?? []) events.push(...this.toolCall(call.index, call.id, call.function.name, call.function.arguments));
    if (choice.finish_reason !== null) this.finishReason = choice.finish_reason;
    return events;
  }

  /** Closes the open item and the response: the final event and the complete response. */
  end(): { events: ResponsesStreamEvent[]; response: ResponsesResponse } {
    const events = this.closeOpen();
    const response = responseObject(this.identity, {
      model: this.model,
      ...statusOf(this.finishReason),
      output: [...this.output],
      usage: this.usage === undefined ? null : convertUsage(this.usage),
    });
    events.push({ type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response });
    return { events, response };
  }

  /** The failure event that ends a stream the model could not finish. */
  failed(code: string, message: string): ResponsesStreamEvent {
    return { type: 'response.failed', response: { ...this.snapshot('failed'), error: { code, message } } };
  }

  private snapshot(status: 'in_progress' | 'failed'): ResponsesResponse {
    return responseObject(this.identity, { model: this.model, status, output: [...this.output], usage: null });
  }

  private openReasoning(events: ResponsesStreamEvent[]): OpenItem & { kind: 'reasoning' } {
    if (this.open?.kind === 'reasoning') return this.open;
    events.push(...this.closeOpen());
    const item = { kind: 'reasoning' as const, id: newItemId('rs'), index: this.output.length, text: '', blocks: [] };
    this.open = item;
    events.push({ type: 'response.output_item.added', output_index: item.index, item: { id: item.id, type: 'reasoning', summary: [] } });
    if (this.options.summary) {
      events.push({ type: 'response.reasoning_summary_part.added', item_id: item.id, output_index: item.index, summary_index: 0, part: { type: 'summary_text', text: '' } });
    }
    return item;
  }

  private reasoningText(text: string): ResponsesStreamEvent[] {
    const events: ResponsesStreamEvent[] = [];
    const item = this.openReasoning(events);
    item.text += text;
    const last = item.blocks[item.blocks.length - 1];
    if (last?.type === 'thinking' && last.signature === undefined) last.thinking += text;
    else item.blocks.push({ type: 'thinking', thinking: text });
    if (this.options.summary) events.push({ type: 'response.reasoning_summary_text.delta', item_id: item.id, output_index: item.index, summary_index: 0, delta: text });
    return events;
  }

  /** A signature closes the current thinking block (the next reasoning text starts another). */
  private signReasoning(signature: string): void {
    if (this.open?.kind !== 'reasoning') return;
    const last = this.open.blocks[this.open.blocks.length - 1];
    if (last?.type === 'thinking' && last.signature === undefined) last.signature = signature;
    else this.open.blocks.push({ type: 'thinking', thinking: '', signature });
  }

  private text(text: string): ResponsesStreamEvent[] {
    const events: ResponsesStreamEvent[] = [];
    let item = this.open;
    if (item?.kind !== 'message') {
      events.push(...this.closeOpen());
      item = { kind: 'message', id: newItemId('msg'), index: this.output.length, text: '' };
      this.open = item;
      events.push(
        { type: 'response.output_item.added', output_index: item.index, item: { id: item.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
        { type: 'response.content_part.added', item_id: item.id, output_index: item.index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } },
      );
    }
    item.text += text;
    events.push({ type: 'response.output_text.delta', item_id: item.id, output_index: item.index, content_index: 0, delta: text, logprobs: [] });
    return events;
  }

  private toolCall(chunkIndex: number, callId: string | undefined, name: string | undefined, args: string): ResponsesStreamEvent[] {
    const events: ResponsesStreamEvent[] = [];
    let item = this.calls.get(chunkIndex);
    if (item === undefined) {
      events.push(...this.closeOpen());
      const { type, ...client } = this.options.tools.clientCall(name ?? '');
      const custom = type === 'custom_tool_call';
      item = { kind: 'call', id: newItemId(custom ? 'ctc' : 'fc'), index: this.output.length, custom, callId: callId ?? '', client, args: '' };
      this.calls.set(chunkIndex, item);
      this.open = item;
      events.push({
        type: 'response.output_item.added',
        output_index: item.index,
        item: custom
          ? { id: item.id, type: 'custom_tool_call', status: 'in_progress', call_id: item.callId, ...client, input: '' }
          : { id: item.id, type: 'function_call', status: 'in_progress', call_id: item.callId, ...client, arguments: '' },
      });
    }
    if (args !== '') {
      item.args += args;
      // A custom tool's raw input is inside a JSON string: it is sent decoded, whole, when the call ends.
      if (!item.custom) events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: item.index, delta: args });
    }
    return events;
  }

  private closeOpen(): ResponsesStreamEvent[] {
    const item = this.open;
    if (item === undefined) return [];
    this.open = undefined;
    switch (item.kind) {
      case 'message': {
        const part = { type: 'output_text' as const, text: item.text, annotations: [] };
        const done: ResponsesOutputItem = { id: item.id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
        this.output.push(done);
        return [
          { type: 'response.output_text.done', item_id: item.id, output_index: item.index, content_index: 0, text: item.text, logprobs: [] },
          { type: 'response.content_part.done', item_id: item.id, output_index: item.index, content_index: 0, part },
          { type: 'response.output_item.done', output_index: item.index, item: done },
        ];
      }
      case 'reasoning': {
        const done = reasoningItem(item.id, item.blocks, this.options);
        this.output.push(done);
        const summary: ResponsesStreamEvent[] = this.options.summary
          ? [
              { type: 'response.reasoning_summary_text.done', item_id: item.id, output_index: item.index, summary_index: 0, text: item.text },
              { type: 'response.reasoning_summary_part.done', item_id: item.id, output_index: item.index, summary_index: 0, part: { type: 'summary_text', text: item.text } },
            ]
          : [];
        return [...summary, { type: 'response.output_item.done', output_index: item.index, item: done }];
      }
      case 'call': {
        const args = item.args === '' ? '{}' : item.args;
        if (item.custom) {
          const input = customToolInput(args);
          const done: ResponsesOutputItem = { id: item.id, type: 'custom_tool_call', status: 'completed', call_id: item.callId, ...item.client, input };
          this.output.push(done);
          return [
            ...(input === '' ? [] : [{ type: 'response.custom_tool_call_input.delta' as const, item_id: item.id, output_index: item.index, delta: input }]),
            { type: 'response.custom_tool_call_input.done', item_id: item.id, output_index: item.index, input },
            { type: 'response.output_item.done', output_index: item.index, item: done },
          ];
        }
        const done: ResponsesOutputItem = { id: item.id, type: 'function_call', status: 'completed', call_id: item.callId, ...item.client, arguments: args };
        this.output.push(done);
        return [
          { type: 'response.function_call_arguments.done', item_id: item.id, output_index: item.index, name: item.client.name, arguments: args },
          { type: 'response.output_item.done', output_index: item.index, item: done },
        ];
      }
      default: {
        const exhaustive: never = item;
        return exhaustive;
      }
    }
  }
}

export { ResponsesStreamConverter };
