/** @module One admitted model call in progress: its candidates, deadline and recorder, and what every attempt shares. */
import type { AttemptController } from '../resilience/attempt-controller';
import { createRequestObserver, requestDeadlineAtMs, type CallDeadline } from '../resilience/request-resilience';
import { ATTEMPTS_HEADER, type FallbackRunOptions, type FallbackRunResult } from '../resilience/run-with-fallbacks';
import type { RoutePlan, RouteTarget } from '../routing/route-types';
import { servedModelName } from '../routing/select-targets';
import type { OutcomeRecorder } from './call-outcome';
import { callEstimate, type Candidate, type Candidates, type PlannedCall } from './candidates';
import type { CallEnding } from './charging-rules';
import type { ModelCallContext } from './model-call-context';

/** A model call after admission: what the JSON and the stream answer share. */
interface CallRun<C> {
  readonly context: ModelCallContext;
  readonly plan: RoutePlan;
  readonly candidates: Candidates<C>;
  /** Aborts on the client leaving or the invocation's deadline; parent of every attempt. */
  readonly deadline: CallDeadline;
  readonly recorder: OutcomeRecorder;
}

/** The candidate that serves the response, as the surface renders it. */
interface Served<C> {
  readonly candidate: C;
  readonly target: RouteTarget;
  /**
   * The `model` a response names: the client's own spelling when the model it named served, else
   * the catalog id of the model that served (after a fallback, or through a route).
   */
  readonly modelName: string;
  /** `x-gateway-model`, `x-gateway-attempts` and, when something was ignored, `x-gateway-warnings`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** Longest `x-gateway-warnings` value; longer lists are cut with an ellipsis. */
const MAX_WARNINGS_HEADER_CHARS = 512;

/** Header values must be visible ASCII; warnings are free text, so they are cleaned and capped. */
function warningsHeader(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  const text = warnings.join('; ').replace(/[^\x20-\x7e]+/g, ' ');
  const value = text.length > MAX_WARNINGS_HEADER_CHARS ? `${text.slice(0, MAX_WARNINGS_HEADER_CHARS - 3)}...` : text;
  return { 'x-gateway-warnings': value };
}

/** The fallback run over the call's candidates, stopped by the call's deadline (or the client leaving). */
function fallbackRunOptions<C extends Candidate<unknown>>(run: CallRun<C>): Omit<FallbackRunOptions<unknown>, 'attempt'> {
  const { context } = run;
  const { resilience } = context;
  return {
    targets: run.candidates.map((candidate) => candidate.target),
    resilience,
    signal: run.deadline.signal,
    deadlineAtMs: requestDeadlineAtMs(context, resilience),
    observer: createRequestObserver(context),
  };
}

/** The candidate of a target the fallback run picked. */
function candidateFor<C extends Candidate<unknown>>(run: CallRun<C>, target: RouteTarget): C {
  return run.candidates.find((candidate) => candidate.target.key === target.key) ?? run.candidates[0];
}

/** Records who served (outcome and log) and returns what the surface renders with. */
function serve<C extends Candidate<unknown>, R>(run: CallRun<C>, result: FallbackRunResult<R>): Served<C> {
  const { target } = result;
  const candidate = candidateFor(run, target);
  run.recorder.serve(target);
  run.context.annotate({
    servedModel: target.model.id,
    attempts: result.calls,
    ...(target.region === undefined ? {} : { servedRegion: target.region }),
    ...(result.attempts.length === 0 ? {} : { failedAttempts: result.attempts }),
  });
  return {
    candidate,
    target,
    modelName: servedModelName(run.plan, target),
    headers: { 'x-gateway-model': target.model.bedrockModelId, [ATTEMPTS_HEADER]: String(result.calls), ...warningsHeader(candidate.warnings) },
  };
}

/**
 * Records a call that ended without an answer. The client left or the deadline passed while it was
 * in flight: the request ends on this call (`abandoned`, or `cut` with no output for a stream not
 * started yet). The attempt's own limit fired: `timed-out`. Otherwise Bedrock refused it itself.
 */
function recordUnanswered<C extends Candidate<unknown>>(run: CallRun<C>, candidate: C, call: PlannedCall<unknown>, attempt: AttemptController, streaming: boolean): void {
  const estimate = callEstimate(candidate, call);
  if (run.deadline.signal.aborted) {
    const ending: CallEnding = streaming ? { kind: 'cut', outputCharacters: 0 } : { kind: 'abandoned' };
    run.recorder.billed({ ...estimate, ending }, candidate.target);
  } else {
    run.recorder.billed({ ...estimate, ending: attempt.timeout === undefined ? { kind: 'refused' } : { kind: 'timed-out' } });
  }
}

export { candidateFor, fallbackRunOptions, recordUnanswered, serve, warningsHeader };
export type { CallRun, Served };
