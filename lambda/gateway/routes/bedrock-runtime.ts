/**
 * @module Bedrock's runtime API under `/bedrock`, for AWS SDKs and Claude Code in Bedrock mode with a
 * gateway credential as their bearer token (`AWS_BEARER_TOKEN_BEDROCK`): Converse, ConverseStream,
 * InvokeModel, InvokeModelWithResponseStream and CountTokens on the model-call core (routes,
 * fallbacks, budgets, rate limits, usage), and the listings clients call first, from the catalog.
 */
import type { ConverseResponse, ConverseStreamOutput, InvokeModelCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { parseConverseRequest, converseEstimates, converseInputFor } from '../../bedrock-api/converse-request';
import { parseCountTokensRequest } from '../../bedrock-api/count-tokens-request';
import {
  decodeInvokeChunk,
  invokeEstimates,
  invokeInputFor,
  invokeStreamMeter,
  parseInvokeRequest,
  readInvokeAnswer,
  requireInvokeFamily,
  type InvokeReply,
  type InvokeStreamChunk,
} from '../../bedrock-api/invoke-request';
import { getInferenceProfile, listFoundationModels, listInferenceProfiles, type ListingContext } from '../../bedrock-api/model-listings';
import { countTokens } from '../../bedrock/count-tokens';
import { gatewayRequestMetadata } from '../../bedrock/request-metadata';
import {
  converseOperation,
  converseStreamOperation,
  invokeModelOperation,
  invokeModelStreamOperation,
  type JsonOperation,
  type StreamOperation,
} from '../../model-call/bedrock-operations';
import type { Candidate, StreamCandidate } from '../../model-call/candidates';
import { callModelForJson, callModelForStream } from '../../model-call/model-call';
import { InvalidRequestError, NotFoundError } from '../../platform/errors';
import type { RouteTarget } from '../../routing/route-types';
import { mayUseModel } from '../../routing/select-targets';
import type { RequestContext, RouteHandler } from '../context';
import { converseReply, converseStream, invokeReply, invokeStream, rawJsonResponse } from './bedrock-runtime/bedrock-replies';
import { modelCallContext, planModelRoute, requirePrincipal, runFreeModelCall } from './model-route-support';

/** The body as JSON, or a ValidationException. */
function readJson(ctx: RequestContext): unknown {
  try {
    return JSON.parse(ctx.request.body.toString('utf8')) as unknown;
  } catch {
    throw new InvalidRequestError('The request body is not valid JSON.');
  }
}

function plan(ctx: RequestContext, modelId: string, stream: boolean) {
  const planned = planModelRoute(ctx, { name: modelId, kind: 'chat' });
  Object.assign(ctx.logFields, { model: modelId, servedModel: planned.targets[0]?.model.id, stream });
  return planned;
}

/**
 * Converse / ConverseStream: the caller's body for every target of the model's route (its model id,
 * the gateway's attribution and guardrail), reserved from `inferenceConfig.maxTokens`, answered as
 * Bedrock answered it.
 */
async function converse(ctx: RequestContext, modelId: string, stream: boolean): Promise<void> {
  const parsed = parseConverseRequest(readJson(ctx));
  const planned = plan(ctx, modelId, stream);
  const principal = requirePrincipal(ctx);
  const attribution = gatewayRequestMetadata({ requestId: ctx.requestId, principalId: principal.id, team: principal.team });
  const { guardrail } = ctx.services.config;
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = { system: parsed.body.system, messages: parsed.body.messages };
  const candidate = <Op>(target: RouteTarget, operation: (input: ReturnType<typeof converseInputFor>) => Op): StreamCandidate<Op> => {
    const input = converseInputFor(parsed.body, { model: target.model, attribution, guardrail, stream });
    const estimates = converseEstimates(input, target.model);
    return {
      target,
      calls: [{ operation: operation(input), estimatedInputTokens: estimates.estimatedInputTokens, maxOutputTokens: estimates.maxOutputTokens }],
      priceSelection: estimates.priceSelection,
      warnings: parsed.warnings,
      promptTokens: estimates.estimatedInputTokens,
    };
  };
  const context = modelCallContext(ctx);
  if (stream) {
    const prepare = async (target: RouteTarget): Promise<StreamCandidate<StreamOperation<ConverseStreamOutput>>> => candidate(target, converseStreamOperation);
    await callModelForStream({ context, plan: planned, promptParam: 'messages', prepare }, converseStream(ctx));
  } else {
    const prepare = async (target: RouteTarget): Promise<Candidate<JsonOperation<ConverseResponse>>> => candidate(target, converseOperation);
    await callModelForJson({ context, plan: planned, promptParam: 'messages', prepare }, converseReply(ctx));
  }
}

/**
 * InvokeModel / InvokeModelWithResponseStream: the caller's body byte for byte to every target of the
 * same body family (Claude's Messages body, Nova's), reserved from `max_tokens` / `maxTokens`, metered
 * from the answer (the body's usage, Bedrock's headers or invocation metrics), answered byte for byte.
 */
async function invoke(ctx: RequestContext, modelId: string, stream: boolean): Promise<void> {
  const parsed = parseInvokeRequest(ctx.request.headers, ctx.request.body, stream);
  const planned = plan(ctx, modelId, stream);
  const [primary] = planned.targets;
  if (primary === undefined) throw new InvalidRequestError(`The model '${modelId}' has no target.`, { param: 'modelId' });
  const family = requireInvokeFamily(primary.model, modelId);
  const { guardrail } = ctx.services.config;
  const candidate = <Op>(target: RouteTarget, operation: (input: InvokeModelCommandInput) => Op): StreamCandidate<Op> => {
    if (requireInvokeFamily(target.model, target.model.id) !== family) {
      throw new InvalidRequestError(`'${target.model.id}' takes another InvokeModel body than '${modelId}'.`, { param: 'modelId' });
    }
    const estimates = invokeEstimates(parsed.json, family, target.model);
    const prepared = invokeInputFor(parsed, target.model, guardrail);
    return {
      target,
      calls: [{ operation: operation(prepared.input), estimatedInputTokens: estimates.estimatedInputTokens, maxOutputTokens: estimates.maxOutputTokens }],
      priceSelection: { ...estimates.priceSelection, ...prepared.serving },
      warnings: parsed.warnings,
      promptTokens: estimates.estimatedInputTokens,
    };
  };
  const context = modelCallContext(ctx);
  if (stream) {
    const prepare = async (target: RouteTarget): Promise<StreamCandidate<StreamOperation<InvokeStreamChunk>>> =>
      candidate(target, (input) => invokeModelStreamOperation(input, decodeInvokeChunk, invokeStreamMeter(family)));
    await callModelForStream({ context, plan: planned, promptParam: 'messages', prepare }, invokeStream(ctx));
  } else {
    const prepare = async (target: RouteTarget): Promise<Candidate<JsonOperation<InvokeReply>>> =>
      candidate(target, (input) => invokeModelOperation(input, (answer) => readInvokeAnswer(family, answer)));
    await callModelForJson({ context: { ...context, response: rawJsonResponse(ctx.response) }, plan: planned, promptParam: 'messages', prepare }, invokeReply(ctx));
  }
}

/**
 * CountTokens: Bedrock's count for models that have it (free, but authenticated, rate limited and
 * recorded as a request at $0); a ValidationException for the others, as Bedrock answers.
 */
async function countModelTokens(ctx: RequestContext, modelId: string): Promise<void> {
  const input = parseCountTokensRequest(readJson(ctx));
  const planned = planModelRoute(ctx, { name: modelId, kind: 'chat' });
  const [target] = planned.targets;
  if (target === undefined) throw new InvalidRequestError(`The model '${modelId}' has no target to count tokens with.`, { param: 'modelId' });
  if (target.model.capabilities.countTokens !== true) {
    throw new InvalidRequestError(`Amazon Bedrock CountTokens does not count tokens for '${modelId}'.`, { param: 'modelId' });
  }
  Object.assign(ctx.logFields, { model: modelId, servedModel: target.model.id, countTokens: true });
  await runFreeModelCall(ctx, target.model, async (context) => {
    const signal = AbortSignal.any([ctx.request.signal, AbortSignal.timeout(context.resilience.settings.responseTimeoutMs)]);
    const inputTokens = await countTokens(context.resilience.clientFor(target.region), target.model.foundationModelId, input, { signal, model: modelId });
    await ctx.response.json(200, { inputTokens });
  });
}

/** The runtime operations by their path segment. */
const OPERATIONS: Readonly<Record<string, (ctx: RequestContext, modelId: string) => Promise<void>>> = {
  converse: (ctx, modelId) => converse(ctx, modelId, false),
  'converse-stream': (ctx, modelId) => converse(ctx, modelId, true),
  invoke: (ctx, modelId) => invoke(ctx, modelId, false),
  'invoke-with-response-stream': (ctx, modelId) => invoke(ctx, modelId, true),
  'count-tokens': countModelTokens,
};

/**
 * `POST /bedrock/model/{modelId}/{operation}`. The model id may hold `/` and `:` (ARNs): SDKs
 * URL-encode it, API Gateway may hand it over decoded, so the operation is the last segment and the
 * model id everything before it.
 */
const invokeBedrockRuntime: RouteHandler = async (ctx) => {
  const target = ctx.params.target ?? '';
  const slash = target.lastIndexOf('/');
  const modelId = slash <= 0 ? '' : target.slice(0, slash);
  const operation = OPERATIONS[target.slice(slash + 1)];
  if (modelId === '' || operation === undefined) {
    throw new NotFoundError(`Unknown operation: POST ${ctx.request.path}. Bedrock runtime operations are /model/{modelId}/converse, converse-stream, invoke, invoke-with-response-stream and count-tokens.`, {
      code: 'unknown_url',
    });
  }
  await operation(ctx, modelId);
};

/** The catalog models the caller may use, and the gateway's Region for ARNs. */
async function listingContext(ctx: RequestContext): Promise<ListingContext> {
  const principal = requirePrincipal(ctx);
  const models = ctx.services.catalog.list().filter((model) => mayUseModel(principal, model));
  const region = await ctx.services.resilience.clientFor(undefined).config.region();
  return { models, region };
}

/** `GET /bedrock/foundation-models` (ListFoundationModels). */
const listBedrockFoundationModels: RouteHandler = async (ctx) => {
  await ctx.response.json(200, listFoundationModels(await listingContext(ctx), ctx.request.query));
};

/** `GET /bedrock/inference-profiles` (ListInferenceProfiles). */
const listBedrockInferenceProfiles: RouteHandler = async (ctx) => {
  await ctx.response.json(200, listInferenceProfiles(await listingContext(ctx), ctx.request.query));
};

/** `GET /bedrock/inference-profiles/{id}` (GetInferenceProfile); a profile the caller may not use is not found. */
const getBedrockInferenceProfile: RouteHandler = async (ctx) => {
  const identifier = ctx.params.id ?? '';
  const profile = getInferenceProfile(await listingContext(ctx), identifier);
  if (profile === undefined) {
    throw new NotFoundError(`The inference profile '${identifier}' does not exist or you do not have access to it.`, { code: 'model_not_found', param: 'inferenceProfileIdentifier' });
  }
  await ctx.response.json(200, profile);
};

export { getBedrockInferenceProfile, invokeBedrockRuntime, listBedrockFoundationModels, listBedrockInferenceProfiles };
