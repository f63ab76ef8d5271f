import { createReadiness, type ReadinessCheck } from '../../../lambda/health/readiness';

/** A check that counts its runs and fails while `failing` is set. */
function fakeCheck(name: string, behaviour: { failing?: boolean; hangs?: boolean } = {}): ReadinessCheck & { runs: number } {
  const check = {
    name,
    runs: 0,
    run(signal: AbortSignal): Promise<void> {
      check.runs += 1;
      if (behaviour.hangs === true) return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
      return behaviour.failing === true ? Promise.reject(new Error(`${name} down`)) : Promise.resolve();
    },
  };
  return check;
}

describe('readiness', () => {
  it('is ready when every check passes, naming each', async () => {
    const readiness = createReadiness({ checks: [fakeCheck('dynamodb'), fakeCheck('bedrock')], now: () => 0 });
    await expect(readiness.check()).resolves.toEqual({ ready: true, checks: { dynamodb: 'ok', bedrock: 'ok' }, checkedAt: '1970-01-01T00:00:00.000Z' });
  });

  it('is not ready when one check fails, and tells onFailure why', async () => {
    const failures: string[] = [];
    const readiness = createReadiness({
      checks: [fakeCheck('dynamodb', { failing: true }), fakeCheck('bedrock')],
      onFailure: (name, error) => failures.push(`${name}: ${(error as Error).message}`),
    });
    await expect(readiness.check()).resolves.toMatchObject({ ready: false, checks: { dynamodb: 'failed', bedrock: 'ok' } });
    expect(failures).toEqual(['dynamodb: dynamodb down']);
  });

  it('fails a check that does not answer within its time limit (aborting it)', async () => {
    const readiness = createReadiness({ checks: [fakeCheck('bedrock', { hangs: true })], timeoutMs: 50 });
    await expect(readiness.check()).resolves.toMatchObject({ ready: false, checks: { bedrock: 'failed' } });
  });

  it('reuses a report for the cache period, then checks again', async () => {
    const clock = { ms: 1_000 };
    const check = fakeCheck('dynamodb');
    const readiness = createReadiness({ checks: [check], cacheMs: 5_000, now: () => clock.ms });
    await readiness.check();
    clock.ms += 4_999;
    await readiness.check();
    expect(check.runs).toBe(1);
    clock.ms += 1;
    await readiness.check();
    expect(check.runs).toBe(2);
  });

  it('runs one round of checks for many concurrent probes', async () => {
    const check = fakeCheck('dynamodb');
    const readiness = createReadiness({ checks: [check] });
    await Promise.all(Array.from({ length: 20 }, () => readiness.check()));
    expect(check.runs).toBe(1);
  });
});
