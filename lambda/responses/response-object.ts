/**
 * @module The Responses response object built from what the chat mapping produced: output items
 * (reasoning, message, function and custom tool calls), status and usage. Shared by the JSON answer
 * and the stream, which ends with the same object.
 */
import { randomBytes } from 'node:crypto';
import type { OpenAIChatCompletion, OpenAICompletionUsage, OpenAIFinishReason, OpenAIThinkingBlock } from '../openai/chat-response-types';
import { servedServiceTier } from '../bedrock/prepare-serving';
import { customToolInput } from './convert-to-chat-request';
import type { ToolBook } from './tool-book';
import type { ResponsesCreateRequest, ResponsesOutputItem, ResponsesOutputReasoning, ResponsesResponse, ResponsesStatus, ResponsesStreamEvent, ResponsesUsage } from './responses-types';

/** What every response of one request shares. */
interface ResponseIdentity {
  /** `resp_...` */
  readonly id: string;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly request: ResponsesCreateRequest;
}

/** How output items are rendered for one request. */
interface OutputOptions {
  /** The request's tools: a call's chat name back to the tool the client declared. */
  readonly tools: ToolBook;
  /** Seals thinking blocks into `encrypted_content` (bound to the caller). */
  readonly seal: (blocks: readonly OpenAIThinkingBlock[]) => string;
  /** `reasoning.summary` was asked for: the reasoning text is shown as a summary. */
  readonly summary: boolean;
}

/** A new id with OpenAI's prefix for its kind (`resp`, `msg`, `fc`, `ctc`, `rs`). */
function newItemId(prefix: 'resp' | 'msg' | 'fc' | 'ctc' | 'rs'): string {
  return `${prefix}_${randomBytes(prefix === 'resp' ? 24 : 16).toString('hex')}`;
}

function newResponseIdentity(request: ResponsesCreateRequest, nowMs: number): ResponseIdentity {
  return { id: newItemId('resp'), createdAt: Math.floor(nowMs / 1000), request };
}

/** The chat usage in Responses' terms (input tokens include the cached ones, as OpenAI's do). */
function convertUsage(usage: OpenAICompletionUsage): ResponsesUsage {
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: usage.prompt_tokens_details.cached_tokens },
    output_tokens: usage.completion_tokens,
    // Bedrock does not report reasoning tokens apart; they are inside output_tokens.
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.total_tokens,
  };
}

/** How the response ended, from the chat finish reason. */
function statusOf(finishReason: OpenAIFinishReason | undefined): Pick<ResponsesResponse, 'status' | 'incomplete_details'> {
  if (finishReason === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finishReason === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The reasoning item of some thinking blocks. */
function reasoningItem(id: string, blocks: readonly OpenAIThinkingBlock[], options: OutputOptions): ResponsesOutputReasoning {
  const text = blocks.map((block) => (block.type === 'thinking' ? block.thinking : '')).join('');
  return { id, type: 'reasoning', summary: options.summary && text !== '' ? [{ type: 'summary_text', text }] : [], encrypted_content: options.seal(blocks) };
}

/** The output items of a chat completion's message, in the order the model produced them. */
function outputItemsOf(completion: OpenAIChatCompletion, options: OutputOptions): ResponsesOutputItem[] {
  const message = completion.choices[0]?.message;
  if (message === undefined) return [];
  const items: ResponsesOutputItem[] = [];
  const blocks = message.thinking_blocks ?? [];
  if (blocks.length > 0) items.push(reasoningItem(newItemId('rs'), blocks, options));
  if (message.content !== null && message.content !== '') {
    items.push({ id: newItemId('msg'), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: message.content, annotations: [] }] });
  }
  for (const call of message.tool_calls ?? []) {
    const { type, ...client } = options.tools.clientCall(call.function.name);
    if (type === 'custom_tool_call') {
      items.push({ id: newItemId('ctc'), type, status: 'completed', call_id: call.id, ...client, input: customToolInput(call.function.arguments) });
    } else {
      items.push({ id: newItemId('fc'), type, status: 'completed', call_id: call.id, ...client, arguments: call.function.arguments });
    }
  }
  return items;
}

/** The response object with the request's settings echoed. */
function responseObject(
  identity: ResponseIdentity,
  fields: { model: string; status: ResponsesStatus; output: ResponsesOutputItem[]; usage: ResponsesUsage | null } & Partial<Pick<ResponsesResponse, 'incomplete_details' | 'error' | 'service_tier'>>,
): ResponsesResponse {
  const { request } = identity;
  const serviceTier = fields.service_tier ?? servedServiceTier(request.service_tier, undefined);
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: fields.status,
    background: false,
    error: fields.error ?? null,
    incomplete_details: fields.incomplete_details ?? null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: fields.model,
    output: fields.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    store: request.store,
    temperature: request.temperature ?? null,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools,
    top_p: request.top_p ?? null,
    truncation: request.truncation ?? 'disabled',
    usage: fields.usage,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
    ...(serviceTier === undefined ? {} : { service_tier: serviceTier }),
  };
}

/** The complete response of a chat completion (JSON answers). */
function convertCompletionToResponse(completion: OpenAIChatCompletion, identity: ResponseIdentity, model: string, options: OutputOptions): ResponsesResponse {
  return responseObject(identity, {
    model,
    ...statusOf(completion.choices[0]?.finish_reason),
    output: outputItemsOf(completion, options),
    usage: convertUsage(completion.usage),
    ...(completion.service_tier === undefined ? {} : { service_tier: completion.service_tier }),
  });
}

/** An output item as the client sees it: a reasoning item's `encrypted_content` only when `include` asked for it. */
function itemView(item: ResponsesOutputItem, request: ResponsesCreateRequest): ResponsesOutputItem {
  if (item.type !== 'reasoning' || request.include.includes('reasoning.encrypted_content')) return item;
  const { encrypted_content: _sealed, ...visible } = item;
  return visible;
}

/** The response as the client sees it (see `itemView`); the stored copy keeps every item whole. */
function clientView(response: ResponsesResponse, request: ResponsesCreateRequest): ResponsesResponse {
  return { ...response, output: response.output.map((item) => itemView(item, request)) };
}

/** A stream event as the client sees it. */
function eventView(event: ResponsesStreamEvent, request: ResponsesCreateRequest): ResponsesStreamEvent {
  if ('response' in event) return { ...event, response: clientView(event.response, request) };
  if ('item' in event) return { ...event, item: itemView(event.item, request) };
  return event;
}

export { clientView, convertCompletionToResponse, eventView, convertUsage, newItemId, newResponseIdentity, reasoningItem, responseObject, statusOf };
export type { OutputOptions, ResponseIdentity };
