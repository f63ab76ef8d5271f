/** @module The built-in model table: every model the gateway serves, as data, with where each fact was checked. */
import type { CatalogEntryInput } from './entry-schema';
import type { AnthropicThinking, ModelCapabilities, ModelPrices } from './types';

/** Date the non-Claude entries below were last checked against the sources they name. */
const CHECKED_ON = '2026-11-21';

/** Date the Claude entries were checked (issue 11: models after Opus 4.6, thinking, geographies, prices). */
const CLAUDE_CHECKED_ON = '2026-12-04';

/** AWS pages the entries cite. */
const SOURCES = {
  modelIds: 'https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html',
  modelsSupported: 'https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html',
  converseFeatures:
    'https://docs.aws.amazon.com/bedrock/latest/userguide/conversation-inference-supported-models-features.html',
  claudeModels: 'https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-supported-models.html',
  claudeAdaptiveThinking: 'https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.html',
  bedrockDocHistory: 'https://docs.aws.amazon.com/bedrock/latest/userguide/bedrock-ug-doc-history.html',
  countTokens: 'https://docs.aws.amazon.com/bedrock/latest/userguide/count-tokens.html',
  claudeCard: (model: string): string => `https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-${model}.html`,
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

/** Anthropic's per-model reference (model ids on every platform, limits, list prices, thinking, default effort). */
const anthropicModelPage = (model: string): string => `https://platform.claude.com/docs/en/models/${model}/overview`;

/** Anthropic's Bedrock InvokeModel/Converse table (model ids and profile geographies up to Opus 4.6). */
const ANTHROPIC_BEDROCK_TABLE = 'https://platform.claude.com/docs/en/build-with-claude/claude-on-amazon-bedrock-legacy';

/** Shared notes, so each caveat is written once. */
const NOTES = {
  claudeOnRuntime:
    'Served on bedrock-runtime (Converse and InvokeModel with the Messages body) through inference profiles only: ' +
    'ListFoundationModels reports inferenceTypesSupported ["INFERENCE_PROFILE"] (third-party readbacks, 2026-09-27); ' +
    "the bare id is served in-Region only on bedrock-mantle. Anthropic's Bedrock page: \"Claude Opus 4.7 is reachable " +
    'through InvokeModel on bedrock-runtime".',
  claudePrices:
    'Prices: global. = Anthropic list price; geo (us./eu./jp./au./apac.) and in-Region = 1.1x global (AWS Price List ' +
    'as quoted in BerriAI/litellm#42679 for Sonnet 4.6, and Cost Explorer readings); prices = geo, globalPrices = global. ' +
    'Cache write 5m = 1.25x input, 1h = 2x input, cache read 0.1x unless noted. The AWS pricing page renders client-side ' +
    'and could not be read; the maintenance refresh replaces these with Price List values where they differ.',
  profilesThirdParty:
    'Profile geographies from third-party catalogs (models.dev, pricing tables, live ListInferenceProfiles readbacks in ' +
    'public code); no AWS per-model profile table was retrievable. The live listing (GATEWAY catalog refresh) is authoritative.',
  laterGeneration:
    'Drops temperature/top_p/top_k (Claude 4.7 and later accept only the defaults; Fable cards: "temperature must be 1.0 or ' +
    'unset; top_p 0.99 or unset; top_k is not supported"). CountTokens on bedrock-runtime is not supported for Claude models ' +
    'launched CRIS-only (AWS count-tokens page).',
  midConversation:
    'Mid-conversation role:"system" messages: Opus 4.8 and later except Sonnet 5 (Anthropic release notes via ' +
    'langchain-ai/langchainjs 1.5.13 and gproxy); not confirmed on an AWS page.',
  novaPrices:
    'Nova prices from third-party copies of the AWS pricing page; cache write billed at the input rate (unverified).',
  maxOutputUnverified: 'Max output tokens not found in AWS docs (best known value).',
  thirdPartyPrices: 'Prices from third-party copies of the AWS pricing page (us-east-1), not the AWS page itself.',
} as const;

const EFFORT_UP_TO_MAX = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

/** Claude 4.5-era thinking: a budget, off unless asked. */
const BUDGET_THINKING: AnthropicThinking = { types: ['enabled', 'disabled'], whenOmitted: 'off', effortLevels: [] };

/** Claude 4.5: thinking with a budget, caching, temperature/top_p exclusivity, CountTokens. */
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
  thinking: BUDGET_THINKING,
  messagesApi: true,
  countTokens: true,
  // LiteLLM sends it on Converse for Claude 4.5 and later (BerriAI/litellm#34347, tried on Bedrock, 2026-07-23).
  parallelToolUseSwitch: true,
};
const CLAUDE_4: ModelCapabilities = { ...CLAUDE_45, exclusiveTemperatureTopP: false, parallelToolUseSwitch: false };
const { reasoning: _claudeReasoning, thinking: _claudeThinking, ...CLAUDE_WITHOUT_REASONING } = CLAUDE_4;
const CLAUDE_3: ModelCapabilities = { ...CLAUDE_WITHOUT_REASONING, promptCaching: false };

