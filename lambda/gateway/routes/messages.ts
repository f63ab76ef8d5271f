/**
 * @module `POST /v1/messages` and `POST /v1/messages/count_tokens`: the Anthropic Messages API on the
 * model-call core (Claude through InvokeModel, JSON or SSE), and token counting (free, but
 * authenticated and rate limited).
 */
import { readAnthropicBetas } from '../../anthropic/anthropic-betas';
import { convertToClaudeBody } from '../../anthropic/convert-to-claude-body';
import { estimateMessagesInputTokens } from '../../anthropic/estimate-messages-tokens';
import type { AnthropicTokenCount } from '../../anthropic/messages-api-types';
import { parseMessagesRequest, type ParsedMessagesRequest } from '../../anthropic/messages-request-schema';
import { countInvokeModelTokens } from '../../bedrock/count-tokens';
import { RequestWarnings } from '../../bedrock/request-warnings';
import { warningsHeader } from '../../model-call/call-run';
import { callModelForJson, callModelForStream } from '../../model-call/model-call';
import { GatewayError, InvalidRequestError, asGatewayError } from '../../platform/errors';
import type { GatewayRequest } from '../../platform/http-types';
import type { RouteTarget } from '../../routing/route-types';
import { parseFallbacksHeader } from '../../routing/select-targets';
import type { RequestContext } from '../context';
import { messagesCandidatePreparer } from './messages/messages-candidate';
import { messageReply, messageStream } from './messages/messages-replies';
import { modelCallContext, planModelRoute, refuseDeepJson, runFreeModelCall } from './model-route-support';

/**
 * Parses the body.
 *
 * @throws InvalidRequestError for a body that is not JSON, nests too deep, or has a malformed field.
 */
function readMessagesRequest(request: GatewayRequest, requireMaxTokens: boolean): ParsedMessagesRequest {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new InvalidRequestError('The request body is not valid JSON.');
  }
  refuseDeepJson(body);
  return parseMessagesRequest(body, { requireMaxTokens });
}

/**
 * Handles `POST /v1/messages`: parse (unknown fields and betas dropped with warnings, never a 400),
 * plan the route (404 unknown model, 403 not allowed), then the core prepares Claude's InvokeModel
 * body per target, reserves the worst case, calls Bedrock with retries and fallbacks, answers as a
 * Message or an SSE stream, and settles the actual usage once.
 *
 * @see https://docs.anthropic.com/en/api/messages
 */
async function createMessage(ctx: RequestContext): Promise<void> {
  const parsed = readMessagesRequest(ctx.request, true);
  const { request } = parsed;
  const plan = planModelRoute(ctx, { name: request.model, kind: 'chat', override: parseFallbacksHeader(ctx.request.headers) });
  Object.assign(ctx.logFields, { model: request.model, servedModel: plan.targets[0]?.model.id, stream: request.stream === true });
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = { system: request.system, messages: request.messages };
  const context = modelCallContext(ctx);
  const prepare = messagesCandidatePreparer(ctx, { parsed, betas: readAnthropicBetas(ctx.request.headers['anthropic-beta']) });
  if (request.stream === true) {
    await callModelForStream({ context, plan, promptParam: 'messages', prepare: (target: RouteTarget) => prepare.stream(target) }, messageStream(ctx));
  } else {
    await callModelForJson({ context, plan, promptParam: 'messages', prepare: (target: RouteTarget) => prepare.json(target) }, messageReply(ctx));
  }
}

/** Bedrock failures after which the gateway's estimate answers instead (the count is advisory). */
function estimateInstead(error: GatewayError): boolean {
  return error.statusCode === 429 || error.statusCode >= 500;
}

/**
 * Handles `POST /v1/messages/count_tokens`: Bedrock's CountTokens (system, tools and messages
 * counted as InvokeModel would send them) for models that have it, the gateway's estimate for the
 * others or when CountTokens is throttled or failing (with a warning). Free: admitted at $0, so it
 * is authenticated, rate limited and recorded as a request, never charged.
 *
 * @see https://docs.anthropic.com/en/api/messages-count-tokens
 */
async function countMessageTokens(ctx: RequestContext): Promise<void> {
  const parsed = readMessagesRequest(ctx.request, false);
  const { request } = parsed;
  const plan = planModelRoute(ctx, { name: request.model, kind: 'chat' });
  const [target] = plan.targets;
  if (target === undefined) throw new InvalidRequestError(`The model '${request.model}' has no target to count tokens with.`, { param: 'model' });
  Object.assign(ctx.logFields, { model: request.model, servedModel: target.model.id, countTokens: true });
  await runFreeModelCall(ctx, target.model, async (context) => {
    const warnings = new RequestWarnings();
    let inputTokens = estimateMessagesInputTokens(request);
    if (target.model.capabilities.countTokens === true) {
      const { body } = convertToClaudeBody({ request, betas: readAnthropicBetas(ctx.request.headers['anthropic-beta']), model: target.model, warnings });
      const signal = AbortSignal.any([ctx.request.signal, AbortSignal.timeout(context.resilience.settings.responseTimeoutMs)]);
      try {
        inputTokens = await countInvokeModelTokens(context.resilience.clientFor(target.region), target.model.foundationModelId, body, { signal, model: request.model });
      } catch (error) {
        if (ctx.request.signal.aborted || !estimateInstead(asGatewayError(error))) throw error;
        warnings.add(`input_tokens: the gateway's estimate (Amazon Bedrock CountTokens failed: ${asGatewayError(error).message}).`);
      }
    } else {
      warnings.add(`input_tokens: the gateway's estimate ('${target.model.id}' has no Bedrock CountTokens).`);
    }
    const answer: AnthropicTokenCount = { input_tokens: inputTokens };
    await ctx.response.json(200, answer, warningsHeader(warnings.list()));
  });
}

export { countMessageTokens, createMessage };
