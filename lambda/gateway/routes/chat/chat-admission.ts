/** @module Admits a chat call against budgets and rate limits at the worst case over its candidates. */
import type { Principal } from '../../../identity/principal';
import type { Admission } from '../../../ledger/meter-types';
import type { RequestContext } from '../../context';
import type { Candidates } from './chat-call';
import { costNanoUsd, inputUsage, worstCaseCost } from './chat-cost';

/**
 * Reserves the worst case over every candidate: a fallback to a pricier model must fit the
 * reservation too, so the budget can never be overspent by routing. Attempts that time out are
 * charged their input estimate on top of the call that serves, so the reservation adds, for each
 * call that may fail before the last (`maxAttempts - 1`), the dearest candidate's input estimate.
 * Settlement then charges the model that actually served, plus those timed-out attempts.
 *
 * @throws InsufficientQuotaError or RateLimitError from the meter when the reservation does not fit.
 */
async function admitChatCall(ctx: RequestContext, principal: Principal, candidates: Candidates, maxAttempts: number): Promise<Admission> {
  const [primary] = candidates;
  const worstInput = Math.max(...candidates.map((candidate) => costNanoUsd(candidate.target.model, inputUsage(candidate, candidate.prepared.estimatedInputTokens))));
  return ctx.services.meter.admit({
    principal,
    model: primary.target.model,
    requestId: ctx.requestId,
    maxCostNanoUsd: Math.max(...candidates.map(worstCaseCost)) + Math.max(0, maxAttempts - 1) * worstInput,
    estimatedInputTokens: Math.max(...candidates.map((candidate) => candidate.prepared.estimatedInputTokens)),
    maxOutputTokens: Math.max(...candidates.map((candidate) => candidate.prepared.maxOutputTokens)),
  });
}

export { admitChatCall };
