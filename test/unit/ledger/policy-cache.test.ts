import { createPolicyCache } from '../../../lambda/ledger/policy-cache';
import type { PolicyStore, SubjectPolicy } from '../../../lambda/ledger/policy-store';
import type { Subject } from '../../../lambda/ledger/table-keys';

const KEY: Subject = { kind: 'key', id: 'key_1' };
const TEAM: Subject = { kind: 'team', id: 'search' };

/** A store whose budget limit is whatever `limit` says at read time; counts reads and can hold them. */
function fakeStore() {
  const state = { limit: 100, reads: 0, failing: false, hold: undefined as Promise<void> | undefined };
  const store = {
    async getMany(subjects: readonly Subject[]): Promise<SubjectPolicy[]> {
      state.reads += 1;
      const limit = state.limit;
      if (state.hold !== undefined) await state.hold;
      if (state.failing) throw new Error('store down');
      return subjects.map((subject) => ({ subject, budget: { limitNanoUsd: limit, period: 'day' as const } }));
    },
  } as unknown as PolicyStore;
  return { state, store };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const limitsOf = ({ policies }: { readonly policies: readonly SubjectPolicy[] }) => policies.map((policy) => policy.budget?.limitNanoUsd);

describe('policy cache: what a warm admission waits for', () => {
  it.each<{ rule: string; ageMs: number; awaitedReads: number; backgroundReads: number; seesChange: 'now' | 'next request' | 'no' }>([
    { rule: 'younger than the fresh bound: used as read, no read at all', ageMs: 500, awaitedReads: 0, backgroundReads: 0, seesChange: 'no' },
    { rule: 'past the fresh bound: used as read while one background read refreshes it', ageMs: 1500, awaitedReads: 0, backgroundReads: 1, seesChange: 'next request' },
    { rule: 'at the stale bound: still used, still refreshed', ageMs: 10_000, awaitedReads: 0, backgroundReads: 1, seesChange: 'next request' },
    { rule: 'past the stale bound: read before admitting', ageMs: 10_001, awaitedReads: 1, backgroundReads: 0, seesChange: 'now' },
  ])('$rule', async ({ ageMs, awaitedReads, backgroundReads, seesChange }) => {
    const { state, store } = fakeStore();
    const clock = { ms: 0 };
    const cache = createPolicyCache(store, { freshMs: 1000, maxStaleMs: 10_000, now: () => clock.ms });
    await cache.read([KEY, TEAM]);
    state.reads = 0;
    state.limit = 50;
    clock.ms += ageMs;

    let release = (): void => undefined;
    state.hold = new Promise((resolve) => (release = resolve));
    const reading = cache.read([KEY, TEAM]);
    if (awaitedReads === 0) {
      // Answered while any read it started is still held: it waited for none.
      expect(limitsOf(await reading)).toEqual([100, 100]);
      expect(state.reads).toBe(backgroundReads);
    }
    release();
    state.hold = undefined;
    const found = await reading;
    await found.refreshed;

    expect(state.reads).toBe(awaitedReads + backgroundReads);
    expect(limitsOf(found)).toEqual(seesChange === 'now' ? [50, 50] : [100, 100]);
    expect(limitsOf(await cache.read([KEY, TEAM]))).toEqual(seesChange === 'no' ? [100, 100] : [50, 50]);
  });

  it('refreshes a stale policy once however many requests arrive meanwhile', async () => {
    const { state, store } = fakeStore();
    const clock = { ms: 0 };
    const cache = createPolicyCache(store, { freshMs: 1000, maxStaleMs: 10_000, now: () => clock.ms });
    await cache.read([KEY]);
    state.reads = 0;
    clock.ms += 2000;
    let release = (): void => undefined;
    state.hold = new Promise((resolve) => (release = resolve));

    await Promise.all(Array.from({ length: 5 }, () => cache.read([KEY])));

    expect(state.reads).toBe(1);
    release();
  });

  it('keeps the policies read before when a background refresh fails, until the stale bound', async () => {
    const { state, store } = fakeStore();
    const clock = { ms: 0 };
    const failures: unknown[] = [];
    const cache = createPolicyCache(store, { freshMs: 1000, maxStaleMs: 10_000, now: () => clock.ms, onRefreshError: (error) => failures.push(error) });
    await cache.read([KEY]);
    state.failing = true;
    clock.ms += 5000;

    const found = await cache.read([KEY]);
    expect(limitsOf(found)).toEqual([100]);
    await found.refreshed;
    expect(failures).toHaveLength(1);
    clock.ms += 5001;
    await expect(cache.read([KEY])).rejects.toThrow('store down');
  });

  it('forgets a subject changed through this process, dropping a read in flight that may predate the change', async () => {
    const { state, store } = fakeStore();
    const clock = { ms: 0 };
    const cache = createPolicyCache(store, { freshMs: 1000, maxStaleMs: 10_000, now: () => clock.ms });
    await cache.read([KEY]);
    clock.ms += 2000;
    let release = (): void => undefined;
    state.hold = new Promise((resolve) => (release = resolve));
    await cache.read([KEY]);

    state.limit = 50;
    cache.forget(KEY);
    release();
    state.hold = undefined;
    await flush();

    expect(limitsOf(await cache.read([KEY]))).toEqual([50]);
  });

  it('reads every time when the fresh bound is 0', async () => {
    const { state, store } = fakeStore();
    const cache = createPolicyCache(store, { freshMs: 0, now: () => 0 });
    await cache.read([KEY]);
    await cache.read([KEY]);
    expect(state.reads).toBe(2);
  });
});
