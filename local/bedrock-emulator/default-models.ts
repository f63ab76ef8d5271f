/** @module The emulator's built-in model list: current Bedrock foundation model ids by provider. */

import type { ModelModality } from '@aws-sdk/client-bedrock';
import type { EmulatorModel, InferenceProfileGeo } from './types';

const US_EU_APAC: readonly InferenceProfileGeo[] = ['us', 'eu', 'apac'];
const US_EU_APAC_GLOBAL: readonly InferenceProfileGeo[] = ['us', 'eu', 'apac', 'global'];
const US_ONLY: readonly InferenceProfileGeo[] = ['us'];
const ALL_GEOS: readonly InferenceProfileGeo[] = ['us', 'eu', 'jp', 'au', 'global'];
const TEXT_IMAGE: readonly ModelModality[] = ['TEXT', 'IMAGE'];

/**
 * Models the emulator serves when `startBedrockEmulator` gets no `models` option.
 *
 * Ids follow the Bedrock model-id table; `maxOutputTokens` is set only where the limit is well known,
 * so that the emulator never rejects a request real Bedrock would take. 1-hour caches on the Claude
 * models the catalog prices them for; flex and priority tiers on gpt-oss (re:Post, AWS answer,
 * 2026); latency-optimized inference on Nova Pro and Llama 3.1 70B (latency-optimized-inference page).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html
 */
