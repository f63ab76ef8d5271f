/** @module `POST /v1/embeddings`: validate, plan the route, admit, InvokeModel per Titan text or Cohere batch with retries and fallbacks, settle. */
import { upstreamErrorName } from '../../bedrock/bedrock-errors';
import { estimateTokensFromCharacters } from '../../bedrock/convert-usage';
import { createEmbeddings, parseEmbeddingsRequest, type EmbeddingsResult } from '../../bedrock/embeddings';
import { computeCostNanoUsd } from '../../catalog/pricing';
import type { TokenUsage } from '../../ledger/meter-types';
import { renderError } from '../../openai/error-body';
import { AttemptController } from '../../resilience/attempt-controller';
import { createRequestObserver, requestDeadlineAtMs, takeRequestSlot } from '../../resilience/request-resilience';
import { ATTEMPTS_HEADER, runWithFallbacks } from '../../resilience/run-with-fallbacks';
import { parseFallbacksHeader, planRoute, servedModelName } from '../../routing/select-targets';
import type { RequestContext } from '../context';
import { recordModelUsageMetrics } from '../request-metrics';
import { readJsonBody, requirePrincipal } from './model-route-support';

/** Status recorded for a request whose client went away before the response (nginx's convention). */
const CLIENT_CLOSED_STATUS = 499;

/**
 * Handles `POST /v1/embeddings`: validates the body (token arrays and empty strings are 400s),
 * plans the route (404 unknown, 400 chat model, 403 not allowed; fallbacks only through the routing
 * table or the `x-gateway-fallbacks` header, since another model's vectors live in another space),
 * reserves the cost of the estimated input at the priciest target, embeds with retries, and settles
 * the served model's reported input tokens exactly once.
 *
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
async function createEmbeddingsRoute(ctx: RequestContext): Promise<void> {
  const request = parseEmbeddingsRequest(readJsonBody(ctx.request));
  const principal = requirePrincipal(ctx);
  const resilience = ctx.services.resilience;
  const plan = planRoute({
    name: request.model,
    kind: 'embedding',
    principal,
    catalog: ctx.services.catalog,
    routes: resilience.routes,
    override: parseFallbacksHeader(ctx.request.headers),
    random: resilience.random,
  });
  const [primary] = plan.targets as [(typeof plan.targets)[number], ...(typeof plan.targets)[number][]];
  let servedModel = primary.model;
  Object.assign(ctx.logFields, { model: request.model, servedModel: servedModel.id, inputs: request.input.length });
  const estimatedInputTokens = request.input.reduce((sum, text) => sum + estimateTokensFromCharacters(text.length), 0);
  const estimate: TokenUsage = { inputTokens: estimatedInputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const releaseRequestSlot = takeRequestSlot(ctx, resilience);
  try {
    const admission = await ctx.services.meter.admit({
      principal,
      model: servedModel,
      requestId: ctx.requestId,
      maxCostNanoUsd: Math.max(...plan.targets.map((target) => computeCostNanoUsd(target.model.prices, estimate))),
      estimatedInputTokens,
      maxOutputTokens: 0,
    });
    const { signal } = ctx.request;
    let usage: TokenUsage = { ...estimate, inputTokens: 0 };
    let status = 0;
    let errorCode: string | undefined;
    try {
      const run = await runWithFallbacks<EmbeddingsResult>({
        targets: plan.targets,
        resilience,
        signal,
        deadlineAtMs: requestDeadlineAtMs(ctx, resilience),
        observer: createRequestObserver(ctx),
        attempt: async (target) => {
          const attempt = new AttemptController(signal);
          attempt.arm(resilience.settings.responseTimeoutMs, 'response_timeout');
          try {
            return await attempt.race(createEmbeddings(resilience.clientFor(target.region), request, target.model, { signal: attempt.signal }));
          } finally {
            attempt.dispose();
          }
        },
      });
      run.release();
      servedModel = run.target.model;
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
      const rendered = renderError(error);
      status = rendered.statusCode;
      errorCode = rendered.body.error.code ?? rendered.body.error.type;
      ctx.logFields.upstreamError = upstreamErrorName(error);
      throw error;
    } finally {
      const cost = computeCostNanoUsd(servedModel.prices, usage);
      await admission.settle({
        usage,
        costNanoUsd: cost,
        status,
        latencyMs: ctx.services.now() - ctx.request.receivedAtMs,
        servedModel: servedModel.id,
        clientAborted: signal.aborted,
        ...(errorCode === undefined ? {} : { errorCode }),
      });
      recordModelUsageMetrics({ model: servedModel.id, ...usage, costUsd: cost / 1e9 });
      Object.assign(ctx.logFields, { ...usage, costUsd: cost / 1e9 });
    }
  } finally {
    releaseRequestSlot();
  }
}

export { createEmbeddingsRoute };
