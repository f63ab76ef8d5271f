/**
 * @module Model catalog types: what the gateway knows about each model it can route to.
 */

/** Model families, which decide request-shaping rules (reasoning config, tool choice, sampling). */
const MODEL_FAMILIES = [
  'anthropic-claude',
  'amazon-nova',
  'meta-llama',
  'mistral',
  'deepseek',
  'openai-gpt-oss',
  'cohere-command',
  'qwen',
  'amazon-titan-embed',
  'cohere-embed',
  'other',
] as const;
type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** What a model is called through. */
type ModelKind = 'chat' | 'embedding';

/** `tool_choice` modes a model accepts in Converse (`auto` is universal when tools are supported). */
type ToolChoiceMode = 'auto' | 'any' | 'tool';

/** How a model reasons, which decides the `additionalModelRequestFields` the gateway sends. */
type ReasoningStyle =
  /** Anthropic extended thinking: `thinking: {type: "enabled", budget_tokens}`. */
  | 'anthropic-thinking'
  /** Nova 2: `reasoningConfig: {type: "enabled", maxReasoningEffort}`. */
  | 'nova-reasoning-config'
  /** gpt-oss and similar: `reasoning_effort: "low"|"medium"|"high"`. */
  | 'reasoning-effort'
  /** Always reasons (DeepSeek R1); nothing to configure, reasoning content is returned. */
  | 'always';

/** `thinking.type` values of the Anthropic Messages API. */
const ANTHROPIC_THINKING_TYPES = ['enabled', 'adaptive', 'disabled', 'between_tools'] as const;
type AnthropicThinkingType = (typeof ANTHROPIC_THINKING_TYPES)[number];

/** `output_config.effort` levels of the Anthropic Messages API, lowest first. */
const ANTHROPIC_EFFORT_LEVELS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;
type AnthropicEffort = (typeof ANTHROPIC_EFFORT_LEVELS)[number];

/** Sampling parameters a model may reject (Claude Opus 4.7 and later reject all three). */
const SAMPLING_PARAMETERS = ['temperature', 'top_p', 'top_k'] as const;
type SamplingParameter = (typeof SAMPLING_PARAMETERS)[number];

/**
 * How a Claude model takes `thinking` and `output_config.effort`, as Bedrock documents it per model.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-adaptive-thinking.html
 */
interface AnthropicThinking {
  /** `thinking.type` values the model accepts; any other is a Bedrock 400. */
  readonly types: readonly AnthropicThinkingType[];
  /** What the model does when the request has no `thinking`: nothing, or adaptive thinking. */
  readonly whenOmitted: 'off' | 'adaptive';
  /** `output_config.effort` levels the model accepts, lowest first; empty when it has no effort. */
  readonly effortLevels: readonly AnthropicEffort[];
  /** The effort the model uses when none is sent. @default - none documented */
  readonly defaultEffort?: AnthropicEffort;
  /**
   * The highest effort accepted while thinking is off (`disabled`) or minimal (`between_tools`);
   * Opus 5 and Haiku 5.5 reject `disabled` with `xhigh`/`max`. @default - any listed level
   */
  readonly maxEffortWithoutThinking?: AnthropicEffort;
}

interface ModelCapabilities {
  /** Accepts `toolConfig.tools`. */
  readonly tools: boolean;
  /** `toolChoice` modes accepted beyond `auto`. */
  readonly toolChoice: readonly ToolChoiceMode[];
  /** Streams tool use (ConverseStream with tools). */
  readonly streamingToolUse: boolean;
  readonly images: boolean;
  readonly documents: boolean;
  readonly systemPrompt: boolean;
  /** Reasoning configuration style, absent when the model does not reason. */
  readonly reasoning?: ReasoningStyle;
  /** Accepts `cachePoint` blocks. */
  readonly promptCaching: boolean;
  /** Supports Converse native structured output (`outputConfig.textFormat` JSON schema). */
  readonly structuredOutput: boolean;
  /** Rejects `temperature` and `top_p` in the same request (Claude 4.5 and later). */
  readonly exclusiveTemperatureTopP: boolean;
  /** Claude thinking as this model takes it; present on `anthropic-thinking` models. */
  readonly thinking?: AnthropicThinking;
  /** Sampling parameters the model rejects; the gateway drops them with a warning. @default [] */
  readonly rejectedSampling?: readonly SamplingParameter[];
  /** InvokeModel takes the Anthropic Messages body (`anthropic_version: "bedrock-2023-05-31"`). @default false */
  readonly messagesApi?: boolean;
  /** InvokeModel accepts `role: "system"` messages inside `messages` (mid-conversation). @default false */
  readonly midConversationSystem?: boolean;
  /** bedrock-runtime CountTokens counts this model's input (called with the bare model id). @default false */
  readonly countTokens?: boolean;
  /**
   * Converse passes Anthropic's `tool_choice.disable_parallel_tool_use` through
   * `additionalModelRequestFields` (Claude 4.5 and later), so `parallel_tool_calls: false` holds.
   * @default false
   */
  readonly parallelToolUseSwitch?: boolean;
}

