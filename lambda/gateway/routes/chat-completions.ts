/** @module `POST /v1/chat/completions`: validate, plan the route, admit, call Converse with retries and fallbacks (JSON or SSE), settle. */
import { parseChatCompletionRequest } from '../../openai/chat-request-schema';
import { startCallDeadline, takeRequestSlot } from '../../resilience/request-resilience';
import type { RequestContext } from '../context';
import { admitChatCall } from './chat/chat-admission';
import { createChatCall } from './chat/chat-call';
import { prepareCandidates } from './chat/chat-candidates';
import { completeAsJson } from './chat/chat-json-response';
import { recordFailure } from './chat/chat-outcome';
import { planChatRoute } from './chat/chat-route-plan';
import { settleChatCall } from './chat/chat-settlement';
import { completeAsStream } from './chat/chat-stream-response';
import { readJsonBody, requirePrincipal } from './model-route-support';

/**
 * Handles `POST /v1/chat/completions`: parse and validate the body, plan the route (404 unknown,
 * 400 embedding model, 403 not allowed), prepare Converse per target, reserve the worst case over
 * the targets, call Bedrock with retries and fallbacks, answer as JSON or SSE, and settle the
 * actual usage of the model that served exactly once, whatever happened.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
async function createChatCompletion(ctx: RequestContext): Promise<void> {
  const request = parseChatCompletionRequest(readJsonBody(ctx.request));
  const principal = requirePrincipal(ctx);
  const resilience = ctx.services.resilience;
  const plan = planChatRoute(ctx, request, principal);
  Object.assign(ctx.logFields, { model: request.model, servedModel: plan.targets[0]?.model.id, stream: request.stream === true });
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = request.messages;
  const releaseRequestSlot = takeRequestSlot(ctx, resilience);
  try {
    const candidates = await prepareCandidates(ctx, request, plan, principal);
    ctx.logFields.warnings = candidates[0].prepared.warnings.length;
    const admission = await admitChatCall(ctx, principal, candidates, resilience.settings.maxAttempts);
    const deadline = startCallDeadline(ctx);
    const call = createChatCall({ ctx, request, plan, candidates, deadline });
    try {
      if (request.stream === true) await completeAsStream(call);
      else await completeAsJson(call);
    } catch (caught) {
      // The deadline aborts whatever was running (an attempt, a backoff): the client hears why.
      const error = deadline.expired ? deadline.error : caught;
      recordFailure(call, error);
      // A client that went away gets no response; anything else goes to the error boundary.
      if (!ctx.request.signal.aborted) throw error;
    } finally {
      deadline.dispose();
      await settleChatCall(call, admission);
    }
  } finally {
    releaseRequestSlot();
  }
}

export { createChatCompletion };
