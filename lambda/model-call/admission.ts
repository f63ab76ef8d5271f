/** @module Admits a model call against budgets and rate limits at the worst case over its candidates. */
import type { Admission } from '../ledger/meter-types';
import { callEstimate, type Candidate, type Candidates } from './candidates';
import { NO_USAGE, inputEstimateCost, priceUsage, reservationCost, servedPrices, type CallEstimate } from './charging-rules';
import type { ModelCallContext } from './model-call-context';

function total(calls: readonly CallEstimate[], field: 'estimatedInputTokens' | 'maxOutputTokens'): number {
  return calls.reduce((sum, call) => sum + call[field], 0);
}

/**
 * Reserves the call's worst case (`reservationCost`: the dearest candidate, plus the input of every
 * attempt that may time out before the last), so neither a fallback to a pricier model nor a retry
 * can overspend a budget. Token limits count the largest candidate's input estimate and output.
 * The worst case is at most `maxAttempts` times the dearest input plus the output at the dearest
 * output price, which is what a budget refusal uses to name the largest `max_tokens` that fits.
 *
 * @throws InsufficientQuotaError or RateLimitError from the meter when the reservation does not fit.
 */
async function admitModelCall<C extends Candidate<unknown>>(context: ModelCallContext, candidates: Candidates<C>): Promise<Admission> {
  const estimates = candidates.map((candidate) => candidate.calls.map((call) => callEstimate(candidate, call)));
  const allCalls = estimates.flat();
  const dearestInput = Math.max(...estimates.map((ofCandidate) => ofCandidate.reduce((sum, call) => sum + inputEstimateCost(call), 0)));
  return context.meter.admit({
    principal: context.principal,
    ...(context.credentialCheck === undefined ? {} : { credentialCheck: context.credentialCheck }),
    model: candidates[0].target.model,
    requestId: context.requestId,
    maxCostNanoUsd: reservationCost(estimates, context.resilience.settings.maxAttempts),
    estimatedInputTokens: Math.max(...estimates.map((calls) => total(calls, 'estimatedInputTokens'))),
    maxOutputTokens: Math.max(...estimates.map((calls) => total(calls, 'maxOutputTokens'))),
    outputNanoUsdPerToken: Math.max(...allCalls.map((call) => priceUsage(servedPrices(call.prices, call.priceSelection), { ...NO_USAGE, outputTokens: 1 }))),
    nonOutputCostNanoUsd: Math.max(1, context.resilience.settings.maxAttempts) * dearestInput,
    ...(context.deadlineAtMs === undefined ? {} : { deadlineAtMs: context.deadlineAtMs }),
  });
}

export { admitModelCall };
