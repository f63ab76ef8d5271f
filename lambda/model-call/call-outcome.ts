/** @module How a model call ended: an immutable outcome, built by the core's own recorder while the call runs. */
import { recordedStatus } from '../platform/http-status';
import { errorCodeOf, type GatewayError } from '../platform/errors';
import type { RouteTarget } from '../routing/route-types';
import type { BilledCall } from './charging-rules';

/** Everything settlement charges and records of one model call; never changed once built. */
interface ModelCallOutcome {
  /** Every Bedrock call made, with how it ended, in order. */
  readonly calls: readonly BilledCall[];
  /** Catalog id of the model that served, or whose call was in flight when the call ended, else the primary's. */
  readonly servedModel: string;
  /** The status the client got (200 for a stream that started, even if it failed later); 499 if it left first. */
  readonly status: number;
  /** The error code the call failed with (in-band for a stream that started). */
  readonly errorCode?: string;
  /** The client went away before the response ended. */
  readonly clientAborted: boolean;
  readonly timeToFirstTokenMs?: number;
}

/**
 * Collects the facts of one model call as they happen. It belongs to the core's flow alone (surfaces
 * never see it), and `outcome()` hands settlement an immutable copy.
 */
class OutcomeRecorder {
  private readonly calls: BilledCall[] = [];
  private served: RouteTarget;
  private status = 0;
  private errorCode: string | undefined;
  private clientAborted = false;
  private timeToFirstTokenMs: number | undefined;

  constructor(primary: RouteTarget) {
    this.served = primary;
  }

  /** A Bedrock call ended; `inFlight` marks it as the call the request ended on (its model is the one recorded). */
  billed(call: BilledCall, inFlight?: RouteTarget): void {
    this.calls.push(call);
    if (inFlight !== undefined) this.served = inFlight;
  }

  /** A target answered and serves the response. */
  serve(target: RouteTarget): void {
    this.served = target;
  }

  /** The response's status line went out. */
  sent(status: number): void {
    this.status = status;
  }

  /** The first output reached the client. */
  firstToken(elapsedMs: number): void {
    this.timeToFirstTokenMs ??= elapsedMs;
  }

  /** A stream that had started failed; the client heard it in-band, the status stays. */
  failedInBand(error: GatewayError): void {
    this.errorCode = errorCodeOf(error);
  }

  /** The call ended with `error` before a response started, or the client left (`clientGone`). */
  failed(error: GatewayError, clientGone: boolean): void {
    if (clientGone) {
      this.leftEarly();
      return;
    }
    this.status = error.statusCode;
    this.errorCode = errorCodeOf(error);
  }

  /** The client went away before the response ended. */
  leftEarly(): void {
    this.clientAborted = true;
    this.status = recordedStatus(this.status, true);
  }

  outcome(): ModelCallOutcome {
    return {
      calls: [...this.calls],
      servedModel: this.served.model.id,
      status: this.status,
      clientAborted: this.clientAborted,
      ...(this.errorCode === undefined ? {} : { errorCode: this.errorCode }),
      ...(this.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: this.timeToFirstTokenMs }),
    };
  }
}

export { OutcomeRecorder };
export type { ModelCallOutcome };
