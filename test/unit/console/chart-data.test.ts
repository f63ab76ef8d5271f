import { spendByTeam, stackedTops } from '../../../local/console/web/chart-data';

describe('spend per team per day for the chart', () => {
  it('fills every day of the range and puts the largest team first', () => {
    const rows = [
      { team: 'search', day: '2026-11-02', costUsd: 1.5 },
      { team: 'ml', day: '2026-11-01', costUsd: 4 },
      { team: 'search', day: '2026-11-01', costUsd: 0.25 },
    ];

    expect(spendByTeam(rows, '2026-11-01', '2026-11-03')).toEqual({
      days: ['2026-11-01', '2026-11-02', '2026-11-03'],
      teams: [
        { team: 'ml', values: [4, 0, 0], totalUsd: 4 },
        { team: 'search', values: [0.25, 1.5, 0], totalUsd: 1.75 },
      ],
    });
  });

  it('names spend without a team "(no team)" and ignores rows outside the range', () => {
    const rows = [
      { team: null, day: '2026-11-01', costUsd: 2 },
      { team: 'ml', day: '2026-10-31', costUsd: 9 },
    ];

    expect(spendByTeam(rows, '2026-11-01', '2026-11-01').teams).toEqual([{ team: '(no team)', values: [2], totalUsd: 2 }]);
  });

  it('sums the teams past the limit into "other teams"', () => {
    const rows = ['a', 'b', 'c', 'd'].map((team, index) => ({ team, day: '2026-11-01', costUsd: 4 - index }));

    expect(spendByTeam(rows, '2026-11-01', '2026-11-01', 3).teams).toEqual([
      { team: 'a', values: [4], totalUsd: 4 },
      { team: 'b', values: [3], totalUsd: 3 },
      { team: 'other teams', values: [3], totalUsd: 3 },
    ]);
  });

  it('stacks each team on top of the ones before it', () => {
    const teams = [
      { team: 'ml', values: [4, 0], totalUsd: 4 },
      { team: 'search', values: [0.25, 1.5], totalUsd: 1.75 },
    ];

    expect(stackedTops(teams)).toEqual([
      [4, 0],
      [4.25, 1.5],
    ]);
  });
});
