/**
 * @module The control-plane listings clients call before they invoke (Claude Code in Bedrock mode
 * lists inference profiles first): ListFoundationModels, ListInferenceProfiles and GetInferenceProfile
 * answered from the gateway's catalog, in Bedrock's shapes, for the models a caller may use.
 *
 * ARNs carry the gateway's Region and a placeholder account (`000000000000`): the gateway serves the
 * catalog, not an account's resources, and every id or ARN in them is accepted back as a `modelId`.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListInferenceProfiles.html
 */
import type {
  FoundationModelSummary,
  GetInferenceProfileResponse,
  InferenceProfileSummary,
  ListFoundationModelsResponse,
  ListInferenceProfilesResponse,
} from '@aws-sdk/client-bedrock';
import { parseBedrockArn, parseProfileId } from '../catalog/bedrock-ids';
import type { CatalogEntry } from '../catalog/types';
import { InvalidRequestError } from '../platform/errors';

/** The account in listed ARNs. */
const PLACEHOLDER_ACCOUNT = '000000000000';
/** Listed creation and update times: the catalog has none, and fixed values keep listings stable. */
const LISTED_AT = new Date('2025-01-01T00:00:00Z');
/** ListInferenceProfiles' page size when the caller sets none (Bedrock's maximum). */
const MAX_PAGE = 1000;

/** What the listings are built from: the models the caller may use, and where the gateway runs. */
interface ListingContext {
  readonly models: readonly CatalogEntry[];
  readonly region: string;
}

function foundationModelArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

function toFoundationModelSummary(model: CatalogEntry, region: string): FoundationModelSummary {
  return {
    modelArn: foundationModelArn(region, model.foundationModelId),
    modelId: model.foundationModelId,
    modelName: model.id,
    providerName: model.provider,
    inputModalities: model.kind === 'chat' && model.capabilities.images ? ['TEXT', 'IMAGE'] : ['TEXT'],
    outputModalities: model.kind === 'chat' ? ['TEXT'] : ['EMBEDDING'],
    responseStreamingSupported: model.kind === 'chat',
    customizationsSupported: [],
    // On demand through the gateway, whether it calls the model directly or through a profile.
    inferenceTypesSupported: ['ON_DEMAND'],
    modelLifecycle: { status: 'ACTIVE' },
  };
}

/** The values each enum filter takes (the SDK's ModelModality, InferenceType, ModelCustomization, InferenceProfileType). */
const FILTER_VALUES = {
  byOutputModality: ['TEXT', 'IMAGE', 'EMBEDDING'],
  byInferenceType: ['ON_DEMAND', 'PROVISIONED'],
  byCustomizationType: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'],
  type: ['SYSTEM_DEFINED', 'APPLICATION'],
} as const satisfies Record<string, readonly string[]>;

/** Bedrock's `Provider` shape: 1 to 63 letters, digits, hyphens and spaces. */
const PROVIDER_FILTER = /^[A-Za-z0-9- ]{1,63}$/;

/**
 * An enum query parameter, or null when absent.
 * @throws InvalidRequestError naming the parameter, worded as Bedrock's ValidationException
 */
function enumFilter(query: URLSearchParams, name: keyof typeof FILTER_VALUES): string | null {
  const value = query.get(name);
  const allowed: readonly string[] = FILTER_VALUES[name];
  if (value !== null && !allowed.includes(value)) {
    throw new InvalidRequestError(`1 validation error detected: Value '${value}' at '${name}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`, { param: name });
  }
  return value;
}

/**
 * ListFoundationModels with its filters (`byProvider` case-insensitive, `byOutputModality`,
 * `byInferenceType`; `byCustomizationType` matches nothing: the gateway serves no customizations).
 *
 * @throws InvalidRequestError naming a filter whose value Bedrock would refuse
 */
