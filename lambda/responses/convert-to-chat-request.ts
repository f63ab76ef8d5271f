/**
 * @module A Responses request as the gateway's Chat Completions request, so the one Converse mapping
 * (`prepareConverseRequest`: turns, tools and tool names, images, documents, cache points, reasoning
 * per family, limits, guardrail) serves both APIs.
 *
 * Input items become turns: `instructions` and system/developer messages the system prompt; an
 * assistant message, the reasoning before it and the tool calls after it one assistant turn; tool
 * outputs tool messages (their images a user turn after them). `custom` tools become function tools
 * taking one string, `input`, so the model's raw text comes back whole; the members of `namespace`
 * tools become tools of their own (see `tool-book.ts`).
 */
import type {
  OpenAIAssistantMessage,
  OpenAIChatCompletionRequest,
  OpenAIChatMessage,
  OpenAIFunctionTool,
  OpenAITextPart,
  OpenAIThinkingBlock,
  OpenAIToolChoice,
  OpenAIUserContentPart,
} from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import type { ResponsesContentPart, ResponsesCreateRequest, ResponsesCustomTool, ResponsesInputItem, ResponsesToolOutput } from './responses-types';
import { ToolBook, type BookedTool } from './tool-book';

/** The property a custom tool's single string travels in. */
const CUSTOM_TOOL_INPUT = 'input';

/** An input item and the parameter that names it in errors (`input[3]`, or the stored response it came from). */
interface LocatedItem {
  readonly item: ResponsesInputItem;
  readonly param: string;
}

interface ConvertOptions {
  /** Opens a reasoning item's `encrypted_content`; `undefined` when it does not verify. */
  readonly openReasoning: (sealed: string) => OpenAIThinkingBlock[] | undefined;
  readonly warnings: { add(message: string): void };
}

/** The namespace a member tool belongs to, told to the model after the tool's own description. */
function namespaceNote(booked: BookedTool): string {
  return booked.namespaceDescription === undefined ? '' : `\n\n(${booked.namespace ?? ''}: ${booked.namespaceDescription})`;
}

/** Custom tool as a function tool with one string property; the grammar, which Bedrock cannot enforce, goes into the description. */
function customToolAsFunction(tool: ResponsesCustomTool, booked: BookedTool): OpenAIFunctionTool {
  const grammar =
    tool.format?.type === 'grammar'
      ? `\n\nThe '${CUSTOM_TOOL_INPUT}' string must follow this ${tool.format.syntax === 'regex' ? 'regular expression' : 'Lark grammar'}:\n${tool.format.definition}`
      : '';
  const description = `${tool.description ?? ''}${grammar}${namespaceNote(booked)}`.trim();
  return {
    type: 'function',
    function: {
      name: booked.chatName,
      ...(description === '' ? {} : { description }),
      parameters: {
        type: 'object',
        properties: { [CUSTOM_TOOL_INPUT]: { type: 'string', description: 'The raw input of the tool, as free-form text.' } },
        required: [CUSTOM_TOOL_INPUT],
        additionalProperties: false,
      },
    },
  };
}

function convertTool(booked: BookedTool): OpenAIFunctionTool {
  const { tool } = booked;
  if (tool.type === 'custom') return customToolAsFunction(tool, booked);
  const description = `${tool.description ?? ''}${namespaceNote(booked)}`.trim();
  return {
    type: 'function',
    function: {
      name: booked.chatName,
      ...(tool.description == null && booked.namespaceDescription === undefined ? {} : { description }),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict == null ? {} : { strict: tool.strict }),
    },
  };
}

function convertToolChoice(choice: ResponsesCreateRequest['tool_choice'], book: ToolBook): OpenAIToolChoice | undefined {
  if (choice === undefined || typeof choice === 'string') return choice;
  return { type: 'function', function: { name: book.chatName(choice.name, undefined) } };
}

function textOf(part: ResponsesContentPart): string | undefined {
  if (part.type === 'input_text' || part.type === 'output_text') return part.text;
  if (part.type === 'refusal') return part.refusal;
  return undefined;
}

function textParts(content: string | ResponsesContentPart[], param: string, warnings: ConvertOptions['warnings']): OpenAITextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((part, index): OpenAITextPart[] => {
    const text = textOf(part);
    if (text === undefined) {
      warnings.add(`${param}[${index}]: ${part.type} is not available in ${param.includes('output') ? 'tool outputs' : 'this message'}'s role; dropped.`);
      return [];
    }
    return [{ type: 'text', text }];
  });
}

