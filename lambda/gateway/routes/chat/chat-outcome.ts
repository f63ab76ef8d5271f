/** @module How a chat call's outcome is recorded when it fails: attempts Bedrock may bill, and the failure the client hears. */
import type { AttemptController } from '../../../resilience/attempt-controller';
import { CLIENT_CLOSED_STATUS } from '../../../platform/http-status';
import { recordCallFailure } from '../model-call-outcome';
import type { Candidate, ChatCall } from './chat-call';
import { costNanoUsd, inputUsage } from './chat-cost';

/**
 * Charges an attempt that ended without an answer but may have been billed by Bedrock. The client
 * left or the deadline passed while it was in flight: the call is settled on this target, a
 * non-streaming one at its worst case (Bedrock may finish and bill the whole answer), a stream not
 * yet started at its input estimate. An attempt that timed out: its input estimate, on top of
 * whatever serves later. Failures Bedrock answered itself (throttling, errors) are not billed.
 */
function chargeUnfinishedAttempt(call: ChatCall, candidate: Candidate, attempt: AttemptController, streaming: boolean): void {
  const { outcome, deadline } = call;
  const { estimatedInputTokens, maxOutputTokens } = candidate.prepared;
  if (deadline.signal.aborted) {
    call.served = candidate;
    outcome.usage = { ...inputUsage(candidate, estimatedInputTokens), outputTokens: streaming ? 0 : maxOutputTokens };
  } else if (attempt.timeout !== undefined) {
    const usage = inputUsage(candidate, estimatedInputTokens);
    const { unfinished } = outcome;
    unfinished.costNanoUsd += costNanoUsd(candidate.target.model, usage);
    unfinished.usage = {
      inputTokens: unfinished.usage.inputTokens + usage.inputTokens,
      outputTokens: unfinished.usage.outputTokens,
      cacheReadTokens: unfinished.usage.cacheReadTokens,
      cacheWriteTokens: unfinished.usage.cacheWriteTokens + usage.cacheWriteTokens,
    };
  }
}

/** Records how a failed call ended; what it may have cost was charged where it failed (`chargeUnfinishedAttempt`). */
function recordFailure(call: ChatCall, error: unknown): void {
  const { ctx, outcome } = call;
  if (ctx.request.signal.aborted) {
    outcome.clientAborted = true;
    if (outcome.status === 0) outcome.status = CLIENT_CLOSED_STATUS;
    return;
  }
  const { status, errorCode } = recordCallFailure(ctx, error);
  outcome.status = status;
  outcome.errorCode = errorCode;
}

export { chargeUnfinishedAttempt, recordFailure };
