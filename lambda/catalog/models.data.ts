/** @module The built-in model table: every model the gateway serves, as data, with where each fact was checked. */
import type { CatalogEntryInput } from './entry-schema';
import type { ModelCapabilities } from './types';

/** Date every entry below was last checked against the sources it names. */
const CHECKED_ON = '2026-11-21';

/** AWS pages the entries cite. */
const SOURCES = {
  modelIds: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html',
  modelsSupported: 'https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html',
  converseFeatures:
    'https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html',
  claudeModels: 'https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-supported-models.html',
  pricing: 'https://aws.amazon.com/bedrock/pricing/',
  nova2Lite: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-amazon-nova-2-lite.html',
  llama31_70b: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-meta-llama-3-1-70b-instruct.html',
  metaParameters: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html',
  deepseekR1: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-deepseek-deepseek-r1.html',
  deepseekCards: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-deepseek.html',
  openai: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-openai.html',
  qwenCards: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-qwen.html',
  embedV4: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v4.html',
  embedV3: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed-v3.html',
  titanEmbed: 'https://docs.aws.amazon.com/bedrock/latest/userguide/titan-embedding-models.html',
  inferenceProfiles: 'https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html',
  nova2CoreInference: 'https://docs.aws.amazon.com/nova/latest/nova2-userguide/core-inference.html',
  mistralCards: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-cards-mistral-ai.html',
  modelLifecycle: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html',
} as const;

/**
 * Anthropic's table of Bedrock model ids and profile geographies for the InvokeModel/Converse
 * integration (titled "Opus 4.6 and earlier"). Newer Claude models are documented only for the
 * Messages-API Bedrock endpoint, which this gateway does not call.
 */
const ANTHROPIC_BEDROCK_TABLE = 'https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock';

/** Shared notes, so each caveat is written once. */
const NOTES = {
  claudePrices:
    'Prices: Anthropic list prices (cache write = 5-minute TTL), which the AWS pricing page mirrors for Bedrock; ' +
    'the AWS pricing table itself could not be retrieved for this check.',
  claudeRegionalPremium:
    'Geo (us./eu./apac.) and in-Region endpoints of Claude 4.5+ are billed 10% above the global. profile ' +
    '(third-party reports of the AWS pricing page); prices = geo, globalPrices = global.',
  profileRegions: 'Profile prefixes from third-party code and Anthropic docs; AWS per-model profile table not retrievable.',
  converseCaps:
    'Capabilities from the Converse supported-features table (Claude 3.x/Nova rows seen); toolChoice any/tool and ' +
    'structured output support not confirmed per model.',
  novaPrices:
    'Nova prices from third-party copies of the AWS pricing page; cache write billed at the input rate (unverified).',
  maxOutputUnverified: 'Max output tokens not found in AWS docs (best known value).',
  thirdPartyPrices: 'Prices from third-party copies of the AWS pricing page (us-east-1), not the AWS page itself.',
  claude46:
    `Bedrock id and profile geographies (global/us/eu/jp/apac; jp. is not a prefix this catalog models) from ` +
    `Anthropic's Bedrock InvokeModel/Converse table (${ANTHROPIC_BEDROCK_TABLE}); no AWS page retrieved. ` +
    'Context 1M / max output 128K and list prices from the Anthropic model page; any long-context surcharge is not modelled.',
} as const;

