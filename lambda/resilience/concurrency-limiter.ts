/** @module Bounded concurrency without queueing: a slot is taken or the work is shed at once. */

/** Gives back a slot; calling it twice is harmless. */
type ReleaseSlot = () => void;

/**
 * Counts work in flight per key and refuses more than the key's limit. Nothing waits: piling
 * requests up behind a saturated model only turns overload into timeouts, so callers shed instead.
 */
class ConcurrencyLimiter {
  private readonly inFlight = new Map<string, number>();

  /** @param limitOf The limit of a key; 0 or less is unlimited. */
  constructor(private readonly limitOf: (key: string) => number) {}

  /** Takes a slot for `key`, or returns `undefined` when the key is at its limit. */
  tryAcquire(key: string): ReleaseSlot | undefined {
    const limit = this.limitOf(key);
    const current = this.inFlight.get(key) ?? 0;
    if (limit > 0 && current >= limit) return undefined;
    this.inFlight.set(key, current + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const remaining = (this.inFlight.get(key) ?? 1) - 1;
      if (remaining <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, remaining);
    };
  }

  /** Work in flight for `key`. */
  count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }
}

export { ConcurrencyLimiter };
export type { ReleaseSlot };
