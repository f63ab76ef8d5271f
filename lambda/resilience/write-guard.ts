/** @module Bounds how long a response write may wait for a client that stopped reading. */
import type { ResponseSink } from '../platform/http-types';

/** Options of `guardSinkWrites`. */
interface WriteGuardOptions {
  /** Longest wait of one write (or the end) for the transport to drain. */
  readonly timeoutMs: number;
  /** Epoch ms by which every write must have returned, whatever `timeoutMs` says (the invocation's end). */
  readonly deadlineAtMs?: number;
  /** Epoch ms. */
  readonly now: () => number;
  /** Called once, when the first write or end outwaits its limit. */
  readonly onStall: () => void;
}

/**
 * Wraps `sink` so that no write waits forever for drain: a client that stops reading would otherwise
 * hold the request (and its Bedrock call, concurrency slot and unsettled reservation) until the
 * runtime kills it. When a write outwaits `timeoutMs` (or the deadline), `onStall` fires once and
 * that write and every later one resolve at once; what they carried is dropped.
 */
function guardSinkWrites(sink: ResponseSink, options: WriteGuardOptions): ResponseSink {
  let stalled = false;
  const bounded = (work: Promise<void>): Promise<void> => {
    if (stalled) {
      work.catch(() => undefined);
      return Promise.resolve();
    }
    const limitMs = Math.max(0, Math.min(options.timeoutMs, (options.deadlineAtMs ?? Number.POSITIVE_INFINITY) - options.now()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        if (!stalled) {
          stalled = true;
          options.onStall();
        }
        resolve();
      }, limitMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };
  return {
    get started() {
      return sink.started;
    },
    start: (statusCode, headers) => sink.start(statusCode, headers),
    write: (chunk) => bounded(sink.write(chunk)),
    end: () => bounded(sink.end()),
  };
}

export { guardSinkWrites };
export type { WriteGuardOptions };