/** Claude 4.5 and later: thinking, caching, and temperature/top_p exclusivity. */
const CLAUDE_45: ModelCapabilities = {
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
const CLAUDE_4: ModelCapabilities = { ...CLAUDE_45, exclusiveTemperatureTopP: false };
const { reasoning: _claudeReasoning, ...CLAUDE_WITHOUT_REASONING } = CLAUDE_4;
const CLAUDE_3: ModelCapabilities = { ...CLAUDE_WITHOUT_REASONING, promptCaching: false };

const NOVA: ModelCapabilities = {
  tools: true,
  toolChoice: ['any', 'tool'],
  streamingToolUse: true,
  images: true,
  documents: true,
  systemPrompt: true,
  promptCaching: true,
  structuredOutput: false,
  exclusiveTemperatureTopP: false,
};

/** Open-weight chat models on Converse: tools with `auto` only. */
const OPEN_WEIGHT: ModelCapabilities = {
  tools: true,
  toolChoice: [],
  streamingToolUse: true,
  images: false,
  documents: true,
  systemPrompt: true,
  promptCaching: false,
  structuredOutput: false,
  exclusiveTemperatureTopP: false,
};

const EMBEDDING: ModelCapabilities = {
  tools: false,
  toolChoice: [],
  streamingToolUse: false,
  images: false,
  documents: false,
  systemPrompt: false,
  promptCaching: false,
  structuredOutput: false,
  exclusiveTemperatureTopP: false,
};

/** A Claude chat entry; the context window defaults to 200K (Claude 4.6 declares its 1M). */
const claude = (
  entry: Omit<CatalogEntryInput, 'kind' | 'family' | 'provider' | 'contextWindowTokens'> & {
    readonly contextWindowTokens?: number;
  },
): CatalogEntryInput => ({
  kind: 'chat',
  family: 'anthropic-claude',
  provider: 'Anthropic',
  contextWindowTokens: 200_000,
  ...entry,
});

const MODELS: readonly CatalogEntryInput[] = [
  // Anthropic Claude
  claude({
    id: 'claude-opus-4-6',
    bedrockModelId: 'us.anthropic.claude-opus-4-6-v1',
    foundationModelId: 'anthropic.claude-opus-4-6-v1',
    inferenceProfiles: ['us', 'eu', 'apac', 'global'],
    aliases: ['claude-opus-4.6'],
    contextWindowTokens: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: CLAUDE_45,
    prices: { inputPerMTok: 5.5, outputPerMTok: 27.5, cacheReadPerMTok: 0.55, cacheWritePerMTok: 6.875 },
    globalPrices: { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
    provenance: {
      source: SOURCES.modelIds,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        `${NOTES.claude46} Some third-party pages give other ids (anthropic.claude-opus-4-6-v1:0, dated variants); ` +
        `the Anthropic table's id is used. ${NOTES.claudePrices} ${NOTES.claudeRegionalPremium}`,
    },
  }),
  claude({
    id: 'claude-sonnet-4-6',
    bedrockModelId: 'us.anthropic.claude-sonnet-4-6',
    foundationModelId: 'anthropic.claude-sonnet-4-6',
    inferenceProfiles: ['us', 'eu', 'global'],
    aliases: ['claude-sonnet-4.6'],
    contextWindowTokens: 1_000_000,
    maxOutputTokens: 128_000,
    capabilities: CLAUDE_45,
    prices: { inputPerMTok: 3.3, outputPerMTok: 16.5, cacheReadPerMTok: 0.33, cacheWritePerMTok: 4.125 },
    globalPrices: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    provenance: {
      source: SOURCES.modelIds,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        `${NOTES.claude46} Max output conflicts: the current Anthropic model page says 128K, an older Anthropic ` +
        'comparison table and third-party pages say 64K; the larger is used so no request Bedrock accepts is refused ' +
        `(budgets reserve more, never less). No apac. profile per Anthropic. ${NOTES.claudePrices} ${NOTES.claudeRegionalPremium}`,
    },
  }),
  claude({
    id: 'claude-opus-4-5',
    bedrockModelId: 'us.anthropic.claude-opus-4-5-20251101-v1:0',
    foundationModelId: 'anthropic.claude-opus-4-5-20251101-v1:0',
    inferenceProfiles: ['us', 'eu', 'global'],
    aliases: ['claude-opus-4.5', 'claude-opus-4-5-20251101'],
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_45,
    prices: { inputPerMTok: 5.5, outputPerMTok: 27.5, cacheReadPerMTok: 0.55, cacheWritePerMTok: 6.875 },
    globalPrices: { inputPerMTok: 5, outputPerMTok: 25, cacheReadPerMTok: 0.5, cacheWritePerMTok: 6.25 },
    provenance: {
      source: SOURCES.claudeModels,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model listed by AWS. ${NOTES.claudePrices} ${NOTES.claudeRegionalPremium} ${NOTES.profileRegions} Max output 64K from Anthropic docs.`,
    },
  }),
  claude({
    id: 'claude-opus-4-1',
    bedrockModelId: 'us.anthropic.claude-opus-4-1-20250805-v1:0',
    foundationModelId: 'anthropic.claude-opus-4-1-20250805-v1:0',
    inferenceProfiles: ['us'],
    aliases: ['claude-opus-4.1', 'claude-opus-4-1-20250805'],
    maxOutputTokens: 32_000,
    capabilities: CLAUDE_4,
    prices: { inputPerMTok: 15, outputPerMTok: 75, cacheReadPerMTok: 1.5, cacheWritePerMTok: 18.75 },
    provenance: {
      source: SOURCES.claudeModels,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model listed by AWS. ${NOTES.claudePrices} ${NOTES.profileRegions} Max output 32K from third-party code.`,
    },
  }),
  claude({
    id: 'claude-sonnet-4-5',
    bedrockModelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    foundationModelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    inferenceProfiles: ['us', 'eu', 'global'],
    aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5-20250929'],
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_45,
    prices: { inputPerMTok: 3.3, outputPerMTok: 16.5, cacheReadPerMTok: 0.33, cacheWritePerMTok: 4.125 },
    globalPrices: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    provenance: {
      source: SOURCES.claudeModels,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model listed by AWS; context 200K and max output 64K from Anthropic docs. ${NOTES.claudePrices} ${NOTES.claudeRegionalPremium} ${NOTES.profileRegions}`,
    },
  }),
  claude({
    id: 'claude-haiku-4-5',
    bedrockModelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    foundationModelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    inferenceProfiles: ['us', 'eu', 'global'],
    aliases: ['claude-haiku-4.5', 'claude-haiku-4-5-20251001'],
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_45,
    prices: { inputPerMTok: 1.1, outputPerMTok: 5.5, cacheReadPerMTok: 0.11, cacheWritePerMTok: 1.375 },
    globalPrices: { inputPerMTok: 1, outputPerMTok: 5, cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25 },
    provenance: {
      source: SOURCES.claudeModels,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Context 200K, max output 64K, prompt caching from a copy of the AWS model card. ${NOTES.claudePrices} ${NOTES.claudeRegionalPremium} ${NOTES.profileRegions}`,
    },
  }),
  claude({
    id: 'claude-sonnet-4',
    bedrockModelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
    foundationModelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
    inferenceProfiles: ['us', 'eu', 'apac', 'global'],
    aliases: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_4,
    prices: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    provenance: {
      source: SOURCES.claudeModels,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model listed by AWS. ${NOTES.claudePrices} ${NOTES.profileRegions} Max output 64K from third-party code.`,
    },
  }),
  claude({
    id: 'claude-3-7-sonnet',
    bedrockModelId: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0',
    foundationModelId: 'anthropic.claude-3-7-sonnet-20250219-v1:0',
    inferenceProfiles: ['us', 'eu', 'apac'],
    aliases: ['claude-3.7-sonnet', 'claude-3-7-sonnet-20250219'],
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_4,
    prices: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        `Converse row seen (tools, streaming tools, vision, documents). ${NOTES.claudePrices} ${NOTES.profileRegions} Max output 64K (thinking) from Anthropic docs. ` +
        'Lifecycle: Anthropic marks it deprecated on Bedrock and a third-party page reports its Bedrock EOL as 2026-04-28; ' +
        `the AWS lifecycle table (${SOURCES.modelLifecycle}) was not readable, so the entry is kept (the catalog has no retired flag).`,
    },
  }),
  claude({
    id: 'claude-3-5-haiku',
    bedrockModelId: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    foundationModelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    inferenceProfiles: ['us'],
    aliases: ['claude-3.5-haiku', 'claude-3-5-haiku-20241022'],
    maxOutputTokens: 8_192,
    capabilities: { ...CLAUDE_3, images: false, promptCaching: true },
    prices: { inputPerMTok: 0.8, outputPerMTok: 4, cacheReadPerMTok: 0.08, cacheWritePerMTok: 1 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Converse row seen: no vision. ${NOTES.claudePrices} ${NOTES.profileRegions}`,
    },
  }),
  claude({
    id: 'claude-3-haiku',
    bedrockModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    foundationModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    inferenceProfiles: ['us', 'eu', 'apac'],
    aliases: ['claude-3-haiku-20240307'],
    maxOutputTokens: 4_096,
    capabilities: CLAUDE_3,
    prices: { inputPerMTok: 0.25, outputPerMTok: 1.25 },
    provenance: {
      source: SOURCES.inferenceProfiles,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        'AWS doc example: us.anthropic.claude-3-haiku-20240307-v1:0 routes us-east-2 -> us-east-1/us-east-2/us-west-2. ' +
        `Converse row "Claude 3 models" seen. ${NOTES.claudePrices} Prompt caching on Bedrock not listed for Claude 3 Haiku.`,
    },
  }),

  // Amazon Nova
  {
    id: 'nova-micro',
    bedrockModelId: 'amazon.nova-micro-v1:0',
    foundationModelId: 'amazon.nova-micro-v1:0',
    kind: 'chat',
    family: 'amazon-nova',
    provider: 'Amazon',
    inferenceProfiles: ['us', 'eu', 'apac'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 10_000,
    capabilities: { ...NOVA, images: false, documents: false },
    prices: { inputPerMTok: 0.035, outputPerMTok: 0.14, cacheReadPerMTok: 0.009, cacheWritePerMTok: 0.035 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        'Converse row seen (no documents, no vision). Input/output prices from a copy of the AWS pricing page. ' +
        'Cache read is documented as 75% off ($0.00875/MTok), which is 8.75 nano-USD per token and not representable: ' +
        `rounded UP to $0.009 so budgets are never under-charged. ${NOTES.novaPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'nova-lite',
    bedrockModelId: 'amazon.nova-lite-v1:0',
    foundationModelId: 'amazon.nova-lite-v1:0',
    kind: 'chat',
    family: 'amazon-nova',
    provider: 'Amazon',
    inferenceProfiles: ['us', 'eu', 'apac'],
    contextWindowTokens: 300_000,
    maxOutputTokens: 10_000,
    capabilities: NOVA,
    prices: { inputPerMTok: 0.06, outputPerMTok: 0.24, cacheReadPerMTok: 0.015, cacheWritePerMTok: 0.06 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Converse row seen (all features). ${NOTES.novaPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'nova-pro',
    bedrockModelId: 'amazon.nova-pro-v1:0',
    foundationModelId: 'amazon.nova-pro-v1:0',
    kind: 'chat',
    family: 'amazon-nova',
    provider: 'Amazon',
    inferenceProfiles: ['us', 'eu', 'apac'],
    contextWindowTokens: 300_000,
    maxOutputTokens: 10_000,
    capabilities: NOVA,
    prices: { inputPerMTok: 0.8, outputPerMTok: 3.2, cacheReadPerMTok: 0.2, cacheWritePerMTok: 0.8 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Converse row seen (all features). ${NOTES.novaPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'nova-premier',
    bedrockModelId: 'us.amazon.nova-premier-v1:0',
    foundationModelId: 'amazon.nova-premier-v1:0',
    kind: 'chat',
    family: 'amazon-nova',
    provider: 'Amazon',
    inferenceProfiles: ['us'],
    contextWindowTokens: 1_000_000,
    maxOutputTokens: 32_000,
    capabilities: NOVA,
    prices: { inputPerMTok: 2.5, outputPerMTok: 12.5, cacheReadPerMTok: 0.625, cacheWritePerMTok: 2.5 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Converse row seen (all features). On-demand via the us. profile only. ${NOTES.novaPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'nova-2-lite',
    bedrockModelId: 'us.amazon.nova-2-lite-v1:0',
    foundationModelId: 'amazon.nova-2-lite-v1:0',
    kind: 'chat',
    family: 'amazon-nova',
    provider: 'Amazon',
    inferenceProfiles: ['us', 'eu', 'global'],
    contextWindowTokens: 1_000_000,
    maxOutputTokens: 65_535,
    capabilities: { ...NOVA, reasoning: 'nova-reasoning-config' },
    prices: { inputPerMTok: 0.33, outputPerMTok: 2.75, cacheReadPerMTok: 0.083, cacheWritePerMTok: 0.33 },
    provenance: {
      source: SOURCES.nova2CoreInference,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        'AWS Nova 2 guide lists global.amazon.nova-2-lite-v1:0 and us.amazon.nova-2-lite-v1:0 for Converse/InvokeModel; ' +
        'the eu. profile is not on that page (third-party). ' +
        'Context 1M / output 65,535 and prices from third-party pages. Cache read (25% of input = $0.0825) rounded UP ' +
        'to $0.083 to stay integral in nano-USD.',
    },
  },

  // Meta Llama
  {
    id: 'llama3-1-8b',
    bedrockModelId: 'us.meta.llama3-1-8b-instruct-v1:0',
    foundationModelId: 'meta.llama3-1-8b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    inferenceProfiles: ['us'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false },
    prices: { inputPerMTok: 0.22, outputPerMTok: 0.22 },
    provenance: {
      source: SOURCES.llama31_70b,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Context 128K / output 4K per the AWS Llama 3.1 70B model card, assumed for 8B. ${NOTES.thirdPartyPrices}`,
    },
  },
  {
    id: 'llama3-1-70b',
    bedrockModelId: 'us.meta.llama3-1-70b-instruct-v1:0',
    foundationModelId: 'meta.llama3-1-70b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    inferenceProfiles: ['us'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false },
    prices: { inputPerMTok: 0.72, outputPerMTok: 0.72 },
    provenance: {
      source: SOURCES.llama31_70b,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Context 128K and max output 4K from the AWS model card. ${NOTES.thirdPartyPrices}`,
    },
  },
  {
    id: 'llama3-2-11b',
    bedrockModelId: 'us.meta.llama3-2-11b-instruct-v1:0',
    foundationModelId: 'meta.llama3-2-11b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    inferenceProfiles: ['us'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false, images: true },
    prices: { inputPerMTok: 0.16, outputPerMTok: 0.16 },
    provenance: {
      source: SOURCES.metaParameters,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `AWS docs: Llama 3.2 accepts images and is geofenced to its listed Regions. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'llama3-2-90b',
    bedrockModelId: 'us.meta.llama3-2-90b-instruct-v1:0',
    foundationModelId: 'meta.llama3-2-90b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    inferenceProfiles: ['us'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false, images: true },
    prices: { inputPerMTok: 0.72, outputPerMTok: 0.72 },
    provenance: {
      source: SOURCES.metaParameters,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `AWS docs: Llama 3.2 accepts images and is geofenced to its listed Regions. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'llama3-3-70b',
    bedrockModelId: 'us.meta.llama3-3-70b-instruct-v1:0',
    foundationModelId: 'meta.llama3-3-70b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    inferenceProfiles: ['us'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false },
    prices: { inputPerMTok: 0.72, outputPerMTok: 0.72 },
    provenance: {
      source: SOURCES.metaParameters,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `AWS docs: Llama 3.3 is geofenced to its listed Regions. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'llama4-scout-17b',
    bedrockModelId: 'us.meta.llama4-scout-17b-instruct-v1:0',
    foundationModelId: 'meta.llama4-scout-17b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    aliases: ['llama4-scout'],
    inferenceProfiles: ['us'],
    contextWindowTokens: 3_500_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false, images: true },
    prices: { inputPerMTok: 0.17, outputPerMTok: 0.66 },
    provenance: {
      source: SOURCES.metaParameters,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note:
        'AWS docs say ConverseStream/InvokeModelWithResponseStream cannot be used with Llama 4 Instruct (translated page): ' +
        `the gateway must not stream it. Context 3.5M (AWS launch figure, from memory). ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'llama4-maverick-17b',
    bedrockModelId: 'us.meta.llama4-maverick-17b-instruct-v1:0',
    foundationModelId: 'meta.llama4-maverick-17b-instruct-v1:0',
    kind: 'chat',
    family: 'meta-llama',
    provider: 'Meta',
    aliases: ['llama4-maverick'],
    inferenceProfiles: ['us'],
    contextWindowTokens: 1_000_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false, images: true },
    prices: { inputPerMTok: 0.24, outputPerMTok: 0.97 },
    provenance: {
      source: SOURCES.metaParameters,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note:
        'AWS docs say ConverseStream cannot be used with Llama 4 Instruct (translated page). Context 1M from ' +
        `third-party code. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },

  // Mistral AI
  {
    id: 'mistral-large-2407',
    bedrockModelId: 'mistral.mistral-large-2407-v1:0',
    foundationModelId: 'mistral.mistral-large-2407-v1:0',
    kind: 'chat',
    family: 'mistral',
    provider: 'Mistral AI',
    aliases: ['mistral-large', 'mistral-large-2'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, toolChoice: ['any'] },
    prices: { inputPerMTok: 2, outputPerMTok: 6 },
    provenance: {
      source: SOURCES.modelsSupported,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note:
        'On-demand in us-west-2 only (direct id); a us-east-1 deployment must override bedrockModelId or drop it. ' +
        `toolChoice any per the Converse ToolChoice docs for Mistral Large (memory). ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'mistral-large-2402',
    bedrockModelId: 'mistral.mistral-large-2402-v1:0',
    foundationModelId: 'mistral.mistral-large-2402-v1:0',
    kind: 'chat',
    family: 'mistral',
    provider: 'Mistral AI',
    contextWindowTokens: 32_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, toolChoice: ['any'] },
    prices: { inputPerMTok: 4, outputPerMTok: 12 },
    provenance: {
      source: SOURCES.modelsSupported,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Price $4/$12 seen on a third-party copy of Bedrock prices. ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'mistral-small-2402',
    bedrockModelId: 'mistral.mistral-small-2402-v1:0',
    foundationModelId: 'mistral.mistral-small-2402-v1:0',
    kind: 'chat',
    family: 'mistral',
    provider: 'Mistral AI',
    aliases: ['mistral-small'],
    contextWindowTokens: 32_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 1, outputPerMTok: 3 },
    provenance: {
      source: SOURCES.modelsSupported,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Price $1/$3 seen on a third-party copy of Bedrock prices. ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'pixtral-large',
    bedrockModelId: 'us.mistral.pixtral-large-2502-v1:0',
    foundationModelId: 'mistral.pixtral-large-2502-v1:0',
    kind: 'chat',
    family: 'mistral',
    provider: 'Mistral AI',
    aliases: ['pixtral-large-2502'],
    inferenceProfiles: ['us', 'eu'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, images: true },
    prices: { inputPerMTok: 2, outputPerMTok: 6 },
    provenance: {
      source: SOURCES.modelsSupported,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `us. profile id and $2/$6 seen on a third-party copy of Bedrock prices. ${NOTES.maxOutputUnverified}`,
    },
  },

  {
    id: 'mistral-large-3',
    bedrockModelId: 'mistral.mistral-large-3-675b-instruct',
    foundationModelId: 'mistral.mistral-large-3-675b-instruct',
    kind: 'chat',
    family: 'mistral',
    provider: 'Mistral AI',
    aliases: ['mistral-large-3-675b'],
    contextWindowTokens: 256_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, images: true },
    prices: { inputPerMTok: 0.5, outputPerMTok: 1.5 },
    provenance: {
      source: SOURCES.mistralCards,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note:
        'Model listed on the AWS Mistral AI model-card index (image input per the card); the id, $0.50/$1.50 and ' +
        "Converse use come from third-party code, not an AWS page. Context 256K is Mistral's own figure. " +
        `Direct in-Region id: check availability in the deployment Region. ${NOTES.maxOutputUnverified}`,
    },
  },

  // DeepSeek
  {
    id: 'deepseek-r1',
    bedrockModelId: 'us.deepseek.r1-v1:0',
    foundationModelId: 'deepseek.r1-v1:0',
    kind: 'chat',
    family: 'deepseek',
    provider: 'DeepSeek',
    inferenceProfiles: ['us'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, tools: false, streamingToolUse: false, documents: false, reasoning: 'always' },
    prices: { inputPerMTok: 1.35, outputPerMTok: 5.4 },
    provenance: {
      source: SOURCES.deepseekR1,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Context 128K, max output 8K, reasoning from the AWS model card. ${NOTES.thirdPartyPrices}`,
    },
  },
  {
    id: 'deepseek-v3-1',
    bedrockModelId: 'deepseek.v3-v1:0',
    foundationModelId: 'deepseek.v3-v1:0',
    kind: 'chat',
    family: 'deepseek',
    provider: 'DeepSeek',
    aliases: ['deepseek-v3'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 0.58, outputPerMTok: 1.68 },
    provenance: {
      source: SOURCES.deepseekCards,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note:
        'Model listed on the AWS DeepSeek page (V3.2 is the deepseek-v3-2 entry); id, limits and prices from ' +
        'third-party code and memory. Direct in-Region id: check availability in the deployment Region.',
    },
  },

  {
    id: 'deepseek-v3-2',
    bedrockModelId: 'deepseek.v3.2',
    foundationModelId: 'deepseek.v3.2',
    kind: 'chat',
    family: 'deepseek',
    provider: 'DeepSeek',
    aliases: ['deepseek-v3.2'],
    contextWindowTokens: 163_840,
    maxOutputTokens: 32_768,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 0.62, outputPerMTok: 1.85 },
    provenance: {
      source: SOURCES.deepseekCards,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note:
        'Model listed on the AWS DeepSeek page; id (deepseek.v3.2, one outlier "deepseek.v3.2-v1:0"), ~164K context and ' +
        '$0.62/$1.85 from third-party code. Max output 32,768 is the smaller of two third-party figures (81,920). ' +
        'Thinking mode not configured (no reasoning style). Direct in-Region id: check availability in the deployment Region.',
    },
  },

  // OpenAI open-weight
  {
    id: 'gpt-oss-20b',
    bedrockModelId: 'openai.gpt-oss-20b-1:0',
    foundationModelId: 'openai.gpt-oss-20b-1:0',
    kind: 'chat',
    family: 'openai-gpt-oss',
    provider: 'OpenAI',
    contextWindowTokens: 128_000,
    maxOutputTokens: 128_000,
    capabilities: { ...OPEN_WEIGHT, documents: false, reasoning: 'reasoning-effort' },
    prices: { inputPerMTok: 0.07, outputPerMTok: 0.3 },
    provenance: {
      source: SOURCES.openai,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model id, text-only modality and 128K context from AWS docs. Max output capped at the context size (not documented). ${NOTES.thirdPartyPrices}`,
    },
  },
  {
    id: 'gpt-oss-120b',
    bedrockModelId: 'openai.gpt-oss-120b-1:0',
    foundationModelId: 'openai.gpt-oss-120b-1:0',
    kind: 'chat',
    family: 'openai-gpt-oss',
    provider: 'OpenAI',
    contextWindowTokens: 128_000,
    maxOutputTokens: 128_000,
    capabilities: { ...OPEN_WEIGHT, documents: false, reasoning: 'reasoning-effort' },
    prices: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    provenance: {
      source: SOURCES.openai,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model id, text-only modality and 128K context from AWS docs. Max output capped at the context size (not documented). ${NOTES.thirdPartyPrices}`,
    },
  },

  // Cohere Command
  {
    id: 'command-r',
    bedrockModelId: 'cohere.command-r-v1:0',
    foundationModelId: 'cohere.command-r-v1:0',
    kind: 'chat',
    family: 'cohere-command',
    provider: 'Cohere',
    contextWindowTokens: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false },
    prices: { inputPerMTok: 0.5, outputPerMTok: 1.5 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Converse row not retrieved; tools without streaming tool use from memory. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'command-r-plus',
    bedrockModelId: 'cohere.command-r-plus-v1:0',
    foundationModelId: 'cohere.command-r-plus-v1:0',
    kind: 'chat',
    family: 'cohere-command',
    provider: 'Cohere',
    contextWindowTokens: 128_000,
    maxOutputTokens: 4_096,
    capabilities: { ...OPEN_WEIGHT, streamingToolUse: false },
    prices: { inputPerMTok: 3, outputPerMTok: 15 },
    provenance: {
      source: SOURCES.converseFeatures,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Converse row not retrieved; tools without streaming tool use from memory. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },

  // Qwen
  {
    id: 'qwen3-235b-a22b',
    bedrockModelId: 'qwen.qwen3-235b-a22b-2507-v1:0',
    foundationModelId: 'qwen.qwen3-235b-a22b-2507-v1:0',
    kind: 'chat',
    family: 'qwen',
    provider: 'Qwen',
    aliases: ['qwen3-235b'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 0.22, outputPerMTok: 0.88 },
    provenance: {
      source: SOURCES.qwenCards,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: `Model and 128K context listed on the AWS Qwen page; id from third-party copies of the model card. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'qwen3-32b',
    bedrockModelId: 'qwen.qwen3-32b-v1:0',
    foundationModelId: 'qwen.qwen3-32b-v1:0',
    kind: 'chat',
    family: 'qwen',
    provider: 'Qwen',
    contextWindowTokens: 32_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    provenance: {
      source: SOURCES.qwenCards,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Model listed on the AWS Qwen page; context (32K vs 256K) conflicts between third-party sources, the smaller is used. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'qwen3-coder-480b-a35b',
    bedrockModelId: 'qwen.qwen3-coder-480b-a35b-v1:0',
    foundationModelId: 'qwen.qwen3-coder-480b-a35b-v1:0',
    kind: 'chat',
    family: 'qwen',
    provider: 'Qwen',
    aliases: ['qwen3-coder-480b'],
    contextWindowTokens: 256_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 0.22, outputPerMTok: 1.8 },
    provenance: {
      source: SOURCES.qwenCards,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Model listed on the AWS Qwen page; id and context from third-party code. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },
  {
    id: 'qwen3-coder-30b-a3b',
    bedrockModelId: 'qwen.qwen3-coder-30b-a3b-v1:0',
    foundationModelId: 'qwen.qwen3-coder-30b-a3b-v1:0',
    kind: 'chat',
    family: 'qwen',
    provider: 'Qwen',
    aliases: ['qwen3-coder-30b'],
    contextWindowTokens: 256_000,
    maxOutputTokens: 8_192,
    capabilities: { ...OPEN_WEIGHT, documents: false },
    prices: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
    provenance: {
      source: SOURCES.qwenCards,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: `Model listed on the AWS Qwen page; id and context from third-party code. ${NOTES.thirdPartyPrices} ${NOTES.maxOutputUnverified}`,
    },
  },

  // Embeddings
  {
    id: 'titan-embed-text-v2',
    bedrockModelId: 'amazon.titan-embed-text-v2:0',
    foundationModelId: 'amazon.titan-embed-text-v2:0',
    kind: 'embedding',
    family: 'amazon-titan-embed',
    provider: 'Amazon',
    contextWindowTokens: 8_192,
    maxOutputTokens: 0,
    capabilities: EMBEDDING,
    prices: { inputPerMTok: 0.02, outputPerMTok: 0 },
    embeddingDimensions: [1024, 512, 256],
    provenance: {
      source: SOURCES.modelIds,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note: 'Model id from the AWS model-ids table. Dimensions 256/512/1024, 8K input and $0.02/MTok from memory.',
    },
  },
  {
    id: 'cohere-embed-english-v3',
    bedrockModelId: 'cohere.embed-english-v3',
    foundationModelId: 'cohere.embed-english-v3',
    kind: 'embedding',
    family: 'cohere-embed',
    provider: 'Cohere',
    contextWindowTokens: 512,
    maxOutputTokens: 0,
    capabilities: EMBEDDING,
    prices: { inputPerMTok: 0.1, outputPerMTok: 0 },
    embeddingDimensions: [1024],
    provenance: {
      source: SOURCES.embedV3,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: 'Id, 512-token input, 1024 dimensions and $0.10/MTok from memory; AWS pages not retrieved.',
    },
  },
  {
    id: 'cohere-embed-multilingual-v3',
    bedrockModelId: 'cohere.embed-multilingual-v3',
    foundationModelId: 'cohere.embed-multilingual-v3',
    kind: 'embedding',
    family: 'cohere-embed',
    provider: 'Cohere',
    contextWindowTokens: 512,
    maxOutputTokens: 0,
    capabilities: EMBEDDING,
    prices: { inputPerMTok: 0.1, outputPerMTok: 0 },
    embeddingDimensions: [1024],
    provenance: {
      source: SOURCES.embedV3,
      checkedOn: CHECKED_ON,
      verification: 'unverified',
      note: 'Id, 512-token input, 1024 dimensions and $0.10/MTok from memory; AWS pages not retrieved.',
    },
  },
  {
    id: 'cohere-embed-v4',
    bedrockModelId: 'cohere.embed-v4:0',
    foundationModelId: 'cohere.embed-v4:0',
    kind: 'embedding',
    family: 'cohere-embed',
    provider: 'Cohere',
    aliases: ['cohere.embed-v4'],
    contextWindowTokens: 128_000,
    maxOutputTokens: 0,
    capabilities: EMBEDDING,
    prices: { inputPerMTok: 0.12, outputPerMTok: 0 },
    embeddingDimensions: [1536, 1024, 512, 256],
    provenance: {
      source: SOURCES.embedV4,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        'Dimensions 256-1536 and ~128K input from the AWS page (which names the id "cohere.embed-v4"; ":0" suffix from ' +
        `third-party copies). ${NOTES.thirdPartyPrices}`,
    },
  },
];

export { CHECKED_ON, MODELS, SOURCES };
