/** @module `POST /v1/chat/completions`: validate, resolve, admit, call Converse (JSON or SSE), settle. */
import { randomUUID } from 'node:crypto';
import { ChatStreamTransformer } from '../../bedrock/chat-stream-transformer';
import { sendConverse, startConverseStream } from '../../bedrock/converse-call';
import { convertToChatCompletion } from '../../bedrock/convert-to-chat-completion';
import { estimateTokensFromCharacters } from '../../bedrock/convert-usage';
import { mapBedrockError, upstreamErrorName } from '../../bedrock/bedrock-errors';
import { createImageFetcher, type ImageFetcher } from '../../bedrock/fetch-image';
import { prepareConverseRequest, type PreparedConverseRequest } from '../../bedrock/prepare-converse-request';
import { gatewayRequestMetadata, mergeRequestMetadata } from '../../bedrock/request-metadata';
import { computeCostNanoUsd } from '../../catalog/pricing';
import type { CatalogEntry } from '../../catalog/types';
import type { Principal } from '../../identity/principal';
import type { Admission, TokenUsage } from '../../ledger/meter-types';
import { parseChatCompletionRequest } from '../../openai/chat-request-schema';
import type { OpenAIChatCompletionRequest } from '../../openai/chat-request-types';
import { renderError } from '../../openai/error-body';
import { SseWriter } from '../../openai/sse-writer';
import { GatewayError } from '../../platform/errors';
import type { RequestContext } from '../context';
import { recordModelUsageMetrics } from '../request-metrics';
import { readJsonBody, requirePrincipal, resolveModelFor } from './model-route-support';

/** Status recorded for a request whose client went away before any response was sent (nginx's convention). */
const CLIENT_CLOSED_STATUS = 499;

/** Longest `x-gateway-warnings` value; longer lists are cut with an ellipsis. */
const MAX_WARNINGS_HEADER_CHARS = 512;

const NO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };

/** How the model call ended, filled in as it runs and settled once. */
interface CallOutcome {
  usage: TokenUsage;
  status: number;
  errorCode?: string;
  clientAborted: boolean;
  timeToFirstTokenMs?: number;
}

/** Everything one call needs, resolved before Bedrock is called. */
interface ChatCall {
  readonly ctx: RequestContext;
  readonly request: OpenAIChatCompletionRequest;
  readonly model: CatalogEntry;
  readonly prepared: PreparedConverseRequest;
  readonly id: string;
  readonly created: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly outcome: CallOutcome;
}

let sharedImageFetcher: ImageFetcher | undefined;

/** One guarded image fetcher per process (it holds no per-request state). */
function imageFetcher(): ImageFetcher {
  sharedImageFetcher ??= createImageFetcher();
  return sharedImageFetcher;
}

function newCompletionId(): string {
  return `chatcmpl-${randomUUID().replace(/-/g, '')}`;
}

/** Header values must be visible ASCII; warnings are free text, so they are cleaned and capped. */
function warningsHeader(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  const text = warnings.join('; ').replace(/[^\x20-\x7e]+/g, ' ');
  const value = text.length > MAX_WARNINGS_HEADER_CHARS ? `${text.slice(0, MAX_WARNINGS_HEADER_CHARS - 3)}...` : text;
  return { 'x-gateway-warnings': value };
}

function structuredOutputToolName(prepared: PreparedConverseRequest): string | undefined {
  const format = prepared.responseFormat;
  return format.kind === 'json_schema' && format.strategy === 'tool' ? format.toolName : undefined;
}

/**
 * The cost of `usage`; cache tokens on a model without cache prices are priced as input tokens
 * rather than failing the settlement (the catalog is missing a price, the caller still pays).
 */