/** Text parts with something in them: Bedrock refuses blank text, and an empty system or assistant message says nothing. */
function nonBlank(parts: OpenAITextPart[]): OpenAITextPart[] {
  return parts.filter((part) => part.text.trim() !== '');
}

function userPart(part: ResponsesContentPart): OpenAIUserContentPart {
  switch (part.type) {
    case 'input_image':
      return { type: 'image_url', image_url: { url: part.image_url ?? '', ...(part.detail === undefined ? {} : { detail: part.detail }) } };
    case 'input_file':
      return { type: 'file', file: { file_data: part.file_data ?? '', ...(part.filename === undefined ? {} : { filename: part.filename }) } };
    case 'input_text':
    case 'output_text':
      return { type: 'text', text: part.text };
    case 'refusal':
      return { type: 'text', text: part.refusal };
    default: {
      const exhaustive: never = part;
      return exhaustive;
    }
  }
}

/** A tool output's text for the tool message, and its images and files for a user turn after it. */
function splitToolOutput(output: ResponsesToolOutput): { text: string; media: OpenAIUserContentPart[] } {
  if (typeof output === 'string') return { text: output, media: [] };
  const texts: string[] = [];
  const media: OpenAIUserContentPart[] = [];
  for (const part of output) {
    const text = textOf(part);
    if (text !== undefined) texts.push(text);
    else media.push(userPart(part));
  }
  return { text: texts.join('\n'), media };
}

/** Builds the chat messages from the items in order. */
class TurnBuilder {
  readonly messages: OpenAIChatMessage[] = [];
  private assistant: { text: OpenAITextPart[]; toolCalls: NonNullable<OpenAIAssistantMessage['tool_calls']>; thinking: OpenAIThinkingBlock[] } | undefined;
  private toolMedia: OpenAIUserContentPart[] = [];
  /** Tool calls by call_id, with the parameter naming them, and whether an output answered each. */
  private readonly calls = new Map<string, { param: string; answered: boolean }>();

  constructor(
    private readonly options: ConvertOptions,
    private readonly book: ToolBook,
  ) {}

