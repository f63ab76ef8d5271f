/**
 * @module Runtime operations: Converse, ConverseStream, InvokeModel (embeddings) and CountTokens.
 *
 * Order per call: read the body, resolve the model, apply an injected error or slow first byte,
 * reject unknown models, validate, then answer (scripted reply first, default otherwise).
 */

import { BedrockEmulatorError, INJECTED_ERRORS, STREAM_EXCEPTIONS, validationError } from './bedrock-errors';
import { toConverseResponse, toStreamEvents } from './converse-output';
import { validateConverseBody } from './converse-validation';
import type { EmulatorCore } from './emulator-core';
import { invokeEmbeddingModel } from './embeddings';
import { encodeEventFrame, encodeExceptionFrame } from './event-stream-encoding';
import { baseHeaders, flattenHeaders, newRequestId, parseJsonBody, readBody, sendError, sendJson, sleep, type RequestSource, type ResponseSink } from './http-io';
import { embeddingDialectOf, type ResolvedModel } from './model-resolver';
import { planReply } from './reply-planner';
import { isJsonObject } from './request-features';
import type { CallFaults } from './script-store';
import { countInputTokens, countTextTokens } from './token-count';
import type { RecordedRequest, RuntimeOperation } from './types';

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
  const { core, entry, resolved } = call;
  const body = validateConverseBody(entry.body, resolved.model);
  const script = core.store.takeReply({ operation: 'Converse', requestedModelId: entry.modelId ?? '', resolvedModelId: resolved.model.modelId });
  const plan = planReply({ body, model: resolved.model, script });
  entry.status = 200;
  sendJson(call.response, 200, toConverseResponse(plan, Date.now() - call.startedAt), baseHeaders(entry.id));
}

async function converseStream(call: RuntimeCall): Promise<void> {
  const { core, entry, resolved, response, signal, faults } = call;
  const body = validateConverseBody(entry.body, resolved.model);
  const script = core.store.takeReply({ operation: 'ConverseStream', requestedModelId: entry.modelId ?? '', resolvedModelId: resolved.model.modelId });
  const plan = planReply({ body, model: resolved.model, script });
  const stream = { eventsSent: 0, completed: false, aborted: false };
  entry.status = 200;
  entry.stream = stream;
  response.once('close', () => {
    if (!response.writableEnded) stream.aborted = true;
  });
  response.writeHead(200, { ...baseHeaders(entry.id), 'content-type': 'application/vnd.amazon.eventstream' });
  const midStream = faults.midStream;
  const failAfter = midStream?.afterEvents ?? Number.POSITIVE_INFINITY;
  for (const event of toStreamEvents(plan, () => Date.now() - call.startedAt)) {
    if (stream.eventsSent >= failAfter) break;
    if (stream.eventsSent > 0 && faults.slowTokens && !(await sleep(faults.slowTokens.delayMs, signal))) break;
    if (signal.aborted) break;
    response.write(encodeEventFrame(event));
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

async function invokeModel(call: RuntimeCall): Promise<void> {
  const { entry, resolved } = call;
  const dialect = embeddingDialectOf(resolved.model);
  if (resolved.model.kind !== 'embedding' || dialect === undefined) {
    throw validationError(`The Bedrock emulator implements InvokeModel for embedding models only; call ${resolved.model.modelId} with Converse or ConverseStream.`);
  }
  const result = invokeEmbeddingModel(resolved.model.modelId, dialect, entry.body);
  entry.status = 200;
  sendJson(call.response, 200, result.body, {
    ...baseHeaders(entry.id),
    'x-amzn-bedrock-input-token-count': String(result.inputTokens),
    'x-amzn-bedrock-output-token-count': '0',
    'x-amzn-bedrock-invocation-latency': String(Date.now() - call.startedAt),
  });
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
    inputTokens = countTextTokens(Buffer.from(invokeInput['body'], 'base64').toString('utf8'));
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
  CountTokens: countTokens,
};

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
    const resolved = core.resolver.resolve(modelId, operation === 'InvokeModel' ? 'embedding' : 'chat');
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
