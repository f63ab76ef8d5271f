/** @module A model call answered as one JSON response: the attempts (each one or more Bedrock calls) and the 200. */
import { AttemptController } from '../resilience/attempt-controller';
import { runWithFallbacks } from '../resilience/run-with-fallbacks';
import type { RouteTarget } from '../routing/route-types';
import type { AnsweredCall, JsonOperation } from './bedrock-operations';
import { candidateFor, fallbackRunOptions, recordUnanswered, serve, type CallRun, type Served } from './call-run';
import { callEstimate, type Candidate } from './candidates';

/** Bedrock calls of one attempt in flight at once (the texts of an embeddings request). */
const CALLS_IN_FLIGHT_PER_ATTEMPT = 8;

/** Builds the response body from the calls' results (in call order) once a candidate served. */
type JsonReply<R, C> = (results: readonly R[], served: Served<C>) => unknown;

/**
 * Runs `run` over `items`, `limit` at a time. After the first failure no new item starts; the ones
 * in flight finish (their results count) before the failure is thrown, so nothing of this attempt
 * is still calling Bedrock when a retry starts.
 */
async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  async function worker(): Promise<void> {
    while (next < items.length && failure === undefined) {
      const index = next++;
      try {
        results[index] = await run(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

/**
 * One attempt on one target under the response timeout: every call of the candidate, reusing the
 * answers an earlier attempt on the same model already got (Bedrock billed those once). Each call
 * is recorded as it ends; calls still in flight when the attempt is cut (a timeout, the client, the
 * deadline) are recorded then, whatever their promises do later.
 */
async function attemptJson<R, C extends Candidate<JsonOperation<R>>>(
  run: CallRun<C>,
  target: RouteTarget,
  answeredByModel: Map<string, Map<number, R>>,
): Promise<R[]> {
  const { resilience } = run.context;
  const candidate = candidateFor(run, target);
  const answered = answeredByModel.get(target.model.id) ?? new Map<number, R>();
  answeredByModel.set(target.model.id, answered);
  const attempt = new AttemptController(run.deadline.signal);
  attempt.arm(resilience.settings.responseTimeoutMs, 'response_timeout');
  const unrecorded = new Set<number>();
  const recordUnfinished = (index: number): void => {
    if (!unrecorded.delete(index)) return;
    recordUnanswered(run, candidate, candidate.calls[index] as (typeof candidate.calls)[number], attempt, false);
  };
  const client = resilience.clientFor(target.region);
  try {
    return await attempt.race(
      mapWithConcurrency(candidate.calls, CALLS_IN_FLIGHT_PER_ATTEMPT, async (call, index) => {
        const reused = answered.get(index);
        if (reused !== undefined) return reused;
        unrecorded.add(index);
        let answer: AnsweredCall<R>;
        try {
          answer = await call.operation.send(client, { signal: attempt.signal, model: target.model.id });
        } catch (error) {
          recordUnfinished(index);
          throw error;
        }
        // An attempt already cut recorded this call as unfinished: its late answer is not counted twice.
        if (unrecorded.delete(index)) {
          run.recorder.billed({ ...callEstimate(candidate, call), ending: { kind: 'answered', usage: answer.usage } });
          answered.set(index, answer.result);
        }
        return answer.result;
      }),
    );
  } catch (error) {
    for (const index of [...unrecorded]) recordUnfinished(index);
    throw error;
  } finally {
    attempt.dispose();
  }
}

/**
 * Calls the candidates in turn (retries, fallbacks, breakers) and sends the first answer as a 200
 * with the served headers. Usage is recorded as each call answers, before `reply` can fail, since
 * Bedrock billed it.
 */
async function answerJson<R, C extends Candidate<JsonOperation<R>>>(run: CallRun<C>, reply: JsonReply<R, C>): Promise<void> {
  const answeredByModel = new Map<string, Map<number, R>>();
  const result = await runWithFallbacks<R[]>({
    ...fallbackRunOptions(run),
    attempt: (target) => attemptJson(run, target, answeredByModel),
  });
  try {
    const served = serve(run, result);
    await run.context.response.json(200, await reply(result.value, served), served.headers);
    run.recorder.sent(200);
  } finally {
    result.release();
  }
}

export { answerJson };
export type { JsonReply };
