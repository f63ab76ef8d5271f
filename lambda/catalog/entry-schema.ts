/** @module Zod schemas for catalog entries and catalog options: one table drives types and runtime checks. */
// A namespace import lets esbuild drop zod's unused locales (~260 KB); `import { z }` keeps them all.
import * as z from 'zod';
import { ANTHROPIC_EFFORT_LEVELS, ANTHROPIC_THINKING_TYPES, MODEL_FAMILIES, SAMPLING_PARAMETERS } from './types';

/**
 * Geography prefixes of system-defined cross-Region inference profiles the catalog understands.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */
const PROFILE_PREFIXES = ['us', 'eu', 'apac', 'jp', 'au', 'global'] as const;
type ProfilePrefix = (typeof PROFILE_PREFIXES)[number];

const TOOL_CHOICE_MODES = ['auto', 'any', 'tool'] as const;
const REASONING_STYLES = ['anthropic-thinking', 'nova-reasoning-config', 'reasoning-effort', 'always'] as const;
const VERIFICATION_LEVELS = ['aws-doc', 'partial', 'unverified'] as const;

const price = z.number().finite().nonnegative();
const tokenLimit = z.number().int().nonnegative();

const flatPricesShape = {
  inputPerMTok: price,
  outputPerMTok: price,
  cacheReadPerMTok: price.optional(),
  cacheWritePerMTok: price.optional(),
  cacheWrite1hPerMTok: price.optional(),
};

const longContextPricesSchema = z.strictObject({ ...flatPricesShape, thresholdTokens: tokenLimit.positive() });

/** The prices of one service tier or of latency-optimized inference. */
const tierPricesSchema = z.strictObject({ ...flatPricesShape, longContext: longContextPricesSchema.optional() });

const pricesSchema = z.strictObject({
  ...flatPricesShape,
  longContext: longContextPricesSchema.optional(),
  serviceTiers: z.strictObject({ flex: tierPricesSchema.optional(), priority: tierPricesSchema.optional() }).optional(),
  latencyOptimized: tierPricesSchema.optional(),
});

const effortSchema = z.enum(ANTHROPIC_EFFORT_LEVELS);

const thinkingSchema = z.strictObject({
  types: z.array(z.enum(ANTHROPIC_THINKING_TYPES)).readonly(),
  whenOmitted: z.enum(['off', 'adaptive']),
  effortLevels: z.array(effortSchema).readonly(),
  defaultEffort: effortSchema.optional(),
  maxEffortWithoutThinking: effortSchema.optional(),
});

const capabilitiesSchema = z.strictObject({
  tools: z.boolean(),
  toolChoice: z.array(z.enum(TOOL_CHOICE_MODES)).readonly(),
  streamingToolUse: z.boolean(),
  images: z.boolean(),
  documents: z.boolean(),
  systemPrompt: z.boolean(),
  reasoning: z.enum(REASONING_STYLES).optional(),
  promptCaching: z.boolean(),
  structuredOutput: z.boolean(),
  exclusiveTemperatureTopP: z.boolean(),
  thinking: thinkingSchema.optional(),
  rejectedSampling: z.array(z.enum(SAMPLING_PARAMETERS)).readonly().optional(),
  messagesApi: z.boolean().optional(),
  midConversationSystem: z.boolean().optional(),
  countTokens: z.boolean().optional(),
  parallelToolUseSwitch: z.boolean().optional(),
});

const provenanceSchema = z.strictObject({
  source: z.url(),
  checkedOn: z.iso.date(),
  verification: z.enum(VERIFICATION_LEVELS),
  note: z.string().min(1).optional(),
});

const nameSchema = z.string().trim().min(1).max(2048);

/** Friendly ids are what clients type: lowercase, digits, dots, dashes. */
const friendlyIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,127}$/, 'must be lowercase letters, digits, dots and dashes (e.g. "claude-sonnet-4-5")');

/**
 * One catalog entry as written in data or in the `additions` option.
 *
 * Differs from `CatalogEntry` in three ways: `aliases` holds only extra names (the raw model id and
 * the listed profile ids are added automatically), `inferenceProfiles` lists the geography prefixes
 * AWS defines for the model, and `globalPrices` prices the `global.` profile where it is cheaper.
 * No field has a zod default, so the same shape made `.partial()` is a safe override.
 */
const catalogEntryInputSchema = z.strictObject({
  id: friendlyIdSchema,
  bedrockModelId: nameSchema,
  foundationModelId: nameSchema,
  kind: z.enum(['chat', 'embedding']),
  family: z.enum(MODEL_FAMILIES),
  provider: z.string().min(1),
  aliases: z.array(nameSchema).readonly().optional(),
  inferenceProfiles: z.array(z.enum(PROFILE_PREFIXES)).readonly().optional(),
  contextWindowTokens: tokenLimit.positive(),
  maxOutputTokens: tokenLimit,
  capabilities: capabilitiesSchema,
  prices: pricesSchema,
  globalPrices: pricesSchema.optional(),
  embeddingDimensions: z.array(z.number().int().positive()).readonly().optional(),
  provenance: provenanceSchema.optional(),
});

/** Partial entry for `overrides`: every field optional, capabilities and prices merged key by key. */
const catalogEntryOverrideSchema = catalogEntryInputSchema
  .omit({ id: true })
  .extend({ capabilities: capabilitiesSchema.partial().optional(), prices: pricesSchema.partial().optional() })
  .partial();

/** An application inference profile the gateway may call, and the catalog model it serves. */
const applicationInferenceProfileSchema = z.strictObject({
  arn: z
    .string()
    .regex(
      /^arn:[a-z-]+:bedrock:[a-z0-9-]+:\d{12}:application-inference-profile\/[a-z0-9]+$/,
      'must be arn:PARTITION:bedrock:REGION:ACCOUNT:application-inference-profile/ID',
    ),
  model: nameSchema,
});

/** The JSON form of `CatalogOptions` (`GATEWAY_CATALOG`, CDK config). */
const catalogOptionsSchema = z.strictObject({
  allowList: z.array(nameSchema).optional(),
  additions: z.array(catalogEntryInputSchema).optional(),
  overrides: z.record(z.string(), catalogEntryOverrideSchema).optional(),
  applicationInferenceProfiles: z.array(applicationInferenceProfileSchema).optional(),
});

type CatalogEntryInput = z.infer<typeof catalogEntryInputSchema>;
type CatalogEntryOverride = z.infer<typeof catalogEntryOverrideSchema>;
type ApplicationInferenceProfile = z.infer<typeof applicationInferenceProfileSchema>;
/**
 * Options of `createModelCatalog`, also accepted as JSON by `parseCatalogOptions`.
 *
 * - `allowList`: ids or aliases; every other model disappears. @default - every built-in model
 * - `additions`: extra entries, validated like the built-in ones.
 * - `overrides`: by entry id; fields replace, `capabilities` and `prices` merge key by key.
 * - `applicationInferenceProfiles`: ARNs the gateway may call and the model each serves; their
 *   underlying model cannot be derived offline, so an unlisted ARN does not resolve.
 */
type CatalogOptions = z.infer<typeof catalogOptionsSchema>;

export {
  PROFILE_PREFIXES,
  applicationInferenceProfileSchema,
  catalogEntryInputSchema,
  catalogEntryOverrideSchema,
  catalogOptionsSchema,
  pricesSchema,
};
export type { ApplicationInferenceProfile, CatalogEntryInput, CatalogEntryOverride, CatalogOptions, ProfilePrefix };
