/** @module `POST /v1/embeddings`: validate, plan the route, admit, InvokeModel per Titan text or Cohere batch with retries and fallbacks, settle. */
import { createEmbeddings, parseEmbeddingsRequest, type EmbeddingCallResult, type EmbeddingsResult } from '../../bedrock/embeddings';
import { estimateTextTokens } from '../../bedrock/estimate-input-tokens';
import type { CatalogEntry } from '../../catalog/types';
import { computeCostNanoUsd } from '../../catalog/pricing';
import type { TokenUsage } from '../../ledger/meter-types';
import { AttemptController } from '../../resilience/attempt-controller';
import { takeRequestSlot } from '../../resilience/request-resilience';
import { ATTEMPTS_HEADER, runWithFallbacks } from '../../resilience/run-with-fallbacks';
import { parseFallbacksHeader, servedModelName } from '../../routing/select-targets';
import type { RequestContext } from '../context';
import { CLIENT_CLOSED_STATUS } from '../../platform/http-status';
import { recordCallFailure, settleModelCall } from './model-call-outcome';
import { fallbackRunOptions, planModelRoute, readJsonBody, requirePrincipal } from './model-route-support';

/** Successful InvokeModel calls per model id, kept across attempts of one request. */
type CompletedCalls = Map<string, { readonly model: CatalogEntry; readonly results: Map<number, EmbeddingCallResult> }>;

/**
 * What the calls of models that did not serve cost: Bedrock billed every call that succeeded,
 * even when a later call of the same attempt failed and another model answered. A call without a
 * reported count makes its model count at least the whole request's estimate.
 */
function unservedCost(completed: CompletedCalls, servedModelId: string | undefined, estimatedInputTokens: number): { tokens: number; costNanoUsd: number } {
  let tokens = 0;
  let costNanoUsd = 0;
  for (const [modelId, { model, results }] of completed) {
    if (modelId === servedModelId) continue;
    let modelTokens = 0;
    let uncounted = false;
    for (const result of results.values()) {
      if (result.inputTokens === undefined) uncounted = true;
      else modelTokens += result.inputTokens;
    }
    if (uncounted) modelTokens = Math.max(modelTokens, estimatedInputTokens);
    tokens += modelTokens;
    costNanoUsd += computeCostNanoUsd(model.prices, { inputTokens: modelTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
  }
  return { tokens, costNanoUsd };
}

/**
 * Handles `POST /v1/embeddings`: validates the body (token arrays and empty strings are 400s),
 * plans the route (404 unknown, 400 chat model, 403 not allowed; fallbacks only through the routing
 * table or the `x-gateway-fallbacks` header, since another model's vectors live in another space),
 * reserves the estimated input once per distinct model of the route at the priciest target's price
 * (a retry reuses the calls that succeeded, so each model bills each text at most once), embeds with
 * retries, and settles the served model's reported input tokens, plus the calls that succeeded on
 * models that then failed, exactly once.
 *
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
async function createEmbeddingsRoute(ctx: RequestContext): Promise<void> {
  const request = parseEmbeddingsRequest(readJsonBody(ctx.request));
  const principal = requirePrincipal(ctx);
  const resilience = ctx.services.resilience;
  const plan = planModelRoute(ctx, principal, { name: request.model, kind: 'embedding', override: parseFallbacksHeader(ctx.request.headers) });
  const [primary] = plan.targets as [(typeof plan.targets)[number], ...(typeof plan.targets)[number][]];
  let servedModel = primary.model;
  Object.assign(ctx.logFields, { model: request.model, servedModel: servedModel.id, inputs: request.input.length });
  const estimatedInputTokens = request.input.reduce((sum, text) => sum + estimateTextTokens(text), 0);
  const distinctModels = new Set(plan.targets.slice(0, resilience.settings.maxAttempts).map((target) => target.model.id)).size;
  const estimate: TokenUsage = { inputTokens: estimatedInputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const releaseRequestSlot = takeRequestSlot(ctx, resilience);
  try {
    const admission = await ctx.services.meter.admit({
      principal,
      model: servedModel,
      requestId: ctx.requestId,
      maxCostNanoUsd: distinctModels * Math.max(...plan.targets.map((target) => computeCostNanoUsd(target.model.prices, estimate))),
      estimatedInputTokens,
      maxOutputTokens: 0,
    });
    const { signal } = ctx.request;
    let usage: TokenUsage = { ...estimate, inputTokens: 0 };
    let status = 0;
    let errorCode: string | undefined;
    let served: string | undefined;
    const completed: CompletedCalls = new Map();
    const completedFor = (model: CatalogEntry): Map<number, EmbeddingCallResult> => {
      let entry = completed.get(model.id);
      if (entry === undefined) {
        entry = { model, results: new Map() };
        completed.set(model.id, entry);
      }
      return entry.results;
    };
    try {
      const run = await runWithFallbacks<EmbeddingsResult>({
        ...fallbackRunOptions(ctx, plan.targets, signal),
        attempt: async (target) => {
          const attempt = new AttemptController(signal);
          attempt.arm(resilience.settings.responseTimeoutMs, 'response_timeout');
          try {
            return await attempt.race(
              createEmbeddings(resilience.clientFor(target.region), request, target.model, { signal: attempt.signal, completed: completedFor(target.model) }),
            );
          } finally {
            attempt.dispose();
          }
        },
      });
      run.release();
      servedModel = run.target.model;
      served = servedModel.id;
      usage = run.value.usage;
      Object.assign(ctx.logFields, { servedModel: servedModel.id, attempts: run.calls });
      await ctx.response.json(
        200,
        { ...run.value.response, model: servedModelName(plan, run.target) },
        { 'x-gateway-model': servedModel.bedrockModelId, [ATTEMPTS_HEADER]: String(run.calls) },
      );
      status = 200;
    } catch (error) {
      if (signal.aborted) {
        // Some calls may have completed before the client left; count the estimate.
        usage = estimate;
        status = CLIENT_CLOSED_STATUS;
        return;
      }
      ({ status, errorCode } = recordCallFailure(ctx, error));
      throw error;
    } finally {
      // An aborted request is charged its whole estimate already; otherwise add what other models billed.
      const unserved = signal.aborted ? { tokens: 0, costNanoUsd: 0 } : unservedCost(completed, served, estimatedInputTokens);
      usage = { ...usage, inputTokens: usage.inputTokens + unserved.tokens };
      await settleModelCall(ctx, admission, {
        usage,
        costNanoUsd: computeCostNanoUsd(servedModel.prices, { ...usage, inputTokens: usage.inputTokens - unserved.tokens }) + unserved.costNanoUsd,
        status,
        servedModel: servedModel.id,
        clientAborted: signal.aborted,
        ...(errorCode === undefined ? {} : { errorCode }),
      });
    }
  } finally {
    releaseRequestSlot();
  }
}

export { createEmbeddingsRoute };
