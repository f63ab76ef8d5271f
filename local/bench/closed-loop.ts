/** @module A closed-loop load runner: N callers, each starting its next call when the last one ends. */
import { performance } from 'node:perf_hooks';

interface ClosedLoopResult<T> {
  readonly samples: readonly T[];
  /** Wall time of the whole run, in ms. */
  readonly wallMs: number;
}

/** Runs `call` `total` times with `concurrency` calls in flight; the first failure fails the run. */
async function runClosedLoop<T>(total: number, concurrency: number, call: () => Promise<T>): Promise<ClosedLoopResult<T>> {
  const samples: T[] = [];
  let started = 0;
  const startedAt = performance.now();
  const worker = async (): Promise<void> => {
    while (started < total) {
      started += 1;
      samples.push(await call());
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, total)) }, worker));
  return { samples, wallMs: performance.now() - startedAt };
}

export { runClosedLoop };
export type { ClosedLoopResult };
