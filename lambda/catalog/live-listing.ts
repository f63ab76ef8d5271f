/**
 * @module The account's live model listing merged into the catalog, as a pure function: models
 * Bedrock lists (ListFoundationModels, ListInferenceProfiles) that the catalog lacks become entries
 * whose capabilities and limits come from the newest catalog model of the same family and whose
 * prices come from the AWS Price List. A listed model without a price is not served: it is named in
 * `unpriced`, so a request for it is refused with a message naming it (budgets never guess).
 */
import type { CatalogEntryInput, ProfilePrefix } from './entry-schema';
import { PROFILE_PREFIXES } from './entry-schema';
import type { ModelFamily, ModelKind, ModelPrices } from './types';

/** One foundation model as ListFoundationModels reports it (the fields the merge reads). */
interface ListedModel {
  readonly modelId: string;
  readonly modelName?: string;
  readonly providerName?: string;
  readonly outputModalities?: readonly string[];
  readonly inferenceTypesSupported?: readonly string[];
  /** `ACTIVE` or `LEGACY`. @default 'ACTIVE' */
  readonly lifecycleStatus?: string;
}

/** An application inference profile of the account, as ListInferenceProfiles reports it. */
interface ListedApplicationProfile {
  readonly arn: string;
  /** The foundation model id of the profile's models (all of them share it). */
  readonly modelId: string;
}

/** What the account's control plane and the Price List say, as of `fetchedAt`. */
interface LiveListing {
  readonly models: readonly ListedModel[];
  /** System-defined inference profile ids (`us.anthropic.claude-...`). */
  readonly inferenceProfileIds: readonly string[];
  /**
   * The account's application inference profiles (ListInferenceProfiles, type APPLICATION): each
   * ARN and the foundation model id it routes to. @default [] */
  readonly applicationInferenceProfiles?: readonly ListedApplicationProfile[];
  /** Prices by foundation model id, from the AWS Price List (see `parseBedrockPriceList`). */
  readonly prices: Readonly<Record<string, ModelPrices>>;
  /** ISO timestamp of the fetch. */
  readonly fetchedAt: string;
}

/** A listed model the gateway does not serve, and why. */
interface UnservedModel {
  readonly modelId: string;
  /** The friendly id it would have had. */
  readonly id: string;
  readonly reason: 'no-price';
}

/** The merge's result: entries to add, and the models left out. */
interface LiveMerge {
  readonly additions: readonly CatalogEntryInput[];
  readonly unpriced: readonly UnservedModel[];
}

/** Model id prefixes of each family the gateway maps (first match wins). */
const FAMILY_PREFIXES: readonly (readonly [string, ModelFamily])[] = [
  ['anthropic.claude', 'anthropic-claude'],
  ['amazon.nova', 'amazon-nova'],
  ['amazon.titan-embed', 'amazon-titan-embed'],
  ['meta.llama', 'meta-llama'],
  ['mistral.', 'mistral'],
  ['deepseek.', 'deepseek'],
  ['openai.gpt-oss', 'openai-gpt-oss'],
  ['cohere.command', 'cohere-command'],
  ['cohere.embed', 'cohere-embed'],
  ['qwen.', 'qwen'],
];

/** The family of a Bedrock model id, or undefined when the gateway has no mapping for it. */
function familyOfModelId(modelId: string): ModelFamily | undefined {
  return FAMILY_PREFIXES.find(([prefix]) => modelId.startsWith(prefix))?.[1];
}

/**
 * The friendly id of a listed model: the id without its provider and version suffix.
 *
 * @example friendlyIdOf('anthropic.claude-sonnet-6') // 'claude-sonnet-6'
 * @example friendlyIdOf('amazon.nova-3-pro-v1:0') // 'nova-3-pro'
 */
