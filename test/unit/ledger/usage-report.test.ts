import { summarizeUsage } from '../../../lambda/ledger/usage-report';
import type { UsageAggregate } from '../../../lambda/ledger/usage-store';

const row = (overrides: Partial<UsageAggregate>): UsageAggregate => ({
  day: '2025-06-14',
  principalId: 'key_a',
  keyId: 'key_a',
  model: 'nova-micro',
  requests: 1,
  errors: 0,
  inputTokens: 10,
  outputTokens: 5,
  cacheReadTokens: 1,
  cacheWriteTokens: 2,
  costNanoUsd: 100,
  ...overrides,
});

describe('summarizeUsage', () => {
  const rows = [
    row({}),
    row({ day: '2025-06-13', costNanoUsd: 2_000_000_001 }),
    row({ principalId: 'arn:aws:iam::1:role/R', keyId: undefined, model: 'claude', costNanoUsd: 7 }),
  ];

  it('totals exactly and converts to USD', () => {
    expect(summarizeUsage(rows, 'model').totals).toEqual({
      requests: 3,
      errors: 0,
      inputTokens: 30,
      outputTokens: 15,
      cachedTokens: 3,
      cacheWriteTokens: 6,
      costUsd: 2.000000108,
      costNanoUsd: 2_000_000_108,
    });
  });

  it('groups by day in date order', () => {
    expect(summarizeUsage(rows, 'day').rows.map((r) => [r.day, r.costNanoUsd])).toEqual([
      ['2025-06-13', 2_000_000_001],
      ['2025-06-14', 107],
    ]);
  });

  it('groups by key, with null for principals that are not keys, highest cost first', () => {
    expect(summarizeUsage(rows, 'key').rows.map((r) => [r.key, r.costNanoUsd])).toEqual([
      ['key_a', 2_000_000_101],
      [null, 7],
    ]);
  });

  const teamRows = [
    row({ team: 'search' }),
    row({ team: 'search', day: '2025-06-13', costNanoUsd: 2_000_000_001 }),
    row({ team: 'ads', model: 'claude', costNanoUsd: 7 }),
    row({ principalId: 'jwt:x', keyId: undefined, costNanoUsd: 50 }),
  ];

  it.each([
    { groupBy: 'team' as const, expected: [{ team: 'search', cost: 2_000_000_101 }, { team: null, cost: 50 }, { team: 'ads', cost: 7 }] },
    {
      groupBy: 'team,model' as const,
      expected: [{ team: 'search', model: 'nova-micro', cost: 2_000_000_101 }, { team: null, model: 'nova-micro', cost: 50 }, { team: 'ads', model: 'claude', cost: 7 }],
    },
    {
      groupBy: 'team,day' as const,
      expected: [
        { team: 'search', day: '2025-06-13', cost: 2_000_000_001 },
        { team: 'ads', day: '2025-06-14', cost: 7 },
        { team: 'search', day: '2025-06-14', cost: 100 },
        { team: null, day: '2025-06-14', cost: 50 },
      ],
    },
  ])('groups by $groupBy: by day first when a day is grouped, else by cost; no team is null, sorted last on ties', ({ groupBy, expected }) => {
    const dimensions = groupBy.split(',') as ('team' | 'model' | 'day')[];

    const rowsOut = summarizeUsage(teamRows, groupBy).rows.map((r) => ({ ...Object.fromEntries(dimensions.map((d) => [d, r[d]])), cost: r.costNanoUsd }));

    expect(rowsOut).toEqual(expected);
  });

  it('returns zero totals for no usage', () => {
    expect(summarizeUsage([], 'principal')).toEqual({
      totals: { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, costUsd: 0, costNanoUsd: 0 },
      rows: [],
    });
  });
});
