/** @module A cheap, deterministic, conservative input token estimate for budget reservation and TPM limits. */
import type { ContentBlock, Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';

/** ASCII characters per token: English prose and code average 3.5-4.5 on Bedrock's tokenizers. */
const ASCII_CHARS_PER_TOKEN = 4;
/**
 * UTF-8 bytes per token outside ASCII: 1 token per Cyrillic or Greek letter (2 bytes), 1.5 per CJK
 * character (3 bytes), 2 per emoji (4 bytes); tokenizers spend at most about that much on them.
 */
const NON_ASCII_BYTES_PER_TOKEN = 2;
/** Role markers and separators per turn. */
const TOKENS_PER_MESSAGE = 4;
/**
 * Largest cost of one image across the catalog's vision families: Claude caps images at about 1,600
 * tokens (1.15 megapixels); Llama 3.2 vision tiles up to four 560-pixel tiles of about 1,601 tokens.
 */
const TOKENS_PER_IMAGE = 6404;
/** PDF: text extracted per byte of file is at most about 4 characters, i.e. one token per 2 bytes of ASCII text at worst. */
const BYTES_PER_TOKEN_PDF = 2;
/** Zip-compressed Office documents (docx, xlsx) can hold several times their size in text: 1 token per byte. */
const BYTES_PER_TOKEN_COMPRESSED_DOCUMENT = 1;
const TEXT_DOCUMENT_FORMATS = new Set(['txt', 'csv', 'html', 'md']);

/** Tokens of `text` from above: ASCII characters / 4 plus non-ASCII UTF-8 bytes / 2, in one pass and without allocating. */
function estimateTextTokens(text: string): number {
  let ascii = 0;
  let nonAsciiBytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) ascii += 1;
    else if (code < 0x800) nonAsciiBytes += 2;
    // A surrogate pair is one 4-byte code point: 2 bytes for each half.
    else if (code >= 0xd800 && code <= 0xdfff) nonAsciiBytes += 2;
    else nonAsciiBytes += 3;
  }
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN + nonAsciiBytes / NON_ASCII_BYTES_PER_TOKEN);
}

/** The text estimate of UTF-8 bytes (plain-text documents), without decoding them. */
function utf8Tokens(bytes: Uint8Array): number {
  let ascii = 0;
  for (let index = 0; index < bytes.length; index += 1) if ((bytes[index] as number) < 0x80) ascii += 1;
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN + (bytes.length - ascii) / NON_ASCII_BYTES_PER_TOKEN);
}

function documentTokens(format: string, bytes: Uint8Array): number {
  if (TEXT_DOCUMENT_FORMATS.has(format)) return utf8Tokens(bytes);
  if (format === 'pdf') return Math.ceil(bytes.byteLength / BYTES_PER_TOKEN_PDF);
  return Math.ceil(bytes.byteLength / BYTES_PER_TOKEN_COMPRESSED_DOCUMENT);
}

function blockTokens(block: ContentBlock): number {
  if (block.text !== undefined) return estimateTextTokens(block.text);
  if (block.image !== undefined) return TOKENS_PER_IMAGE;
  if (block.document !== undefined) return documentTokens(block.document.format ?? '', block.document.source?.bytes ?? new Uint8Array());
  if (block.toolUse !== undefined) return estimateTextTokens(`${block.toolUse.name ?? ''}${JSON.stringify(block.toolUse.input ?? {})}`);
  if (block.toolResult !== undefined) {
    return (block.toolResult.content ?? []).reduce((sum, item) => sum + (item.text !== undefined ? estimateTextTokens(item.text) : estimateTextTokens(JSON.stringify(item.json ?? ''))), 0);
  }
  if (block.reasoningContent !== undefined) return estimateTextTokens(block.reasoningContent.reasoningText?.text ?? '');
  return 0;
}

/**
 * Estimates input tokens from above, since it sizes the budget reservation: ASCII characters / 4,
 * other characters by UTF-8 bytes / 2, 4 per turn, every image at the largest per-image cost of any
 * vision family, PDFs at 1 token per 2 bytes and other binary documents at 1 per byte, tool
 * definitions by their JSON. Deterministic, so reservations can be reproduced; O(n) in the prompt.
 */
function estimateInputTokens(system: readonly SystemContentBlock[], messages: readonly Message[], tools: readonly Tool[]): number {
  const systemTokens = system.reduce((sum, block) => sum + (block.text !== undefined ? estimateTextTokens(block.text) : 0), 0);
  const messageTokens = messages.reduce(
    (sum, message) => sum + TOKENS_PER_MESSAGE + (message.content ?? []).reduce((inner, block) => inner + blockTokens(block), 0),
    0,
  );
  const toolTokens = tools.reduce((sum, tool) => sum + (tool.toolSpec !== undefined ? estimateTextTokens(JSON.stringify(tool.toolSpec)) : 0), 0);
  return systemTokens + messageTokens + toolTokens;
}

/** Whether the request asks Bedrock to write a prompt cache (a `cachePoint` in system, messages or tools). */
function hasCachePoint(system: readonly SystemContentBlock[], messages: readonly Message[], tools: readonly Tool[]): boolean {
  return (
    system.some((block) => block.cachePoint !== undefined) ||
    tools.some((tool) => tool.cachePoint !== undefined) ||
    messages.some((message) => (message.content ?? []).some((block) => block.cachePoint !== undefined))
  );
}

export { TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, estimateInputTokens, estimateTextTokens, hasCachePoint };