function friendlyIdOf(modelId: string): string {
  const name = modelId.includes('.') ? modelId.slice(modelId.indexOf('.') + 1) : modelId;
  return name
    .toLowerCase()
    .replace(/-v\d+(:\d+)?$/, '')
    .replace(/:\d+$/, '')
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Whether the model can be called on demand, directly or through a system-defined profile. */
function invocable(model: ListedModel): boolean {
  const types = model.inferenceTypesSupported ?? [];
  return types.includes('ON_DEMAND') || types.includes('INFERENCE_PROFILE');
}

function kindOf(model: ListedModel): ModelKind | undefined {
  const outputs = model.outputModalities ?? [];
  if (outputs.includes('EMBEDDING')) return 'embedding';
  return outputs.includes('TEXT') ? 'chat' : undefined;
}

/** The listed system-defined profile prefixes of a model, in the catalog's order of preference. */
function profilesOf(modelId: string, profileIds: ReadonlySet<string>): ProfilePrefix[] {
  return PROFILE_PREFIXES.filter((prefix) => profileIds.has(`${prefix}.${modelId}`));
}

/** The Bedrock id to call: the bare id when it is served on demand, else its first listed profile. */
function bedrockIdOf(model: ListedModel, profiles: readonly ProfilePrefix[]): string | undefined {
  if ((model.inferenceTypesSupported ?? []).includes('ON_DEMAND')) return model.modelId;
  const preferred = (['us', 'global', 'eu', 'apac', 'jp', 'au'] as const).find((prefix) => profiles.includes(prefix));
  return preferred === undefined ? undefined : `${preferred}.${model.modelId}`;
}

/**
 * Entries for the models Bedrock lists that `known` lacks. Each takes its family's template (the
 * first known entry of that family and kind: the table lists the newest first) for capabilities,
 * limits and embedding dimensions; its Bedrock id, profiles and provider from the listing; its
 * prices from `listing.prices`. Models of families the gateway does not map, models that are not
 * invocable on demand, legacy models and models without a template are left out; models without a
 * price are named in `unpriced`.
 *
 * @param known The built-in entries plus the deployment's additions.
 * @param checkedOn `YYYY-MM-DD` recorded in each entry's provenance.
 */
function mergeLiveListing(known: readonly CatalogEntryInput[], listing: LiveListing, checkedOn: string): LiveMerge {
  const knownModelIds = new Set(known.map((entry) => entry.foundationModelId));
  const knownIds = new Set(known.map((entry) => entry.id));
  const profileIds = new Set(listing.inferenceProfileIds);
  const additions: CatalogEntryInput[] = [];
  const unpriced: UnservedModel[] = [];
  for (const model of listing.models) {
    if (knownModelIds.has(model.modelId) || (model.lifecycleStatus ?? 'ACTIVE') !== 'ACTIVE' || !invocable(model)) continue;
    const family = familyOfModelId(model.modelId);
    const kind = kindOf(model);
    if (family === undefined || kind === undefined) continue;
    const template = known.find((entry) => entry.family === family && entry.kind === kind);
    const profiles = profilesOf(model.modelId, profileIds);
    const bedrockModelId = bedrockIdOf(model, profiles);
    if (template === undefined || bedrockModelId === undefined) continue;
    const friendly = friendlyIdOf(model.modelId);
    const id = friendly !== '' && !knownIds.has(friendly) ? friendly : model.modelId.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
    const prices = listing.prices[model.modelId];
    if (prices === undefined) {
      unpriced.push({ modelId: model.modelId, id, reason: 'no-price' });
      continue;
    }
    knownIds.add(id);
    additions.push({
      id,
      bedrockModelId,
      foundationModelId: model.modelId,
      kind,
      family,
      provider: model.providerName ?? template.provider,
      ...(profiles.length === 0 ? {} : { inferenceProfiles: profiles }),
      contextWindowTokens: template.contextWindowTokens,
      maxOutputTokens: template.maxOutputTokens,
      capabilities: { ...template.capabilities, promptCaching: template.capabilities.promptCaching && prices.cacheReadPerMTok !== undefined && prices.cacheWritePerMTok !== undefined },
      prices,
      ...(template.embeddingDimensions === undefined ? {} : { embeddingDimensions: template.embeddingDimensions }),
      provenance: {
        source: 'https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html',
        checkedOn,
        verification: 'unverified',
        note: `From the account's live listing (${listing.fetchedAt}); capabilities and limits of its family ("${template.id}"), prices from the AWS Price List. Override in catalog.overrides.`,
      },
    });
  }
  return { additions, unpriced };
}

export { familyOfModelId, friendlyIdOf, mergeLiveListing };
export type { ListedApplicationProfile, ListedModel, LiveListing, LiveMerge, UnservedModel };
