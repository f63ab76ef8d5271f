import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createModelCatalog } from '../../../lambda/catalog';
import { createResilience } from '../../../lambda/resilience/resilience-service';
import { DEFAULT_RESILIENCE_SETTINGS, type ResilienceSettings } from '../../../lambda/resilience/resilience-settings';
import { runWithFallbacks, type ResilienceObserver } from '../../../lambda/resilience/run-with-fallbacks';
import { targetKey } from '../../../lambda/routing/route-config';
import type { RouteTarget } from '../../../lambda/routing/route-types';

const catalog = createModelCatalog();

function target(id: string): RouteTarget {
  const model = catalog.get(id)!;
  return { model, weight: 1, key: targetKey(model, undefined) };
}

function throttled(): Error {
  return Object.assign(new Error('slow down'), { name: 'ThrottlingException', $fault: 'client', $metadata: { httpStatusCode: 429 } });
}

function failing(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $fault: 'server', $metadata: { httpStatusCode: status } });
}

/** An attempt that fails with `errors` in turn, then answers 'ok'. */
function failingThen(...errors: Error[]) {
  return jest.fn(async (): Promise<string> => {
    const error = errors.shift();
    if (error !== undefined) throw error;
    return 'ok';
  });
}

function setup(settings: Partial<ResilienceSettings> = {}) {
  let nowMs = 0;
  const delays: number[] = [];
  const resilience = createResilience({
    settings: { ...DEFAULT_RESILIENCE_SETTINGS, baseDelayMs: 100, maxDelayMs: 1000, ...settings },
    routes: new Map(),
    bedrock: {} as BedrockRuntimeClient,
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test' }),
    now: () => nowMs,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
      nowMs += ms;
    },
  });
  const observer: ResilienceObserver = { retry: jest.fn(), fallback: jest.fn(), skip: jest.fn(), probe: jest.fn() };
  return { resilience, observer, delays, advance: (ms: number) => (nowMs += ms) };
}

