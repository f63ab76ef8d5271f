/** @module One Bedrock attempt's abort signal: follows the client's signal and fires on the gateway's own timeouts. */
import { GatewayTimeoutError } from '../platform/errors';
import { untilAborted } from '../platform/until-aborted';

/** The gateway's own limits, by the `code` the client sees when one fires. */
type AttemptTimeoutCode = 'first_byte_timeout' | 'stream_idle_timeout' | 'response_timeout';

const TIMEOUT_MESSAGES: Readonly<Record<AttemptTimeoutCode, (ms: number) => string>> = {
  first_byte_timeout: (ms) => `Amazon Bedrock sent no response within ${ms} ms.`,
  stream_idle_timeout: (ms) => `Amazon Bedrock sent nothing for ${ms} ms in the middle of the stream.`,
  response_timeout: (ms) => `Amazon Bedrock did not finish the response within ${ms} ms.`,
};

/** An error named like the SDK's own timeouts, so `isRetryableBedrockError` treats the gateway's timeouts alike. */
function upstreamTimeout(message: string): Error {
  const error = new Error(message);
  error.name = 'TimeoutError';
  return error;
}

/**
 * Aborts one attempt when the client goes away or an armed timer fires. A stream keeps its
 * controller after the first byte, re-arming the idle limit around every read.
 */
class AttemptController {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private fired: GatewayTimeoutError | undefined;
  private readonly onParentAbort = (): void => this.controller.abort(this.parent.reason);

  constructor(private readonly parent: AbortSignal) {
    if (parent.aborted) this.controller.abort(parent.reason);
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  /** The signal to hand to the SDK call. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The timeout that fired, if one did. */
  get timeout(): GatewayTimeoutError | undefined {
    return this.fired;
  }

  /** Starts (or restarts) a limit: when it fires, the attempt aborts with a 504 naming `code`. */
  arm(ms: number, code: AttemptTimeoutCode): void {
    this.disarm();
    this.timer = setTimeout(() => {
      const message = TIMEOUT_MESSAGES[code](ms);
      this.fired = new GatewayTimeoutError(message, { code, cause: upstreamTimeout(message) });
      this.controller.abort(this.fired);
    }, ms);
  }

  /** Stops the armed limit. */
  disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Settles with `promise`, or rejects as soon as the attempt aborts: a read that hangs on a
   * silent stream must not outlive its timeout, whatever the SDK does with the aborted stream.
   */
  race<T>(promise: Promise<T>): Promise<T> {
    return untilAborted(promise, this.controller.signal, (error) => this.translate(error));
  }

  /** The error to report for `error`: the timeout that fired, or `error` itself. */
  translate(error: unknown): unknown {
    return this.fired ?? error;
  }

  /** Stops the timer and stops following the client's signal. */
  dispose(): void {
    this.disarm();
    this.parent.removeEventListener('abort', this.onParentAbort);
  }

  /** Aborts the Bedrock call (the response is done with it, e.g. after an in-band error). */
  abort(): void {
    this.disarm();
    if (!this.controller.signal.aborted) this.controller.abort();
  }
}

export { AttemptController };
export type { AttemptTimeoutCode };
