/** @module `POST /v1/embeddings`: validate, resolve, admit, InvokeModel per Titan text or Cohere batch, settle. */
import { upstreamErrorName } from '../../bedrock/bedrock-errors';
import { estimateTokensFromCharacters } from '../../bedrock/convert-usage';
import { createEmbeddings, parseEmbeddingsRequest } from '../../bedrock/embeddings';
import { computeCostNanoUsd } from '../../catalog/pricing';
import type { TokenUsage } from '../../ledger/meter-types';
import { renderError } from '../../openai/error-body';
import type { RequestContext } from '../context';
import { recordModelUsageMetrics } from '../request-metrics';
import { readJsonBody, requirePrincipal, resolveModelFor } from './model-route-support';

/** Status recorded for a request whose client went away before the response (nginx's convention). */
const CLIENT_CLOSED_STATUS = 499;

/**
 * Handles `POST /v1/embeddings`: validates the body (token arrays and empty strings are 400s),
 * resolves an embedding model (404 unknown, 400 chat model, 403 not allowed), reserves the cost of
 * the estimated input, embeds, and settles Bedrock's reported input tokens exactly once.
 *
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
async function createEmbeddingsRoute(ctx: RequestContext): Promise<void> {
  const request = parseEmbeddingsRequest(readJsonBody(ctx.request));
  const model = resolveModelFor(ctx, request.model, 'embedding');
  const principal = requirePrincipal(ctx);
  Object.assign(ctx.logFields, { model: request.model, servedModel: model.id, inputs: request.input.length });
  const estimatedInputTokens = request.input.reduce((sum, text) => sum + estimateTokensFromCharacters(text.length), 0);
  const estimate: TokenUsage = { inputTokens: estimatedInputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  const admission = await ctx.services.meter.admit({
    principal,
    model,
    requestId: ctx.requestId,
    maxCostNanoUsd: computeCostNanoUsd(model.prices, estimate),
    estimatedInputTokens,
    maxOutputTokens: 0,
  });
  const { signal } = ctx.request;
  let usage: TokenUsage = { ...estimate, inputTokens: 0 };
  let status = 0;
  let errorCode: string | undefined;
  try {
    const result = await createEmbeddings(ctx.services.bedrock, request, model, { signal });
    usage = result.usage;
    await ctx.response.json(200, result.response, { 'x-gateway-model': model.bedrockModelId });
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
    const cost = computeCostNanoUsd(model.prices, usage);
    await admission.settle({
      usage,
      costNanoUsd: cost,
      status,
      latencyMs: ctx.services.now() - ctx.request.receivedAtMs,
      servedModel: model.id,
      clientAborted: signal.aborted,
      ...(errorCode === undefined ? {} : { errorCode }),
    });
    recordModelUsageMetrics({ model: model.id, ...usage, costUsd: cost / 1e9 });
    Object.assign(ctx.logFields, { ...usage, costUsd: cost / 1e9 });
  }
}

export { createEmbeddingsRoute };
