/** @module Converts a Bedrock ConverseResponse to an OpenAI chat completion object. */
import type { ContentBlock, ConverseResponse, ReasoningContentBlock, ToolUseBlock } from '@aws-sdk/client-bedrock-runtime';
import type {
  OpenAIChatCompletion,
  OpenAIChatCompletionMessage,
  OpenAIChatCompletionMessageToolCall,
  OpenAIFinishReason,
  OpenAIThinkingBlock,
} from '../openai/chat-response-types';
import { servedServiceTier } from './prepare-serving';
import { convertUsage, type ConvertedUsage } from './convert-usage';
import { mapFinishReason } from './map-finish-reason';

/** What the response needs beyond Bedrock's output; ids and clock are passed in to keep this pure. */
interface ChatCompletionConversionOptions {
  /** `chatcmpl-...` */
  readonly id: string;
  /** Unix seconds. */
  readonly created: number;
  /** The model name the client asked for, echoed back. */
  readonly model: string;
  /** Bedrock tool name to the name the client declared (names were sanitised for Bedrock). */
  readonly toolNames: ReadonlyMap<string, string>;
  /**
   * Set when `response_format: json_schema` was implemented as a forced tool: that tool's input is
   * the answer, returned as `content` with finish reason `stop`.
   */
  readonly structuredOutputToolName?: string;
  readonly systemFingerprint?: string;
  /** The request's `service_tier`: set, the completion says which tier served it. @default - not set */
  readonly requestedServiceTier?: string | null;
}

/** The completion, plus what the ledger and the logs need. */
interface ChatCompletionConversion {
  readonly completion: OpenAIChatCompletion;
  readonly usage: ConvertedUsage;
  /** Bedrock's stop reason as sent, for logs. */
  readonly rawStopReason: string | undefined;
}

/** The parts of an assistant message, collected block by block. */
interface MessageParts {
  text: string;
  toolCalls: OpenAIChatCompletionMessageToolCall[];
  reasoningText: string;
  thinkingBlocks: OpenAIThinkingBlock[];
  structuredOutput: boolean;
}

function stringifyToolInput(input: unknown): string {
  return JSON.stringify(input ?? {});
}

function addToolUse(parts: MessageParts, toolUse: ToolUseBlock, options: ChatCompletionConversionOptions): void {
  const name = toolUse.name ?? '';
  if (options.structuredOutputToolName !== undefined && name === options.structuredOutputToolName) {
    parts.text += stringifyToolInput(toolUse.input);
    parts.structuredOutput = true;
    return;
  }
  parts.toolCalls.push({
    id: toolUse.toolUseId ?? '',
    type: 'function',
    function: { name: options.toolNames.get(name) ?? name, arguments: stringifyToolInput(toolUse.input) },
  });
}

function addReasoning(parts: MessageParts, reasoning: ReasoningContentBlock): void {
  if (reasoning.reasoningText !== undefined) {
    const thinking = reasoning.reasoningText.text ?? '';
    const signature = reasoning.reasoningText.signature;
    parts.reasoningText += thinking;
    parts.thinkingBlocks.push({ type: 'thinking', thinking, ...(signature === undefined ? {} : { signature }) });
  } else if (reasoning.redactedContent !== undefined) {
    parts.thinkingBlocks.push({ type: 'redacted_thinking', data: Buffer.from(reasoning.redactedContent).toString('base64') });
  }
}

function addBlock(parts: MessageParts, block: ContentBlock, options: ChatCompletionConversionOptions): void {
  if (block.text !== undefined) parts.text += block.text;
  else if (block.toolUse !== undefined) addToolUse(parts, block.toolUse, options);
  else if (block.reasoningContent !== undefined) addReasoning(parts, block.reasoningContent);
  else if (block.citationsContent !== undefined) {
    for (const generated of block.citationsContent.content ?? []) parts.text += generated.text ?? '';
  }
  // Other block kinds (images, documents, tool results, cache points, ...) only occur in input.
}

function lastSignature(blocks: readonly OpenAIThinkingBlock[]): string | undefined {
  for (let i = blocks.length - 1; i >= 0; i--) {
    const block = blocks[i] as OpenAIThinkingBlock;
    if (block.type === 'thinking' && block.signature !== undefined) return block.signature;
  }
  return undefined;
}

function buildMessage(parts: MessageParts): OpenAIChatCompletionMessage {
  const hasToolCalls = parts.toolCalls.length > 0;
  const signature = lastSignature(parts.thinkingBlocks);
  return {
    role: 'assistant',
    content: parts.text !== '' || !hasToolCalls ? parts.text : null,
    refusal: null,
    ...(hasToolCalls ? { tool_calls: parts.toolCalls } : {}),
    ...(parts.thinkingBlocks.length > 0
      ? {
          reasoning_content: parts.reasoningText,
          ...(signature === undefined ? {} : { reasoning_signature: signature }),
          thinking_blocks: parts.thinkingBlocks,
        }
      : {}),
  };
}

/**
 * The finish reason, with one override: a forced structured-output tool call is the answer, so the
 * response finished normally (`stop`) unless the model also called real tools.
 */
function finishReasonFor(
  stopReason: string | undefined,
  message: { readonly structuredOutput: boolean; readonly toolCallCount: number },
): OpenAIFinishReason {
  const mapped = mapFinishReason(stopReason);
  return mapped === 'tool_calls' && message.structuredOutput && message.toolCallCount === 0 ? 'stop' : mapped;
}

/**
 * Converts a Converse response to OpenAI's chat completion: text blocks become `content`, tool use
 * blocks become `tool_calls` (JSON-stringified input, the client's tool names restored), reasoning
 * becomes `reasoning_content` with its signature.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
function convertToChatCompletion(response: ConverseResponse, options: ChatCompletionConversionOptions): ChatCompletionConversion {
  const parts: MessageParts = { text: '', toolCalls: [], reasoningText: '', thinkingBlocks: [], structuredOutput: false };
  for (const block of response.output?.message?.content ?? []) addBlock(parts, block, options);
  const usage = convertUsage(response.usage);
  const finishReason = finishReasonFor(response.stopReason, {
    structuredOutput: parts.structuredOutput,
    toolCallCount: parts.toolCalls.length,
  });
  const completion: OpenAIChatCompletion = {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices: [{ index: 0, message: buildMessage(parts), finish_reason: finishReason, logprobs: null }],
    usage: usage.openai,
    ...(options.systemFingerprint === undefined ? {} : { system_fingerprint: options.systemFingerprint }),
  };
  const serviceTier = servedServiceTier(options.requestedServiceTier, response.serviceTier?.type);
  if (serviceTier !== undefined) completion.service_tier = serviceTier;
  return { completion, usage, rawStopReason: response.stopReason };
}

export { convertToChatCompletion, finishReasonFor };
export type { ChatCompletionConversion, ChatCompletionConversionOptions };
