/** @module Waiting on a promise no longer than an abort signal allows. */

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts, whatever `promise` does later (a
 * hung read must not outlive its timeout). Rejections pass through `translate` (by default as they
 * are); a promise abandoned this way has its rejection handled.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, translate: (error: unknown) => unknown = (error) => error): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(translate(signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(translate(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(translate(error));
      },
    );
  });
}

export { untilAborted };
