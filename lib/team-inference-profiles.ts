/**
 * @module Per-team application inference profiles: the ones the stack creates (copying the model or
 * system profile the catalog calls), the ones given by ARN, the gateway's grant on them and the
 * variable that tells it which team calls through which.
 */
import { Stack } from 'aws-cdk-lib';
import * as bedrock from 'aws-cdk-lib/aws-bedrock';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { ModelCatalog } from '../lambda/catalog';
import { parseBedrockArn, profileOfModelId } from '../lambda/catalog/bedrock-ids';
import { ENV } from '../lambda/platform/env-names';
import type { GatewayFunction } from './gateway-function';

/** `create`, or the ARN of an existing application inference profile. */
type TeamProfileSource = 'create' | (string & {});

interface TeamInferenceProfilesProps {
  /** Team to model name (catalog id or alias) to profile (`gateway.teamInferenceProfiles`). */
  readonly profiles: Readonly<Record<string, Readonly<Record<string, TeamProfileSource>>>>;
  /** Resolves the model names and gives what a created profile copies. */
  readonly catalog: ModelCatalog;
  /** The stack's own tags (`gateway.tags`): created profiles carry them too. @default {} */
  readonly stackTags?: Readonly<Record<string, string>>;
}

/**
 * Tag keys and values `AWS::Bedrock::ApplicationInferenceProfile` accepts: ASCII letters and digits,
 * white space and `_ . : / = + @ -` (stricter than other resources, which take any Unicode letter).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-bedrock-applicationinferenceprofile-tag.html
 */
const PROFILE_TAG_CHARACTERS = /^[a-zA-Z0-9\s._:/=+@-]*$/;

/** Bedrock's name rule for inference profiles: letters, digits and single separators, 1 to 64. */
function profileName(...parts: readonly string[]): string {
  const name = parts
    .join('-')
    .replace(/[^0-9A-Za-z]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name.slice(0, 64).replace(/-+$/, '');
}

/**
 * The profiles, and per team the ARN each catalog model is called through. Created profiles are
 * tagged `team` (activate it as a cost allocation tag to see it in Cost Explorer) and `gateway-model`.
 */
class TeamInferenceProfiles extends Construct {
  /** Team to catalog model id to profile ARN (tokens for the created ones). */
  readonly arnsByTeam: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly created: readonly bedrock.CfnApplicationInferenceProfile[];

  constructor(scope: Construct, id: string, props: TeamInferenceProfilesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const created: bedrock.CfnApplicationInferenceProfile[] = [];
    const arnsByTeam: Record<string, Record<string, string>> = {};
    for (const [team, models] of Object.entries(props.profiles)) {
      const byModel: Record<string, string> = {};
      for (const [name, source] of Object.entries(models)) {
        const entry = props.catalog.resolve(name);
        if (entry === undefined) {
          throw new Error(`TeamInferenceProfiles ${id}: gateway.teamInferenceProfiles.${team}.${name} names no served catalog model (check "models").`);
        }
        if (source !== 'create') {
          byModel[entry.id] = source;
          continue;
        }
        const tags = { ...props.stackTags, team, 'gateway-model': entry.id };
        for (const [key, value] of Object.entries(tags)) {
          if (!PROFILE_TAG_CHARACTERS.test(key) || !PROFILE_TAG_CHARACTERS.test(value)) {
            throw new Error(
              `TeamInferenceProfiles ${id}: a created profile of team "${team}" would carry the tag ${JSON.stringify(key)}: ${JSON.stringify(value)}, and Bedrock inference profiles take ASCII letters, digits, spaces and _ . : / = + @ - only in tags (rename the team, change the tag in "tags", or give the profile's ARN instead of "create").`,
            );
          }
        }
        const profile = new bedrock.CfnApplicationInferenceProfile(this, `${team}:${entry.id}`, {
          inferenceProfileName: profileName(stack.stackName, team, entry.id),
          // CloudFormation's pattern for descriptions: words joined by single spaces, dashes or underscores.
          // (A part with no letter or digit left is dropped: two spaces in a row break the pattern.)
          description: ['Bedrock gateway team', profileName(team), 'model', profileName(entry.id)].filter((part) => part !== '').join(' '),
          modelSource: { copyFrom: this.sourceArn(entry.bedrockModelId) },
          tags: [
            { key: 'team', value: team },
            { key: 'gateway-model', value: entry.id },
          ],
        });
        created.push(profile);
        byModel[entry.id] = profile.attrInferenceProfileArn;
      }
      arnsByTeam[team] = byModel;
    }
    this.arnsByTeam = arnsByTeam;
    this.created = created;
  }

  /** Every profile ARN, for the grant. */
  get arns(): string[] {
    return Object.values(this.arnsByTeam).flatMap((byModel) => Object.values(byModel));
  }

  /**
   * Lets `fn` invoke through the profiles (the models behind them are granted with the catalog) and
   * tells it which team calls through which (`GATEWAY_TEAM_INFERENCE_PROFILES`).
   */
  bind(fn: GatewayFunction): void {
    if (this.arns.length === 0) return;
    this.grantInvoke(fn.role);
    fn.addEnvironment(ENV.teamInferenceProfiles, Stack.of(this).toJsonString(this.arnsByTeam));
  }

  /** Lets `role` invoke through the profiles (the audit role too, with `auditIdentity`). */
  grantInvoke(role: iam.IRole): void {
    const arns = this.arns;
    if (arns.length === 0) return;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'InvokeTeamInferenceProfiles', actions: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], resources: arns }),
    );
  }

  /**
   * The ARN a created profile copies: the catalog's model id as a system profile or foundation model
   * ARN. `ModelSource.CopyFrom` takes only those two kinds (not an application profile's ARN).
   */
  private sourceArn(bedrockModelId: string): string {
    const arn = parseBedrockArn(bedrockModelId);
    if (arn !== undefined) {
      if (arn.resourceType === 'application-inference-profile') {
        throw new Error(
          `TeamInferenceProfiles ${this.node.id}: a profile cannot copy ${bedrockModelId} (CopyFrom takes a foundation model or a system-defined inference profile); give the team's profile ARN instead of "create".`,
        );
      }
      return bedrockModelId;
    }
    const stack = Stack.of(this);
    return profileOfModelId(bedrockModelId) === undefined
      ? stack.formatArn({ service: 'bedrock', account: '', resource: 'foundation-model', resourceName: bedrockModelId })
      : stack.formatArn({ service: 'bedrock', resource: 'inference-profile', resourceName: bedrockModelId });
  }
}

export { TeamInferenceProfiles, profileName };
export type { TeamInferenceProfilesProps, TeamProfileSource };
