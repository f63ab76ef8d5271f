/** @module The log of received requests, and tracking of calls still in flight. */

import type { RecordedRequest } from './types';

/** Keeps the last `capacity` requests (benchmarks send many) and knows when all calls have ended. */
class RequestLog {
  private readonly entries: RecordedRequest[] = [];
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  /** Records a request; the entry object is updated in place as the call proceeds. */
  add(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  /** The recorded requests, oldest first. */
  list(): readonly RecordedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Marks a call as started; the returned function marks it finished (idempotent). */
  begin(): () => void {
    this.inFlight += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    };
  }

  /** Resolves once no call is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

export { RequestLog };
