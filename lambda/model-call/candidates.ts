/** @module Candidates: the targets of a plan with the request prepared for each, and the ones that can take it. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { InvalidRequestError } from '../platform/errors';
import type { RoutePlan, RouteTarget } from '../routing/route-types';
import { partitionByContextWindow } from '../routing/select-targets';
import type { CallEstimate, PriceSelection } from './charging-rules';

/** One Bedrock call of an attempt, with what the reservation and the charging rules need to know of it. */
interface PlannedCall<Op> {
  /** The call, e.g. `converseOperation(input)`. */
  readonly operation: Op;
  /** The gateway's upper-bound estimate of the call's input tokens. */
  readonly estimatedInputTokens: number;
  /** The most output tokens the call may produce (`max_tokens`; 0 for embeddings). */
  readonly maxOutputTokens: number;
}

/**
 * A target with the request prepared for its model (parameters, tools and limits differ per model).
 * Surfaces extend it with what their response needs (tool names, the prepared request, ...).
 */
interface Candidate<Op> {
  readonly target: RouteTarget;
  /** The Bedrock calls one attempt on this target makes: one for chat; one per text or batch for embeddings. */
  readonly calls: readonly [PlannedCall<Op>, ...PlannedCall<Op>[]];
  readonly priceSelection: PriceSelection;
  /** Parameters ignored, dropped or clamped for this target; sent as `x-gateway-warnings` when it serves. */
  readonly warnings: readonly string[];
  /**
   * The prompt's estimated tokens, checked against the target's context window (targets it does not
   * fit are skipped). Absent: not checked, e.g. embeddings, whose window holds each text, not the request.
   */
  readonly promptTokens?: number;
}

/** A candidate that streams: exactly one call. */
type StreamCandidate<Op> = Candidate<Op> & { readonly calls: readonly [PlannedCall<Op>] };

/** The candidates of a call in the order they are tried; the first is the primary. */
type Candidates<C> = readonly [C, ...C[]];

/** Options of `prepareCandidates`. */
interface PrepareCandidatesOptions<C> {
  readonly plan: RoutePlan;
  /** Prepares the request for one target; a rejection drops the target. */
  readonly prepare: (target: RouteTarget) => Promise<C>;
  /** The parameter named when the prompt fits no target's context window (`messages`, `input`). */
  readonly promptParam: string;
  readonly requestId: string;
  readonly logger: Logger;
  /** Adds fields to the request's access-log line. */
  readonly annotate: (fields: Readonly<Record<string, unknown>>) => void;
}

/** The rules' view of one planned call of a candidate. */
function callEstimate<Op>(candidate: Candidate<Op>, call: PlannedCall<Op>): CallEstimate {
  return {
    prices: candidate.target.model.prices,
    priceSelection: candidate.priceSelection,
    estimatedInputTokens: call.estimatedInputTokens,
    maxOutputTokens: call.maxOutputTokens,
  };
}

/**
 * Prepares the request for every target of the plan and keeps the targets that can take it: a
 * target whose preparation fails is dropped (if all fail, the first failure is the answer), and so
 * is one whose context window the prompt does not fit.
 *
 * @throws the first target's preparation error when no target can take the request;
 *   InvalidRequestError `context_length_exceeded` naming `promptParam` when the prompt fits no target.
 */
async function prepareCandidates<C extends Candidate<unknown>>(options: PrepareCandidatesOptions<C>): Promise<Candidates<C>> {
  const { plan, logger, requestId } = options;
  const settled = await Promise.allSettled(plan.targets.map((target) => options.prepare(target)));
  const prepared: C[] = [];
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') prepared.push(result.value);
    else if (plan.targets.length > 1) {
      logger.info('target cannot take the request', { requestId, target: plan.targets[index]?.model.id, error: String(result.reason) });
    }
  });
  if (prepared.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  const promptTokensOf = (target: RouteTarget): number => prepared.find((candidate) => candidate.target === target)?.promptTokens ?? 0;
  const { fitting, tooSmall } = partitionByContextWindow(
    prepared.map((candidate) => candidate.target),
    promptTokensOf,
  );
  if (fitting.length === 0) {
    const windows = tooSmall.map((target) => `${target.model.id} (${target.model.contextWindowTokens})`).join(', ');
    throw new InvalidRequestError(
      `The prompt (about ${promptTokensOf(tooSmall[0] as RouteTarget)} tokens) does not fit the context window of ${tooSmall.length === 1 ? 'the model' : 'any model of the route'}: ${windows}.`,
      { code: 'context_length_exceeded', param: options.promptParam },
    );
  }
  if (tooSmall.length > 0) {
    const skipped = tooSmall.map((target) => target.model.id);
    options.annotate({ contextEscalation: skipped });
    logger.info('skipping targets whose context window is too small', { requestId, skipped });
  }
  // Not empty: every fitting target was prepared.
  return prepared.filter((candidate) => fitting.includes(candidate.target)) as unknown as Candidates<C>;
}

export { callEstimate, prepareCandidates };
export type { Candidate, Candidates, PlannedCall, PrepareCandidatesOptions, StreamCandidate };
