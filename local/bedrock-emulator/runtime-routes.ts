/**
 * @module Runtime operations: Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream
 * (chat models in their own body format, embedding models) and CountTokens.
 *
 * Order per call: read the body, resolve the model, apply an injected error or slow first byte,
 * reject unknown models, validate, then answer (scripted reply first, default otherwise).
 */

import { BedrockEmulatorError, INJECTED_ERRORS, STREAM_EXCEPTIONS, validationError } from './bedrock-errors';
import { toConverseResponse, toStreamEvents } from './converse-output';
import { validateConverseBody } from './converse-validation';
import type { EmulatorCore } from './emulator-core';
import { invokeEmbeddingModel } from './embeddings';
import { encodeChunkFrame, encodeEventFrame, encodeExceptionFrame } from './event-stream-encoding';
import { baseHeaders, flattenHeaders, newRequestId, parseJsonBody, readBody, sendError, sendJson, sleep, type RequestSource, type ResponseSink } from './http-io';
import { chatInvokeDialectOf, type ChatInvokeDialect } from './invoke-dialects';
import { invocationHeaders, invocationMetrics } from './invocation-metrics';
import { embeddingDialectOf, type ResolvedModel } from './model-resolver';
import { planReply, type ReplyPlan } from './reply-planner';
import { isJsonObject, type ConverseBody } from './request-features';
import { checkCacheTtls, checkServing, claudeCacheTtls, converseCacheTtls, converseServing, invokeServing } from './serving-rules';
import type { CallFaults } from './script-store';
import { countInputTokens, countTextTokens } from './token-count';
import type { EmulatorModel, EmulatorModelKind, RecordedRequest, RuntimeOperation } from './types';

/** Everything a runtime handler needs about the call in progress. */
interface RuntimeCall {
  readonly core: EmulatorCore;
  readonly entry: RecordedRequest;
  readonly resolved: ResolvedModel;
  readonly faults: CallFaults;
  readonly response: ResponseSink;
  /** Aborts when the client goes away or the emulator closes. */
  readonly signal: AbortSignal;
  readonly startedAt: number;
}

/** The parsed body, or its text when it is not JSON (so the log still shows what arrived). */
function parseLoggedBody(bytes: Buffer): { readonly body: unknown; readonly malformed: boolean } {
  try {
    return { body: parseJsonBody(bytes), malformed: false };
  } catch {
    return { body: bytes.toString('utf8'), malformed: true };
  }
}

async function converse(call: RuntimeCall): Promise<void> {
  const { entry } = call;
  const plan = planFor(call, validateConverseBody(entry.body, call.resolved.model));
  entry.status = 200;
  sendJson(call.response, 200, toConverseResponse(plan, Date.now() - call.startedAt), baseHeaders(entry.id));
}

/**
 * The model's reply to a call, scripted or default, after the checks of how it is served: its cache
 * TTLs (Converse checkpoints, or the Claude body's `cache_control`), its tier and latency mode.
 */
function planFor(call: RuntimeCall, body: ConverseBody, toolUseIdPrefix?: string): ReplyPlan {
  const { core, entry, resolved } = call;
  const invoke = entry.operation === 'InvokeModel' || entry.operation === 'InvokeModelWithResponseStream';
  const ttls = invoke ? claudeCacheTtls(entry.body) : converseCacheTtls(body);
  const serving = invoke ? invokeServing(entry.headers) : converseServing(body);
  const problem = checkCacheTtls(ttls, resolved.model) ?? checkServing(serving, resolved.model);
  if (problem !== undefined) throw validationError(problem);
  const script = core.store.takeReply({ operation: entry.operation as RuntimeOperation, requestedModelId: entry.modelId ?? '', resolvedModelId: resolved.model.modelId });
  return planReply({ body, model: resolved.model, script, oneHourCache: ttls.includes('1h'), serving, ...(toolUseIdPrefix === undefined ? {} : { toolUseIdPrefix }) });
}

/** InvokeModel's response headers naming the tier and latency mode the plan reports. */
function servingHeaders(plan: ReplyPlan): Record<string, string> {
  const { serviceTier, latency } = plan.serving ?? {};
  return {
    ...(serviceTier === undefined ? {} : { 'x-amzn-bedrock-service-tier': serviceTier }),
    ...(latency === undefined ? {} : { 'x-amzn-bedrock-performanceconfig-latency': latency }),
  };
}

/** When the first frame of a stream left, ms after the call started. */
interface StreamTiming {
  firstByteMs?: number;
}

