/** @module `POST /v1/embeddings`: the OpenAI embeddings surface on the model-call core (InvokeModel per Titan text or Cohere batch). */
import {
  buildEmbeddingCalls,
  buildEmbeddingsResponse,
  embeddingInvokeInput,
  estimateEmbeddingCallTokens,
  parseEmbeddingsRequest,
  readEmbeddingAnswer,
  type EmbeddingCall,
  type EmbeddingCallResult,
} from '../../bedrock/embeddings';
import { invokeModelOperation, type JsonOperation } from '../../model-call/bedrock-operations';
import type { Candidate, PlannedCall } from '../../model-call/candidates';
import { callModelForJson } from '../../model-call/model-call';
import type { OpenAIEmbeddingsRequest } from '../../openai/embeddings-types';
import type { RouteTarget } from '../../routing/route-types';
import { parseFallbacksHeader } from '../../routing/select-targets';
import type { RequestContext } from '../context';
import { modelCallContext, planModelRoute, readJsonBody } from './model-route-support';

/** An embeddings candidate: one InvokeModel call per Titan text or Cohere batch, and the bodies the response is assembled from. */
interface EmbeddingsCandidate extends Candidate<JsonOperation<EmbeddingCallResult>> {
  readonly embeddingCalls: readonly EmbeddingCall[];
}

/**
 * The InvokeModel calls of one target. There is no context-window check across the request: a
 * model's window holds each text, not the request.
 *
 * @throws InvalidRequestError for `dimensions` the model does not support.
 */
async function prepareEmbeddings(request: OpenAIEmbeddingsRequest, target: RouteTarget): Promise<EmbeddingsCandidate> {
  const { model } = target;
  const embeddingCalls = buildEmbeddingCalls(request, model);
  const calls = embeddingCalls.map(
    (call): PlannedCall<JsonOperation<EmbeddingCallResult>> => ({
      operation: invokeModelOperation(embeddingInvokeInput(model, call), (answer) => readEmbeddingAnswer(request, model, call, answer)),
      estimatedInputTokens: estimateEmbeddingCallTokens(request, call),
      maxOutputTokens: 0,
    }),
  );
  return { target, embeddingCalls, calls: calls as [PlannedCall<JsonOperation<EmbeddingCallResult>>, ...PlannedCall<JsonOperation<EmbeddingCallResult>>[]], priceSelection: { writesCache: false }, warnings: [] };
}

/**
 * Handles `POST /v1/embeddings`: validates the body (token arrays and empty strings are 400s),
 * plans the route (404 unknown, 400 chat model, 403 not allowed; fallbacks only through the routing
 * table or the `x-gateway-fallbacks` header, since another model's vectors live in another space),
 * then the core reserves, embeds with retries (a retry on the same model reuses the calls that
 * answered, so Bedrock bills each text once per model) and settles every call Bedrock billed.
 *
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
async function createEmbeddingsRoute(ctx: RequestContext): Promise<void> {
  const request = parseEmbeddingsRequest(readJsonBody(ctx.request));
  const plan = planModelRoute(ctx, { name: request.model, kind: 'embedding', override: parseFallbacksHeader(ctx.request.headers) });
  Object.assign(ctx.logFields, { model: request.model, servedModel: plan.targets[0]?.model.id, inputs: request.input.length });
  await callModelForJson(
    { context: modelCallContext(ctx), plan, promptParam: 'input', prepare: (target) => prepareEmbeddings(request, target) },
    (results, served) => ({ ...buildEmbeddingsResponse(request, served.candidate.embeddingCalls, results), model: served.modelName }),
  );
}

export { createEmbeddingsRoute };
