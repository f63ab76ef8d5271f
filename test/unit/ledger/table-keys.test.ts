import { daysBetween, itemKeys, minuteWindowStart, periodOf } from '../../../lambda/ledger/table-keys';

describe('periodOf', () => {
  it.each([
    { period: 'day' as const, at: '2025-06-14T23:59:59.999Z', key: '2025-06-14', end: '2025-06-15T00:00:00.000Z' },
    { period: 'day' as const, at: '2024-12-31T00:00:00.000Z', key: '2024-12-31', end: '2025-01-01T00:00:00.000Z' },
    { period: 'month' as const, at: '2024-02-29T12:00:00.000Z', key: '2024-02', end: '2024-03-01T00:00:00.000Z' },
    { period: 'month' as const, at: '2025-12-31T23:00:00.000Z', key: '2025-12', end: '2026-01-01T00:00:00.000Z' },
  ])('puts $at in $period $key ending $end', ({ period, at, key, end }) => {
    const result = periodOf(period, Date.parse(at));
    expect(result.key).toBe(key);
    expect(new Date(result.endMs).toISOString()).toBe(end);
  });

  it('never ends a total budget', () => {
    expect(periodOf('total', 0)).toEqual({ key: 'all', endMs: Number.POSITIVE_INFINITY });
  });
});

describe('item keys', () => {
  it('encodes ARNs and JWT ids inside keys', () => {
    expect(itemKeys.policy({ kind: 'principal', id: 'jwt:https://idp#a/b' })).toEqual({ pk: 'SUBJECT#principal#jwt%3Ahttps%3A%2F%2Fidp%23a%2Fb', sk: 'POLICY' });
    expect(itemKeys.budget({ kind: 'team', id: 'ml' }, 'month', '2025-06')).toEqual({ pk: 'SUBJECT#team#ml', sk: 'BUDGET#month#2025-06' });
  });

  it('starts rate windows on the minute', () => {
    expect(new Date(minuteWindowStart(Date.parse('2025-06-14T12:34:56.789Z'))).toISOString()).toBe('2025-06-14T12:34:00.000Z');
  });

  it('lists the days of a range inclusively, across months', () => {
    expect(daysBetween('2025-01-30', '2025-02-02')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
  });
});