/**
 * Writes a stream's frames with the call's stream faults applied (slow tokens, an exception frame
 * after N events) and records its progress; stops at once when the client goes away.
 * `frames` is consumed lazily, so the last frame can report the stream's duration.
 */
async function writeStream(call: RuntimeCall, headers: Record<string, string>, frames: (timing: StreamTiming) => Iterable<Uint8Array>): Promise<void> {
  const { entry, response, signal, faults } = call;
  const stream = { eventsSent: 0, completed: false, aborted: false };
  const timing: StreamTiming = {};
  entry.status = 200;
  entry.stream = stream;
  response.once('close', () => {
    if (!response.writableEnded) stream.aborted = true;
  });
  response.writeHead(200, { ...baseHeaders(entry.id), 'content-type': 'application/vnd.amazon.eventstream', ...headers });
  const midStream = faults.midStream;
  const failAfter = midStream?.afterEvents ?? Number.POSITIVE_INFINITY;
  for (const frame of frames(timing)) {
    if (stream.eventsSent >= failAfter) break;
    if (stream.eventsSent > 0 && faults.slowTokens && !(await sleep(faults.slowTokens.delayMs, signal))) break;
    if (signal.aborted) break;
    timing.firstByteMs ??= Date.now() - call.startedAt;
    response.write(frame);
    stream.eventsSent += 1;
  }
  if (signal.aborted) return;
  if (midStream) {
    const exception = STREAM_EXCEPTIONS[midStream.error ?? 'model-stream-error'];
    response.write(encodeExceptionFrame(exception.member, midStream.message ?? exception.message));
    stream.eventsSent += 1;
    entry.errorType = exception.member;
  }
  response.end();
  stream.completed = true;
}

async function converseStream(call: RuntimeCall): Promise<void> {
  const plan = planFor(call, validateConverseBody(call.entry.body, call.resolved.model));
  await writeStream(call, {}, function* () {
    for (const event of toStreamEvents(plan, () => Date.now() - call.startedAt)) yield encodeEventFrame(event);
  });
}

/** The dialect of a chat model's InvokeModel body; Bedrock serves every family, the emulator Claude, Nova and Llama. */
function requireChatDialect(model: EmulatorModel): ChatInvokeDialect {
  const dialect = chatInvokeDialectOf(model);
  if (dialect === undefined) {
    throw validationError(
      `The Bedrock emulator implements InvokeModel for Claude, Nova, Llama and embedding models only; call ${model.modelId} with Converse or ConverseStream.`,
    );
  }
  return dialect;
}

async function invokeModel(call: RuntimeCall): Promise<void> {
  const { entry, resolved } = call;
  if (resolved.model.kind === 'chat') {
    const dialect = requireChatDialect(resolved.model);
    const plan = planFor(call, dialect.validate(entry.body, resolved.model), dialect.toolUseIdPrefix);
    entry.status = 200;
    sendJson(call.response, 200, dialect.response(plan, resolved.model), { ...baseHeaders(entry.id), ...invocationHeaders(plan, Date.now() - call.startedAt), ...servingHeaders(plan) });
    return;
  }
  const dialect = embeddingDialectOf(resolved.model);
  if (dialect === undefined) throw validationError(`The Bedrock emulator has no InvokeModel body format for ${resolved.model.modelId}.`);
  const result = invokeEmbeddingModel(resolved.model.modelId, dialect, entry.body);
  entry.status = 200;
  sendJson(call.response, 200, result.body, {
    ...baseHeaders(entry.id),
    'x-amzn-bedrock-input-token-count': String(result.inputTokens),
    'x-amzn-bedrock-output-token-count': '0',
    'x-amzn-bedrock-invocation-latency': String(Date.now() - call.startedAt),
  });
}

async function invokeModelWithResponseStream(call: RuntimeCall): Promise<void> {
  const { entry, resolved } = call;
  if (resolved.model.kind !== 'chat') throw validationError(`The model ${resolved.model.modelId} doesn't support streaming responses.`);
  const dialect = requireChatDialect(resolved.model);
  const plan = planFor(call, dialect.validate(entry.body, resolved.model), dialect.toolUseIdPrefix);
  await writeStream(call, { 'x-amzn-bedrock-content-type': 'application/json', ...servingHeaders(plan) }, function* (timing) {
    const metrics = () => invocationMetrics(plan, { invocationMs: Date.now() - call.startedAt, firstByteMs: timing.firstByteMs ?? 0 });
    for (const chunk of dialect.streamChunks(plan, resolved.model, metrics)) yield encodeChunkFrame(chunk);
  });
}

