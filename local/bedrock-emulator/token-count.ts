/**
 * @module Deterministic token estimate used for every usage number the emulator reports.
 *
 * The rule, so tests can assert exact numbers:
 * - a string costs `ceil(length / 4)` tokens (UTF-16 code units; the empty string costs 0);
 * - input = each system text block + each tool spec (`JSON.stringify(toolSpec)`)
 *   + for each message `MESSAGE_OVERHEAD_TOKENS` plus each content block:
 *   text, reasoning text and tool-result text as strings, toolUse input and tool-result JSON as
 *   `JSON.stringify(...)`, every image `IMAGE_TOKENS`, every document `DOCUMENT_TOKENS`;
 * - output = each reply text and reasoning text as strings, each tool call `JSON.stringify(input)`.
 */

import type { ContentBlock, Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';

/** Fixed cost of every message (role markers). */
const MESSAGE_OVERHEAD_TOKENS = 3;
/** Fixed cost of every image block. */
const IMAGE_TOKENS = 85;
/** Fixed cost of every document block. */
const DOCUMENT_TOKENS = 100;

/** Tokens of one string: `ceil(length / 4)`. */
function countTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function countBlockTokens(block: ContentBlock): number {
  if (block.text !== undefined) return countTextTokens(block.text);
  if (block.image !== undefined) return IMAGE_TOKENS;
  if (block.document !== undefined) return DOCUMENT_TOKENS;
  if (block.toolUse !== undefined) return countTextTokens(JSON.stringify(block.toolUse.input ?? {}));
  if (block.reasoningContent?.reasoningText !== undefined) return countTextTokens(block.reasoningContent.reasoningText.text ?? '');
  if (block.toolResult !== undefined) {
    return (block.toolResult.content ?? []).reduce((sum, part) => {
      if (part.text !== undefined) return sum + countTextTokens(part.text);
      if (part.json !== undefined) return sum + countTextTokens(JSON.stringify(part.json));
      if (part.image !== undefined) return sum + IMAGE_TOKENS;
      return sum + (part.document === undefined ? 0 : DOCUMENT_TOKENS);
    }, 0);
  }
  return 0;
}

/** Input tokens of a Converse request per the module rule. */
function countInputTokens(input: {
  readonly system?: readonly SystemContentBlock[];
  readonly messages?: readonly Message[];
  readonly tools?: readonly Tool[];
}): number {
  const system = (input.system ?? []).reduce((sum, block) => sum + (block.text === undefined ? 0 : countTextTokens(block.text)), 0);
  const tools = (input.tools ?? []).reduce((sum, tool) => sum + (tool.toolSpec ? countTextTokens(JSON.stringify(tool.toolSpec)) : 0), 0);
  const messages = (input.messages ?? []).reduce(
    (sum, message) => sum + MESSAGE_OVERHEAD_TOKENS + (message.content ?? []).reduce((inner, block) => inner + countBlockTokens(block), 0),
    0,
  );
  return system + tools + messages;
}

export { DOCUMENT_TOKENS, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, countInputTokens, countTextTokens };
