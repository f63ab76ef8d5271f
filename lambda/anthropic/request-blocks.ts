/**
 * @module Typed views of validated request blocks: the schema checked the required fields of each
 * known type, so a block of that type has them.
 */
import type {
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicRedactedThinkingBlock,
  AnthropicRequestBlock,
  AnthropicTextBlock,
  AnthropicThinkingBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './messages-api-types';

/** Known block types and their typed views. */
interface KnownBlocks {
  text: AnthropicTextBlock;
  image: AnthropicImageBlock;
  document: AnthropicDocumentBlock;
  tool_use: AnthropicToolUseBlock;
  tool_result: AnthropicToolResultBlock;
  thinking: AnthropicThinkingBlock;
  redacted_thinking: AnthropicRedactedThinkingBlock;
}

/** Whether a validated block is of `type`, narrowing it to that type's view. */
function isBlock<K extends keyof KnownBlocks>(block: AnthropicRequestBlock, type: K): block is AnthropicRequestBlock & KnownBlocks[K] {
  return block.type === type;
}

/** The blocks of a content value (a string is one text block). */
function blocksOf(content: string | readonly AnthropicRequestBlock[]): readonly AnthropicRequestBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

export { blocksOf, isBlock };
export type { KnownBlocks };
