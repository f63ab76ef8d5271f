/** @module Least-privilege resource ARNs for bedrock:InvokeModel*, derived from catalog entries. */
import { parseBedrockArn, profileOfModelId } from './bedrock-ids';
import type { ProfilePrefix } from './entry-schema';
import type { CatalogEntry } from './types';

/**
 * Regions a geography profile may route to, per prefix.
 *
 * AWS documents destinations per model and per source Region (e.g. `us.anthropic.claude-3-haiku`
 * called from us-east-2 routes to us-east-1, us-east-2 and us-west-2, but from us-west-2 only to
 * us-east-1 and us-west-2). Each list here is the union over the models of that geography, so a
 * grant never misses a Region a request can land in; it stays inside the geography. The same list
 * serves every source Region of the geography, and a CDK-token Region, which cannot be inspected.
 * `global.` profiles route to every commercial Region and are granted through the Region-less
 * foundation-model ARN instead.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 */
const GEO_PROFILE_DESTINATION_REGIONS = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  eu: ['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3'],
  apac: [
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
  ],
  // Japan: Tokyo and Osaka; Australia: Sydney and Melbourne.
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
} as const satisfies Record<Exclude<ProfilePrefix, 'global'>, readonly string[]>;

/** Options of `bedrockInvokeResourceArns`; every string may be a CDK token. */
interface BedrockInvokeResourceOptions {
  /** The entries the gateway may call (usually `catalog.list()`). */
  readonly entries: readonly Pick<CatalogEntry, 'bedrockModelId' | 'foundationModelId'>[];
  /** The deployment (source) Region. */
  readonly region: string;
  readonly account: string;
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  /**
   * Application inference profile ARNs to allow as well (`catalog.applicationInferenceProfileArns`).
   * The models behind them must be among `entries`, whose grants cover the underlying model.
   * @default - none
   */
  readonly applicationInferenceProfileArns?: readonly string[];
}

/**
 * The exact resource ARNs to allow for `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream`.
 *
 * - A direct model id: the foundation-model ARN in the deployment Region.
 * - A geography profile (`us.`, `eu.`, `apac.`, `jp.`, `au.`): the profile ARN in the deployment Region and the
 *   foundation-model ARN in every destination Region of that profile.
 * - A `global.` profile: the profile ARN, the foundation-model ARN in the deployment Region and the
 *   Region-less foundation-model ARN (`arn:aws:bedrock:::foundation-model/...`).
 * - An ARN in `bedrockModelId`: the ARN itself plus the grants of the model behind it.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html
 * @example bedrockInvokeResourceArns({ entries: catalog.list(), region: Stack.of(this).region, account: Stack.of(this).account, partition: Stack.of(this).partition })
 */
function bedrockInvokeResourceArns(options: BedrockInvokeResourceOptions): string[] {
  const { region, account, partition } = options;
  const foundationModelArn = (regionName: string, modelId: string): string =>
    `arn:${partition}:bedrock:${regionName}::foundation-model/${modelId}`;
  const profileArn = (profileId: string): string =>
    `arn:${partition}:bedrock:${region}:${account}:inference-profile/${profileId}`;

  const arns: string[] = [...(options.applicationInferenceProfileArns ?? [])];
  for (const entry of options.entries) {
    const arn = parseBedrockArn(entry.bedrockModelId);
    if (arn !== undefined && arn.resourceType !== 'inference-profile') arns.push(entry.bedrockModelId);
    const profile = profileOfModelId(entry.bedrockModelId);
    if (profile === undefined) {
      arns.push(foundationModelArn(region, entry.foundationModelId));
      continue;
    }
    arns.push(arn === undefined ? profileArn(entry.bedrockModelId) : entry.bedrockModelId);
    if (profile.prefix === 'global') {
      arns.push(foundationModelArn(region, profile.foundationModelId), foundationModelArn('', profile.foundationModelId));
    } else {
      for (const destination of GEO_PROFILE_DESTINATION_REGIONS[profile.prefix]) {
        arns.push(foundationModelArn(destination, profile.foundationModelId));
      }
    }
  }
  return [...new Set(arns)];
}

export { GEO_PROFILE_DESTINATION_REGIONS, bedrockInvokeResourceArns };
export type { BedrockInvokeResourceOptions };
