/**
 * @module Work that runs after a response, off its path: started at once, never awaited by the
 * request, and drained before a Lambda invocation ends (the runtime freezes the process after it).
 */

/** A set of tasks in flight. */
interface BackgroundTasks {
  /** Starts `task` now; its failure is reported to `onError`, never to the caller. */
  run(task: () => Promise<void>): void;
  /** Resolves once every task started so far (and any they started) has finished. */
  drain(): Promise<void>;
}

/** Builds a task set; `onError` hears of tasks that threw. */
function createBackgroundTasks(onError: (error: unknown) => void): BackgroundTasks {
  const inFlight = new Set<Promise<void>>();
  return {
    run(task) {
      const running: Promise<void> = Promise.resolve()
        .then(task)
        .catch(onError)
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

export { createBackgroundTasks };
export type { BackgroundTasks };