function listFoundationModels(context: ListingContext, query: URLSearchParams): ListFoundationModelsResponse {
  const rawProvider = query.get('byProvider');
  if (rawProvider !== null && !PROVIDER_FILTER.test(rawProvider)) {
    throw new InvalidRequestError(
      `1 validation error detected: Value '${rawProvider}' at 'byProvider' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9- ]{1,63}`,
      { param: 'byProvider' },
    );
  }
  const provider = rawProvider?.toLowerCase();
  const modality = enumFilter(query, 'byOutputModality');
  const inferenceType = enumFilter(query, 'byInferenceType');
  const customization = enumFilter(query, 'byCustomizationType');
  const modelSummaries = context.models
    .map((model) => toFoundationModelSummary(model, context.region))
    .filter((summary) => provider === undefined || summary.providerName?.toLowerCase() === provider)
    .filter((summary) => modality === null || (summary.outputModalities ?? []).some((value) => value === modality))
    .filter((summary) => inferenceType === null || (summary.inferenceTypesSupported ?? []).some((value) => value === inferenceType))
    .filter(() => customization === null);
  return { modelSummaries };
}

/** The system-defined profile ids the catalog knows for a model (its id and aliases that are profiles of it). */
function profileIdsOf(model: CatalogEntry): string[] {
  const ids = [model.bedrockModelId, ...model.aliases].filter((id) => parseProfileId(id)?.foundationModelId === model.foundationModelId);
  return [...new Set(ids)];
}

function toProfile(model: CatalogEntry, profileId: string, region: string): GetInferenceProfileResponse & InferenceProfileSummary {
  const prefix = parseProfileId(profileId)?.prefix ?? '';
  return {
    inferenceProfileId: profileId,
    inferenceProfileArn: `arn:aws:bedrock:${region}:${PLACEHOLDER_ACCOUNT}:inference-profile/${profileId}`,
    inferenceProfileName: `${prefix.toUpperCase()} ${model.id}`,
    description: `Routes requests to ${model.id} (${model.foundationModelId}) through the ${prefix} cross-Region inference profile.`,
    models: [{ modelArn: foundationModelArn(prefix === 'global' ? '' : region, model.foundationModelId) }],
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
    createdAt: LISTED_AT,
    updatedAt: LISTED_AT,
  };
}

function allProfiles(context: ListingContext): InferenceProfileSummary[] {
  return context.models.filter((model) => model.kind === 'chat').flatMap((model) => profileIdsOf(model).map((id) => toProfile(model, id, context.region)));
}

/**
 * ListInferenceProfiles: the system-defined profiles of the caller's models; `type=APPLICATION` lists
 * none; `maxResults` (1-1000) and `nextToken` page through them.
 *
 * @throws InvalidRequestError naming `type`, `maxResults` or `nextToken` when they are malformed.
 */
function listInferenceProfiles(context: ListingContext, query: URLSearchParams): ListInferenceProfilesResponse {
  const type = enumFilter(query, 'type');
  const all = type === 'APPLICATION' ? [] : allProfiles(context);
  const rawMax = query.get('maxResults');
  const pageSize = rawMax === null ? MAX_PAGE : Number(rawMax);
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE) {
    throw new InvalidRequestError(`maxResults: must be an integer from 1 to ${MAX_PAGE}.`, { param: 'maxResults' });
  }
  const rawToken = query.get('nextToken');
  const start = rawToken === null ? 0 : Number(rawToken);
  if (!Number.isSafeInteger(start) || start < 0) throw new InvalidRequestError('nextToken: is not a token this listing returned.', { param: 'nextToken' });
  const end = start + pageSize;
  return { inferenceProfileSummaries: all.slice(start, end), ...(end < all.length ? { nextToken: String(end) } : {}) };
}

/** GetInferenceProfile by profile id or ARN; `undefined` when the caller has no such profile. */
function getInferenceProfile(context: ListingContext, identifier: string): GetInferenceProfileResponse | undefined {
  const arn = parseBedrockArn(identifier);
  const id = arn?.resourceType === 'inference-profile' ? arn.resourceId : arn === undefined ? identifier : undefined;
  if (id === undefined) return undefined;
  return allProfiles(context).find((profile) => profile.inferenceProfileId?.toLowerCase() === id.toLowerCase());
}

export { PLACEHOLDER_ACCOUNT, getInferenceProfile, listFoundationModels, listInferenceProfiles, profileIdsOf };
export type { ListingContext };
