/**
 * @module Subject policies (budget and limit settings) read ahead of admission, within a short bound.
 *
 * A policy read less than `freshMs` ago is used as it is. One read between `freshMs` and
 * `maxStaleMs` ago is still used, and the same request starts one read that refreshes it, which
 * the admission waits for together with its reservations (same round trip: a warm instance under
 * traffic never waits for a policy read first; nothing is left running after the request, which
 * matters on Lambda, where a function is frozen between invocations). Older or never-read policies
 * are read before admitting. A changed budget or limit therefore applies within `freshMs` plus one
 * read under steady traffic, and never later than `maxStaleMs`. Counters are never cached: the
 * bound only delays a changed setting, it never lets concurrent requests pass a limit together.
 */
import type { PolicyStore, SubjectPolicy } from './policy-store';
import type { Subject } from './table-keys';

interface PolicyCacheOptions {
  /** 0 reads every time. @default 1000 */
  readonly freshMs?: number;
  /** @default DEFAULT_POLICY_MAX_STALE_MS */
  readonly maxStaleMs?: number;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Told of a background refresh that failed (the stale policy stays until `maxStaleMs`). */
  readonly onRefreshError?: (error: unknown) => void;
}

/** What a read found. */
interface PolicyRead {
  /** The policies of the subjects asked for, in order. */
  readonly policies: SubjectPolicy[];
  /** The refresh this read started, if any; never rejects (a failure is reported to `onRefreshError`). */
  readonly refreshed: Promise<void>;
}

/** Policies of subjects, read through the cache. */
interface PolicyCache {
  /** @throws the store's error when a policy must be read first and cannot be. */
  read(subjects: readonly Subject[]): Promise<PolicyRead>;
  /** Drops what is known of `subject` (its policy was changed through this process). */
  forget(subject: Subject): void;
}

/** A stale policy is never used past this age. */
const DEFAULT_POLICY_MAX_STALE_MS = 10_000;
const DEFAULT_POLICY_FRESH_MS = 1000;

const keyOf = (subject: Subject): string => `${subject.kind}\u0000${subject.id}`;

/** Builds the cache over a policy store. */
function createPolicyCache(policies: PolicyStore, options: PolicyCacheOptions = {}): PolicyCache {
  const freshMs = Math.max(0, options.freshMs ?? DEFAULT_POLICY_FRESH_MS);
  const maxStaleMs = Math.max(freshMs, options.maxStaleMs ?? DEFAULT_POLICY_MAX_STALE_MS);
  const now = options.now ?? Date.now;
  const known = new Map<string, { readonly policy: SubjectPolicy; readonly readAtMs: number }>();
  const refreshing = new Set<string>();
  let generation = 0;

  function store(found: readonly SubjectPolicy[], readAtMs: number, readGeneration: number): void {
    if (readGeneration !== generation) return;
    for (const policy of found) {
      const current = known.get(keyOf(policy.subject));
      if (current === undefined || current.readAtMs <= readAtMs) known.set(keyOf(policy.subject), { policy, readAtMs });
    }
  }

  function refresh(subjects: readonly Subject[], at: number): Promise<void> {
    for (const subject of subjects) refreshing.add(keyOf(subject));
    const readGeneration = generation;
    return policies
      .getMany(subjects)
      .then(
        (found) => store(found, at, readGeneration),
        (error: unknown) => options.onRefreshError?.(error),
      )
      .finally(() => {
        for (const subject of subjects) refreshing.delete(keyOf(subject));
      });
  }

  return {
    async read(subjects) {
      if (freshMs === 0) return { policies: await policies.getMany(subjects), refreshed: Promise.resolve() };
      const at = now();
      const ageOf = (subject: Subject): number => at - (known.get(keyOf(subject))?.readAtMs ?? Number.NEGATIVE_INFINITY);
      const missing = subjects.filter((subject) => ageOf(subject) > maxStaleMs);
      const stale = subjects.filter((subject) => {
        const age = ageOf(subject);
        return age > freshMs && age <= maxStaleMs && !refreshing.has(keyOf(subject));
      });
      const usable = subjects.map((subject) => (ageOf(subject) <= maxStaleMs ? known.get(keyOf(subject))?.policy : undefined));
      const refreshed = stale.length > 0 ? refresh(stale, at) : Promise.resolve();
      const read = new Map<string, SubjectPolicy>();
      if (missing.length > 0) {
        const readGeneration = generation;
        const found = await policies.getMany(missing);
        for (const policy of found) read.set(keyOf(policy.subject), policy);
        store(found, at, readGeneration);
      }
      return { policies: subjects.map((subject, index) => usable[index] ?? read.get(keyOf(subject)) ?? { subject }), refreshed };
    },
    forget(subject) {
      known.delete(keyOf(subject));
      // A read in flight may predate the change: its answer is dropped.
      generation += 1;
    },
  };
}

export { DEFAULT_POLICY_MAX_STALE_MS, createPolicyCache };
export type { PolicyCache, PolicyCacheOptions, PolicyRead };
