/** @module Public surface of the model catalog: lookup, prices, IAM resources (no aws-cdk-lib import). */
export { CatalogConfigError } from './catalog-config-error';
export { createModelCatalog, parseCatalogOptions } from './catalog';
export { GEO_PROFILE_DESTINATION_REGIONS, bedrockInvokeResourceArns } from './iam-resources';
export { PricingError, computeCostNanoUsd, nanoUsdToUsd, toNanoPrices, usdToNanoUsd } from './pricing';
export { ANTHROPIC_EFFORT_LEVELS, ANTHROPIC_THINKING_TYPES, MODEL_FAMILIES, SAMPLING_PARAMETERS } from './types';
export type { ModelCatalog } from './catalog';
export type { ApplicationInferenceProfile, CatalogEntryInput, CatalogEntryOverride, CatalogOptions, ProfilePrefix } from './entry-schema';
export type { BedrockInvokeResourceOptions } from './iam-resources';
export type { FlatNanoPrices, NanoPrices, TokenUsage } from './pricing';
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
  ReasoningStyle,
  SamplingParameter,
  ToolChoiceMode,
  VerificationLevel,
} from './types';