/** Bedrock service tiers priced apart from the standard (`default`) tier. */
const PRICED_SERVICE_TIERS = ['flex', 'priority'] as const;
type PricedServiceTier = (typeof PRICED_SERVICE_TIERS)[number];

/** Prices in US dollars per million tokens. */
interface ModelPrices {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
  /** Cache reads; absent when the model has no prompt caching. */
  readonly cacheReadPerMTok?: number;
  /** Cache writes with the default 5-minute TTL; absent when the model has no prompt caching. */
  readonly cacheWritePerMTok?: number;
  /** Cache writes with the 1-hour TTL; absent when the model has no 1-hour cache. */
  readonly cacheWrite1hPerMTok?: number;
  /**
   * Prices of a request whose prompt (input plus cache reads and writes) exceeds `thresholdTokens`:
   * they then apply to the whole request (Claude Haiku 5.5 above 100K, Sonnet 4.5 above 200K).
   * @default - one price for every prompt length
   */
  readonly longContext?: LongContextPrices;
  /**
   * Prices of the Bedrock service tiers other than standard (`service_tier` flex or priority), each a
   * separate Price List SKU. A tier without prices here is refused, never charged at a guess.
   * @default - only the standard tier is priced
   */
  readonly serviceTiers?: { readonly [tier in PricedServiceTier]?: TierPrices };
  /**
   * Prices of latency-optimized inference (`performanceConfig.latency: "optimized"`).
   * @default - latency-optimized inference is not priced, so it is refused
   */
  readonly latencyOptimized?: TierPrices;
}

/** The prices of one service tier or of latency-optimized inference: a full price table of their own. */
type TierPrices = Omit<ModelPrices, 'serviceTiers' | 'latencyOptimized'>;

/** The prices of long prompts. */
interface LongContextPrices extends Omit<ModelPrices, 'longContext' | 'serviceTiers' | 'latencyOptimized'> {
  /** Prompts longer than this many tokens are billed at these prices. */
  readonly thresholdTokens: number;
}

/** How far a catalog fact could be checked against AWS documentation. */
type VerificationLevel =
  /** Every field was found in an AWS documentation page. */
  | 'aws-doc'
  /** Some fields come from AWS docs, others from third-party pages or memory (see `note`). */
  | 'partial'
  /** No AWS page could be found for the key facts; treat the entry as a best guess. */
  | 'unverified';

/** Where an entry's facts come from and when they were last checked. */
interface ModelProvenance {
  /** AWS documentation page the entry was checked against. */
  readonly source: string;
  /** Date of the check, `YYYY-MM-DD`. */
  readonly checkedOn: string;
  readonly verification: VerificationLevel;
  /** What could not be verified, or deliberate deviations (e.g. rounded prices). */
  readonly note?: string;
}

/** One model in the catalog. */
interface CatalogEntry {
  /** The public id clients send in `model` and see in `/v1/models` (e.g. `claude-sonnet-4-5`). */
  readonly id: string;
  /** The Bedrock `modelId` sent to Converse/InvokeModel: a model id, inference profile id or ARN. */
  readonly bedrockModelId: string;
  /** The foundation model id behind `bedrockModelId` (without any profile prefix). */
  readonly foundationModelId: string;
  readonly kind: ModelKind;
  readonly family: ModelFamily;
  /** Provider name as Bedrock lists it (`Anthropic`, `Amazon`, `Meta`, ...). */
  readonly provider: string;
  /** Extra names that resolve to this entry (raw Bedrock ids, profile ids, older aliases). */
  readonly aliases: readonly string[];
  readonly contextWindowTokens: number;
  /** Largest `maxTokens` the model accepts; also the worst case reserved against budgets. */
  readonly maxOutputTokens: number;
  readonly capabilities: ModelCapabilities;
  readonly prices: ModelPrices;
  /** Embedding models: output vector length(s) accepted via `dimensions`. */
  readonly embeddingDimensions?: readonly number[];
  /** Where the facts above come from; present on every built-in entry. */
  readonly provenance?: ModelProvenance;
}

export { ANTHROPIC_EFFORT_LEVELS, ANTHROPIC_THINKING_TYPES, MODEL_FAMILIES, PRICED_SERVICE_TIERS, SAMPLING_PARAMETERS };
export type {
  AnthropicEffort,
  AnthropicThinking,
  AnthropicThinkingType,
  CatalogEntry,
  LongContextPrices,
  ModelCapabilities,
  ModelFamily,
  ModelKind,
  ModelPrices,
  ModelProvenance,
  PricedServiceTier,
  ReasoningStyle,
  SamplingParameter,
  TierPrices,
  ToolChoiceMode,
  VerificationLevel,
};
