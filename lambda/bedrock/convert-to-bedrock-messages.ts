/** @module OpenAI chat messages to Converse `system` blocks and alternating `messages`. */
import type { ContentBlock, Message, SystemContentBlock, ToolResultContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry } from '../catalog/types';
import type {
  OpenAIAssistantMessage,
  OpenAICacheControl,
  OpenAIChatMessage,
  OpenAIFilePart,
  OpenAIImagePart,
  OpenAITextPart,
  OpenAIToolMessage,
  OpenAIUserContentPart,
} from '../openai/chat-request-types';
import { InternalServerError, InvalidRequestError } from '../platform/errors';
import { toCachePoint } from './cache-points';
import { parseDataUrl } from './data-url';
import { DocumentNamer, decodeFileData, toDocumentBlock } from './document-block';
import { MAX_IMAGE_BYTES, type FetchedImage, type ImageFetcher } from './fetch-image';
import { checkImageCount, fetchRequestImages } from './fetch-request-images';
import { detectImageFormat, IMAGE_MIME_TYPES } from './image-format';
import { isJsonObject, toDocumentObject, type BedrockDocumentObject } from './json-document';
import { dropBlankBlocks, normalizeTurns, type DraftTurn } from './normalize-turns';
import type { RequestWarnings } from './request-warnings';
import { toBedrockIdentifier, type ToolNameRegistry } from './tool-names';

/** Text sent as a tool result whose content is empty, since Converse rejects blank text. */
const EMPTY_TOOL_RESULT_TEXT = '(empty)';

interface ConvertMessagesOptions {
  readonly model: CatalogEntry;
  readonly fetchImage: ImageFetcher;
  readonly toolNames: ToolNameRegistry;
  readonly warnings: RequestWarnings;
  readonly signal?: AbortSignal;
}

/** The options, plus the remote images already fetched for this request. */
interface ConversionContext extends ConvertMessagesOptions {
  readonly images: ReadonlyMap<OpenAIImagePart, FetchedImage>;
}

/** The converted conversation and what later steps need to know about it. */
interface ConvertedMessages {
  readonly system: SystemContentBlock[];
  readonly messages: Message[];
  /** Bedrock names of tools used in the history (toolUse blocks), in first-seen order. */
  readonly historyToolNames: readonly string[];
  /** The history holds toolUse or toolResult blocks, so Converse needs a `toolConfig`. */
  readonly hasToolBlocks: boolean;
  /** The last assistant turn called tools without a signed thinking block (breaks Claude thinking). */
  readonly lastToolUseLacksThinking: boolean;
}

/** Adds a checkpoint after a block when the model caches, else records why the marker was dropped. */
class CacheMarkers {
  constructor(
    private readonly enabled: boolean,
    private readonly warnings: RequestWarnings,
  ) {}

  after<T>(control: OpenAICacheControl | undefined, block: T, point: (cachePoint: ReturnType<typeof toCachePoint>) => T): T[] {
    if (control === undefined) return [block];
    if (!this.enabled) {
      this.warnings.add('cache_control: ignored, the model does not support prompt caching.');
      return [block];
    }
    return [block, point(toCachePoint(control))];
  }
}

function textParts(content: string | readonly OpenAITextPart[]): readonly OpenAITextPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

function unsupported(message: string, param: string): InvalidRequestError {
  return new InvalidRequestError(message, { param, code: 'unsupported_content' });
}

function convertImage(part: OpenAIImagePart, param: string, options: ConversionContext): ContentBlock {
  if (!options.model.capabilities.images) {
    throw unsupported(`The model '${options.model.id}' does not accept images.`, param);
  }
  const urlParam = `${param}.image_url.url`;
  const { url } = part.image_url;
  if (url.startsWith('data:')) {
    const decoded = parseDataUrl(url);
    if (decoded === undefined || (decoded.mimeType !== '' && IMAGE_MIME_TYPES[decoded.mimeType] === undefined && !decoded.mimeType.startsWith('image/'))) {
      throw new InvalidRequestError(`Invalid image data URL at '${urlParam}': expected 'data:image/<png|jpeg|gif|webp>;base64,...'.`, {
        param: urlParam,
        code: 'invalid_image_url',
      });
    }
    if (decoded.bytes.byteLength > MAX_IMAGE_BYTES) {
      throw new InvalidRequestError(`The image at '${urlParam}' is larger than ${MAX_IMAGE_BYTES} bytes (Bedrock's limit).`, {
        param: urlParam,
        code: 'image_too_large',
      });
    }
    const format = detectImageFormat(decoded.bytes);
    if (format === undefined) {
      throw new InvalidRequestError(`The image at '${urlParam}' is not a PNG, JPEG, GIF or WebP image.`, { param: urlParam, code: 'invalid_image_format' });
    }
    return { image: { format, source: { bytes: decoded.bytes } } };
  }
  const image = options.images.get(part);
  // fetchRequestImages fetched every remote image of a model with vision, or threw.
  if (image === undefined) throw new InternalServerError(`The image at '${urlParam}' was not fetched.`);
  return { image: { format: image.format, source: { bytes: image.bytes } } };
}

