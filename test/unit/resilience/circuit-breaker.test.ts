import { CircuitBreakerRegistry, type BreakerTransition } from '../../../lambda/resilience/circuit-breaker';

function createBreakers() {
  let nowMs = 0;
  const transitions: BreakerTransition[] = [];
  const breakers = new CircuitBreakerRegistry({ failureThreshold: 3, cooldownMs: 1000, now: () => nowMs, onTransition: (t) => transitions.push(t) });
  return { breakers, transitions, advance: (ms: number) => (nowMs += ms) };
}

describe('CircuitBreakerRegistry', () => {
  it('stays closed below the threshold', () => {
    const { breakers } = createBreakers();
    breakers.recordFailure('a');
    breakers.recordFailure('a');

    expect(breakers.tryAcquire('a')).toBe(true);
    expect(breakers.stateOf('a')).toBe('closed');
  });

  it('opens after the threshold of consecutive failures and skips the target during the cooldown', () => {
    const { breakers, transitions, advance } = createBreakers();
    for (let i = 0; i < 3; i += 1) breakers.recordFailure('a');
    advance(999);

    expect(breakers.tryAcquire('a')).toBe(false);
    expect(breakers.admits('a')).toBe(false);
    expect(transitions).toEqual([{ key: 'a', from: 'closed', to: 'open', failures: 3 }]);
    expect(breakers.tryAcquire('b')).toBe(true);
  });

  it('lets exactly one probe through after the cooldown and closes on its success', () => {
    const { breakers, transitions, advance } = createBreakers();
    for (let i = 0; i < 3; i += 1) breakers.recordFailure('a');
    advance(1000);

    expect(breakers.tryAcquire('a')).toBe(true);
    expect(breakers.tryAcquire('a')).toBe(false);
    breakers.recordSuccess('a');

    expect(breakers.stateOf('a')).toBe('closed');
    expect(breakers.tryAcquire('a')).toBe(true);
    expect(transitions.map((t) => t.to)).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens at once when the probe fails', () => {
    const { breakers, advance } = createBreakers();
    for (let i = 0; i < 3; i += 1) breakers.recordFailure('a');
    advance(1000);
    breakers.tryAcquire('a');
    breakers.recordFailure('a');

    expect(breakers.stateOf('a')).toBe('open');
    expect(breakers.tryAcquire('a')).toBe(false);
  });

  it('resets the failure count after a success', () => {
    const { breakers } = createBreakers();
    breakers.recordFailure('a');
    breakers.recordFailure('a');
    breakers.recordSuccess('a');
    breakers.recordFailure('a');
    breakers.recordFailure('a');

    expect(breakers.stateOf('a')).toBe('closed');
  });

  it('frees a probe whose outcome says nothing about the target', () => {
    const { breakers, advance } = createBreakers();
    for (let i = 0; i < 3; i += 1) breakers.recordFailure('a');
    advance(1000);
    breakers.tryAcquire('a');
    breakers.releaseProbe('a');

    expect(breakers.tryAcquire('a')).toBe(true);
  });

  it('answers whether a call would be let through without taking the probe', () => {
    const { breakers, advance } = createBreakers();
    for (let i = 0; i < 3; i += 1) breakers.recordFailure('a');
    advance(1000);

    expect(breakers.admits('a')).toBe(true);
    expect(breakers.admits('a')).toBe(true);
    expect(breakers.stateOf('a')).toBe('open');
    expect(breakers.tryAcquire('a')).toBe(true);
    expect(breakers.admits('a')).toBe(false);
  });
});
