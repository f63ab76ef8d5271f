/** @module `POST /v1/chat/completions`: validate, plan the route, admit, call Converse with retries and fallbacks (JSON or SSE), settle. */
import { randomUUID } from 'node:crypto';
import type { ConverseResponse, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { ChatStreamTransformer } from '../../bedrock/chat-stream-transformer';
import { sendConverse, startConverseStream } from '../../bedrock/converse-call';
import { convertToChatCompletion } from '../../bedrock/convert-to-chat-completion';
import { convertUsage, estimateTokensFromCharacters } from '../../bedrock/convert-usage';
import { hasCachePoint } from '../../bedrock/estimate-input-tokens';
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
import { startKeepAlive, type KeepAlive } from '../../resilience/keep-alive';
import { createRequestObserver, requestDeadlineAtMs, startCallDeadline, takeRequestSlot, type CallDeadline } from '../../resilience/request-resilience';
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
  /** Usage of `ChatCall.served`: Bedrock's count, or an estimate where it sent none. */
  usage: TokenUsage;
  /** Attempts that failed after reaching Bedrock (timeouts), each priced at its own target: Bedrock may bill them. */
  readonly unfinished: { usage: TokenUsage; costNanoUsd: number };
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
  /**
   * The candidate that served, or the one whose call was in flight when the client left or the
   * deadline passed (until then, the first): its model prices `outcome.usage`.
   */
  served: Candidate;
  readonly outcome: CallOutcome;
  /** Aborts on the client leaving or the invocation's deadline; parent of every attempt. */
  readonly deadline: CallDeadline;
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

/** Input tokens at the dearer of the input and cache-write prices when the request writes a cache (Bedrock bills writes at about 1.25x). */
function inputUsage(candidate: Candidate, inputTokens: number): TokenUsage {
  const { prices } = candidate.target.model;
  const { system = [], messages = [], toolConfig } = candidate.prepared.input;
  const writesCache = (prices.cacheWritePerMTok ?? 0) > prices.inputPerMTok && hasCachePoint(system, messages, toolConfig?.tools ?? []);
  return writesCache ? { ...NO_USAGE, cacheWriteTokens: inputTokens } : { ...NO_USAGE, inputTokens };
}

/** The most one call to `candidate` can cost: its input estimate (at the cache-write price if dearer and used) plus `max_tokens`. */
function worstCaseCost(candidate: Candidate): number {
  const { estimatedInputTokens, maxOutputTokens } = candidate.prepared;
  return costNanoUsd(candidate.target.model, { ...inputUsage(candidate, estimatedInputTokens), outputTokens: maxOutputTokens });
}

/**
 * Charges an attempt that ended without an answer but may have been billed by Bedrock. The client
 * left or the deadline passed while it was in flight: the call is settled on this target, a
 * non-streaming one at its worst case (Bedrock may finish and bill the whole answer), a stream not
 * yet started at its input estimate. An attempt that timed out: its input estimate, on top of
 * whatever serves later. Failures Bedrock answered itself (throttling, errors) are not billed.
 */
function chargeUnfinishedAttempt(call: ChatCall, candidate: Candidate, attempt: AttemptController, streaming: boolean): void {
  const { outcome, deadline } = call;
  const { estimatedInputTokens, maxOutputTokens } = candidate.prepared;
  if (deadline.signal.aborted) {
    call.served = candidate;
    outcome.usage = { ...inputUsage(candidate, estimatedInputTokens), outputTokens: streaming ? 0 : maxOutputTokens };
  } else if (attempt.timeout !== undefined) {
    const usage = inputUsage(candidate, estimatedInputTokens);
    const { unfinished } = outcome;
    unfinished.costNanoUsd += costNanoUsd(candidate.target.model, usage);
    unfinished.usage = {
      inputTokens: unfinished.usage.inputTokens + usage.inputTokens,
      outputTokens: unfinished.usage.outputTokens,
      cacheReadTokens: unfinished.usage.cacheReadTokens,
      cacheWriteTokens: unfinished.usage.cacheWriteTokens + usage.cacheWriteTokens,
    };
  }
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
    signal: call.deadline.signal,
    deadlineAtMs: requestDeadlineAtMs(ctx, resilience),
    observer: createRequestObserver(ctx),
  };
}

