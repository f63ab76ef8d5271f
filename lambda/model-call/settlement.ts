/** @module The one settlement of a model call: its outcome charged by the rules, written to the ledger, metrics and the log. */
import type { Admission } from '../ledger/meter-types';
import type { ModelCallOutcome } from './call-outcome';
import { chargeCalls } from './charging-rules';
import type { ModelCallContext } from './model-call-context';
import { recordModelUsageMetrics, recordTeamUsageMetrics } from './model-usage-metrics';

/**
 * Charges the outcome (`chargeCalls`: every call at its own model's prices) and settles the
 * admission once with it; the per-model and per-team metrics and the request log get the same usage and cost,
 * so the ledger, dashboards and logs agree. `Admission.settle` never throws.
 */
async function settleModelCall(context: ModelCallContext, admission: Admission, outcome: ModelCallOutcome): Promise<void> {
  const { usage, costNanoUsd } = chargeCalls(outcome.calls);
  const { status, servedModel, clientAborted, errorCode, timeToFirstTokenMs } = outcome;
  const ttft = timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs };
  await admission.settle({
    usage,
    costNanoUsd,
    status,
    latencyMs: context.now() - context.receivedAtMs,
    servedModel,
    clientAborted,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...ttft,
  });
  recordModelUsageMetrics({ model: servedModel, ...usage, costUsd: costNanoUsd / 1e9, ...ttft });
  recordTeamUsageMetrics({ team: context.principal.team, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: costNanoUsd / 1e9 });
  context.annotate({ ...usage, costUsd: costNanoUsd / 1e9, ...ttft });
}

export { settleModelCall };
