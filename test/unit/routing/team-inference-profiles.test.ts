import { createModelCatalog } from '../../../lambda/catalog';
import type { RoutePlan, RouteTarget } from '../../../lambda/routing/route-types';
import { applyTeamInferenceProfiles, resolveTeamInferenceProfiles } from '../../../lambda/routing/team-inference-profiles';

const catalog = createModelCatalog();
const PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/search01';
const nova = catalog.resolve('nova-micro');
const lite = catalog.resolve('nova-lite');
if (nova === undefined || lite === undefined) throw new Error('catalog lacks nova-micro or nova-lite');

const target = (model: NonNullable<typeof nova>, region?: string): RouteTarget => ({ model, weight: 1, key: `${model.bedrockModelId}@${region ?? 'default'}`, ...(region === undefined ? {} : { region }) });
const plan = (...targets: RouteTarget[]): RoutePlan => ({ requested: 'nova-micro', targets });
const profiles = resolveTeamInferenceProfiles({ search: { 'nova-micro': PROFILE } }, catalog, 'GATEWAY_TEAM_INFERENCE_PROFILES');

describe('applyTeamInferenceProfiles', () => {
  it("calls the team's model through its profile, with the profile as the breaker key, keeping the model's prices", () => {
    const [routed] = applyTeamInferenceProfiles(plan(target(nova)), 'search', profiles).targets;
    expect(routed?.model.bedrockModelId).toBe(PROFILE);
    expect(routed?.key).toBe(`${PROFILE}@default`);
    expect(routed?.model.id).toBe('nova-micro');
    expect(routed?.model.prices).toBe(nova.prices);
  });

  it.each([
    { rule: 'another team keeps the model id', team: 'finance', targets: [target(nova)] },
    { rule: 'a caller without a team keeps the model id', team: undefined, targets: [target(nova)] },
    { rule: 'a model the team has no profile for keeps its id', team: 'search', targets: [target(lite)] },
    { rule: "a target in another Region than the profile's keeps its id", team: 'search', targets: [target(nova, 'eu-west-1')] },
  ])('$rule', ({ team, targets }) => {
    const original = plan(...targets);
    expect(applyTeamInferenceProfiles(original, team, profiles)).toBe(original);
  });

  it('replaces only the covered targets of a fallback chain', () => {
    const routed = applyTeamInferenceProfiles(plan(target(lite), target(nova, 'us-east-1')), 'search', profiles);
    expect(routed.targets.map((one) => one.model.bedrockModelId)).toEqual([lite.bedrockModelId, PROFILE]);
  });
});

describe('resolveTeamInferenceProfiles', () => {
  it('stores models by catalog id whatever name the configuration used', () => {
    expect(profiles.get('search')?.get('nova-micro')).toBe(PROFILE);
  });

  it('throws naming the variable, the team and the unknown model', () => {
    expect(() => resolveTeamInferenceProfiles({ search: { 'nova-mikro': PROFILE } }, catalog, 'GATEWAY_TEAM_INFERENCE_PROFILES')).toThrow(
      'GATEWAY_TEAM_INFERENCE_PROFILES.search: "nova-mikro" names no served catalog model.',
    );
  });
});
