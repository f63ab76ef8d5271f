/** @module SSE keep-alive: a comment after every stretch of silence, so proxies and API Gateway keep the stream open. */

/** A running keep-alive; `touch` after every write, `stop` when the stream ends. */
interface KeepAlive {
  /** Restarts the silence timer (something was just written). */
  touch(): void;
  stop(): void;
}

/**
 * Sends `send()` (an SSE comment) whenever nothing was written for `intervalMs`, for example while a
 * reasoning model thinks. API Gateway cuts a regional or private stream after 5 idle minutes and
 * many proxies far sooner; a comment is ignored by SSE clients. `intervalMs` 0 disables it.
 */
function startKeepAlive(intervalMs: number, send: () => Promise<void>): KeepAlive {
  if (intervalMs <= 0) return { touch: () => undefined, stop: () => undefined };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      send().then(arm, () => undefined);
    }, intervalMs);
  };
  arm();
  return {
    touch: arm,
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

export { startKeepAlive };
export type { KeepAlive };