/** Claude 4.6: budget or adaptive thinking (budget deprecated), effort up to max (no xhigh). */
const CLAUDE_46: ModelCapabilities = {
  ...CLAUDE_45,
  thinking: { types: ['enabled', 'adaptive', 'disabled'], whenOmitted: 'off', effortLevels: ['low', 'medium', 'high', 'max'] },
};

/** Claude 4.7 and later: sampling parameters rejected, no CountTokens on bedrock-runtime. */
const CLAUDE_47_AND_LATER: ModelCapabilities = {
  ...CLAUDE_45,
  rejectedSampling: ['temperature', 'top_p', 'top_k'],
  countTokens: false,
};

/** Opus 4.7: adaptive thinking only (`enabled` and `disabled` are 400s), off unless asked. */
const OPUS_47: ModelCapabilities = {
  ...CLAUDE_47_AND_LATER,
  thinking: { types: ['adaptive'], whenOmitted: 'off', effortLevels: EFFORT_UP_TO_MAX },
};
/** Opus 4.8: as Opus 4.7, plus mid-conversation system messages; default effort high. */
const OPUS_48: ModelCapabilities = {
  ...OPUS_47,
  thinking: { types: ['adaptive'], whenOmitted: 'off', effortLevels: EFFORT_UP_TO_MAX, defaultEffort: 'high' },
  midConversationSystem: true,
};
/** Sonnet 5: adaptive thinking on by default, `disabled` turns it off. */
const SONNET_5: ModelCapabilities = {
  ...CLAUDE_47_AND_LATER,
  thinking: { types: ['adaptive', 'disabled'], whenOmitted: 'adaptive', effortLevels: EFFORT_UP_TO_MAX },
};
/** Opus 5 and Haiku 5.5: on by default; `disabled` only with effort up to high. */
const ON_BY_DEFAULT_DISABLE_UP_TO_HIGH: ModelCapabilities = {
  ...CLAUDE_47_AND_LATER,
  thinking: { types: ['adaptive', 'disabled'], whenOmitted: 'adaptive', effortLevels: EFFORT_UP_TO_MAX, maxEffortWithoutThinking: 'high' },
  midConversationSystem: true,
};
/** Opus 5.5: always thinks, no forced tool choice. */
const OPUS_55: ModelCapabilities = {
  ...CLAUDE_47_AND_LATER,
  toolChoice: [],
  thinking: { types: ['adaptive'], whenOmitted: 'adaptive', effortLevels: EFFORT_UP_TO_MAX, defaultEffort: 'medium' },
  midConversationSystem: true,
};
/** Sonnet 5.5: `disabled` rejected, `between_tools` is the lowest setting (with effort up to high); no forced tool choice. */
const SONNET_55: ModelCapabilities = {
  ...CLAUDE_47_AND_LATER,
  toolChoice: [],
  thinking: {
    types: ['adaptive', 'between_tools'],
    whenOmitted: 'adaptive',
    effortLevels: EFFORT_UP_TO_MAX,
    defaultEffort: 'high',
    maxEffortWithoutThinking: 'high',
  },
  midConversationSystem: true,
};
/** Fable 5.x: always thinks (an explicit `disabled` is a 400), default effort high, no forced tool choice. */
const FABLE: ModelCapabilities = {
  ...CLAUDE_47_AND_LATER,
  toolChoice: [],
  thinking: { types: ['adaptive'], whenOmitted: 'adaptive', effortLevels: EFFORT_UP_TO_MAX, defaultEffort: 'high' },
  midConversationSystem: true,
};

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

/**
 * Claude prices from the global list price (USD per million tokens): the geo/in-Region tier is 1.1x,
 * cache writes 1.25x (5 minutes) and 2x (1 hour) of input, cache reads `cacheReadPermille`/1000 of input.
 * Every derived price is rounded UP to a whole nano-dollar per token, so a budget is never under-charged.
 */
