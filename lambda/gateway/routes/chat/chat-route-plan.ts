/** @module The route of a chat request: the model it names, plus the fallbacks it asks for in the body or the header. */
import type { Principal } from '../../../identity/principal';
import type { OpenAIChatCompletionRequest } from '../../../openai/chat-request-types';
import type { RoutePlan } from '../../../routing/route-types';
import { parseFallbacksHeader, type FallbackOverride } from '../../../routing/select-targets';
import type { RequestContext } from '../../context';
import { planModelRoute } from '../model-route-support';

/** The request's fallbacks: `bedrock.fallbacks` in the body, else the `x-gateway-fallbacks` header. */
function fallbackOverride(ctx: RequestContext, request: OpenAIChatCompletionRequest): FallbackOverride | undefined {
  const fromBody = request.bedrock?.fallbacks;
  if (fromBody !== undefined) return { models: fromBody, param: 'bedrock.fallbacks' };
  return parseFallbacksHeader(ctx.request.headers);
}

/**
 * Plans the chat targets of the request.
 *
 * @throws NotFoundError for unknown models, InvalidRequestError for an embedding model,
 *   PermissionDeniedError for a model the principal may not use.
 */
function planChatRoute(ctx: RequestContext, request: OpenAIChatCompletionRequest, principal: Principal): RoutePlan {
  return planModelRoute(ctx, principal, { name: request.model, kind: 'chat', override: fallbackOverride(ctx, request) });
}

export { planChatRoute };
