/**
 * @module Control-plane listings: ListFoundationModels and ListInferenceProfiles bodies.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListFoundationModels.html
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListInferenceProfiles.html
 */

import type { FoundationModelSummary, InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import type { EmulatorModel, InferenceProfileGeo } from './types';

/** Where the emulator pretends to run. */
interface ControlPlaneContext {
  readonly region: string;
  readonly accountId: string;
}

/** Destination regions of each geographic profile; `global` routes to any commercial region. */
const PROFILE_REGIONS: Readonly<Record<InferenceProfileGeo, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-2'],
  eu: ['eu-central-1', 'eu-north-1', 'eu-west-1', 'eu-west-3'],
  apac: ['ap-northeast-1', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2'],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
  ca: ['ca-central-1', 'ca-west-1'],
  'us-gov': ['us-gov-west-1', 'us-gov-east-1'],
  global: [],
};

const PROFILE_NAME_PREFIX: Readonly<Record<InferenceProfileGeo, string>> = {
  us: 'US',
  eu: 'EU',
  apac: 'APAC',
  jp: 'JP',
  au: 'AU',
  ca: 'CA',
  'us-gov': 'US-GOV',
  global: 'Global',
};

/** Fixed so listings are deterministic. */
const PROFILE_TIMESTAMP = new Date('2025-01-01T00:00:00Z');

function foundationModelArn(region: string, modelId: string): string {
  return `arn:aws:bedrock:${region}::foundation-model/${modelId}`;
}

function toFoundationModelSummary(model: EmulatorModel, context: ControlPlaneContext): FoundationModelSummary {
  return {
    modelArn: foundationModelArn(context.region, model.modelId),
    modelId: model.modelId,
    modelName: model.name,
    providerName: model.provider,
    inputModalities: [...(model.inputModalities ?? ['TEXT'])],
    outputModalities: [model.kind === 'chat' ? 'TEXT' : 'EMBEDDING'],
    responseStreamingSupported: model.kind === 'chat',
    customizationsSupported: [],
    inferenceTypesSupported: ['ON_DEMAND'],
    modelLifecycle: { status: 'ACTIVE' },
  };
}

/** ListFoundationModels with the `byProvider`, `byOutputModality` and `byInferenceType` filters. */
function listFoundationModels(
  models: readonly EmulatorModel[],
  query: URLSearchParams,
  context: ControlPlaneContext,
): { modelSummaries: FoundationModelSummary[] } {
  const provider = query.get('byProvider')?.toLowerCase();
  const outputModality = query.get('byOutputModality');
  const inferenceType = query.get('byInferenceType');
  const modelSummaries = models
    .map((model) => toFoundationModelSummary(model, context))
    .filter((summary) => provider === undefined || summary.providerName?.toLowerCase() === provider)
    .filter((summary) => outputModality === null || (summary.outputModalities ?? []).some((modality) => modality === outputModality))
    .filter((summary) => inferenceType === null || (summary.inferenceTypesSupported ?? []).some((type) => type === inferenceType));
  return { modelSummaries };
}

function toInferenceProfileSummary(model: EmulatorModel, geo: InferenceProfileGeo, context: ControlPlaneContext): InferenceProfileSummary {
  const id = `${geo}.${model.modelId}`;
  const destinations = geo === 'global' ? [''] : PROFILE_REGIONS[geo];
  return {
    inferenceProfileId: id,
    inferenceProfileArn: `arn:aws:bedrock:${context.region}:${context.accountId}:inference-profile/${id}`,
    inferenceProfileName: `${PROFILE_NAME_PREFIX[geo]} ${model.name}`,
    description: `Routes requests to ${model.name} in ${geo === 'global' ? 'any commercial region' : destinations.join(', ')}.`,
    models: destinations.map((region) => ({ modelArn: foundationModelArn(region, model.modelId) })),
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
    createdAt: PROFILE_TIMESTAMP,
    updatedAt: PROFILE_TIMESTAMP,
  };
}

/** ListInferenceProfiles with `type` (typeEquals) and `maxResults`/`nextToken` paging. */
function listInferenceProfiles(
  models: readonly EmulatorModel[],
  query: URLSearchParams,
  context: ControlPlaneContext,
): { inferenceProfileSummaries: InferenceProfileSummary[]; nextToken?: string } {
  const type = query.get('type');
  const all =
    type !== null && type !== 'SYSTEM_DEFINED'
      ? []
      : models.flatMap((model) => (model.inferenceProfiles ?? []).map((geo) => toInferenceProfileSummary(model, geo, context)));
  const start = Number(query.get('nextToken') ?? '0') || 0;
  const pageSize = Number(query.get('maxResults') ?? '') || 1000;
  const end = start + pageSize;
  return { inferenceProfileSummaries: all.slice(start, end), ...(end < all.length ? { nextToken: String(end) } : {}) };
}

export { listFoundationModels, listInferenceProfiles };
export type { ControlPlaneContext };