function claudePrices(inputPerMTok: number, outputPerMTok: number, cacheReadPermille = 100): { prices: ModelPrices; globalPrices: ModelPrices } {
  // Integer nano-USD per token (USD/MTok * 1000) and per-mille factors keep every step exact.
  const input = Math.round(inputPerMTok * 1000);
  const output = Math.round(outputPerMTok * 1000);
  const price = (nano: number, tierPermille: number, kindPermille: number): number =>
    Math.ceil((nano * tierPermille * kindPermille) / 1_000_000) / 1000;
  const tier = (tierPermille: number): ModelPrices => ({
    inputPerMTok: price(input, tierPermille, 1000),
    outputPerMTok: price(output, tierPermille, 1000),
    cacheReadPerMTok: price(input, tierPermille, cacheReadPermille),
    cacheWritePerMTok: price(input, tierPermille, 1250),
    cacheWrite1hPerMTok: price(input, tierPermille, 2000),
  });
  return { prices: tier(1100), globalPrices: tier(1000) };
}

/** A Claude chat entry; the context window defaults to 1M and max output to 128K (Claude 4.6 onwards). */
const claude = (
  entry: Omit<CatalogEntryInput, 'kind' | 'family' | 'provider' | 'contextWindowTokens' | 'maxOutputTokens'> & {
    readonly contextWindowTokens?: number;
    readonly maxOutputTokens?: number;
  },
): CatalogEntryInput => ({
  kind: 'chat',
  family: 'anthropic-claude',
  provider: 'Anthropic',
  contextWindowTokens: 1_000_000,
  maxOutputTokens: 128_000,
  ...entry,
});

/** Provenance of a Claude entry checked for issue 11. */
const claudeProvenance = (source: string, verification: 'aws-doc' | 'partial' | 'unverified', note: string) => ({
  source,
  checkedOn: CLAUDE_CHECKED_ON,
  verification,
  note,
});