const DEFAULT_MODELS: readonly EmulatorModel[] = [
  // Anthropic (geographies as lambda/catalog/models.data.ts records them; Claude 4.5 and later are
  // served through profiles only, so the foundation model id alone is not invocable on demand).
  { modelId: 'anthropic.claude-opus-5-5', provider: 'Anthropic', name: 'Claude Opus 5.5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-fable-5-2', provider: 'Anthropic', name: 'Claude Fable 5.2', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ['us', 'global'] },
  { modelId: 'anthropic.claude-fable-5-1', provider: 'Anthropic', name: 'Claude Fable 5.1', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-fable-5', provider: 'Anthropic', name: 'Claude Fable 5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ['us', 'eu', 'global'] },
  { modelId: 'anthropic.claude-sonnet-5-5', provider: 'Anthropic', name: 'Claude Sonnet 5.5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-haiku-5-5', provider: 'Anthropic', name: 'Claude Haiku 5.5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-opus-5', provider: 'Anthropic', name: 'Claude Opus 5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ['us', 'eu', 'au', 'global'] },
  { modelId: 'anthropic.claude-sonnet-5', provider: 'Anthropic', name: 'Claude Sonnet 5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ['us', 'eu', 'au', 'global'] },
  { modelId: 'anthropic.claude-opus-4-8', provider: 'Anthropic', name: 'Claude Opus 4.8', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-opus-4-7', provider: 'Anthropic', name: 'Claude Opus 4.7', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ['us', 'eu', 'jp', 'global'] },
  { modelId: 'anthropic.claude-opus-4-6-v1', provider: 'Anthropic', name: 'Claude Opus 4.6', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ['us', 'eu', 'jp', 'apac', 'au', 'global'] },
  { modelId: 'anthropic.claude-sonnet-4-6', provider: 'Anthropic', name: 'Claude Sonnet 4.6', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 128000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-opus-4-5-20251101-v1:0', provider: 'Anthropic', name: 'Claude Opus 4.5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 64000, inferenceProfiles: ['us', 'eu', 'global'] },
  { modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0', provider: 'Anthropic', name: 'Claude Sonnet 4.5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 64000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', provider: 'Anthropic', name: 'Claude Haiku 4.5', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 64000, inferenceProfiles: ALL_GEOS },
  { modelId: 'anthropic.claude-opus-4-1-20250805-v1:0', provider: 'Anthropic', name: 'Claude Opus 4.1', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 32000, inferenceProfiles: US_ONLY },
  { modelId: 'anthropic.claude-sonnet-4-20250514-v1:0', provider: 'Anthropic', name: 'Claude Sonnet 4', kind: 'chat', oneHourCache: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 64000, inferenceProfiles: US_EU_APAC_GLOBAL },
  { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', provider: 'Anthropic', name: 'Claude 3 Haiku', kind: 'chat', inputModalities: TEXT_IMAGE, maxOutputTokens: 4096, inferenceProfiles: US_EU_APAC },
  // Amazon Nova
  { modelId: 'amazon.nova-micro-v1:0', provider: 'Amazon', name: 'Nova Micro', kind: 'chat', maxOutputTokens: 10000, inferenceProfiles: US_EU_APAC },
  { modelId: 'amazon.nova-lite-v1:0', provider: 'Amazon', name: 'Nova Lite', kind: 'chat', inputModalities: TEXT_IMAGE, maxOutputTokens: 10000, inferenceProfiles: US_EU_APAC },
  { modelId: 'amazon.nova-pro-v1:0', provider: 'Amazon', name: 'Nova Pro', kind: 'chat', latencyOptimized: true, inputModalities: TEXT_IMAGE, maxOutputTokens: 10000, inferenceProfiles: US_EU_APAC },
  { modelId: 'amazon.nova-premier-v1:0', provider: 'Amazon', name: 'Nova Premier', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: US_ONLY },
  { modelId: 'amazon.nova-2-lite-v1:0', provider: 'Amazon', name: 'Nova 2 Lite', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: ['us', 'eu', 'global'] },
  // Meta
  { modelId: 'meta.llama4-maverick-17b-instruct-v1:0', provider: 'Meta', name: 'Llama 4 Maverick 17B Instruct', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: US_ONLY },
  { modelId: 'meta.llama4-scout-17b-instruct-v1:0', provider: 'Meta', name: 'Llama 4 Scout 17B Instruct', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: US_ONLY },
  { modelId: 'meta.llama3-3-70b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.3 70B Instruct', kind: 'chat', inferenceProfiles: US_ONLY },
  { modelId: 'meta.llama3-2-90b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.2 90B Instruct', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: US_ONLY },
  { modelId: 'meta.llama3-2-11b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.2 11B Instruct', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: US_ONLY },
  { modelId: 'meta.llama3-2-3b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.2 3B Instruct', kind: 'chat', inferenceProfiles: ['us', 'eu'] },
  { modelId: 'meta.llama3-2-1b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.2 1B Instruct', kind: 'chat', inferenceProfiles: ['us', 'eu'] },
  { modelId: 'meta.llama3-1-70b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.1 70B Instruct', kind: 'chat', latencyOptimized: true, inferenceProfiles: US_ONLY },
  { modelId: 'meta.llama3-1-8b-instruct-v1:0', provider: 'Meta', name: 'Llama 3.1 8B Instruct', kind: 'chat', inferenceProfiles: US_ONLY },
  // Mistral
  { modelId: 'mistral.mistral-large-3-675b-instruct', provider: 'Mistral AI', name: 'Mistral Large 3', kind: 'chat', inputModalities: TEXT_IMAGE },
  { modelId: 'mistral.pixtral-large-2502-v1:0', provider: 'Mistral AI', name: 'Pixtral Large (25.02)', kind: 'chat', inputModalities: TEXT_IMAGE, inferenceProfiles: ['us', 'eu'] },
  { modelId: 'mistral.mistral-large-2407-v1:0', provider: 'Mistral AI', name: 'Mistral Large (24.07)', kind: 'chat' },
  { modelId: 'mistral.mistral-large-2402-v1:0', provider: 'Mistral AI', name: 'Mistral Large (24.02)', kind: 'chat' },
  { modelId: 'mistral.mistral-small-2402-v1:0', provider: 'Mistral AI', name: 'Mistral Small (24.02)', kind: 'chat' },
  { modelId: 'mistral.mixtral-8x7b-instruct-v0:1', provider: 'Mistral AI', name: 'Mixtral 8x7B Instruct', kind: 'chat' },
  { modelId: 'mistral.mistral-7b-instruct-v0:2', provider: 'Mistral AI', name: 'Mistral 7B Instruct', kind: 'chat' },
  // DeepSeek
  { modelId: 'deepseek.r1-v1:0', provider: 'DeepSeek', name: 'DeepSeek-R1', kind: 'chat', alwaysReasons: true, inferenceProfiles: US_ONLY },
  { modelId: 'deepseek.v3-v1:0', provider: 'DeepSeek', name: 'DeepSeek-V3.1', kind: 'chat' },
  { modelId: 'deepseek.v3.2', provider: 'DeepSeek', name: 'DeepSeek-V3.2', kind: 'chat' },
  // OpenAI open-weight
  { modelId: 'openai.gpt-oss-120b-1:0', provider: 'OpenAI', name: 'gpt-oss-120b', kind: 'chat', serviceTiers: ['flex', 'priority'] },
  { modelId: 'openai.gpt-oss-20b-1:0', provider: 'OpenAI', name: 'gpt-oss-20b', kind: 'chat', serviceTiers: ['flex', 'priority'] },
  // Cohere chat
  { modelId: 'cohere.command-r-plus-v1:0', provider: 'Cohere', name: 'Command R+', kind: 'chat' },
  { modelId: 'cohere.command-r-v1:0', provider: 'Cohere', name: 'Command R', kind: 'chat' },
  // Qwen
  { modelId: 'qwen.qwen3-235b-a22b-2507-v1:0', provider: 'Qwen', name: 'Qwen3 235B A22B 2507', kind: 'chat' },
  { modelId: 'qwen.qwen3-32b-v1:0', provider: 'Qwen', name: 'Qwen3 32B (dense)', kind: 'chat' },
  { modelId: 'qwen.qwen3-coder-480b-a35b-v1:0', provider: 'Qwen', name: 'Qwen3 Coder 480B A35B Instruct', kind: 'chat' },
  { modelId: 'qwen.qwen3-coder-30b-a3b-v1:0', provider: 'Qwen', name: 'Qwen3 Coder 30B A3B Instruct', kind: 'chat' },
  // Embeddings
  { modelId: 'amazon.titan-embed-text-v2:0', provider: 'Amazon', name: 'Titan Text Embeddings V2', kind: 'embedding', embeddingDialect: 'titan-text-v2' },
  { modelId: 'cohere.embed-english-v3', provider: 'Cohere', name: 'Embed English', kind: 'embedding', embeddingDialect: 'cohere-v3' },
  { modelId: 'cohere.embed-multilingual-v3', provider: 'Cohere', name: 'Embed Multilingual', kind: 'embedding', embeddingDialect: 'cohere-v3' },
  { modelId: 'cohere.embed-v4:0', provider: 'Cohere', name: 'Embed v4', kind: 'embedding', inputModalities: TEXT_IMAGE, embeddingDialect: 'cohere-v4', inferenceProfiles: ['us', 'eu', 'global'] },
];

export { DEFAULT_MODELS };
