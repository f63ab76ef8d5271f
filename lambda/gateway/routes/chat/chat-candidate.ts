/** @module A chat request prepared for one target: the Converse input, its estimates, price selection and warnings. */
import type { ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import { longestCacheTtl } from '../../../bedrock/cache-points';
import { hasCachePoint } from '../../../bedrock/estimate-input-tokens';
import { servingSelection } from '../../../bedrock/prepare-serving';
import { prepareConverseRequest, type PreparedConverseRequest } from '../../../bedrock/prepare-converse-request';
import { gatewayRequestMetadata, mergeRequestMetadata } from '../../../bedrock/request-metadata';
import type { Candidate, PlannedCall } from '../../../model-call/candidates';
import type { OpenAIChatCompletionRequest } from '../../../openai/chat-request-types';
import type { RouteTarget } from '../../../routing/route-types';
import { parseFallbacksHeader, type FallbackOverride } from '../../../routing/select-targets';
import type { RequestContext } from '../../context';
import { requestImageFetcher, requirePrincipal } from '../model-route-support';

/** A chat candidate: one Converse or ConverseStream call, and the prepared request its response needs (tool names, response format). */
interface ChatCandidate<Op> extends Candidate<Op> {
  readonly calls: readonly [PlannedCall<Op>];
  readonly prepared: PreparedConverseRequest;
}

/** Prepares the chat request for one target, as a Converse (JSON) or ConverseStream (SSE) call. */
type ChatCandidatePreparer = <Op>(target: RouteTarget, operationFor: (input: ConverseRequest) => Op) => Promise<ChatCandidate<Op>>;

/** The request's fallbacks: `bedrock.fallbacks` in the body, else the `x-gateway-fallbacks` header. */
function chatFallbacks(ctx: RequestContext, request: OpenAIChatCompletionRequest): FallbackOverride | undefined {
  const fromBody = request.bedrock?.fallbacks;
  if (fromBody !== undefined) return { models: fromBody, param: 'bedrock.fallbacks' };
  return parseFallbacksHeader(ctx.request.headers);
}

/**
 * Prepares chat requests per target (each model has its own parameter rules), with the gateway's
 * attribution in `requestMetadata`; the prompt's cache points (and their TTL), the service tier and
 * the latency mode select the prices.
 */
function chatCandidatePreparer(ctx: RequestContext, request: OpenAIChatCompletionRequest, options: { readonly autoCachePoints?: boolean } = {}): ChatCandidatePreparer {
  const { guardrail } = ctx.services.config;
  const autoCachePoints = options.autoCachePoints ?? ctx.services.config.autoCachePoints;
  const principal = requirePrincipal(ctx);
  const attribution = gatewayRequestMetadata({ requestId: ctx.requestId, principalId: principal.id, team: principal.team });
  const fetchImage = requestImageFetcher();
  return async (target, operationFor) => {
    const prepared = await prepareConverseRequest(request, target.model, { fetchImage, guardrail, autoCachePoints, signal: ctx.request.signal });
    const input = { ...prepared.input, requestMetadata: mergeRequestMetadata(prepared.input.requestMetadata, attribution) };
    const { system = [], messages = [], toolConfig } = input;
    const { estimatedInputTokens, maxOutputTokens, warnings } = prepared;
    return {
      target,
      prepared: { ...prepared, input },
      calls: [{ operation: operationFor(input), estimatedInputTokens, maxOutputTokens }],
      priceSelection: {
        writesCache: hasCachePoint(system, messages, toolConfig?.tools ?? []),
        ...(longestCacheTtl({ system, messages, tools: toolConfig?.tools ?? [] }) === '1h' ? { cacheTtl: '1h' as const } : {}),
        ...servingSelection(input),
      },
      warnings,
      promptTokens: estimatedInputTokens,
    };
  };
}

export { chatCandidatePreparer, chatFallbacks };
export type { ChatCandidate, ChatCandidatePreparer };