describe('runWithFallbacks', () => {
  it('backs off with full jitter between retries of one target, then falls back', async () => {
    const { resilience, observer, delays } = setup({ attemptsPerTarget: 3 });
    const attempt = jest.fn(async (t: RouteTarget) => {
      if (t.model.id === 'nova-micro') throw throttled();
      return 'ok';
    });

    const result = await runWithFallbacks({
      targets: [target('nova-micro'), target('nova-lite')],
      resilience,
      signal: new AbortController().signal,
      deadlineAtMs: 60_000,
      observer,
      attempt,
    });

    expect(result).toMatchObject({ value: 'ok', calls: 4 });
    expect(result.target.model.id).toBe('nova-lite');
    expect(delays).toEqual([50, 100]);
    expect(observer.retry).toHaveBeenCalledTimes(2);
    expect(observer.fallback).toHaveBeenCalledWith(expect.objectContaining({ reason: 'rate_limit_exceeded' }));
  });

  it('stops at maxAttempts across all targets', async () => {
    const { resilience, observer } = setup({ maxAttempts: 3, attemptsPerTarget: 2 });
    const attempt = jest.fn(async (): Promise<string> => {
      throw throttled();
    });

    const error = await runWithFallbacks({
      targets: [target('nova-micro'), target('nova-lite'), target('nova-pro')],
      resilience,
      signal: new AbortController().signal,
      deadlineAtMs: 60_000,
      observer,
      attempt,
    }).catch((caught: unknown) => caught);

    expect(attempt).toHaveBeenCalledTimes(3);
    expect(error).toMatchObject({ statusCode: 429, headers: expect.objectContaining({ 'x-gateway-attempts': '3' }) });
    expect((error as Error).message).toContain('Attempts: nova-micro: rate_limit_exceeded x2; nova-lite: rate_limit_exceeded.');
  });

  it('starts no retry whose backoff would end past the deadline', async () => {
    const { resilience, observer, advance } = setup();
    const attempt = jest.fn(async (): Promise<string> => {
      advance(1000);
      throw throttled();
    });

    await expect(
      runWithFallbacks({ targets: [target('nova-micro')], resilience, signal: new AbortController().signal, deadlineAtMs: 1020, observer, attempt }),
    ).rejects.toMatchObject({ statusCode: 429 });
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('never retries once the client has gone away', async () => {
    const { resilience, observer } = setup();
    const client = new AbortController();
    const attempt = jest.fn(async (): Promise<string> => {
      client.abort();
      throw new Error('aborted');
    });

    await expect(
      runWithFallbacks({ targets: [target('nova-micro'), target('nova-lite')], resilience, signal: client.signal, deadlineAtMs: 60_000, observer, attempt }),
    ).rejects.toThrow('aborted');
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  describe('a half-open circuit whose probe goes unused', () => {
    function openAndCoolDown(resilience: ReturnType<typeof setup>['resilience'], advance: (ms: number) => number, key: string): void {
      for (let i = 0; i < resilience.settings.breakerFailureThreshold; i += 1) resilience.breakers.recordFailure(key);
      advance(resilience.settings.breakerCooldownMs);
    }

    it('gives the probe back when the attempt budget ran out before the probe was called', async () => {
      const { resilience, observer, advance } = setup({ maxAttempts: 1, attemptsPerTarget: 2 });
      const lite = target('nova-lite');
      openAndCoolDown(resilience, advance, lite.key);
      // Target-specific: moves on to nova-lite at once, whose probe the spent budget cannot use.
      const attempt = jest.fn(async (): Promise<string> => {
        throw Object.assign(new Error('no access'), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 403 } });
      });

      await runWithFallbacks({
        targets: [target('nova-micro'), lite],
        resilience,
        signal: new AbortController().signal,
        deadlineAtMs: Number.MAX_SAFE_INTEGER,
        observer,
        attempt,
      }).catch(() => undefined);

      expect(attempt).toHaveBeenCalledTimes(1);
      expect(resilience.breakers.tryAcquire(lite.key)).toBe(true);
    });

    it('gives the probe back when the deadline passed before the probe was called', async () => {
      const { resilience, observer, advance } = setup({ maxAttempts: 4, attemptsPerTarget: 1 });
      const lite = target('nova-lite');
      openAndCoolDown(resilience, advance, lite.key);
      const deadlineAtMs = advance(0) + 10;
      const attempt = jest.fn(async (): Promise<string> => {
        advance(50);
        throw throttled();
      });

      await runWithFallbacks({ targets: [target('nova-micro'), lite], resilience, signal: new AbortController().signal, deadlineAtMs, observer, attempt }).catch(
        () => undefined,
      );

      expect(attempt).toHaveBeenCalledTimes(1);
      expect(resilience.breakers.tryAcquire(lite.key)).toBe(true);
    });
  });

  describe('the attempt budget', () => {
    it('gives the whole budget to the only target of a request', async () => {
      const { resilience, observer } = setup({ maxAttempts: 4, attemptsPerTarget: 2 });
      const attempt = failingThen(throttled(), throttled(), throttled());

      const result = await runWithFallbacks({ targets: [target('nova-micro')], resilience, signal: new AbortController().signal, deadlineAtMs: 60_000, observer, attempt });

      expect(result).toMatchObject({ value: 'ok', calls: 4 });
    });

    it('gives the rest of the budget to a target when every later target is cooling down', async () => {
      const { resilience, observer } = setup({ maxAttempts: 4, attemptsPerTarget: 1, breakerFailureThreshold: 1 });
      const lite = target('nova-lite');
      resilience.breakers.recordFailure(lite.key);
      const attempt = failingThen(throttled(), throttled(), throttled());

      const result = await runWithFallbacks({ targets: [target('nova-micro'), lite], resilience, signal: new AbortController().signal, deadlineAtMs: 60_000, observer, attempt });

      expect(result).toMatchObject({ value: 'ok', calls: 4 });
      expect(result.target.model.id).toBe('nova-micro');
    });

    it('keeps attemptsPerTarget while a later target can still be called', async () => {
      const { resilience, observer } = setup({ maxAttempts: 4, attemptsPerTarget: 2 });
      const attempt = failingThen(throttled(), throttled());

      const result = await runWithFallbacks({
        targets: [target('nova-micro'), target('nova-lite')],
        resilience,
        signal: new AbortController().signal,
        deadlineAtMs: 60_000,
        observer,
        attempt,
      });

      expect(result).toMatchObject({ value: 'ok', calls: 3 });
      expect(result.target.model.id).toBe('nova-lite');
    });
  });

  describe('circuit breakers', () => {
    it('never opens a circuit for throttling, however long the burst', async () => {
      const { resilience, observer } = setup({ maxAttempts: 20, breakerFailureThreshold: 2 });
      const micro = target('nova-micro');
      const attempt = failingThen(...Array.from({ length: 10 }, throttled));

      await runWithFallbacks({ targets: [micro], resilience, signal: new AbortController().signal, deadlineAtMs: Number.MAX_SAFE_INTEGER, observer, attempt });

      expect(resilience.breakers.stateOf(micro.key)).toBe('closed');
    });

    it.each([
      { name: 'ModelErrorException', status: 424, expected: { statusCode: 502, code: 'model_error' } },
      { name: 'ModelTimeoutException', status: 408, expected: { statusCode: 504, code: 'model_timeout' } },
    ])('answers $name with $expected.statusCode, not 503, when the only circuit is open: the primary is still probed once', async ({ name, status, expected }) => {
      const { resilience, observer } = setup({ breakerFailureThreshold: 1 });
      const micro = target('nova-micro');
      resilience.breakers.recordFailure(micro.key);
      const attempt = jest.fn(async (): Promise<string> => {
        throw failing(name, status);
      });

      const error = await runWithFallbacks({ targets: [micro], resilience, signal: new AbortController().signal, deadlineAtMs: 60_000, observer, attempt }).catch(
        (caught: unknown) => caught,
      );

      expect(error).toMatchObject(expected);
      expect(attempt).toHaveBeenCalledTimes(1);
      expect(observer.probe).toHaveBeenCalledWith({ target: micro });
    });

    it('probes the primary when every circuit of a chain is open, and its success closes the circuit', async () => {
      const { resilience, observer } = setup({ breakerFailureThreshold: 1 });
      const [micro, lite] = [target('nova-micro'), target('nova-lite')];
      resilience.breakers.recordFailure(micro.key);
      resilience.breakers.recordFailure(lite.key);
      const attempt = failingThen();

      const result = await runWithFallbacks({ targets: [micro, lite], resilience, signal: new AbortController().signal, deadlineAtMs: 60_000, observer, attempt });

      expect(result.target).toBe(micro);
      expect(resilience.breakers.stateOf(micro.key)).toBe('closed');
      expect(resilience.breakers.stateOf(lite.key)).toBe('open');
    });

    it('skips an open circuit while another target can serve', async () => {
      const { resilience, observer } = setup({ breakerFailureThreshold: 1 });
      const [micro, lite] = [target('nova-micro'), target('nova-lite')];
      resilience.breakers.recordFailure(micro.key);
      const attempt = failingThen();

      const result = await runWithFallbacks({ targets: [micro, lite], resilience, signal: new AbortController().signal, deadlineAtMs: 60_000, observer, attempt });

      expect(result.target).toBe(lite);
      expect(observer.probe).not.toHaveBeenCalled();
      expect(observer.skip).toHaveBeenCalledWith({ target: micro, reason: 'circuit_open' });
    });
  });
});
