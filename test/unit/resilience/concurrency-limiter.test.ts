import { ConcurrencyLimiter } from '../../../lambda/resilience/concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  it('refuses a slot above the key limit and gives it back once released (twice is harmless)', () => {
    const limiter = new ConcurrencyLimiter((key) => (key === 'a' ? 1 : 0));
    const release = limiter.tryAcquire('a');

    expect(limiter.tryAcquire('a')).toBeUndefined();
    release?.();
    release?.();
    expect(limiter.count('a')).toBe(0);
    expect(limiter.tryAcquire('a')).toBeDefined();
  });

  it('never refuses a key whose limit is 0', () => {
    const limiter = new ConcurrencyLimiter(() => 0);
    for (let i = 0; i < 100; i += 1) limiter.tryAcquire('a');

    expect(limiter.count('a')).toBe(100);
  });
});