const MODELS: readonly CatalogEntryInput[] = [
  // Anthropic Claude, newest first
  claude({
    id: 'claude-opus-5-5',
    bedrockModelId: 'us.anthropic.claude-opus-5-5',
    foundationModelId: 'anthropic.claude-opus-5-5',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-opus-5.5'],
    capabilities: OPUS_55,
    ...claudePrices(4, 20, 50),
    provenance: claudeProvenance(
      SOURCES.claudeCard('claude-opus-5-5'),
      'partial',
      'AWS card (2026-09-22): 1M context, 128K output, "adaptive thinking is always on and cannot be disabled; effort low..max, ' +
        `default medium". $4/$20, cache read 0.05x: ${anthropicModelPage('opus-5-5')} and AWS Price List values quoted in public ` +
        'code (global $4/$20, us. $4.4/$22). Forced tool_choice (any/tool) is a 400 (quoted in public tests). ' +
        `${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ${NOTES.midConversation} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-fable-5-2',
    bedrockModelId: 'us.anthropic.claude-fable-5-2',
    foundationModelId: 'anthropic.claude-fable-5-2',
    inferenceProfiles: ['us', 'global'],
    aliases: ['claude-fable-5.2'],
    capabilities: FABLE,
    ...claudePrices(8, 40),
    provenance: claudeProvenance(
      SOURCES.claudeCard('claude-fable-5-2'),
      'partial',
      'AWS card (2026-11-09): 1M context, 128K output, always-on adaptive thinking, effort low..max default high, sampling ' +
        'limited as the Fable cards say; thinking blocks must be replayed unchanged. Requires the account data-retention opt-in. ' +
        `$8/$40 from Anthropic's model pages; cache multipliers unpublished, so cache reads are priced at 0.1x (the upper bound). ` +
        `Profiles us./global. only (third-party client release notes). ${NOTES.claudeOnRuntime} ${NOTES.midConversation} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-fable-5-1',
    bedrockModelId: 'us.anthropic.claude-fable-5-1',
    foundationModelId: 'anthropic.claude-fable-5-1',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-fable-5.1'],
    capabilities: FABLE,
    ...claudePrices(10, 50, 25),
    provenance: claudeProvenance(
      SOURCES.claudeCard('claude-fable-5-1'),
      'partial',
      'AWS card (2026-09-01): 1M context, 128K output, always-on adaptive thinking, effort low..max default high. ' +
        `$10/$50 with cache reads at 0.025x (${anthropicModelPage('fable-5-1')}; geo $11/$55/cache read $0.275 read from the AWS ` +
        `pricing page per public pricing tables). Requires the account data-retention opt-in (aws_review). ${NOTES.claudeOnRuntime} ` +
        `${NOTES.midConversation} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-fable-5',
    bedrockModelId: 'us.anthropic.claude-fable-5',
    foundationModelId: 'anthropic.claude-fable-5',
    inferenceProfiles: ['us', 'eu', 'global'],
    aliases: ['claude-fable-5.0'],
    capabilities: FABLE,
    ...claudePrices(10, 50),
    provenance: claudeProvenance(
      SOURCES.claudeAdaptiveThinking,
      'partial',
      `AWS card (2026-06-09) and adaptive-thinking page: adaptive only; "enabled" and "disabled" return 400. $10/$50 ` +
        `(${anthropicModelPage('fable-5')}). Requires the data-sharing opt-in (provider_data_share). ${NOTES.claudeOnRuntime} ` +
        `${NOTES.midConversation} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-sonnet-5-5',
    bedrockModelId: 'us.anthropic.claude-sonnet-5-5',
    foundationModelId: 'anthropic.claude-sonnet-5-5',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-sonnet-5.5'],
    capabilities: SONNET_55,
    ...claudePrices(2, 10),
    provenance: claudeProvenance(
      anthropicModelPage('sonnet-5-5'),
      'partial',
      'Released 2026-09-28; 1M context, 128K output; thinking.type "disabled" rejected, "between_tools" is the lowest ' +
        'setting and rejects xhigh/max; forced tool use rejected (Google Cloud card, vercel/ai release notes). $2/$10; geo ' +
        `$2.2/$11 read from the AWS pricing page per public pricing tables. ${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ` +
        `${NOTES.midConversation} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-haiku-5-5',
    bedrockModelId: 'us.anthropic.claude-haiku-5-5',
    foundationModelId: 'anthropic.claude-haiku-5-5',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-haiku-5.5'],
    capabilities: ON_BY_DEFAULT_DISABLE_UP_TO_HIGH,
    ...(() => {
      const { prices, globalPrices } = claudePrices(0.1, 0.5);
      const long = claudePrices(0.5, 2.5);
      return {
        prices: { ...prices, longContext: { ...long.prices, thresholdTokens: 100_000 } },
        globalPrices: { ...globalPrices, longContext: { ...long.globalPrices, thresholdTokens: 100_000 } },
      };
    })(),
    provenance: claudeProvenance(
      anthropicModelPage('haiku-5-5'),
      'partial',
      'Released 2026-10-07; 1M context, 128K output, adaptive thinking default effort medium, disabled only up to high ' +
        '(vercel/ai). Anthropic prices prompts over 100,000 tokens at 5x ($0.50/$2.50); AWS lists long-context SKUs ' +
        '(usage types *_long_ctx_*), so the tier is applied here too rather than risk under-charging. Geo cache writes ' +
        `($0.1375, $0.6875) rounded up to whole nano-dollars. ${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ` +
        `${NOTES.midConversation} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-opus-5',
    bedrockModelId: 'us.anthropic.claude-opus-5',
    foundationModelId: 'anthropic.claude-opus-5',
    inferenceProfiles: ['us', 'eu', 'au', 'global'],
    aliases: ['claude-opus-5.0'],
    capabilities: ON_BY_DEFAULT_DISABLE_UP_TO_HIGH,
    ...claudePrices(5, 25),
    provenance: claudeProvenance(
      anthropicModelPage('opus-5'),
      'partial',
      'Released 2026-07-24; 1M context, 128K output; thinking on by default, "disabled" only with effort up to high ' +
        '(vercel/ai getModelCapabilities). No jp. profile (a live check in public Terraform, 2026-09-24). ' +
        `${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ${NOTES.midConversation} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-sonnet-5',
    bedrockModelId: 'us.anthropic.claude-sonnet-5',
    foundationModelId: 'anthropic.claude-sonnet-5',
    inferenceProfiles: ['us', 'eu', 'au', 'global'],
    aliases: ['claude-sonnet-5.0'],
    capabilities: SONNET_5,
    ...claudePrices(2, 10),
    provenance: claudeProvenance(
      SOURCES.bedrockDocHistory,
      'partial',
      'AWS doc history 2026-08-24: "On Claude Sonnet 5, adaptive thinking is on by default ... and can be turned off by passing ' +
        'thinking: {type: disabled}"; budget_tokens not supported. 1M/128K, $2/$10 (geo $2.2/$11 confirmed from AWS per-SKU ' +
        'data per public pricing tables). jp. profile conflicts between sources (a live check says none); left out. ' +
        `${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-opus-4-8',
    bedrockModelId: 'us.anthropic.claude-opus-4-8',
    foundationModelId: 'anthropic.claude-opus-4-8',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-opus-4.8'],
    capabilities: OPUS_48,
    ...claudePrices(5, 25),
    provenance: claudeProvenance(
      anthropicModelPage('opus-4-8'),
      'partial',
      'Released 2026-05-28; 1M/128K; same API surface as Opus 4.7 (adaptive only), default effort high; accepts ' +
        `mid-conversation system messages. $5/$25. ${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ${NOTES.profilesThirdParty} ` +
        NOTES.claudePrices,
    ),
  }),
  claude({
    id: 'claude-opus-4-7',
    bedrockModelId: 'us.anthropic.claude-opus-4-7',
    foundationModelId: 'anthropic.claude-opus-4-7',
    inferenceProfiles: ['us', 'eu', 'jp', 'global'],
    aliases: ['claude-opus-4.7'],
    capabilities: OPUS_47,
    ...claudePrices(5, 25),
    provenance: claudeProvenance(
      SOURCES.claudeCard('claude-opus-4-7'),
      'partial',
      'AWS card (2026-04-16): 1M context, 128K output, "thinking.type: adaptive only"; "enabled" with budget_tokens returns 400 ' +
        `(and "disabled", per the AWS adaptive-thinking page). $5/$25. ${NOTES.claudeOnRuntime} ${NOTES.laterGeneration} ` +
        `${NOTES.profilesThirdParty} ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-opus-4-6',
    bedrockModelId: 'us.anthropic.claude-opus-4-6-v1',
    foundationModelId: 'anthropic.claude-opus-4-6-v1',
    inferenceProfiles: ['us', 'eu', 'jp', 'apac', 'au', 'global'],
    aliases: ['claude-opus-4.6'],
    capabilities: CLAUDE_46,
    ...claudePrices(5, 25),
    provenance: claudeProvenance(
      ANTHROPIC_BEDROCK_TABLE,
      'partial',
      "Bedrock id and geographies global/us/eu/jp/apac from Anthropic's Bedrock table (au. from third-party catalogs). " +
        '1M/128K; budget thinking deprecated, adaptive recommended (AWS adaptive-thinking page). CountTokens with the bare id ' +
        `(AWS count-tokens page, ttok4bedrock). ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-sonnet-4-6',
    bedrockModelId: 'us.anthropic.claude-sonnet-4-6',
    foundationModelId: 'anthropic.claude-sonnet-4-6',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-sonnet-4.6'],
    capabilities: CLAUDE_46,
    ...claudePrices(3, 15),
    provenance: claudeProvenance(
      ANTHROPIC_BEDROCK_TABLE,
      'partial',
      "Bedrock id and geographies global/us/eu/jp (no apac) from Anthropic's Bedrock table; au. from third-party catalogs. " +
        'Max output: 128K per the current Anthropic page (older tables say 64K); the larger is used so budgets reserve more, ' +
        `never less. Global $3/$15 vs regional $3.30/$16.50 quoted from the AWS Price List (BerriAI/litellm#42679). ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-opus-4-5',
    bedrockModelId: 'us.anthropic.claude-opus-4-5-20251101-v1:0',
    foundationModelId: 'anthropic.claude-opus-4-5-20251101-v1:0',
    inferenceProfiles: ['us', 'eu', 'global'],
    aliases: ['claude-opus-4.5', 'claude-opus-4-5-20251101'],
    contextWindowTokens: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_45,
    ...claudePrices(5, 25),
    provenance: claudeProvenance(
      SOURCES.claudeModels,
      'partial',
      `Geographies global/us/eu from Anthropic's Bedrock table (${ANTHROPIC_BEDROCK_TABLE}). Max output 64K from Anthropic docs. ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-sonnet-4-5',
    bedrockModelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    foundationModelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-sonnet-4.5', 'claude-sonnet-4-5-20250929'],
    contextWindowTokens: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_45,
    ...(() => {
      const { prices, globalPrices } = claudePrices(3, 15);
      const long = claudePrices(6, 22.5);
      return {
        prices: { ...prices, longContext: { ...long.prices, thresholdTokens: 200_000 } },
        globalPrices: { ...globalPrices, longContext: { ...long.globalPrices, thresholdTokens: 200_000 } },
      };
    })(),
    provenance: claudeProvenance(
      SOURCES.claudeModels,
      'partial',
      `Geographies global/us/eu/jp from Anthropic's Bedrock table (${ANTHROPIC_BEDROCK_TABLE}); au. from third-party catalogs. ` +
        '200K context (1M only with the context-1m beta, billed 2x input / 1.5x output above 200K: the long-context tier). ' +
        `Anthropic retired it on its own API on 2026-11-30; Bedrock sets its own date. ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-haiku-4-5',
    bedrockModelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    foundationModelId: 'anthropic.claude-haiku-4-5-20251001-v1:0',
    inferenceProfiles: ['us', 'eu', 'jp', 'au', 'global'],
    aliases: ['claude-haiku-4.5', 'claude-haiku-4-5-20251001'],
    contextWindowTokens: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_45,
    ...claudePrices(1, 5),
    provenance: claudeProvenance(
      SOURCES.claudeModels,
      'partial',
      'Context 200K, max output 64K, prompt caching from a copy of the AWS model card. Global $1/$5 from the AWS Price List ' +
        `(usage type *_InputTokenCount_Global, quoted in public code). jp./au. (and in.) profiles from third-party catalogs. ${NOTES.claudePrices}`,
    ),
  }),
  claude({
    id: 'claude-opus-4-1',
    bedrockModelId: 'us.anthropic.claude-opus-4-1-20250805-v1:0',
    foundationModelId: 'anthropic.claude-opus-4-1-20250805-v1:0',
    inferenceProfiles: ['us'],
    aliases: ['claude-opus-4.1', 'claude-opus-4-1-20250805'],
    contextWindowTokens: 200_000,
    maxOutputTokens: 32_000,
    capabilities: CLAUDE_4,
    prices: { inputPerMTok: 15, outputPerMTok: 75, cacheReadPerMTok: 1.5, cacheWritePerMTok: 18.75, cacheWrite1hPerMTok: 30 },
    provenance: claudeProvenance(
      SOURCES.claudeModels,
      'partial',
      `us. only per Anthropic's Bedrock table. One price (no global profile). Anthropic retired it on its own API on 2026-08-05; Bedrock sets its own date.`,
    ),
  }),
  claude({
    id: 'claude-sonnet-4',
    bedrockModelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
    foundationModelId: 'anthropic.claude-sonnet-4-20250514-v1:0',
    inferenceProfiles: ['us', 'eu', 'apac', 'global'],
    aliases: ['claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    contextWindowTokens: 200_000,
    maxOutputTokens: 64_000,
    capabilities: CLAUDE_4,
    prices: {
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheReadPerMTok: 0.3,
      cacheWritePerMTok: 3.75,
      cacheWrite1hPerMTok: 6,
      longContext: { inputPerMTok: 6, outputPerMTok: 22.5, cacheReadPerMTok: 0.6, cacheWritePerMTok: 7.5, cacheWrite1hPerMTok: 12, thresholdTokens: 200_000 },
    },
    provenance: claudeProvenance(
      SOURCES.claudeModels,
      'partial',
      "Geographies global/us/eu/apac from Anthropic's Bedrock table. Geo and global priced the same on the AWS page (public " +
        'pricing tables); long-context tier above 200K (context-1m beta) verified against an AWS meter (promptfoo/promptfoo#10593). ' +
        'Anthropic retired it on its own API on 2026-06-15; Bedrock sets its own date.',
    ),
  }),
  claude({
    id: 'claude-3-haiku',
    bedrockModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    foundationModelId: 'anthropic.claude-3-haiku-20240307-v1:0',
    inferenceProfiles: ['us', 'eu', 'apac'],
    aliases: ['claude-3-haiku-20240307'],
    contextWindowTokens: 200_000,
    maxOutputTokens: 4_096,
    capabilities: CLAUDE_3,
    prices: { inputPerMTok: 0.25, outputPerMTok: 1.25 },
    provenance: {
      source: SOURCES.inferenceProfiles,
      checkedOn: CHECKED_ON,
      verification: 'partial',
      note:
        'AWS doc example: us.anthropic.claude-3-haiku-20240307-v1:0 routes us-east-2 -> us-east-1/us-east-2/us-west-2. ' +
        'Converse row "Claude 3 models" seen. Prompt caching on Bedrock not listed for Claude 3 Haiku.',
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

export { CHECKED_ON, CLAUDE_CHECKED_ON, MODELS, SOURCES };