function convertFile(part: OpenAIFilePart, param: string, options: ConvertMessagesOptions, namer: DocumentNamer): ContentBlock {
  if (!options.model.capabilities.documents) {
    throw unsupported(`The model '${options.model.id}' does not accept documents.`, param);
  }
  const { file_data: fileData, file_id: fileId, filename } = part.file;
  if (fileData === undefined) {
    throw new InvalidRequestError(
      fileId === undefined ? `Missing required parameter: '${param}.file.file_data'.` : `File ids are not supported ('${param}.file.file_id'); send the content as 'file_data'.`,
      { param: `${param}.file.${fileId === undefined ? 'file_data' : 'file_id'}`, code: fileId === undefined ? 'missing_required_parameter' : 'unsupported_parameter' },
    );
  }
  const decoded = decodeFileData(fileData, filename);
  if (!decoded.ok) {
    throw new InvalidRequestError(`Invalid '${param}.file.file_data': ${decoded.detail}.`, { param: `${param}.file.file_data`, code: 'invalid_file' });
  }
  return { document: toDocumentBlock(namer.name(filename), decoded.format, decoded.bytes) };
}

function convertUserPart(
  part: OpenAIUserContentPart,
  param: string,
  options: ConversionContext,
  namer: DocumentNamer,
  cache: CacheMarkers,
): ContentBlock[] {
  const withPoint = (control: OpenAICacheControl | undefined, block: ContentBlock): ContentBlock[] =>
    cache.after<ContentBlock>(control, block, (cachePoint) => ({ cachePoint }));
  switch (part.type) {
    case 'text':
      return withPoint(part.cache_control, { text: part.text });
    case 'image_url':
      return withPoint(part.cache_control, convertImage(part, param, options));
    case 'file':
      return withPoint(part.cache_control, convertFile(part, param, options, namer));
    case 'input_audio':
      throw unsupported('Audio input is not supported by Amazon Bedrock Converse; transcribe it first and send text.', param);
    default: {
      const _exhaustiveCheck: never = part;
      return _exhaustiveCheck;
    }
  }
}

function parseToolArguments(text: string, param: string): BedrockDocumentObject {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError(`Invalid '${param}': not valid JSON.`, { param, code: 'invalid_value' });
  }
  if (!isJsonObject(parsed)) {
    throw new InvalidRequestError(`Invalid '${param}': expected a JSON object, but got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`, {
      param,
      code: 'invalid_value',
    });
  }
  return toDocumentObject(parsed, param);
}

/**
 * Reasoning blocks of an earlier assistant turn. Only Claude extended thinking takes them back, and
 * only signed (or redacted) ones; other models and unsigned text are dropped, as Bedrock would
 * reject them or the model does not use them.
 */
function convertReasoning(message: OpenAIAssistantMessage, model: CatalogEntry): ContentBlock[] {
  if (model.capabilities.reasoning !== 'anthropic-thinking') return [];
  if (message.thinking_blocks) {
    return message.thinking_blocks.flatMap((block): ContentBlock[] => {
      switch (block.type) {
        case 'thinking':
          return block.signature ? [{ reasoningContent: { reasoningText: { text: block.thinking, signature: block.signature } } }] : [];
        case 'redacted_thinking':
          return [{ reasoningContent: { redactedContent: new Uint8Array(Buffer.from(block.data, 'base64')) } }];
        default: {
          const _exhaustiveCheck: never = block;
          return _exhaustiveCheck;
        }
      }
    });
  }
  if (message.reasoning_content && message.reasoning_signature) {
    return [{ reasoningContent: { reasoningText: { text: message.reasoning_content, signature: message.reasoning_signature } } }];
  }
  return [];
}

function convertAssistant(message: OpenAIAssistantMessage, index: number, options: ConvertMessagesOptions): ContentBlock[] {
  const content = message.content ?? [];
  const text: ContentBlock[] = (typeof content === 'string' ? [{ text: content }] : content.map((part) => ({ text: part.type === 'text' ? part.text : part.refusal })));
  const refusal: ContentBlock[] = message.refusal ? [{ text: message.refusal }] : [];
  if (message.audio) options.warnings.add(`messages[${index}].audio: dropped, audio output is not supported.`);
  const toolUses = (message.tool_calls ?? []).map((call, callIndex): ContentBlock => ({
    toolUse: {
      toolUseId: toBedrockIdentifier(call.id),
      name: options.toolNames.register(call.function.name),
      input: parseToolArguments(call.function.arguments, `messages[${index}].tool_calls[${callIndex}].function.arguments`),
    },
  }));
  if (toolUses.length > 0 && !options.model.capabilities.tools) {
    throw unsupported(`The model '${options.model.id}' does not support tools, but the conversation contains tool calls.`, `messages[${index}].tool_calls`);
  }
  return [...convertReasoning(message, options.model), ...text, ...refusal, ...toolUses];
}