function costNanoUsd(model: CatalogEntry, usage: TokenUsage): number {
  try {
    return computeCostNanoUsd(model.prices, usage);
  } catch {
    return computeCostNanoUsd(model.prices, {
      inputTokens: usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens,
      outputTokens: usage.outputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
  }
}

/** The usage counted when Bedrock never reported any: the input estimate and the output produced so far. */
function estimatedUsage(prepared: PreparedConverseRequest, outputCharacters: number): TokenUsage {
  return { ...NO_USAGE, inputTokens: prepared.estimatedInputTokens, outputTokens: estimateTokensFromCharacters(outputCharacters) };
}

function errorCodeOf(error: GatewayError): string {
  return error.code ?? error.errorType;
}

async function completeAsJson(call: ChatCall): Promise<void> {
  const { ctx, request, prepared, outcome } = call;
  const response = await sendConverse(ctx.services.bedrock, prepared.input, { signal: ctx.request.signal, model: request.model });
  const { completion, usage, rawStopReason } = convertToChatCompletion(response, {
    id: call.id,
    created: call.created,
    model: request.model,
    toolNames: prepared.toolNames,
    structuredOutputToolName: structuredOutputToolName(prepared),
  });
  outcome.usage = usage.tokens;
  ctx.logFields.stopReason = rawStopReason;
  ctx.logFields.finishReason = completion.choices[0]?.finish_reason;
  if (ctx.services.config.logPrompts) ctx.logFields.completion = completion.choices[0]?.message;
  await ctx.response.json(200, completion, call.headers);
  outcome.status = 200;
}

/**
 * Streams the completion as SSE. The ConverseStream call is awaited before the 200 goes out, so
 * errors Bedrock reports up front still get their own status; later failures are sent in-band.
 */
async function completeAsStream(call: ChatCall): Promise<void> {
  const { ctx, request, prepared, outcome } = call;
  const { signal } = ctx.request;
  const stream = await startConverseStream(ctx.services.bedrock, prepared.input, { signal, model: request.model });
  const sse = new SseWriter(ctx.response);
  sse.open(call.headers);
  outcome.status = 200;
  const transformer = new ChatStreamTransformer({
    id: call.id,
    created: call.created,
    model: request.model,
    toolNames: prepared.toolNames,
    structuredOutputToolName: structuredOutputToolName(prepared),
    includeUsage: prepared.includeUsageInStream,
  });
  const fail = async (error: GatewayError): Promise<void> => {
    outcome.errorCode = errorCodeOf(error);
    ctx.logFields.error = outcome.errorCode;
    ctx.logFields.upstreamError = upstreamErrorName(error);
    await sse.error(renderError(error).body);
  };
  try {
    for await (const event of stream.events) {
      for (const part of transformer.transform(event)) {
        if (part.type === 'error') return await fail(part.error);
        await sse.data(part.chunk);
      }
      if (outcome.timeToFirstTokenMs === undefined && transformer.outputCharacters > 0) {
        outcome.timeToFirstTokenMs = ctx.services.now() - ctx.request.receivedAtMs;
      }
      if (signal.aborted) break;
    }
    if (signal.aborted) return;
    const [failure] = transformer.end();
    if (failure?.type === 'error') return await fail(failure.error);
    await sse.done();
  } catch (error) {
    if (!signal.aborted) await fail(mapBedrockError(error, { model: request.model }));
  } finally {
    outcome.usage = transformer.usage?.tokens ?? estimatedUsage(prepared, transformer.outputCharacters);
    outcome.clientAborted = signal.aborted && !transformer.completed;
    ctx.logFields.stopReason = transformer.rawStopReason;
    ctx.logFields.finishReason = transformer.finishReason;
  }
}

async function settle(call: ChatCall, admission: Admission): Promise<void> {
  const { ctx, model, outcome } = call;
  const cost = costNanoUsd(model, outcome.usage);
  const latencyMs = ctx.services.now() - ctx.request.receivedAtMs;
  await admission.settle({
    usage: outcome.usage,
    costNanoUsd: cost,
    status: outcome.status,
    latencyMs,
    servedModel: model.id,
    clientAborted: outcome.clientAborted,
    ...(outcome.errorCode === undefined ? {} : { errorCode: outcome.errorCode }),
    ...(outcome.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: outcome.timeToFirstTokenMs }),
  });
  recordModelUsageMetrics({
    model: model.id,
    ...outcome.usage,
    costUsd: cost / 1e9,
    ...(outcome.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: outcome.timeToFirstTokenMs }),
  });
  Object.assign(ctx.logFields, {
    ...outcome.usage,
    costUsd: cost / 1e9,
    timeToFirstTokenMs: outcome.timeToFirstTokenMs,
  });
}

