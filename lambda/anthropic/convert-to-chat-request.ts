/**
 * @module A Messages request for a model served through Converse (Nova, Llama, Mistral, gpt-oss,
 * Qwen, DeepSeek), as the gateway's Chat Completions request, so the one Converse mapping
 * (`prepareConverseRequest`: turns, tools and tool names, images, documents, cache points, reasoning
 * per family, limits, guardrail) serves both APIs. What the chat request cannot carry is dropped
 * with a warning.
 */
import type { RequestWarnings } from '../bedrock/request-warnings';
import type {
  OpenAIAssistantMessage,
  OpenAICacheControl,
  OpenAIChatCompletionRequest,
  OpenAIChatMessage,
  OpenAIFunctionTool,
  OpenAIReasoningEffort,
  OpenAITextPart,
  OpenAIThinkingBlock,
  OpenAIToolChoice,
  OpenAIUserContentPart,
} from '../openai/chat-request-types';
import { blocksOf, isBlock } from './request-blocks';
import type { AnthropicCacheControl, AnthropicMessageParam, AnthropicMessagesRequest, AnthropicRequestBlock, AnthropicToolChoice } from './messages-api-types';

/** Converse takes at most four stop sequences on most models (OpenAI's limit, which the chat mapping enforces). */
const MAX_STOP_SEQUENCES = 4;

/** The block's cache marker with its TTL (the Converse mapping settles 1-hour TTLs per model). */
function cacheControlOf(block: AnthropicRequestBlock, _warnings: RequestWarnings): OpenAICacheControl | undefined {
  const control = block['cache_control'] as AnthropicCacheControl | null | undefined;
  if (control === undefined || control === null) return undefined;
  return control.ttl === undefined ? { type: 'ephemeral' } : { type: 'ephemeral', ttl: control.ttl };
}

function textPart(text: string, block: AnthropicRequestBlock, warnings: RequestWarnings): OpenAITextPart {
  const control = cacheControlOf(block, warnings);
  return control === undefined ? { type: 'text', text } : { type: 'text', text, cache_control: control };
}

/** A base64 source as a data URL. */
function dataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** One user-side block (also inside tool results) as chat parts; `undefined` for a type the chat mapping lacks. */
function userParts(block: AnthropicRequestBlock, param: string, warnings: RequestWarnings): OpenAIUserContentPart[] | undefined {
  if (isBlock(block, 'text')) return [textPart(block.text, block, warnings)];
  if (isBlock(block, 'image')) {
    const { source } = block;
    // URL images were fetched and inlined before (`resolveImageUrls`); Files API ids were refused.
    if (source.type !== 'base64') return undefined;
    return [{ type: 'image_url', image_url: { url: dataUrl(source.media_type, source.data) }, ...withControl(block, warnings) }];
  }
  if (isBlock(block, 'document')) {
    const { source } = block;
    const filename = block.title ?? 'document';
    if (source.type === 'base64') return [{ type: 'file', file: { file_data: dataUrl(source.media_type, source.data), filename: `${filename}.pdf` }, ...withControl(block, warnings) }];
    if (source.type === 'text') return [{ type: 'file', file: { file_data: dataUrl('text/plain', Buffer.from(source.data).toString('base64')), filename: `${filename}.txt` }, ...withControl(block, warnings) }];
    if (source.type === 'content') return blocksOf(source.content).flatMap((inner, index) => userParts(inner, `${param}.source.content.${index}`, warnings) ?? []);
    return undefined;
  }
  warnings.add(`${param}: ${block.type} blocks are not available on this model; dropped.`);
  return [];
}

function withControl(block: AnthropicRequestBlock, warnings: RequestWarnings): { cache_control?: OpenAICacheControl } {
  const control = cacheControlOf(block, warnings);
  return control === undefined ? {} : { cache_control: control };
}

/** A user turn: its tool results as tool messages (first, as the chat API orders them), then its other content. */
function convertUser(content: string | readonly AnthropicRequestBlock[], param: string, warnings: RequestWarnings): OpenAIChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const toolMessages: OpenAIChatMessage[] = [];
  const parts: OpenAIUserContentPart[] = [];
  content.forEach((block, index) => {
    const blockParam = `${param}.content.${index}`;
    if (!isBlock(block, 'tool_result')) {
      parts.push(...(userParts(block, blockParam, warnings) ?? []));
      return;
    }
    const inner = block.content === undefined ? [] : blocksOf(block.content);
    const texts = inner.filter((part) => isBlock(part, 'text')).map((part) => textPart(part['text'] as string, part, warnings));
    const control = cacheControlOf(block, warnings);
    const withMarker = control === undefined || texts.length === 0 ? texts : [...texts.slice(0, -1), { ...(texts[texts.length - 1] as OpenAITextPart), cache_control: control }];
    toolMessages.push({ role: 'tool', tool_call_id: block.tool_use_id, content: withMarker.length === 0 ? '' : withMarker });
    // Images and documents a tool returned follow as user content: chat tool messages hold text only.
    inner.forEach((part, partIndex) => {
      if (!isBlock(part, 'text')) parts.push(...(userParts(part, `${blockParam}.content.${partIndex}`, warnings) ?? []));
    });
  });
  return [...toolMessages, ...(parts.length === 0 ? [] : [{ role: 'user' as const, content: parts }])];
}