async function completeAsJson(call: ChatCall): Promise<void> {
  const { ctx, resilience, outcome } = call;
  const run = await runWithFallbacks<ConverseResponse>({
    ...runOptions(call),
    attempt: async (target) => {
      const candidate = candidateFor(call, target);
      const attempt = new AttemptController(call.deadline.signal);
      attempt.arm(resilience.settings.responseTimeoutMs, 'response_timeout');
      try {
        return await attempt.race(sendConverse(resilience.clientFor(target.region), candidate.prepared.input, { signal: attempt.signal, model: target.model.id }));
      } catch (error) {
        chargeUnfinishedAttempt(call, candidate, attempt, false);
        throw error;
      } finally {
        attempt.dispose();
      }
    },
  });
  try {
    const headers = serve(call, run);
    // Bedrock billed this answer whatever happens next: its usage is known before anything can fail.
    outcome.usage = convertUsage(run.value.usage).tokens;
    const { prepared } = call.served;
    const { completion, rawStopReason } = convertToChatCompletion(run.value, {
      id: call.id,
      created: call.created,
      model: servedModelName(call.plan, run.target),
      toolNames: prepared.toolNames,
      structuredOutputToolName: structuredOutputToolName(prepared),
    });
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
  const { resilience } = call;
  const candidate = candidateFor(call, target);
  const attempt = new AttemptController(call.deadline.signal);
  attempt.arm(resilience.settings.firstByteTimeoutMs, 'first_byte_timeout');
  try {
    const started = await attempt.race(startConverseStream(resilience.clientFor(target.region), candidate.prepared.input, { signal: attempt.signal, model: target.model.id }));
    const events = started.events[Symbol.asyncIterator]();
    const first = await attempt.race(events.next());
    attempt.disarm();
    return { attempt, events, first };
  } catch (error) {
    chargeUnfinishedAttempt(call, candidate, attempt, true);
    attempt.abort();
    attempt.dispose();
    throw error;
  }
}

/**
 * Streams the completion as SSE. The 200 goes out only once a target's first event arrived, so
 * errors before that (throttling, a slow first byte, an early exception) are retried or fall back
 * and otherwise get their own status; later failures, idle timeouts and the invocation's deadline
 * included, are sent in-band. Everything after the stream started runs under one `finally`: the
 * Bedrock stream is aborted, the keep-alive stopped and the target's slot given back whatever fails.
 */
async function completeAsStream(call: ChatCall): Promise<void> {
  const { ctx, request, outcome, resilience, deadline } = call;
  const clientGone = (): boolean => ctx.request.signal.aborted;
  const run = await runWithFallbacks<StartedStream>({ ...runOptions(call), attempt: (target) => startStream(call, target) });
  const { attempt, events } = run.value;
  let next = run.value.first;
  let keepAlive: KeepAlive | undefined;
  let transformer: ChatStreamTransformer | undefined;
  let sse: SseWriter | undefined;
  // The keep-alive stops before the last write: no comment may follow `[DONE]` or the error.
  const fail = async (error: GatewayError): Promise<void> => {
    keepAlive?.stop();
    outcome.errorCode = errorCodeOf(error);
    ctx.logFields.error = outcome.errorCode;
    ctx.logFields.upstreamError = upstreamErrorName(error);
    await sse?.error(renderError(error).body);
  };
  try {
    const headers = serve(call, run);
    const { prepared } = call.served;
    transformer = new ChatStreamTransformer({
      id: call.id,
      created: call.created,
      model: servedModelName(call.plan, run.target),
      toolNames: prepared.toolNames,
      structuredOutputToolName: structuredOutputToolName(prepared),
      includeUsage: prepared.includeUsageInStream,
      estimatedInputTokens: prepared.estimatedInputTokens,
    });
    const writer = new SseWriter(ctx.response);
    writer.open(headers);
    sse = writer;
    outcome.status = 200;
    keepAlive = startKeepAlive(resilience.settings.keepAliveIntervalMs, () => writer.comment('keep-alive'));
    const alive = keepAlive;
    const send = async (parts: ReturnType<ChatStreamTransformer['transform']>): Promise<boolean> => {
      for (const part of parts) {
        if (part.type === 'error') {
          await fail(part.error);
          return false;
        }
        await writer.data(part.chunk);
        alive.touch();
      }
      return true;
    };
    while (next.done !== true) {
      if (!(await send(transformer.transform(next.value)))) return;
      if (outcome.timeToFirstTokenMs === undefined && transformer.outputCharacters > 0) {
        outcome.timeToFirstTokenMs = ctx.services.now() - ctx.request.receivedAtMs;
      }
      if (deadline.signal.aborted) break;
      attempt.arm(resilience.settings.streamIdleTimeoutMs, 'stream_idle_timeout');
      next = await attempt.race(events.next());
      attempt.disarm();
    }
    if (clientGone()) return;
    if (deadline.expired) return await fail(deadline.error);
    if (!(await send(transformer.end()))) return;
    keepAlive.stop();
    await writer.done();
  } catch (error) {
    if (!clientGone()) await fail(deadline.expired ? deadline.error : mapBedrockError(error, { model: request.model }));
    // Not started: nothing went out, so the error is the client's answer (its own status).
    if (sse === undefined) throw error;
  } finally {
    keepAlive?.stop();
    // Whatever ended the loop early (an in-band error, a timeout, the deadline, the client), Bedrock stops too.
    if (next.done !== true) attempt.abort();
    attempt.dispose();
    run.release();
    outcome.usage = transformer?.usage?.tokens ?? estimatedUsage(call.served.prepared, transformer?.outputCharacters ?? 0);
    outcome.clientAborted = clientGone() && transformer?.completed !== true;
    ctx.logFields.stopReason = transformer?.rawStopReason;
    ctx.logFields.finishReason = transformer?.finishReason;
  }
}

async function settle(call: ChatCall, admission: Admission): Promise<void> {
  const { ctx, outcome } = call;
  const { model } = call.served.target;
  const { unfinished } = outcome;
  const usage: TokenUsage = {
    inputTokens: outcome.usage.inputTokens + unfinished.usage.inputTokens,
    outputTokens: outcome.usage.outputTokens + unfinished.usage.outputTokens,
    cacheReadTokens: outcome.usage.cacheReadTokens + unfinished.usage.cacheReadTokens,
    cacheWriteTokens: outcome.usage.cacheWriteTokens + unfinished.usage.cacheWriteTokens,
  };
  const cost = costNanoUsd(model, outcome.usage) + unfinished.costNanoUsd;
  const latencyMs = ctx.services.now() - ctx.request.receivedAtMs;
  await admission.settle({
    usage,
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
    ...usage,
    costUsd: cost / 1e9,
    ...(outcome.timeToFirstTokenMs === undefined ? {} : { timeToFirstTokenMs: outcome.timeToFirstTokenMs }),
  });
  Object.assign(ctx.logFields, {
    ...usage,
    costUsd: cost / 1e9,
    timeToFirstTokenMs: outcome.timeToFirstTokenMs,
  });
}

/** Records how a failed call ended; what it may have cost was charged where it failed (`chargeUnfinishedAttempt`). */
function recordFailure(call: ChatCall, error: unknown): void {
  const { ctx, outcome } = call;
  if (ctx.request.signal.aborted) {
    outcome.clientAborted = true;
    if (outcome.status === 0) outcome.status = CLIENT_CLOSED_STATUS;
    return;
  }
  const rendered = renderError(error);
  outcome.status = rendered.statusCode;
  outcome.errorCode = rendered.body.error.code ?? rendered.body.error.type;
  ctx.logFields.upstreamError = upstreamErrorName(error);
}

/**
 * Reserves the worst case over every candidate: a fallback to a pricier model must fit the
 * reservation too, so the budget can never be overspent by routing. Attempts that time out are
 * charged their input estimate on top of the call that serves, so the reservation adds, for each
 * call that may fail before the last (`maxAttempts - 1`), the dearest candidate's input estimate.
 * Settlement then charges the model that actually served, plus those timed-out attempts.
 */
async function admit(ctx: RequestContext, principal: Principal, candidates: readonly Candidate[], maxAttempts: number): Promise<Admission> {
  const [primary] = candidates as [Candidate, ...Candidate[]];
  const worstInput = Math.max(...candidates.map((candidate) => costNanoUsd(candidate.target.model, inputUsage(candidate, candidate.prepared.estimatedInputTokens))));
  return ctx.services.meter.admit({
    principal,
    model: primary.target.model,
    requestId: ctx.requestId,
    maxCostNanoUsd: Math.max(...candidates.map(worstCaseCost)) + Math.max(0, maxAttempts - 1) * worstInput,
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
    const admission = await admit(ctx, principal, candidates, resilience.settings.maxAttempts);
    const deadline = startCallDeadline(ctx);
    const call: ChatCall = {
      ctx,
      request,
      plan,
      candidates,
      resilience,
      id: newCompletionId(),
      created: Math.floor(ctx.services.now() / 1000),
      served: primary,
      outcome: { usage: NO_USAGE, unfinished: { usage: NO_USAGE, costNanoUsd: 0 }, status: 0, clientAborted: false },
      deadline,
    };
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
      await settle(call, admission);
    }
  } finally {
    releaseRequestSlot();
  }
}

export { createChatCompletion };
