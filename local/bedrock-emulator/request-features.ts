/** @module Reads features out of a Converse request body: reasoning settings, tools, last user turn. */

import type { ContentBlock, ConverseRequest, Message, ToolSpecification, ToolUseBlock } from '@aws-sdk/client-bedrock-runtime';

/** A Converse or ConverseStream body as it arrives on the wire (the model id is in the path). */
type ConverseBody = Omit<ConverseRequest, 'modelId'>;

/** A JSON object. */
type JsonObject = Record<string, unknown>;

/** A JSON value as the SDK types documents (tool inputs, additional fields). */
type JsonDocument = NonNullable<ToolUseBlock['input']>;

/** A JSON object whose members are documents, as a tool input is. */
type JsonDocumentObject = { [key: string]: JsonDocument };

/** True for plain JSON objects (not arrays, not null). */
function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for plain objects parsed from JSON, whose members are therefore documents. */
function isJsonDocumentObject(value: unknown): value is JsonDocumentObject {
  return isJsonObject(value);
}

/** `additionalModelRequestFields` as an object (empty when absent or not an object). */
function additionalFields(body: ConverseBody): JsonObject {
  const fields: unknown = body.additionalModelRequestFields;
  return isJsonObject(fields) ? fields : {};
}

/** Anthropic extended thinking settings, when `thinking.type` is `enabled` or `adaptive`. */
function anthropicThinking(body: ConverseBody): { readonly budgetTokens?: number } | undefined {
  const thinking = additionalFields(body)['thinking'];
  if (!isJsonObject(thinking) || (thinking['type'] !== 'enabled' && thinking['type'] !== 'adaptive')) return undefined;
  const budget = thinking['budget_tokens'];
  return typeof budget === 'number' ? { budgetTokens: budget } : {};
}

/** True when the request asks for reasoning in any of the dialects Bedrock models use. */
function requestsReasoning(body: ConverseBody): boolean {
  const fields = additionalFields(body);
  const reasoningConfig = fields['reasoningConfig'];
  return (
    anthropicThinking(body) !== undefined ||
    (isJsonObject(reasoningConfig) && reasoningConfig['type'] === 'enabled') ||
    typeof fields['reasoning_effort'] === 'string'
  );
}

/** Tool specifications offered in `toolConfig.tools`. */
function toolSpecs(body: ConverseBody): ToolSpecification[] {
  return (body.toolConfig?.tools ?? []).flatMap((tool) => (tool.toolSpec ? [tool.toolSpec] : []));
}

/** True when `toolChoice` forces a tool (`any` or a named `tool`). */
function forcesToolUse(body: ConverseBody): boolean {
  const choice = body.toolConfig?.toolChoice;
  return choice?.any !== undefined || choice?.tool !== undefined;
}

/** The last message of the conversation when it is a user turn. */
function lastUserMessage(body: ConverseBody): Message | undefined {
  const last = body.messages?.at(-1);
  return last?.role === 'user' ? last : undefined;
}

/** Text blocks of some content joined with newlines. */
function joinText(content: readonly ContentBlock[] | undefined): string {
  return (content ?? []).flatMap((block) => (block.text === undefined ? [] : [block.text])).join('\n');
}

/** System prompt text joined with newlines. */
function systemText(body: ConverseBody): string {
  return (body.system ?? []).flatMap((block) => (block.text === undefined ? [] : [block.text])).join('\n');
}

export {
  additionalFields,
  anthropicThinking,
  forcesToolUse,
  isJsonDocumentObject,
  isJsonObject,
  joinText,
  lastUserMessage,
  requestsReasoning,
  systemText,
  toolSpecs,
};
export type { ConverseBody, JsonDocument, JsonDocumentObject, JsonObject };
