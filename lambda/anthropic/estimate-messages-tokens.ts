/**
 * @module The gateway's input token estimate of a Messages request, by the same rules as the chat
 * estimate (`estimateTextTokens`, the per-image and per-turn costs): it sizes the budget reservation
 * and answers count_tokens for models Bedrock's CountTokens does not count.
 */
import { TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE, estimateTextTokens } from '../bedrock/estimate-input-tokens';
import type { AnthropicMessagesRequest, AnthropicRequestBlock } from './messages-api-types';

/** Base64 characters per decoded byte. */
const BASE64_CHARS_PER_BYTE = 4 / 3;
/** A PDF carries at most about one token per 2 bytes of file (the chat estimate's rule). */
const PDF_BYTES_PER_TOKEN = 2;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function documentTokens(source: unknown): number {
  if (!isRecord(source)) return 0;
  const data = typeof source['data'] === 'string' ? source['data'] : '';
  if (source['type'] === 'base64') return Math.ceil(data.length / BASE64_CHARS_PER_BYTE / PDF_BYTES_PER_TOKEN);
  if (source['type'] === 'text') return estimateTextTokens(data);
  if (source['type'] === 'content') return estimateTextTokens(JSON.stringify(source['content'] ?? ''));
  return 0;
}

function blockTokens(block: AnthropicRequestBlock): number {
  switch (block.type) {
    case 'text':
      return estimateTextTokens(typeof block['text'] === 'string' ? block['text'] : '');
    case 'image':
      return TOKENS_PER_IMAGE;
    case 'document':
      return documentTokens(block['source']);
    case 'tool_result': {
      const content = block['content'];
      if (typeof content === 'string') return estimateTextTokens(content);
      return Array.isArray(content) ? content.reduce((sum: number, inner: AnthropicRequestBlock) => sum + blockTokens(inner), 0) : 0;
    }
    case 'thinking':
      return estimateTextTokens(typeof block['thinking'] === 'string' ? block['thinking'] : '');
    default:
      // tool_use, redacted thinking and the rest: their JSON is an upper bound of what the model reads.
      return estimateTextTokens(JSON.stringify(block));
  }
}

function contentTokens(content: string | readonly AnthropicRequestBlock[]): number {
  return typeof content === 'string' ? estimateTextTokens(content) : content.reduce((sum, block) => sum + blockTokens(block), 0);
}

/**
 * Estimates a request's input tokens from above: system, every turn (4 tokens of markers each),
 * tool definitions by their JSON.
 */
function estimateMessagesInputTokens(request: Pick<AnthropicMessagesRequest, 'system' | 'messages' | 'tools'>): number {
  const system = request.system === undefined ? 0 : contentTokens(request.system);
  const messages = request.messages.reduce((sum, message) => sum + TOKENS_PER_MESSAGE + contentTokens(message.content), 0);
  const tools = (request.tools ?? []).reduce((sum, tool) => sum + estimateTextTokens(JSON.stringify(tool)), 0);
  return system + messages + tools;
}

export { estimateMessagesInputTokens };