/** Input tokens of CountTokens' `invokeModel` form: the body read as its model family reads it. */
function countInvokeBodyTokens(base64Body: string, model: EmulatorModel): number {
  const text = Buffer.from(base64Body, 'base64').toString('utf8');
  const dialect = chatInvokeDialectOf(model);
  if (dialect === undefined) return countTextTokens(text);
  const view = dialect.validate(parseJsonBody(Buffer.from(text, 'utf8')), model);
  return countInputTokens({ system: view.system, messages: view.messages, tools: view.toolConfig?.tools });
}

async function countTokens(call: RuntimeCall): Promise<void> {
  const { entry } = call;
  const input = isJsonObject(entry.body) ? entry.body['input'] : undefined;
  if (!isJsonObject(input)) throw validationError('1 validation error detected: Value null at \'input\' failed to satisfy constraint: Member must not be null');
  const converseInput = input['converse'];
  const invokeInput = input['invokeModel'];
  let inputTokens: number;
  if (isJsonObject(converseInput)) {
    const body = validateConverseBody(converseInput, call.resolved.model);
    inputTokens = countInputTokens({ system: body.system, messages: body.messages, tools: body.toolConfig?.tools });
  } else if (isJsonObject(invokeInput) && typeof invokeInput['body'] === 'string') {
    inputTokens = countInvokeBodyTokens(invokeInput['body'], call.resolved.model);
  } else {
    throw validationError('The input field must set exactly one of the following keys: converse, invokeModel.');
  }
  entry.status = 200;
  sendJson(call.response, 200, { inputTokens }, baseHeaders(entry.id));
}

const HANDLERS: Readonly<Record<RuntimeOperation, (call: RuntimeCall) => Promise<void>>> = {
  Converse: converse,
  ConverseStream: converseStream,
  InvokeModel: invokeModel,
  InvokeModelWithResponseStream: invokeModelWithResponseStream,
  CountTokens: countTokens,
};

/**
 * The kind of model an operation needs, for application inference profiles the emulator cannot look
 * up: InvokeModel bodies with `messages` are chat calls, other InvokeModel bodies embeddings.
 */
function modelKindFor(operation: RuntimeOperation, body: unknown): EmulatorModelKind {
  if (operation !== 'InvokeModel') return 'chat';
  return isJsonObject(body) && body['messages'] !== undefined ? 'chat' : 'embedding';
}

/** Handles one runtime call end to end; never throws. */
async function handleRuntimeCall(
  core: EmulatorCore,
  operation: RuntimeOperation,
  modelId: string,
  request: RequestSource,
  response: ResponseSink,
): Promise<void> {
  const finish = core.log.begin();
  const startedAt = Date.now();
  // One controller per call rather than AbortSignal.any, which keeps dependent signals alive
  // on the long-lived shutdown signal (benchmarks make many calls).
  const stop = new AbortController();
  const abort = (): void => stop.abort();
  response.once('close', abort);
  core.shutdown.addEventListener('abort', abort, { once: true });
  const signal = stop.signal;
  const entry = core.log.add({
    id: newRequestId(),
    operation,
    modelId,
    body: undefined,
    headers: flattenHeaders(request.headers),
    receivedAt: new Date(),
  });
  try {
    const parsed = parseLoggedBody(await readBody(request));
    entry.body = parsed.body;
    const resolved = core.resolver.resolve(modelId, modelKindFor(operation, parsed.body));
    if (resolved) entry.resolvedModelId = resolved.model.modelId;
    const faults = core.store.takeFaults({ operation, requestedModelId: modelId, resolvedModelId: resolved?.model.modelId });
    if (faults.slowFirstByte && !(await sleep(faults.slowFirstByte.delayMs, signal))) return;
    if (faults.error) {
      const injected = INJECTED_ERRORS[faults.error.error];
      throw new BedrockEmulatorError(injected.type, faults.error.message ?? injected.message);
    }
    if (!resolved) throw validationError('The provided model identifier is invalid.');
    if (parsed.malformed) throw validationError('Malformed input request, please reformat your input and try again.');
    await HANDLERS[operation]({ core, entry, resolved, faults, response, signal, startedAt });
  } catch (error) {
    const failure = BedrockEmulatorError.isInstance(error)
      ? error
      : new BedrockEmulatorError('InternalServerException', `The Bedrock emulator failed: ${error instanceof Error ? error.message : String(error)}`);
    entry.status = failure.statusCode;
    entry.errorType = failure.errorType;
    if (!response.headersSent && !signal.aborted) sendError(response, failure, entry.id);
  } finally {
    core.shutdown.removeEventListener('abort', abort);
    finish();
  }
}

export { handleRuntimeCall };
