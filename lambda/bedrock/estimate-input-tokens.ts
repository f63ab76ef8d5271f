/** @module A cheap, deterministic input token estimate for budget reservation and TPM limits. */
import type { ContentBlock, Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';

/** Characters per token for English-like text. */
const CHARS_PER_TOKEN = 4;
/** Role markers and separators per turn. */
const TOKENS_PER_MESSAGE = 4;
/** About what Claude charges for a 1.15-megapixel image. */
const TOKENS_PER_IMAGE = 1600;
/** Binary documents (PDF, Office) hold less text per byte than plain text. */
const BYTES_PER_TOKEN_BINARY_DOCUMENT = 8;
const TEXT_DOCUMENT_FORMATS = new Set(['txt', 'csv', 'html', 'md']);

function textTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

function blockTokens(block: ContentBlock): number {
  if (block.text !== undefined) return textTokens(block.text);
  if (block.image !== undefined) return TOKENS_PER_IMAGE;
  if (block.document !== undefined) {
    const bytes = block.document.source?.bytes?.byteLength ?? 0;
    const perToken = TEXT_DOCUMENT_FORMATS.has(block.document.format ?? '') ? CHARS_PER_TOKEN : BYTES_PER_TOKEN_BINARY_DOCUMENT;
    return Math.ceil(bytes / perToken);
  }
  if (block.toolUse !== undefined) return textTokens(`${block.toolUse.name ?? ''}${JSON.stringify(block.toolUse.input ?? {})}`);
  if (block.toolResult !== undefined) {
    return (block.toolResult.content ?? []).reduce((sum, item) => sum + (item.text !== undefined ? textTokens(item.text) : textTokens(JSON.stringify(item.json ?? ''))), 0);
  }
  if (block.reasoningContent !== undefined) return textTokens(block.reasoningContent.reasoningText?.text ?? '');
  return 0;
}

/**
 * Estimates input tokens: characters / 4 plus 4 per turn, images at a fixed 1600, documents by
 * size, tool definitions by their JSON. Deterministic, so reservations can be reproduced.
 */
function estimateInputTokens(system: readonly SystemContentBlock[], messages: readonly Message[], tools: readonly Tool[]): number {
  const systemTokens = system.reduce((sum, block) => sum + (block.text !== undefined ? textTokens(block.text) : 0), 0);
  const messageTokens = messages.reduce(
    (sum, message) => sum + TOKENS_PER_MESSAGE + (message.content ?? []).reduce((inner, block) => inner + blockTokens(block), 0),
    0,
  );
  const toolTokens = tools.reduce((sum, tool) => sum + (tool.toolSpec !== undefined ? textTokens(JSON.stringify(tool.toolSpec)) : 0), 0);
  return systemTokens + messageTokens + toolTokens;
}

export { TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, estimateInputTokens };
