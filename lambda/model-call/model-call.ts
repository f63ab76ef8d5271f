/**
 * @module The surface-neutral model call: prepare a request per candidate target, admit the worst
 * case, run the attempts (retries, fallbacks, breakers, deadline, client abort), answer as JSON or
 * a stream through the surface, and settle the immutable outcome exactly once, whatever happened.
 */
import { upstreamErrorName } from '../bedrock/bedrock-errors';
import { asGatewayError } from '../platform/errors';
import { startCallDeadline, takeRequestSlot } from '../resilience/request-resilience';
import type { RoutePlan, RouteTarget } from '../routing/route-types';
import { admitModelCall } from './admission';
import type { JsonOperation, StreamOperation } from './bedrock-operations';
import { OutcomeRecorder } from './call-outcome';
import type { CallRun } from './call-run';
import { prepareCandidates, type Candidate, type StreamCandidate } from './candidates';
import { answerJson, type JsonReply } from './json-answer';
import type { ModelCallContext } from './model-call-context';
import { settleModelCall } from './settlement';
import { answerStream, type RenderStream } from './stream-answer';

/** The result type of a candidate's JSON calls. */
type JsonResultOf<C> = C extends Candidate<JsonOperation<infer R>> ? R : never;

/** The event type of a candidate's stream. */
type StreamEventOf<C> = C extends Candidate<StreamOperation<infer E>> ? E : never;

/** What a surface hands the core for one request. */
interface ModelCallOptions<C> {
  readonly context: ModelCallContext;
  /** The targets to try, from `planRoute`. */
  readonly plan: RoutePlan;
  /**
   * Prepares the request for one target: the Bedrock call(s), their estimates, the price selection
   * and the warnings. A rejection drops the target (all rejected: the first rejection is the answer).
   */
  readonly prepare: (target: RouteTarget) => Promise<C>;
  /** The parameter named when the prompt fits no target's context window (`messages`, `input`). */
  readonly promptParam: string;
}

/**
 * The lifecycle every answer shares: the instance's request slot, the candidates, the admission, the
 * deadline, and the one settlement in a `finally`. A failure before the response started is
 * recorded and rethrown for the error boundary, unless the client has gone (it hears nothing).
 */
async function runModelCall<C extends Candidate<unknown>>(options: ModelCallOptions<C>, answer: (run: CallRun<C>) => Promise<void>): Promise<void> {
  const { context, plan } = options;
  const releaseRequestSlot = takeRequestSlot(context, context.resilience);
  try {
    const candidates = await prepareCandidates({ ...options, requestId: context.requestId, logger: context.logger, annotate: context.annotate });
    context.annotate({ warnings: candidates[0].warnings.length });
    const admission = await admitModelCall(context, candidates);
    const deadline = startCallDeadline(context);
    const recorder = new OutcomeRecorder(candidates[0].target);
    try {
      await answer({ context, plan, candidates, deadline, recorder });
    } catch (caught) {
      // The deadline aborts whatever was running (an attempt, a backoff): the client hears why.
      const error = deadline.expired ? deadline.error : caught;
      const clientGone = context.signal.aborted;
      recorder.failed(asGatewayError(error), clientGone);
      if (clientGone) return;
      context.annotate({ upstreamError: upstreamErrorName(error) });
      throw error;
    } finally {
      deadline.dispose();
      await settleModelCall(context, admission, recorder.outcome());
    }
  } finally {
    releaseRequestSlot();
  }
}

/**
 * Answers with one JSON body: `reply` builds it from the served candidate's results; the core sends
 * it as a 200 with `x-gateway-model`, `x-gateway-attempts` and `x-gateway-warnings`.
 *
 * @throws the error the client is answered with (see `runWithFallbacks`), after settling.
 */
async function callModelForJson<C extends Candidate<JsonOperation<unknown>>>(options: ModelCallOptions<C>, reply: JsonReply<JsonResultOf<C>, NoInfer<C>>): Promise<void> {
  // Sound by construction: `JsonResultOf<C>` is what C's operations answer; TypeScript cannot see it through the conditional type.
  await runModelCall(options, (run) => answerJson(run as CallRun<C & Candidate<JsonOperation<JsonResultOf<C>>>>, reply));
}

/**
 * Answers with a stream: `render` writes it in the surface's wire format once a candidate's first
 * event arrived; errors after that are sent in-band through the renderer.
 *
 * @throws the error the client is answered with when no stream started, after settling.
 */
async function callModelForStream<C extends StreamCandidate<StreamOperation<unknown>>>(options: ModelCallOptions<C>, render: RenderStream<StreamEventOf<C>, NoInfer<C>>): Promise<void> {
  // Sound by construction, as for JSON: `StreamEventOf<C>` is what C's stream yields.
  await runModelCall(options, (run) => answerStream(run as CallRun<C & StreamCandidate<StreamOperation<StreamEventOf<C>>>>, render));
}

export { callModelForJson, callModelForStream };
export type { ModelCallOptions };
