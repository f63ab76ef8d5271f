/** @module How every model route ends a call: the failure it records and the one settlement. */
import { upstreamErrorName } from '../../bedrock/bedrock-errors';
import type { Admission, TokenUsage } from '../../ledger/meter-types';
import { renderError } from '../../openai/error-body';
import type { RequestContext } from '../context';
import { recordModelUsageMetrics } from '../request-metrics';


/** What the ledger records of a call that failed with an error the client hears. */
interface CallFailure {
  readonly status: number;
  /** The OpenAI error code, else the error type. */
  readonly errorCode: string;
}

/** What a model call settles: the usage and cost of every billed call, and how the request ended. */
interface ModelCallSettlement {
  readonly usage: TokenUsage;
  readonly costNanoUsd: number;
  readonly status: number;
  /** The catalog id of the model that served (or was last called). */
  readonly servedModel: string;
  readonly clientAborted: boolean;
  readonly errorCode?: string;
  readonly timeToFirstTokenMs?: number;
}

/**
 * The status and error code of a failed call as the client is answered (see `renderError`); also
 * logs Bedrock's exception name, so a mapped error can be traced to what Bedrock said.
 */
function recordCallFailure(ctx: RequestContext, error: unknown): CallFailure {
  const rendered = renderError(error);
  ctx.logFields.upstreamError = upstreamErrorName(error);
  return { status: rendered.statusCode, errorCode: rendered.body.error.code ?? rendered.body.error.type };
}

/**
 * Settles the admission once with the call's latency, and reports the same usage and cost to the
 * per-model metrics and the request log, so the ledger, dashboards and logs agree.
 */
async function settleModelCall(ctx: RequestContext, admission: Admission, settlement: ModelCallSettlement): Promise<void> {
  const { usage, costNanoUsd, status, servedModel, clientAborted, errorCode, timeToFirstTokenMs } = settlement;
  const latencyMs = ctx.services.now() - ctx.request.receivedAtMs;
  await admission.settle({
    usage,
    costNanoUsd,
    status,
    latencyMs,
    servedModel,
    clientAborted,
    ...(errorCode === undefined ? {} : { errorCode }),
    ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }),
  });
  recordModelUsageMetrics({
    model: servedModel,
    ...usage,
    costUsd: costNanoUsd / 1e9,
    ...(timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs }),
  });
  Object.assign(ctx.logFields, { ...usage, costUsd: costNanoUsd / 1e9 });
}

export { recordCallFailure, settleModelCall };
export type { CallFailure, ModelCallSettlement };
