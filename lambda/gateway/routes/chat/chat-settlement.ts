/** @module Settles a chat call once: the served model's usage plus the timed-out attempts Bedrock may have billed. */
import type { Admission, TokenUsage } from '../../../ledger/meter-types';
import { settleModelCall } from '../model-call-outcome';
import type { ChatCall } from './chat-call';
import { costNanoUsd } from './chat-cost';

/** Settles the call's admission, metrics and log fields; the served model prices `outcome.usage`, each unfinished attempt was priced at its own. */
async function settleChatCall(call: ChatCall, admission: Admission): Promise<void> {
  const { ctx, outcome } = call;
  const { model } = call.served.target;
  const { unfinished } = outcome;
  const usage: TokenUsage = {
    inputTokens: outcome.usage.inputTokens + unfinished.usage.inputTokens,
    outputTokens: outcome.usage.outputTokens + unfinished.usage.outputTokens,
    cacheReadTokens: outcome.usage.cacheReadTokens + unfinished.usage.cacheReadTokens,
    cacheWriteTokens: outcome.usage.cacheWriteTokens + unfinished.usage.cacheWriteTokens,
  };
  await settleModelCall(ctx, admission, {
    usage,
    costNanoUsd: costNanoUsd(model, outcome.usage) + unfinished.costNanoUsd,
    status: outcome.status,
    servedModel: model.id,
    clientAborted: outcome.clientAborted,
    ...(outcome.errorCode === undefined ? {} : { errorCode: outcome.errorCode }),
    ...(outcome.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: outcome.timeToFirstTokenMs }),
  });
  // Unlike the settlement and metrics, every chat request log carries the field, even when no token came.
  ctx.logFields.timeToFirstTokenMs = outcome.timeToFirstTokenMs;
}

export { settleChatCall };
