/** @module Parsing of Bedrock model identifiers: profile ids and model, profile and application-profile ARNs. */
import { PROFILE_PREFIXES, type ProfilePrefix } from './entry-schema';

/** Bedrock resource types that can stand in a `modelId`. */
const BEDROCK_ARN_RESOURCE_TYPES = ['foundation-model', 'inference-profile', 'application-inference-profile'] as const;
type BedrockArnResourceType = (typeof BEDROCK_ARN_RESOURCE_TYPES)[number];

/** The parts of a Bedrock model-like ARN. */
interface BedrockArn {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly resourceType: BedrockArnResourceType;
  /** Model id, profile id or application profile id. */
  readonly resourceId: string;
}

const ARN_PATTERN = /^arn:([^:]+):bedrock:([^:]*):([^:]*):([a-z-]+)\/(.+)$/;

function isResourceType(value: string): value is BedrockArnResourceType {
  return (BEDROCK_ARN_RESOURCE_TYPES as readonly string[]).includes(value);
}

/** Parses `arn:PARTITION:bedrock:REGION:ACCOUNT:TYPE/ID`; `undefined` for anything else. */
function parseBedrockArn(value: string): BedrockArn | undefined {
  const match = ARN_PATTERN.exec(value);
  if (match === null) return undefined;
  const [, partition = '', region = '', account = '', resourceType = '', resourceId = ''] = match;
  return isResourceType(resourceType) ? { partition, region, account, resourceType, resourceId } : undefined;
}

/** A system-defined cross-Region profile id split into geography prefix and foundation model id. */
interface ProfileId {
  readonly prefix: ProfilePrefix;
  readonly foundationModelId: string;
}

/** Splits `us.anthropic.claude-...` into `us` and `anthropic.claude-...`; `undefined` for other ids. */
function parseProfileId(value: string): ProfileId | undefined {
  const dot = value.indexOf('.');
  const prefix = value.slice(0, dot);
  const foundationModelId = value.slice(dot + 1);
  if (dot <= 0 || foundationModelId === '') return undefined;
  return (PROFILE_PREFIXES as readonly string[]).includes(prefix)
    ? { prefix: prefix as ProfilePrefix, foundationModelId }
    : undefined;
}

/** Which profile, if any, a `bedrockModelId` (id or ARN) calls. */
function profileOfModelId(modelId: string): ProfileId | undefined {
  const arn = parseBedrockArn(modelId);
  if (arn === undefined) return parseProfileId(modelId);
  return arn.resourceType === 'inference-profile' ? parseProfileId(arn.resourceId) : undefined;
}

export { BEDROCK_ARN_RESOURCE_TYPES, parseBedrockArn, parseProfileId, profileOfModelId };
export type { BedrockArn, BedrockArnResourceType, ProfileId };