  add({ item, param }: LocatedItem): void {
    switch (item.type) {
      case 'message':
        this.message(item, param);
        return;
      case 'reasoning': {
        if (item.encrypted_content == null) return;
        const blocks = this.options.openReasoning(item.encrypted_content);
        if (blocks === undefined) {
          throw new InvalidRequestError(`Invalid value for '${param}.encrypted_content': the reasoning item was not issued by this gateway to this caller, or it was altered.`, {
            param: `${param}.encrypted_content`,
            code: 'invalid_encrypted_content',
          });
        }
        const turn = this.openAssistant();
        if (turn.text.length > 0 || turn.toolCalls.length > 0) this.flushAssistant();
        this.openAssistant().thinking.push(...blocks);
        return;
      }
      case 'function_call':
        this.calls.set(item.call_id, { param, answered: false });
        this.openAssistant().toolCalls.push({ id: item.call_id, type: 'function', function: { name: this.book.chatName(item.name, item.namespace), arguments: item.arguments } });
        return;
      case 'custom_tool_call':
        this.calls.set(item.call_id, { param, answered: false });
        this.openAssistant().toolCalls.push({
          id: item.call_id,
          type: 'function',
          function: { name: this.book.chatName(item.name, item.namespace), arguments: JSON.stringify({ [CUSTOM_TOOL_INPUT]: item.input }) },
        });
        return;
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const call = this.calls.get(item.call_id);
        if (call === undefined) {
          throw new InvalidRequestError(`Invalid value for '${param}.call_id': no tool call with call_id '${item.call_id}' comes before this output.`, { param: `${param}.call_id` });
        }
        call.answered = true;
        this.flushAssistant();
        const { text, media } = splitToolOutput(item.output);
        this.messages.push({ role: 'tool', tool_call_id: item.call_id, content: text });
        this.toolMedia.push(...media);
        return;
      }
      case 'item_reference':
        throw new InvalidRequestError(`Invalid value for '${param}.id': no stored item '${item.id}'.`, { param: `${param}.id` });
      default: {
        const exhaustive: never = item;
        throw new Error(`unknown item ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  finish(): OpenAIChatMessage[] {
    for (const [callId, call] of this.calls) {
      if (!call.answered) throw new InvalidRequestError(`Invalid value for '${call.param}': no tool output found for the call with call_id '${callId}'.`, { param: call.param });
    }
    this.flushAssistant();
    this.flushToolMedia();
    return this.messages;
  }

  private message(item: Extract<ResponsesInputItem, { type: 'message' }>, param: string): void {
    const contentParam = `${param}.content`;
    if (item.role === 'assistant') {
      const turn = this.openAssistant();
      if (turn.toolCalls.length > 0 || turn.text.length > 0) this.flushAssistant();
      this.openAssistant().text.push(...nonBlank(textParts(item.content, contentParam, this.options.warnings)));
      return;
    }
    this.flushAssistant();
    this.flushToolMedia();
    if (item.role === 'system' || item.role === 'developer') {
      const parts = nonBlank(textParts(item.content, contentParam, this.options.warnings));
      if (parts.length > 0) this.messages.push({ role: 'system', content: parts });
      return;
    }
    const content = typeof item.content === 'string' ? item.content : item.content.map(userPart);
    this.messages.push({ role: 'user', content });
  }

  private openAssistant(): NonNullable<TurnBuilder['assistant']> {
    this.flushToolMedia();
    this.assistant ??= { text: [], toolCalls: [], thinking: [] };
    return this.assistant;
  }

  private flushAssistant(): void {
    const turn = this.assistant;
    if (turn === undefined) return;
    this.assistant = undefined;
    if (turn.text.length === 0 && turn.toolCalls.length === 0) return;
    this.messages.push({
      role: 'assistant',
      content: turn.text.length === 0 ? null : turn.text,
      ...(turn.toolCalls.length === 0 ? {} : { tool_calls: turn.toolCalls }),
      ...(turn.thinking.length === 0 ? {} : { thinking_blocks: turn.thinking }),
    });
  }

  private flushToolMedia(): void {
    if (this.toolMedia.length === 0) return;
    this.messages.push({ role: 'user', content: this.toolMedia });
    this.toolMedia = [];
  }
}

/**
 * The chat request of a Responses request whose input items (previous ones included) are `items`.
 * Pure apart from `openReasoning`.
 *
 * @throws InvalidRequestError naming the item for a reasoning item that does not verify.
 */
function convertToChatRequest(request: ResponsesCreateRequest, items: readonly LocatedItem[], options: ConvertOptions): OpenAIChatCompletionRequest {
  const book = ToolBook.of(request.tools);
  const builder = new TurnBuilder(options, book);
  if (request.instructions !== undefined && request.instructions !== '') builder.messages.push({ role: 'system', content: request.instructions });
  for (const item of items) builder.add(item);
  const messages = builder.finish();
  const tools = book.tools.map(convertTool);
  const toolChoice = convertToolChoice(request.tool_choice, book);
  const format = request.text?.format;
  return {
    model: request.model,
    messages,
    ...(request.max_output_tokens === undefined ? {} : { max_completion_tokens: request.max_output_tokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.top_p === undefined ? {} : { top_p: request.top_p }),
    ...(tools.length === 0 ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(request.parallel_tool_calls === false ? { parallel_tool_calls: false } : {}),
    ...(format === undefined || format.type === 'text'
      ? {}
      : {
          response_format:
            format.type === 'json_object'
              ? { type: 'json_object' }
              : { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.description === undefined ? {} : { description: format.description }), ...(format.strict == null ? {} : { strict: format.strict }) } },
        }),
    ...(request.reasoning?.effort == null ? {} : { reasoning_effort: request.reasoning.effort }),
    ...(request.metadata === undefined ? {} : { metadata: request.metadata }),
    ...(request.service_tier === undefined ? {} : { service_tier: request.service_tier }),
    ...(request.user === undefined ? {} : { user: request.user }),
    ...(request.safety_identifier === undefined ? {} : { safety_identifier: request.safety_identifier }),
    ...(request.stream ? { stream: true } : {}),
  };
}

/** The raw input of a custom tool call from the function call arguments the model produced. */
function customToolInput(argumentsJson: string): string {
  try {
    const parsed: unknown = JSON.parse(argumentsJson);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as Record<string, unknown>)[CUSTOM_TOOL_INPUT] === 'string') {
      return (parsed as Record<string, string>)[CUSTOM_TOOL_INPUT] as string;
    }
  } catch {
    // Not JSON: the model wrote the raw text itself.
  }
  return argumentsJson;
}

export { convertToChatRequest, customToolInput };
export type { ConvertOptions, LocatedItem };
