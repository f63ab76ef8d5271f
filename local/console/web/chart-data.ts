/**
 * @module Spend per team per day, from a `groupBy=team,day` usage report, shaped for a stacked bar
 * chart: pure functions, no DOM.
 */

/** The few fields of a `team,day` usage row the chart needs. */
interface TeamDayCost {
  readonly team?: string | number | null;
  readonly day?: string | number | null;
  readonly costUsd: number;
}

interface TeamSeries {
  readonly team: string;
  /** Spend per day, aligned with `days`. */
  readonly values: readonly number[];
  readonly totalUsd: number;
}

interface SpendByTeam {
  /** Every UTC day from `from` to `to`, also the days nothing was spent. */
  readonly days: readonly string[];
  /** Largest total first; past `maxTeams`, the rest is summed into one "other teams" series. */
  readonly teams: readonly TeamSeries[];
}

const NO_TEAM = '(no team)';
const OTHER_TEAMS = 'other teams';
const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}

/** Groups rows into one series per team over every day of the range. */
function spendByTeam(rows: readonly TeamDayCost[], from: string, to: string, maxTeams = 8): SpendByTeam {
  const days = daysBetween(from, to);
  const dayIndex = new Map(days.map((day, index) => [day, index]));
  const byTeam = new Map<string, number[]>();
  for (const row of rows) {
    const index = dayIndex.get(String(row.day));
    if (index === undefined) continue;
    const team = row.team === null || row.team === undefined || row.team === '' ? NO_TEAM : String(row.team);
    const values = byTeam.get(team) ?? days.map(() => 0);
    values[index] = (values[index] ?? 0) + row.costUsd;
    byTeam.set(team, values);
  }
  const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
  const ranked = [...byTeam.entries()]
    .map(([team, values]) => ({ team, values, totalUsd: sum(values) }))
    .sort((a, b) => b.totalUsd - a.totalUsd || a.team.localeCompare(b.team));
  if (ranked.length <= maxTeams) return { days, teams: ranked };
  const rest = ranked.slice(maxTeams - 1);
  const other = days.map((_, index) => sum(rest.map((series) => series.values[index] ?? 0)));
  return { days, teams: [...ranked.slice(0, maxTeams - 1), { team: OTHER_TEAMS, values: other, totalUsd: sum(other) }] };
}

/** Running sums from the first team up: series `i` is the top edge of team `i`'s bar segment. */
function stackedTops(teams: readonly TeamSeries[]): number[][] {
  const tops: number[][] = [];
  teams.forEach((series, seriesIndex) => {
    tops.push(series.values.map((value, day) => value + (seriesIndex === 0 ? 0 : (tops[seriesIndex - 1]?.[day] ?? 0))));
  });
  return tops;
}

export { NO_TEAM, OTHER_TEAMS, spendByTeam, stackedTops };
export type { SpendByTeam, TeamDayCost, TeamSeries };
