/** @module Public surface of the model catalog: lookup, prices, IAM resources (no aws-cdk-lib import). */
export { CatalogConfigError } from './catalog-config-error';
export { createModelCatalog, parseCatalogOptions } from './catalog';
export { RefreshableCatalog, createCatalogAwaitingListing } from './live-catalog';
export { familyOfModelId, friendlyIdOf, mergeLiveListing } from './live-listing';
export { canonicalName, parseBedrockPriceList } from './price-list';
export { GEO_PROFILE_DESTINATION_REGIONS, bedrockInvokeResourceArns } from './iam-resources';
export { PricingError, computeCostNanoUsd, nanoUsdToUsd, pricesForServing, toNanoPrices, usdToNanoUsd } from './pricing';
export { ANTHROPIC_EFFORT_LEVELS, ANTHROPIC_THINKING_TYPES, MODEL_FAMILIES, PRICED_SERVICE_TIERS, SAMPLING_PARAMETERS } from './types';
export type { LiveCatalogInput, ModelCatalog } from './catalog';
export type { CatalogRefreshReport, LiveListingSource, RefreshableCatalogOptions } from './live-catalog';
export type { ListedModel, LiveListing, LiveMerge, UnservedModel } from './live-listing';
export type { ApplicationInferenceProfile, CatalogEntryInput, CatalogEntryOverride, CatalogOptions, ProfilePrefix } from './entry-schema';
export type { BedrockInvokeResourceOptions } from './iam-resources';
export type { FlatNanoPrices, NanoPrices, Serving, TokenUsage } from './pricing';
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
} from './types';