function convertAssistant(content: string | readonly AnthropicRequestBlock[], warnings: RequestWarnings): OpenAIAssistantMessage {
  if (typeof content === 'string') return { role: 'assistant', content };
  const text: OpenAITextPart[] = [];
  const toolCalls: NonNullable<OpenAIAssistantMessage['tool_calls']> = [];
  const thinking: OpenAIThinkingBlock[] = [];
  for (const block of content) {
    if (isBlock(block, 'text')) text.push(textPart(block.text, block, warnings));
    else if (isBlock(block, 'tool_use')) toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input) } });
    else if (isBlock(block, 'thinking')) thinking.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
    else if (isBlock(block, 'redacted_thinking')) thinking.push({ type: 'redacted_thinking', data: block.data });
  }
  return {
    role: 'assistant',
    content: text.length === 0 ? null : text,
    ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
    ...(thinking.length === 0 ? {} : { thinking_blocks: thinking }),
  };
}

function convertMessages(request: AnthropicMessagesRequest, warnings: RequestWarnings): OpenAIChatMessage[] {
  const system: OpenAIChatMessage[] =
    request.system === undefined ? [] : [{ role: 'system', content: typeof request.system === 'string' ? request.system : request.system.map((block) => textPart(block['text'] as string, block, warnings)) }];
  return [
    ...system,
    ...request.messages.flatMap((message: AnthropicMessageParam, index): OpenAIChatMessage[] => {
      const param = `messages.${index}`;
      if (message.output_config !== undefined) warnings.add(`${param}.output_config: per-turn output settings are not available on this model; dropped.`);
      if (message.role === 'system') {
        const parts = blocksOf(message.content).filter((block) => isBlock(block, 'text')).map((block) => textPart(block['text'] as string, block, warnings));
        return [{ role: 'system', content: parts }];
      }
      return message.role === 'user' ? convertUser(message.content, param, warnings) : [convertAssistant(message.content, warnings)];
    }),
  ];
}

function convertTools(request: AnthropicMessagesRequest, warnings: RequestWarnings): OpenAIFunctionTool[] | undefined {
  const tools = request.tools?.flatMap((tool, index): OpenAIFunctionTool[] => {
    if ((tool.type ?? 'custom') !== 'custom') {
      warnings.add(`tools.${index}: the ${String(tool.type)} server tool is not available on this model; dropped.`);
      return [];
    }
    if (tool.defer_loading === true) warnings.add(`tools.${index}.defer_loading: tool search is Claude's; the tool is sent inline.`);
    const control = cacheControlOf(tool as AnthropicRequestBlock, warnings);
    return [
      {
        type: 'function',
        function: { name: tool.name, ...(tool.description === undefined ? {} : { description: tool.description }), parameters: tool.input_schema ?? { type: 'object', properties: {} } },
        ...(control === undefined ? {} : { cache_control: control }),
      },
    ];
  });
  return tools === undefined || tools.length === 0 ? undefined : tools;
}

function convertToolChoice(choice: AnthropicToolChoice | undefined): OpenAIToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return 'auto';
    case 'any':
      return 'required';
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    case 'none':
      return 'none';
    default: {
      const _exhaustiveCheck: never = choice;
      return _exhaustiveCheck;
    }
  }
}

/** Anthropic's thinking and effort as the chat request's reasoning parameters (each family maps them its own way). */
function reasoningOf(request: AnthropicMessagesRequest): Pick<OpenAIChatCompletionRequest, 'thinking' | 'reasoning_effort'> {
  const effort: OpenAIReasoningEffort | undefined = request.output_config?.effort ?? undefined;
  switch (request.thinking?.type) {
    case 'enabled':
      return { thinking: { type: 'enabled', budget_tokens: request.thinking.budget_tokens } };
    case 'disabled':
      return { reasoning_effort: 'none' };
    case 'between_tools':
      return { reasoning_effort: 'minimal' };
    case 'adaptive':
      return { reasoning_effort: effort ?? 'high' };
    case undefined:
      return effort === undefined ? {} : { reasoning_effort: effort };
    default: {
      const _exhaustiveCheck: never = request.thinking;
      return _exhaustiveCheck;
    }
  }
}

/**
 * The chat request for a Messages request (image URLs already inlined). Pure.
 *
 * @example convertToChatRequest({ model: 'nova-pro', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] }, warnings).max_completion_tokens // 100
 */
function convertToChatRequest(request: AnthropicMessagesRequest, warnings: RequestWarnings): OpenAIChatCompletionRequest {
  const tools = convertTools(request, warnings);
  const toolChoice = convertToolChoice(request.tool_choice);
  const stop = request.stop_sequences ?? [];
  if (stop.length > MAX_STOP_SEQUENCES) warnings.add(`stop_sequences: only the first ${MAX_STOP_SEQUENCES} are sent to this model.`);
  if (request.top_k !== undefined) warnings.add('top_k: not available on this model; dropped.');
  if (request.context_management != null) warnings.add("context_management: Claude's context editing is not available on this model; dropped.");
  if (request.output_config?.format !== undefined) warnings.add('output_config.format: structured output is available on Claude models only through this API; dropped.');
  if (request.tool_choice !== undefined && 'disable_parallel_tool_use' in request.tool_choice && request.tool_choice.disable_parallel_tool_use === true) {
    warnings.add('tool_choice.disable_parallel_tool_use: Converse has no such switch; the model may call several tools at once.');
  }
  return {
    model: request.model,
    messages: convertMessages(request, warnings),
    ...(request.max_tokens === undefined ? {} : { max_completion_tokens: request.max_tokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined ? {} : { top_p: request.top_p }),
    ...(stop.length === 0 ? {} : { stop: stop.slice(0, MAX_STOP_SEQUENCES) }),
    ...(tools === undefined ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...reasoningOf(request),
    ...(request.metadata?.user_id == null ? {} : { user: request.metadata.user_id }),
    ...(request.stream === true ? { stream: true } : {}),
  };
}

export { convertToChatRequest };
