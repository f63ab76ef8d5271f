import { computeBackoffDelayMs } from '../../../lambda/resilience/backoff';

const OPTIONS = { baseDelayMs: 100, maxDelayMs: 1000 };

describe('computeBackoffDelayMs', () => {
  it.each([
    { retry: 1, random: 0.5, expected: 50 },
    { retry: 2, random: 0.5, expected: 100 },
    { retry: 3, random: 0.5, expected: 200 },
    { retry: 4, random: 0.5, expected: 400 },
    { retry: 5, random: 0.5, expected: 500 },
    { retry: 40, random: 0.5, expected: 500 },
    { retry: 3, random: 0, expected: 0 },
  ])('draws $expected ms for retry $retry with draw $random (full jitter under a doubling cap)', ({ retry, random, expected }) => {
    expect(computeBackoffDelayMs(retry, OPTIONS, () => random)).toBe(expected);
  });

  it('stays below the cap even for a draw of 1', () => {
    expect(computeBackoffDelayMs(2, OPTIONS, () => 1)).toBeLessThan(200);
  });
});
