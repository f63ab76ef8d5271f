/** @module `POST /v1/chat/completions`: validate, plan the route, admit, call Converse with retries and fallbacks (JSON or SSE), settle. */
import { randomUUID } from 'node:crypto';
import type { ConverseResponse, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { ChatStreamTransformer } from '../../bedrock/chat-stream-transformer';
import { sendConverse, startConverseStream } from '../../bedrock/converse-call';
import { convertToChatCompletion } from '../../bedrock/convert-to-chat-completion';
import { estimateTokensFromCharacters } from '../../bedrock/convert-usage';
import { mapBedrockError, upstreamErrorName } from '../../bedrock/bedrock-errors';
import { createImageFetcher, type FetchedImage, type ImageFetcher } from '../../bedrock/fetch-image';
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
import { GatewayError, InvalidRequestError } from '../../platform/errors';
import { AttemptController } from '../../resilience/attempt-controller';
import { startKeepAlive } from '../../resilience/keep-alive';
import { createRequestObserver, requestDeadlineAtMs, takeRequestSlot } from '../../resilience/request-resilience';
import type { GatewayResilience } from '../../resilience/resilience-service';
import { ATTEMPTS_HEADER, runWithFallbacks, type FallbackRunResult } from '../../resilience/run-with-fallbacks';
import type { RoutePlan, RouteTarget } from '../../routing/route-types';
import { parseFallbacksHeader, partitionByContextWindow, planRoute, servedModelName, type FallbackOverride } from '../../routing/select-targets';
import type { RequestContext } from '../context';
import { recordModelUsageMetrics } from '../request-metrics';
import { readJsonBody, requirePrincipal } from './model-route-support';

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

/** A target of the plan with the request prepared for its model (parameters, tools and limits differ per model). */
interface Candidate {
  readonly target: RouteTarget;
  readonly prepared: PreparedConverseRequest;
}

/** Everything one call needs, resolved before Bedrock is called. */
interface ChatCall {
  readonly ctx: RequestContext;
  readonly request: OpenAIChatCompletionRequest;
  readonly plan: RoutePlan;
  /** In the order they are tried; never empty. */
  readonly candidates: readonly Candidate[];
  readonly resilience: GatewayResilience;
  readonly id: string;
  readonly created: number;
  /** The candidate that served (or, until one did, the first): its model prices the settlement. */
  served: Candidate;
  readonly outcome: CallOutcome;
}

/** A ConverseStream whose first event arrived: from here on nothing is retried. */
interface StartedStream {
  readonly attempt: AttemptController;
  readonly events: AsyncIterator<ConverseStreamOutput>;
  readonly first: IteratorResult<ConverseStreamOutput>;
}

let sharedImageFetcher: ImageFetcher | undefined;

/** One guarded image fetcher per process (it holds no per-request state). */
function imageFetcher(): ImageFetcher {
  sharedImageFetcher ??= createImageFetcher();
  return sharedImageFetcher;
}

/** Fetches each image URL once per request, however many targets the request is prepared for. */
function requestImageFetcher(): ImageFetcher {
  const fetched = new Map<string, Promise<FetchedImage>>();
  return (url, signal) => {
    let image = fetched.get(url);
    if (image === undefined) {
      image = imageFetcher()(url, signal);
      fetched.set(url, image);
    }
    return image;
  };
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

function candidateFor(call: ChatCall, target: RouteTarget): Candidate {
  return call.candidates.find((candidate) => candidate.target.key === target.key) ?? call.served;
}

/** Records who served, and returns the response headers that say so. */
function serve<R>(call: ChatCall, run: FallbackRunResult<R>): Record<string, string> {
  call.served = candidateFor(call, run.target);
  const { model } = run.target;
  Object.assign(call.ctx.logFields, {
    servedModel: model.id,
    attempts: run.calls,
    ...(run.target.region === undefined ? {} : { servedRegion: run.target.region }),
    ...(run.attempts.length === 0 ? {} : { failedAttempts: run.attempts }),
  });
  return { 'x-gateway-model': model.bedrockModelId, [ATTEMPTS_HEADER]: String(run.calls), ...warningsHeader(call.served.prepared.warnings) };
}

function runOptions(call: ChatCall) {
  const { ctx, resilience } = call;
  return {
    targets: call.candidates.map((candidate) => candidate.target),
    resilience,
    signal: ctx.request.signal,
    deadlineAtMs: requestDeadlineAtMs(ctx, resilience),
    observer: createRequestObserver(ctx),
  };
}

async function completeAsJson(call: ChatCall): Promise<void> {
  const { ctx, resilience, outcome } = call;
  const { signal } = ctx.request;
  const run = await runWithFallbacks<ConverseResponse>({
    ...runOptions(call),
    attempt: async (target) => {
      const attempt = new AttemptController(signal);
      attempt.arm(resilience.settings.responseTimeoutMs, 'response_timeout');
      try {
        const { input } = candidateFor(call, target).prepared;
        return await attempt.race(sendConverse(resilience.clientFor(target.region), input, { signal: attempt.signal, model: target.model.id }));
      } finally {
        attempt.dispose();
      }
    },
  });
  try {
    const headers = serve(call, run);
    const { prepared } = call.served;
    const { completion, usage, rawStopReason } = convertToChatCompletion(run.value, {
      id: call.id,
      created: call.created,
      model: servedModelName(call.plan, run.target),
      toolNames: prepared.toolNames,
      structuredOutputToolName: structuredOutputToolName(prepared),
    });
    outcome.usage = usage.tokens;
    ctx.logFields.stopReason = rawStopReason;
    ctx.logFields.finishReason = completion.choices[0]?.finish_reason;
    if (ctx.services.config.logPrompts) ctx.logFields.completion = completion.choices[0]?.message;
    await ctx.response.json(200, completion, headers);
    outcome.status = 200;
  } finally {
    run.release();
  }
}

/** Starts a stream on one target and waits for its first event, all within the first-byte limit. */
async function startStream(call: ChatCall, target: RouteTarget): Promise<StartedStream> {
  const { resilience, ctx } = call;
  const attempt = new AttemptController(ctx.request.signal);
  attempt.arm(resilience.settings.firstByteTimeoutMs, 'first_byte_timeout');
  try {
    const { input } = candidateFor(call, target).prepared;
    const started = await attempt.race(startConverseStream(resilience.clientFor(target.region), input, { signal: attempt.signal, model: target.model.id }));
    const events = started.events[Symbol.asyncIterator]();
    const first = await attempt.race(events.next());
    attempt.disarm();
    return { attempt, events, first };
  } catch (error) {
    attempt.abort();
    attempt.dispose();
    throw error;
  }
}

/**
 * Streams the completion as SSE. The 200 goes out only once a target's first event arrived, so
 * errors before that (throttling, a slow first byte, an early exception) are retried or fall back
 * and otherwise get their own status; later failures, idle timeouts included, are sent in-band.
 */
async function completeAsStream(call: ChatCall): Promise<void> {
  const { ctx, request, outcome, resilience } = call;
  const { signal } = ctx.request;
  const run = await runWithFallbacks<StartedStream>({ ...runOptions(call), attempt: (target) => startStream(call, target) });
  const { attempt, events } = run.value;
  const headers = serve(call, run);
  const { prepared } = call.served;
  const sse = new SseWriter(ctx.response);
  sse.open(headers);
  outcome.status = 200;
  const keepAlive = startKeepAlive(resilience.settings.keepAliveIntervalMs, () => sse.comment('keep-alive'));
  const transformer = new ChatStreamTransformer({
    id: call.id,
    created: call.created,
    model: servedModelName(call.plan, run.target),
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
  let next = run.value.first;
  try {
    while (next.done !== true) {
      for (const part of transformer.transform(next.value)) {
        if (part.type === 'error') return await fail(part.error);
        await sse.data(part.chunk);
        keepAlive.touch();
      }
      if (outcome.timeToFirstTokenMs === undefined && transformer.outputCharacters > 0) {
        outcome.timeToFirstTokenMs = ctx.services.now() - ctx.request.receivedAtMs;
      }
      if (signal.aborted) return;
      attempt.arm(resilience.settings.streamIdleTimeoutMs, 'stream_idle_timeout');
      next = await attempt.race(events.next());
      attempt.disarm();
    }
    if (signal.aborted) return;
    const [failure] = transformer.end();
    if (failure?.type === 'error') return await fail(failure.error);
    await sse.done();
  } catch (error) {
    if (!signal.aborted) await fail(mapBedrockError(error, { model: request.model }));
  } finally {
    keepAlive.stop();
    // Whatever ended the loop early (an in-band error, a timeout, the client), Bedrock stops too.
    if (next.done !== true) attempt.abort();
    attempt.dispose();
    run.release();
    outcome.usage = transformer.usage?.tokens ?? estimatedUsage(prepared, transformer.outputCharacters);
    outcome.clientAborted = signal.aborted && !transformer.completed;
    ctx.logFields.stopReason = transformer.rawStopReason;
    ctx.logFields.finishReason = transformer.finishReason;
  }
}

async function settle(call: ChatCall, admission: Admission): Promise<void> {
  const { ctx, outcome } = call;
  const { model } = call.served.target;
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
    if (outcome.usage === NO_USAGE) outcome.usage = estimatedUsage(call.served.prepared, 0);
    return;
  }
  const rendered = renderError(error);
  outcome.status = rendered.statusCode;
  outcome.errorCode = rendered.body.error.code ?? rendered.body.error.type;
  ctx.logFields.upstreamError = upstreamErrorName(error);
}

/**
 * Reserves the worst case over every candidate: a fallback to a pricier model must fit the
 * reservation too, so the budget can never be overspent by routing. Settlement then charges the
 * model that actually served.
 */
async function admit(ctx: RequestContext, principal: Principal, candidates: readonly Candidate[]): Promise<Admission> {
  const worstCase = (candidate: Candidate): number =>
    computeCostNanoUsd(candidate.target.model.prices, {
      inputTokens: candidate.prepared.estimatedInputTokens,
      outputTokens: candidate.prepared.maxOutputTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
    });
  const [primary] = candidates as [Candidate, ...Candidate[]];
  return ctx.services.meter.admit({
    principal,
    model: primary.target.model,
    requestId: ctx.requestId,
    maxCostNanoUsd: Math.max(...candidates.map(worstCase)),
    estimatedInputTokens: Math.max(...candidates.map((candidate) => candidate.prepared.estimatedInputTokens)),
    maxOutputTokens: Math.max(...candidates.map((candidate) => candidate.prepared.maxOutputTokens)),
  });
}

/** The request's fallbacks: `bedrock.fallbacks` in the body, else the `x-gateway-fallbacks` header. */
function fallbackOverride(ctx: RequestContext, request: OpenAIChatCompletionRequest): FallbackOverride | undefined {
  const fromBody = request.bedrock?.fallbacks;
  if (fromBody !== undefined) return { models: fromBody, param: 'bedrock.fallbacks' };
  return parseFallbacksHeader(ctx.request.headers);
}

/**
 * Prepares the request for every target of the plan (each model has its own parameter rules) and
 * keeps the targets that can take it: a target whose preparation fails is dropped (if all fail,
 * the first failure is the answer), and so is one whose context window the prompt does not fit.
 *
 * @throws the first target's preparation error when no target can take the request;
 *   InvalidRequestError `context_length_exceeded` when the prompt fits no target's window.
 */
async function prepareCandidates(ctx: RequestContext, request: OpenAIChatCompletionRequest, plan: RoutePlan, principal: Principal): Promise<Candidate[]> {
  const { guardrail, autoCachePoints } = ctx.services.config;
  const fetchImage = requestImageFetcher();
  const settled = await Promise.allSettled(
    plan.targets.map(async (target): Promise<Candidate> => {
      const prepared = await prepareConverseRequest(request, target.model, { fetchImage, guardrail, autoCachePoints, signal: ctx.request.signal });
      prepared.input.requestMetadata = mergeRequestMetadata(
        prepared.input.requestMetadata,
        gatewayRequestMetadata({ requestId: ctx.requestId, principalId: principal.id, team: principal.team }),
      );
      return { target, prepared };
    }),
  );
  const prepared: Candidate[] = [];
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') prepared.push(result.value);
    else if (plan.targets.length > 1) {
      ctx.services.logger.info('target cannot take the request', { requestId: ctx.requestId, target: plan.targets[index]?.model.id, error: String(result.reason) });
    }
  });
  if (prepared.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  const estimateOf = (target: RouteTarget): number => prepared.find((candidate) => candidate.target === target)?.prepared.estimatedInputTokens ?? 0;
  const { fitting, tooSmall } = partitionByContextWindow(
    prepared.map((candidate) => candidate.target),
    estimateOf,
  );
  if (fitting.length === 0) {
    const windows = tooSmall.map((target) => `${target.model.id} (${target.model.contextWindowTokens})`).join(', ');
    throw new InvalidRequestError(
      `The prompt (about ${estimateOf(tooSmall[0] as RouteTarget)} tokens) does not fit the context window of ${tooSmall.length === 1 ? 'the model' : 'any model of the route'}: ${windows}.`,
      { code: 'context_length_exceeded', param: 'messages' },
    );
  }
  if (tooSmall.length > 0) {
    ctx.logFields.contextEscalation = tooSmall.map((target) => target.model.id);
    ctx.services.logger.info('skipping targets whose context window is too small', { requestId: ctx.requestId, skipped: ctx.logFields.contextEscalation });
  }
  return prepared.filter((candidate) => fitting.includes(candidate.target));
}

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
  const plan = planRoute({
    name: request.model,
    kind: 'chat',
    principal,
    catalog: ctx.services.catalog,
    routes: resilience.routes,
    override: fallbackOverride(ctx, request),
    random: resilience.random,
  });
  Object.assign(ctx.logFields, { model: request.model, servedModel: plan.targets[0]?.model.id, stream: request.stream === true });
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = request.messages;
  const releaseRequestSlot = takeRequestSlot(ctx, resilience);
  try {
    const candidates = await prepareCandidates(ctx, request, plan, principal);
    const [primary] = candidates as [Candidate, ...Candidate[]];
    ctx.logFields.warnings = primary.prepared.warnings.length;
    const admission = await admit(ctx, principal, candidates);
    const call: ChatCall = {
      ctx,
      request,
      plan,
      candidates,
      resilience,
      id: newCompletionId(),
      created: Math.floor(ctx.services.now() / 1000),
      served: primary,
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
  } finally {
    releaseRequestSlot();
  }
}

export { createChatCompletion };
