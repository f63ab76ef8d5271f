import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { recordTeamUsageMetrics } from '../../../lambda/model-call/model-usage-metrics';
import { MAX_TEAM_DIMENSION_VALUES, NO_TEAM, TEAM_OVERFLOW, getTeamMetrics, teamDimensionValue } from '../../../lambda/platform/observability';

interface EmfLine {
  readonly _aws: { readonly CloudWatchMetrics: readonly { readonly Namespace: string; readonly Dimensions: readonly string[][]; readonly Metrics: readonly { Name: string }[] }[] };
  readonly [field: string]: unknown;
}

describe('team usage metrics', () => {
  it('emits cost and tokens of a request under the service and Team dimensions only (no key or principal)', () => {
    const perTeam = new Metrics({ namespace: 'BedrockGateway', serviceName: 'bedrock-gateway', defaultDimensions: { Team: 'search' } });
    let emf: EmfLine | undefined;
    jest.spyOn(perTeam, 'publishStoredMetrics').mockImplementation(() => {
      emf = perTeam.serializeMetrics() as unknown as EmfLine;
      return perTeam;
    });

    recordTeamUsageMetrics({ team: 'search', inputTokens: 1200, outputTokens: 300, costUsd: 0.004512 }, perTeam);

    const [directive] = emf?._aws.CloudWatchMetrics ?? [];
    expect(directive?.Dimensions).toEqual([['service', 'Team']]);
    expect(directive?.Metrics.map((metric) => metric.Name).sort()).toEqual(['CostUsd', 'InputTokens', 'OutputTokens']);
    expect(emf).toMatchObject({ service: 'bedrock-gateway', Team: 'search', InputTokens: 1200, OutputTokens: 300, CostUsd: 0.004512 });
  });

  it('gives each team its own buffer with its Team dimension', () => {
    const search = getTeamMetrics('search');
    search.addMetric('CostUsd', MetricUnit.NoUnit, 1);
    expect((search.serializeMetrics() as unknown as EmfLine).Team).toBe('search');
    search.clearMetrics();
    expect(getTeamMetrics('search')).toBe(search);
  });

  it.each([
    { rule: 'a caller without a team is counted as (none)', team: undefined, known: 0, expected: NO_TEAM },
    { rule: 'an empty team too', team: '', known: 0, expected: NO_TEAM },
    { rule: 'a team is its own value', team: 'search', known: 3, expected: 'search' },
    { rule: 'a known team keeps its value when the cap is reached', team: 'team-1', known: MAX_TEAM_DIMENSION_VALUES, expected: 'team-1' },
    { rule: 'a new team beyond the cap is counted as (other)', team: 'late-team', known: MAX_TEAM_DIMENSION_VALUES, expected: TEAM_OVERFLOW },
  ])('$rule', ({ team, known, expected }) => {
    const seen = new Map(Array.from({ length: known }, (_, i) => [`team-${i + 1}`, true] as const));
    expect(teamDimensionValue(team, seen)).toBe(expected);
  });
});
