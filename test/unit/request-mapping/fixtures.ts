/** @module Literal catalog entries and helpers for the request-mapping tests. */
import type { CatalogEntry, ModelCapabilities } from '../../../lambda/catalog/types';
import type { ImageFetcher } from '../../../lambda/bedrock/fetch-image';
import type { OpenAIChatCompletionRequest } from '../../../lambda/openai/chat-request-types';

const CLAUDE_CAPABILITIES: ModelCapabilities = {
  tools: true,
  toolChoice: ['any', 'tool'],
  streamingToolUse: true,
  images: true,
  documents: true,
  systemPrompt: true,
  reasoning: 'anthropic-thinking',
  promptCaching: true,
  structuredOutput: false,
  exclusiveTemperatureTopP: true,
};

function entry(id: string, capabilities: Partial<ModelCapabilities>, maxOutputTokens = 64000): CatalogEntry {
  return {
    id,
    bedrockModelId: `us.test.${id}`,
    foundationModelId: `test.${id}`,
    kind: 'chat',
    family: 'other',
    provider: 'Test',
    aliases: [],
    contextWindowTokens: 200000,
    maxOutputTokens,
    capabilities: { ...CLAUDE_CAPABILITIES, ...capabilities },
    prices: { inputPerMTok: 1, outputPerMTok: 1 },
  };
}

/** Claude 4.5-like: thinking, caching, any/tool choice, exclusive temperature/top_p. */
const claude = entry('claude', {});
/** Llama-like: tools with auto only, no images, no caching, no reasoning. */
const llama = entry('llama', { toolChoice: [], images: false, documents: false, reasoning: undefined, promptCaching: false, exclusiveTemperatureTopP: false }, 2048);
/** Nova 2-like: reasoningConfig, native structured output. */
const nova = entry('nova', { reasoning: 'nova-reasoning-config', structuredOutput: true, exclusiveTemperatureTopP: false }, 10000);
/** gpt-oss-like. */
const gptOss = entry('gpt-oss', { reasoning: 'reasoning-effort', images: false, documents: false, promptCaching: false, exclusiveTemperatureTopP: false });
/** A model with no system prompt and no tools. */
const plain = entry('plain', { systemPrompt: false, tools: false, toolChoice: [], images: false, documents: false, reasoning: undefined, promptCaching: false });

/** 1x1 PNG. */
const PNG_BYTES = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
const PNG_DATA_URL = `data:image/png;base64,${Buffer.from(PNG_BYTES).toString('base64')}`;
const JPEG_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);

/** Image fetcher that returns a PNG for any URL and records the calls. */
function fakeFetcher(): ImageFetcher & { calls: string[] } {
  const calls: string[] = [];
  const fetcher = async (url: string) => {
    calls.push(url);
    return { bytes: PNG_BYTES, format: 'png' as const };
  };
  return Object.assign(fetcher, { calls });
}

function chat(overrides: Partial<OpenAIChatCompletionRequest> = {}): OpenAIChatCompletionRequest {
  return { model: 'claude', messages: [{ role: 'user', content: 'Hi' }], ...overrides };
}

export { JPEG_BYTES, PNG_BYTES, PNG_DATA_URL, chat, claude, entry, fakeFetcher, gptOss, llama, nova, plain };