function recordFailure(call: ChatCall, error: unknown): void {
  const { ctx, outcome } = call;
  if (ctx.request.signal.aborted) {
    outcome.clientAborted = true;
    if (outcome.status === 0) outcome.status = CLIENT_CLOSED_STATUS;
    // Bedrock may have read the whole prompt before the client left: count the input estimate.
    if (outcome.usage === NO_USAGE) outcome.usage = estimatedUsage(call.prepared, 0);
    return;
  }
  const rendered = renderError(error);
  outcome.status = rendered.statusCode;
  outcome.errorCode = rendered.body.error.code ?? rendered.body.error.type;
  ctx.logFields.upstreamError = upstreamErrorName(error);
}

async function admit(ctx: RequestContext, principal: Principal, model: CatalogEntry, prepared: PreparedConverseRequest): Promise<Admission> {
  const maxCostNanoUsd = computeCostNanoUsd(model.prices, {
    inputTokens: prepared.estimatedInputTokens,
    outputTokens: prepared.maxOutputTokens,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
  });
  return ctx.services.meter.admit({
    principal,
    model,
    requestId: ctx.requestId,
    maxCostNanoUsd,
    estimatedInputTokens: prepared.estimatedInputTokens,
    maxOutputTokens: prepared.maxOutputTokens,
  });
}

/**
 * Handles `POST /v1/chat/completions`: parse and validate the body, resolve the model (404 unknown,
 * 400 embedding model, 403 not allowed), map to Converse, reserve the worst-case cost, call Bedrock,
 * answer as JSON or SSE, and settle the actual usage exactly once, whatever happened.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
async function createChatCompletion(ctx: RequestContext): Promise<void> {
  const request = parseChatCompletionRequest(readJsonBody(ctx.request));
  const model = resolveModelFor(ctx, request.model, 'chat');
  const principal = requirePrincipal(ctx);
  Object.assign(ctx.logFields, { model: request.model, servedModel: model.id, stream: request.stream === true });
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = request.messages;
  const { guardrail, autoCachePoints } = ctx.services.config;
  const prepared = await prepareConverseRequest(request, model, { fetchImage: imageFetcher(), guardrail, autoCachePoints, signal: ctx.request.signal });
  ctx.logFields.warnings = prepared.warnings.length;
  prepared.input.requestMetadata = mergeRequestMetadata(
    prepared.input.requestMetadata,
    gatewayRequestMetadata({ requestId: ctx.requestId, principalId: principal.id, team: principal.team }),
  );
  const admission = await admit(ctx, principal, model, prepared);
  const call: ChatCall = {
    ctx,
    request,
    model,
    prepared,
    id: newCompletionId(),
    created: Math.floor(ctx.services.now() / 1000),
    headers: { 'x-gateway-model': model.bedrockModelId, ...warningsHeader(prepared.warnings) },
    outcome: { usage: NO_USAGE, status: 0, clientAborted: false },
  };
  try {
    if (request.stream === true) await completeAsStream(call);
    else await completeAsJson(call);
  } catch (error) {
    recordFailure(call, error);
    // A client that went away gets no response; anything else goes to the error boundary.
    if (!ctx.request.signal.aborted) throw error;
  } finally {
    await settle(call, admission);
  }
}

export { createChatCompletion };
