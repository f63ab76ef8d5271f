/** @module `POST /v1/chat/completions`: the OpenAI Chat Completions surface on the model-call core (Converse, JSON or SSE). */
import { callModelForJson, callModelForStream } from '../../model-call/model-call';
import { converseOperation, converseStreamOperation } from '../../model-call/bedrock-operations';
import { parseChatCompletionRequest } from '../../openai/chat-request-schema';
import type { RouteTarget } from '../../routing/route-types';
import type { RequestContext } from '../context';
import { chatCandidatePreparer, chatFallbacks } from './chat/chat-candidate';
import { chatCompletionReply, chatCompletionStream, newCompletionIdentity } from './chat/chat-completion-replies';
import { modelCallContext, planModelRoute, readJsonBody } from './model-route-support';

/**
 * Handles `POST /v1/chat/completions`: parse and validate the body, plan the route (404 unknown,
 * 400 embedding model, 403 not allowed), then the core prepares Converse per target, reserves the
 * worst case, calls Bedrock with retries and fallbacks, answers as JSON or SSE through the OpenAI
 * renderers, and settles the actual usage exactly once, whatever happened.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
async function createChatCompletion(ctx: RequestContext): Promise<void> {
  const request = parseChatCompletionRequest(readJsonBody(ctx.request));
  const plan = planModelRoute(ctx, { name: request.model, kind: 'chat', override: chatFallbacks(ctx, request) });
  Object.assign(ctx.logFields, { model: request.model, servedModel: plan.targets[0]?.model.id, stream: request.stream === true });
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = request.messages;
  const context = modelCallContext(ctx);
  const prepare = chatCandidatePreparer(ctx, request);
  const identity = newCompletionIdentity(ctx, request.service_tier);
  if (request.stream === true) {
    await callModelForStream(
      { context, plan, promptParam: 'messages', prepare: (target: RouteTarget) => prepare(target, converseStreamOperation) },
      chatCompletionStream(ctx, identity),
    );
  } else {
    await callModelForJson({ context, plan, promptParam: 'messages', prepare: (target: RouteTarget) => prepare(target, converseOperation) }, chatCompletionReply(ctx, identity));
  }
}

export { createChatCompletion };