function convertToolMessage(message: OpenAIToolMessage, index: number, options: ConvertMessagesOptions, cache: CacheMarkers): ContentBlock[] {
  if (!options.model.capabilities.tools) {
    throw unsupported(`The model '${options.model.id}' does not support tools, but the conversation contains tool results.`, `messages[${index}]`);
  }
  const parts = textParts(message.content);
  const texts = parts.map((part) => part.text).filter((text) => text.trim() !== '');
  const content: ToolResultContentBlock[] = texts.length === 0 ? [{ text: EMPTY_TOOL_RESULT_TEXT }] : texts.map((text) => ({ text }));
  const control = parts.find((part) => part.cache_control !== undefined)?.cache_control;
  return cache.after<ContentBlock>(control, { toolResult: { toolUseId: toBedrockIdentifier(message.tool_call_id), content } }, (cachePoint) => ({ cachePoint }));
}

function systemBlocks(content: string | readonly OpenAITextPart[], cache: CacheMarkers): SystemContentBlock[] {
  return textParts(content).flatMap((part) => cache.after<SystemContentBlock>(part.cache_control, { text: part.text }, (cachePoint) => ({ cachePoint })));
}

function convertMessage(
  message: OpenAIChatMessage,
  index: number,
  options: ConversionContext,
  namer: DocumentNamer,
  cache: CacheMarkers,
): { system: SystemContentBlock[]; turn?: DraftTurn } {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { system: systemBlocks(message.content, cache) };
    case 'user': {
      const parts: readonly OpenAIUserContentPart[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
      const blocks = parts.map((part, partIndex) => convertUserPart(part, `messages[${index}].content[${partIndex}]`, options, namer, cache));
      return { system: [], turn: { role: 'user', content: blocks.flat() } };
    }
    case 'assistant':
      return { system: [], turn: { role: 'assistant', content: convertAssistant(message, index, options) } };
    case 'tool':
      return { system: [], turn: { role: 'user', content: convertToolMessage(message, index, options, cache) } };
    case 'function':
      throw new InvalidRequestError("The 'function' role is deprecated and not supported. Send tool results as 'tool' messages with a 'tool_call_id'.", {
        param: `messages[${index}].role`,
        code: 'invalid_value',
      });
    default: {
      const _exhaustiveCheck: never = message;
      return _exhaustiveCheck;
    }
  }
}

/**
 * Converts the OpenAI conversation: `system`/`developer` messages (wherever they are; a mid-conversation
 * one is moved to the front, a deliberate deviation since Converse has one system prompt) go to
 * `system[]`, or to the start of the first user turn when the model has no system prompt; tool
 * results join one user turn; images are decoded or fetched (at most `MAX_IMAGES_PER_REQUEST`,
 * fetched a few at a time within a total size cap); then turns are normalised.
 * @throws InvalidRequestError naming the message or part that cannot be sent.
 */
async function convertToBedrockMessages(messages: readonly OpenAIChatMessage[], options: ConvertMessagesOptions): Promise<ConvertedMessages> {
  const namer = new DocumentNamer();
  const cache = new CacheMarkers(options.model.capabilities.promptCaching, options.warnings);
  checkImageCount(messages);
  const images = options.model.capabilities.images
    ? await fetchRequestImages(messages, { fetchImage: options.fetchImage, ...(options.signal ? { signal: options.signal } : {}) })
    : new Map<OpenAIImagePart, FetchedImage>();
  const context: ConversionContext = { ...options, images };
  const converted = messages.map((message, index) => convertMessage(message, index, context, namer, cache));
  const system = converted.flatMap((entry) => entry.system);
  const drafts = converted.flatMap((entry) => (entry.turn ? [entry.turn] : []));
  const supportsSystem = options.model.capabilities.systemPrompt;
  if (!supportsSystem && system.length > 0) {
    options.warnings.add('system: the model has no system prompt; system messages were prepended to the first user turn.');
  }
  const leading: ContentBlock[] = supportsSystem ? [] : system.flatMap((block) => (block.text === undefined ? [] : [{ text: block.text }]));
  const normalized = normalizeTurns(drafts, leading);
  const blocks = normalized.flatMap((message) => message.content ?? []);
  const historyToolNames = [...new Set(blocks.flatMap((block) => (block.toolUse?.name ? [block.toolUse.name] : [])))];
  const lastAssistant = [...normalized].reverse().find((message) => message.role === 'assistant')?.content ?? [];
  return {
    system: supportsSystem ? dropBlankBlocks(system) : [],
    messages: normalized,
    historyToolNames,
    hasToolBlocks: blocks.some((block) => block.toolUse !== undefined || block.toolResult !== undefined),
    lastToolUseLacksThinking: lastAssistant.some((block) => block.toolUse !== undefined) && !lastAssistant.some((block) => block.reasoningContent !== undefined),
  };
}

export { EMPTY_TOOL_RESULT_TEXT, convertToBedrockMessages };
export type { ConvertMessagesOptions, ConvertedMessages };
