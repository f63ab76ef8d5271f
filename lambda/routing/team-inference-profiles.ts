/**
 * @module Per-team application inference profiles: a team's calls of a model go through a profile
 * of its own, so AWS Cost Explorer (and the profile's tags) split Bedrock spend by team. Prices are
 * the model's: the profile copies the model (or system profile) the catalog calls.
 */
import type { ModelCatalog } from '../catalog';
import type { TeamInferenceProfileSettings } from '../platform/config';
import type { RoutePlan, RouteTarget } from './route-types';

/** Team to catalog model id to application inference profile ARN. */
type TeamInferenceProfiles = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The Region an ARN names (`arn:aws:bedrock:<region>:...`). */
function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3];
}

/**
 * Resolves the configured model names in the catalog.
 * @throws Error naming `source`, the team and the model when a name is not a served catalog model
 */
function resolveTeamInferenceProfiles(settings: TeamInferenceProfileSettings, catalog: ModelCatalog, source: string): TeamInferenceProfiles {
  const teams = new Map<string, ReadonlyMap<string, string>>();
  for (const [team, models] of Object.entries(settings)) {
    const byModel = new Map<string, string>();
    for (const [name, arn] of Object.entries(models)) {
      const entry = catalog.resolve(name);
      if (entry === undefined) throw new Error(`${source}.${team}: "${name}" names no served catalog model.`);
      byModel.set(entry.id, arn);
    }
    teams.set(team, byModel);
  }
  return teams;
}

/** A target called through `arn` instead of its own model id; the key follows, so breakers and limits are the profile's. */
function throughProfile(target: RouteTarget, arn: string): RouteTarget {
  return { ...target, model: { ...target.model, bedrockModelId: arn }, key: `${arn}@${target.region ?? 'default'}` };
}

/**
 * The plan with each target whose model the team has a profile for called through that profile.
 * A target in another Region than its profile keeps its own model id (a profile serves its Region).
 *
 * @example applyTeamInferenceProfiles(plan, 'search', profiles) // targets[0].model.bedrockModelId === 'arn:...:application-inference-profile/abc'
 */
function applyTeamInferenceProfiles(plan: RoutePlan, team: string | undefined, profiles: TeamInferenceProfiles | undefined): RoutePlan {
  const byModel = team === undefined ? undefined : profiles?.get(team);
  if (byModel === undefined || byModel.size === 0) return plan;
  let changed = false;
  const targets = plan.targets.map((target) => {
    const arn = byModel.get(target.model.id);
    if (arn === undefined || (target.region !== undefined && target.region !== regionOfArn(arn))) return target;
    changed = true;
    return throughProfile(target, arn);
  });
  return changed ? { ...plan, targets } : plan;
}

export { applyTeamInferenceProfiles, resolveTeamInferenceProfiles };
export type { TeamInferenceProfiles };
