/** @module Public surface of the model catalog: lookup, prices, IAM resources (no aws-cdk-lib import). */
export { CatalogConfigError } from './catalog-config-error';
export { createModelCatalog, parseCatalogOptions } from './catalog';
export { GEO_PROFILE_DESTINATION_REGIONS, bedrockInvokeResourceArns } from './iam-resources';
export { PricingError, computeCostNanoUsd, nanoUsdToUsd, toNanoPrices, usdToNanoUsd } from './pricing';
export { MODEL_FAMILIES } from './types';
export type { ModelCatalog } from './catalog';
export type { ApplicationInferenceProfile, CatalogEntryInput, CatalogEntryOverride, CatalogOptions, ProfilePrefix } from './entry-schema';
export type { BedrockInvokeResourceOptions } from './iam-resources';
export type { NanoPrices, TokenUsage } from './pricing';
export type {
  CatalogEntry,
  ModelCapabilities,
  ModelFamily,
  ModelKind,
  ModelPrices,
  ModelProvenance,
  ReasoningStyle,
  ToolChoiceMode,
  VerificationLevel,
} from './types';
