import { formatCount, formatDateTime, formatPercent, formatUsd, formatUsdExact, formatUsdTicks, spentShare, utcDay } from '../../../local/console/web/format';

describe('console number formats', () => {
  it.each([
    { value: 0, expected: '$0.00', rule: 'zero shows cents' },
    { value: 1234.5, expected: '$1,234.50', rule: 'thousands separators and cents' },
    { value: 50, expected: '$50.00', rule: 'whole dollars keep cents' },
    { value: 0.01, expected: '$0.01', rule: 'a cent shows as cents' },
    { value: 12.3456, expected: '$12.35', rule: 'a dollar or more rounds to cents' },
    { value: 0.0104, expected: '$0.0104', rule: 'under a dollar keeps up to four decimals' },
    { value: 0.5, expected: '$0.50', rule: 'under a dollar keeps at least cents' },
    { value: 0.123456, expected: '$0.1235', rule: 'under a dollar rounds to four decimals' },
    { value: 0.0045, expected: '$0.0045', rule: 'under a cent keeps its digits, never $0.00' },
    { value: 0.000123456, expected: '$0.000123', rule: 'under a cent keeps three significant digits' },
    { value: -2.5, expected: '-$2.50', rule: 'negative amounts' },
    { value: null, expected: '—', rule: 'no value is a dash' },
    { value: undefined, expected: '—', rule: 'a missing value is a dash' },
  ])('formatUsd($value) is $expected: $rule', ({ value, expected }) => {
    expect(formatUsd(value)).toBe(expected);
  });

  it.each([
    { value: 0.000000001, expected: '$0.000000001' },
    { value: 12.5, expected: '$12.50' },
    { value: 1234567.123456789, expected: '$1,234,567.123456789' },
  ])('formatUsdExact($value) keeps every nano-dollar: $expected', ({ value, expected }) => {
    expect(formatUsdExact(value)).toBe(expected);
  });

  it.each([
    { ticks: [0, 0.005, 0.01, 0.015], expected: ['$0.000', '$0.005', '$0.010', '$0.015'], rule: 'a step under a cent adds decimals' },
    { ticks: [0, 0.01, 0.02], expected: ['$0.00', '$0.01', '$0.02'], rule: 'a step of a cent shows cents' },
    { ticks: [0, 500, 1000], expected: ['$0.00', '$500.00', '$1,000.00'], rule: 'large steps keep cents and thousands separators' },
    { ticks: [0], expected: ['$0.00'], rule: 'a single tick shows cents' },
  ])('formatUsdTicks: $rule', ({ ticks, expected }) => {
    expect(formatUsdTicks(ticks)).toEqual(expected);
  });

  it.each([
    { value: 0, expected: '0' },
    { value: 1234567, expected: '1,234,567' },
    { value: null, expected: '—' },
  ])('formatCount($value) is $expected', ({ value, expected }) => {
    expect(formatCount(value)).toBe(expected);
  });

  it.each([
    { spent: 0, limit: 5, share: 0, percent: '0%' },
    { spent: 1.2, limit: 5, share: 0.24, percent: '24%' },
    { spent: 0.015, limit: 5, share: 0.003, percent: '0.3%' },
    { spent: 6, limit: 5, share: 1.2, percent: '120%' },
    { spent: 0, limit: 0, share: 0, percent: '0%' },
    { spent: 0.1, limit: 0, share: 1, percent: '100%' },
  ])('$spent spent of $limit is a share of $share ($percent)', ({ spent, limit, share, percent }) => {
    expect(spentShare(spent, limit)).toBeCloseTo(share, 12);
    expect(formatPercent(spentShare(spent, limit))).toBe(percent);
  });

  it.each([
    { iso: '2026-11-01T14:05:59.123Z', expected: '2026-11-01 14:05 UTC' },
    { iso: '2026-11-01T23:30:00-02:00', expected: '2026-11-02 01:30 UTC' },
    { iso: 'not a date', expected: 'not a date' },
    { iso: null, expected: '—' },
  ])('formatDateTime($iso) is $expected', ({ iso, expected }) => {
    expect(formatDateTime(iso)).toBe(expected);
  });

  it.each([
    { offset: 0, expected: '2026-03-01' },
    { offset: -1, expected: '2026-02-28' },
    { offset: -29, expected: '2026-01-31' },
  ])('utcDay with offset $offset from 2026-03-01 23:59 UTC is $expected', ({ offset, expected }) => {
    expect(utcDay(Date.parse('2026-03-01T23:59:00Z'), offset)).toBe(expected);
  });
});
