/**
 * @module InvokeModel and InvokeModelWithResponseStream as clients send them to `/bedrock`: the model
 * family's own body passed through as sent, Bedrock's `x-amzn-bedrock-*` headers read, and what the
 * gateway needs to reserve a budget (`max_tokens` / `inferenceConfig.maxTokens`) and meter the answer
 * (Claude's and Nova's usage, Bedrock's token-count headers and invocation metrics).
 *
 * Claude's (Anthropic Messages) and Amazon Nova's bodies are read for their usage; the bodies of the
 * other chat families (Llama, Mistral, DeepSeek, gpt-oss, Qwen, Cohere Command) pass through with
 * the family's output-token field reserved and Bedrock's token-count headers or invocation metrics
 * metered. Embedding models are served through the embeddings surfaces, not here.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 */
import type { GuardrailStreamConfiguration, InvokeModelCommandInput, Trace } from '@aws-sdk/client-bedrock-runtime';
import { createClaudeStreamMeter, tokenUsageOf } from '../anthropic/claude-invoke-answer';
import { TOKENS_PER_IMAGE, estimateTextTokens } from '../bedrock/estimate-input-tokens';
import { INPUT_TOKEN_COUNT_HEADER, headerCount, type InvokeModelAnswer } from '../bedrock/invoke-model-call';
import type { CatalogEntry, ModelFamily } from '../catalog/types';
import type { TokenUsage } from '../ledger/meter-types';
import type { AnsweredCall, StreamUsageMeter } from '../model-call/bedrock-operations';
import { prepareServing, servingSelection } from '../bedrock/prepare-serving';
import { RequestWarnings } from '../bedrock/request-warnings';
import type { PriceSelection } from '../model-call/charging-rules';
import type { DeploymentGuardrail } from '../platform/config';
import { BadGatewayError, InvalidRequestError } from '../platform/errors';
import { chooseGuardrail } from './converse-request';
import { isRecord } from './wire-json';

/** The body families the gateway passes through InvokeModel: Claude's, Nova's, or another chat family's own. */
type InvokeFamily = 'claude' | 'nova' | NativeBodyFamily;

/** Chat families whose own InvokeModel body passes through, metered from Bedrock's counts. */
type NativeBodyFamily = Exclude<ModelFamily, 'anthropic-claude' | 'amazon-nova' | 'amazon-titan-embed' | 'cohere-embed'>;

/**
 * Where each family's body asks for its output limit (reserved against the budget; absent, the
 * model's largest output is reserved).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters.html
 */
const OUTPUT_LIMIT_FIELDS: Readonly<Record<NativeBodyFamily, readonly string[]>> = {
  'meta-llama': ['max_gen_len'],
  mistral: ['max_tokens'],
  deepseek: ['max_tokens'],
  'openai-gpt-oss': ['max_completion_tokens', 'max_tokens'],
  qwen: ['max_tokens', 'max_completion_tokens'],
  'cohere-command': ['max_tokens'],
  other: ['max_tokens', 'max_completion_tokens', 'max_gen_len'],
};

/** An InvokeModel request as received. */
interface ParsedInvokeRequest {
  /** The body as the client sent it; it goes to Bedrock byte for byte. */
  readonly body: Uint8Array;
  readonly json: Readonly<Record<string, unknown>>;
  readonly accept: string | undefined;
  readonly trace: Trace | undefined;
  /** The guardrail the client named in `x-amzn-bedrock-guardrailidentifier`/`-guardrailversion`. */
  readonly guardrail: GuardrailStreamConfiguration | undefined;
  /** `x-amzn-bedrock-service-tier`, served only where the catalog prices it. */
  readonly serviceTier: string | undefined;
  /** `x-amzn-bedrock-performanceconfig-latency`, served only where the catalog prices it. */
  readonly latency: 'standard' | 'optimized' | undefined;
  readonly warnings: readonly string[];
}

const TRACE_VALUES: readonly Trace[] = ['ENABLED', 'DISABLED', 'ENABLED_FULL'];
/** Bedrock's header names (lower case, as the gateway reads headers). */
const HEADER = {
  trace: 'x-amzn-bedrock-trace',
  guardrailIdentifier: 'x-amzn-bedrock-guardrailidentifier',
  guardrailVersion: 'x-amzn-bedrock-guardrailversion',
  latency: 'x-amzn-bedrock-performanceconfig-latency',
  serviceTier: 'x-amzn-bedrock-service-tier',
  requestMetadata: 'x-amzn-bedrock-request-metadata',
  streamAccept: 'x-amzn-bedrock-accept',
} as const;
/** Bedrock's response headers an InvokeModel answer keeps. */
const FORWARDED_RESPONSE_HEADERS = ['x-amzn-bedrock-input-token-count', 'x-amzn-bedrock-output-token-count', 'x-amzn-bedrock-invocation-latency'] as const;
const OUTPUT_TOKEN_COUNT_HEADER = 'x-amzn-bedrock-output-token-count';

function invalid(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(`${param}: ${message}`, { param });
}

/**
 * Reads the body (a JSON object) and Bedrock's request headers (`stream`: InvokeModelWithResponseStream,
 * whose model accept type is `X-Amzn-Bedrock-Accept`).
 *
 * @throws InvalidRequestError for a body that is not a JSON object, a bad trace or latency value, or half a guardrail.
 */
function parseInvokeRequest(headers: Readonly<Record<string, string>>, body: Buffer, stream = false): ParsedInvokeRequest {
  const contentType = headers['content-type'];
  if (contentType !== undefined && !/^application\/json\b/i.test(contentType)) {
    throw invalid('contentType', `the gateway takes JSON bodies (application/json), not '${contentType}'.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw invalid('body', 'must be a JSON object.');
  }
  if (!isRecord(json)) throw invalid('body', 'must be a JSON object.');
  const trace = headers[HEADER.trace];
  if (trace !== undefined && !TRACE_VALUES.includes(trace as Trace)) throw invalid('trace', `must be one of ${TRACE_VALUES.join(', ')}.`);
  const latency = headers[HEADER.latency];
  if (latency !== undefined && latency !== 'standard' && latency !== 'optimized') throw invalid('performanceConfigLatency', "must be 'standard' or 'optimized'.");
  const guardrailIdentifier = headers[HEADER.guardrailIdentifier];
  const guardrailVersion = headers[HEADER.guardrailVersion];
  if ((guardrailIdentifier === undefined) !== (guardrailVersion === undefined)) {
    throw invalid('guardrailIdentifier', 'guardrailIdentifier and guardrailVersion go together.');
  }
  const warnings: string[] = [];
  if (headers[HEADER.requestMetadata] !== undefined) warnings.push('requestMetadata: not forwarded (the gateway attributes calls itself).');
  return {
    body: new Uint8Array(body),
    json,
    // The stream's own `Accept` is the event stream; the model's answer type travels in `X-Amzn-Bedrock-Accept`.
    accept: stream ? headers[HEADER.streamAccept] : headers['accept'],
    trace: trace as Trace | undefined,
    guardrail:
      guardrailIdentifier === undefined || guardrailVersion === undefined
        ? undefined
        : { guardrailIdentifier, guardrailVersion },
    serviceTier: headers[HEADER.serviceTier],
    latency,
    warnings,
  };
}

/** The body family of a chat model; `undefined` for an embedding model. */
function invokeFamilyOf(model: CatalogEntry): InvokeFamily | undefined {
  if (model.kind !== 'chat' || model.family === 'amazon-titan-embed' || model.family === 'cohere-embed') return undefined;
  // Every Claude model Bedrock serves takes the Messages body on InvokeModel.
  if (model.capabilities.messagesApi === true || model.family === 'anthropic-claude') return 'claude';
  return model.family === 'amazon-nova' ? 'nova' : model.family;
}

/** The family of a target, or a 400 for an embedding model. */
function requireInvokeFamily(model: CatalogEntry, requested: string): InvokeFamily {
  const family = invokeFamilyOf(model);
  if (family === undefined) {
    throw new InvalidRequestError(`'${requested}' is not a chat model: call it through /v1/embeddings (InvokeModel here serves chat models).`, { param: 'modelId' });
  }
  return family;
}

/** Media members (base64 images, documents, video) counted at the largest per-image cost instead of as text. */
const MEDIA_MEMBERS = new Set(['data', 'bytes']);

/** A conservative estimate of a JSON body's input: its strings as text, base64 media at the per-image cost. */
function estimateJsonTokens(value: unknown, key = ''): number {
  if (typeof value === 'string') return MEDIA_MEMBERS.has(key) && value.length > 64 ? TOKENS_PER_IMAGE : estimateTextTokens(value);
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + estimateJsonTokens(item, key), 0);
  if (isRecord(value)) return Object.entries(value).reduce((sum, [member, item]) => sum + estimateJsonTokens(item, member), 0);
  return 0;
}

function hasMember(value: unknown, name: string): boolean {
  if (Array.isArray(value)) return value.some((item) => hasMember(item, name));
  if (!isRecord(value)) return false;
  return Object.entries(value).some(([member, item]) => member === name || hasMember(item, name));
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/** What the reservation and price selection need of an InvokeModel body for one model. */
interface InvokeEstimates {
  readonly estimatedInputTokens: number;
  readonly maxOutputTokens: number;
  /** Cache writes and their longest TTL (the tier and latency mode are added per call). */
  readonly priceSelection: PriceSelection;
}

/** Whether a Claude body asks for a 1-hour cache anywhere (`cache_control.ttl: "1h"`). */
function asksOneHourCache(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(asksOneHourCache);
  if (!isRecord(value)) return false;
  const control = value['cache_control'];
  if (isRecord(control) && control['ttl'] === '1h') return true;
  return Object.values(value).some(asksOneHourCache);
}

/**
 * The estimates of a body for one model. Claude requires `max_tokens`; Nova's
 * `inferenceConfig.maxTokens` (or `max_new_tokens`) and the other families' own field
 * (`OUTPUT_LIMIT_FIELDS`) default to the model's largest output.
 *
 * @throws InvalidRequestError naming `messages` or `max_tokens` when a Claude or Nova body lacks them.
 */
function invokeEstimates(json: Readonly<Record<string, unknown>>, family: InvokeFamily, model: CatalogEntry): InvokeEstimates {
  if (family !== 'claude' && family !== 'nova') {
    const requested = OUTPUT_LIMIT_FIELDS[family].map((field) => positiveInteger(json[field])).find((value) => value !== undefined);
    // The whole body counts as input (prompt, messages, tools, whatever the family calls them): an upper bound.
    return { estimatedInputTokens: estimateJsonTokens(json), maxOutputTokens: Math.min(requested ?? model.maxOutputTokens, model.maxOutputTokens), priceSelection: { writesCache: false } };
  }
  if (!Array.isArray(json['messages'])) throw invalid('messages', `is required in a ${family === 'claude' ? 'Claude' : 'Nova'} body and must be an array.`);
  let requested: number | undefined;
  if (family === 'claude') {
    requested = positiveInteger(json['max_tokens']);
    if (requested === undefined) throw invalid('max_tokens', 'is required in a Claude body and must be an integer of at least 1.');
  } else {
    const config = isRecord(json['inferenceConfig']) ? json['inferenceConfig'] : {};
    requested = positiveInteger(config['maxTokens'] ?? config['max_new_tokens']);
  }
  return {
    estimatedInputTokens: estimateJsonTokens({ system: json['system'], messages: json['messages'], tools: json['tools'] ?? json['toolConfig'] }),
    maxOutputTokens: Math.min(requested ?? model.maxOutputTokens, model.maxOutputTokens),
    priceSelection: {
      writesCache: hasMember(json, family === 'claude' ? 'cache_control' : 'cachePoint'),
      ...(family === 'claude' && asksOneHourCache(json) ? { cacheTtl: '1h' as const } : {}),
    },
  };
}

const INVOKE_TRACE: Readonly<Record<string, Trace>> = { enabled: 'ENABLED', disabled: 'DISABLED', enabled_full: 'ENABLED_FULL' };

/** An InvokeModel call prepared for one target, and the tier and latency mode it is priced at. */
interface PreparedInvoke {
  readonly input: InvokeModelCommandInput;
  readonly serving: Pick<PriceSelection, 'serviceTier' | 'latency'>;
}

/**
 * The InvokeModel input for one target: the client's bytes, the target's model id, the chosen
 * guardrail, and a service tier or latency mode only where the catalog prices it for this model.
 *
 * @throws InvalidRequestError naming `serviceTier` or `performanceConfigLatency` when the model has
 *   no price for them, or `guardrailIdentifier` against an enforced guardrail.
 */
function invokeInputFor(request: ParsedInvokeRequest, model: CatalogEntry, deployment: DeploymentGuardrail | undefined): PreparedInvoke {
  const guardrail = chooseGuardrail(deployment, request.guardrail, false);
  const trace = request.trace ?? (guardrail?.trace === undefined ? undefined : INVOKE_TRACE[guardrail.trace]);
  const serving = prepareServing({
    serviceTier: request.serviceTier,
    latency: request.latency,
    model,
    params: { serviceTier: 'serviceTier', latency: 'performanceConfigLatency' },
    warnings: new RequestWarnings(),
  });
  const input: InvokeModelCommandInput = {
    modelId: model.bedrockModelId,
    ...(serving.serviceTier?.type === undefined ? {} : { serviceTier: serving.serviceTier.type }),
    ...(serving.performanceConfig?.latency === undefined ? {} : { performanceConfigLatency: serving.performanceConfig.latency }),
    body: request.body,
    contentType: 'application/json',
    accept: request.accept ?? 'application/json',
    ...(trace === undefined ? {} : { trace }),
    ...(guardrail === undefined ? {} : { guardrailIdentifier: guardrail.guardrailIdentifier, guardrailVersion: guardrail.guardrailVersion }),
  };
  return { input, serving: servingSelection(serving) };
}

/** An InvokeModel answer relayed to the client: the model's bytes and Bedrock's headers. */
interface InvokeReply {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Nova's usage (`inputTokens` excludes cache reads and writes, as Converse's). */
function novaUsageOf(usage: Readonly<Record<string, unknown>>): TokenUsage {
  return {
    inputTokens: count(usage['inputTokens']),
    outputTokens: count(usage['outputTokens']),
    cacheReadTokens: count(usage['cacheReadInputTokenCount'] ?? usage['cacheReadInputTokens']),
    cacheWriteTokens: count(usage['cacheWriteInputTokenCount'] ?? usage['cacheWriteInputTokens']),
  };
}

/** Bedrock's token-count headers, when both are there. */
function headerUsage(headers: InvokeModelAnswer['headers']): TokenUsage | undefined {
  const input = headerCount(headers, INPUT_TOKEN_COUNT_HEADER);
  const output = headerCount(headers, OUTPUT_TOKEN_COUNT_HEADER);
  return input === undefined || output === undefined ? undefined : { inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

/** The counts another family's body carries: Llama's `prompt_token_count`/`generation_token_count`, OpenAI-style `usage`. */
function nativeBodyUsage(parsed: unknown): TokenUsage | undefined {
  if (!isRecord(parsed)) return undefined;
  if (typeof parsed['prompt_token_count'] === 'number' && typeof parsed['generation_token_count'] === 'number') {
    return { inputTokens: count(parsed['prompt_token_count']), outputTokens: count(parsed['generation_token_count']), cacheReadTokens: 0, cacheWriteTokens: 0 };
  }
  const usage = parsed['usage'];
  if (isRecord(usage) && typeof usage['prompt_tokens'] === 'number' && typeof usage['completion_tokens'] === 'number') {
    return { inputTokens: count(usage['prompt_tokens']), outputTokens: count(usage['completion_tokens']), cacheReadTokens: 0, cacheWriteTokens: 0 };
  }
  return undefined;
}

/**
 * Reads the usage of an InvokeModel answer: Claude's and Nova's from their body's `usage` (it splits
 * cache reads and writes), else Bedrock's token-count headers; the other families' from the headers,
 * else the counts their body carries.
 *
 * @throws BadGatewayError when nothing holds a usage (the answer cannot be charged).
 */
function readInvokeAnswer(family: InvokeFamily, answer: InvokeModelAnswer): AnsweredCall<InvokeReply> {
  const parsed = parseJsonBytes(answer.body);
  const usage = isRecord(parsed) && isRecord(parsed['usage']) ? parsed['usage'] : undefined;
  let tokens: TokenUsage | undefined;
  if (family !== 'claude' && family !== 'nova') tokens = headerUsage(answer.headers) ?? nativeBodyUsage(parsed);
  else if (usage !== undefined) tokens = family === 'claude' ? tokenUsageOf(usage) : novaUsageOf(usage);
  else tokens = headerUsage(answer.headers);
  if (tokens === undefined) throw new BadGatewayError('Amazon Bedrock returned an InvokeModel answer without usage.', { code: 'upstream_invalid_response' });
  const headers = Object.fromEntries(FORWARDED_RESPONSE_HEADERS.flatMap((name) => (answer.headers[name] === undefined ? [] : [[name, answer.headers[name] as string]])));
  return { result: { body: answer.body, contentType: answer.contentType ?? 'application/json', headers }, usage: tokens };
}

/** One chunk of an InvokeModelWithResponseStream: the model's bytes as Bedrock sent them, and their JSON. */
interface InvokeStreamChunk {
  readonly bytes: Uint8Array;
  readonly event: Readonly<Record<string, unknown>>;
}

/**
 * Decodes one chunk.
 *
 * @throws BadGatewayError for a chunk that is not a JSON object.
 */
function decodeInvokeChunk(bytes: Uint8Array): InvokeStreamChunk {
  const event = parseJsonBytes(bytes);
  if (!isRecord(event)) throw new BadGatewayError('Amazon Bedrock sent a stream chunk that could not be read.', { code: 'upstream_invalid_response' });
  return { bytes, event };
}

/** The key of Bedrock's metrics on the last chunk of a stream. */
const INVOCATION_METRICS_KEY = 'amazon-bedrock-invocationMetrics';

function metricsUsage(metrics: Readonly<Record<string, unknown>>): TokenUsage {
  return {
    inputTokens: count(metrics['inputTokenCount']),
    outputTokens: count(metrics['outputTokenCount']),
    cacheReadTokens: count(metrics['cacheReadInputTokenCount']),
    cacheWriteTokens: count(metrics['cacheWriteInputTokenCount']),
  };
}

/** Meters Nova's stream: the `metadata` chunk's usage (else the invocation metrics); text, reasoning and tool input as output. */
function createNovaStreamMeter(): StreamUsageMeter<InvokeStreamChunk> {
  let usage: TokenUsage | undefined;
  let outputCharacters = 0;
  return {
    observe({ event }) {
      const block = event['contentBlockDelta'];
      const delta = isRecord(block) && isRecord(block['delta']) ? block['delta'] : undefined;
      if (delta !== undefined) {
        const toolUse = isRecord(delta['toolUse']) ? delta['toolUse'] : {};
        const reasoning = isRecord(delta['reasoningContent']) ? delta['reasoningContent'] : {};
        const text = delta['text'] ?? toolUse['input'] ?? reasoning['text'];
        if (typeof text === 'string') outputCharacters += text.length;
      }
      const metadata = event['metadata'];
      if (isRecord(metadata) && isRecord(metadata['usage'])) usage = novaUsageOf(metadata['usage']);
      const metrics = event[INVOCATION_METRICS_KEY];
      if (usage === undefined && isRecord(metrics)) usage = metricsUsage(metrics);
    },
    get usage() {
      return usage;
    },
    get outputCharacters() {
      return outputCharacters;
    },
  };
}

/** Meters Claude's stream with the Messages surface's meter (usage in message_start/message_delta, metrics on message_stop). */
function createClaudeChunkMeter(): StreamUsageMeter<InvokeStreamChunk> {
  const meter = createClaudeStreamMeter();
  return {
    observe({ event }) {
      const type = event['type'];
      if (typeof type === 'string') meter.observe({ ...event, type });
    },
    get usage() {
      return meter.usage;
    },
    get outputCharacters() {
      return meter.outputCharacters;
    },
  };
}

/** Members of a chunk that are not model output. */
const NOT_OUTPUT = new Set([INVOCATION_METRICS_KEY, 'stop_reason', 'finish_reason', 'role', 'object', 'id', 'model', 'type']);

/** Characters of the model's output in another family's chunk: its strings, but for metrics and bookkeeping. */
function outputCharactersOf(value: unknown, key = ''): number {
  if (NOT_OUTPUT.has(key)) return 0;
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + outputCharactersOf(item, key), 0);
  if (isRecord(value)) return Object.entries(value).reduce((sum, [member, item]) => sum + outputCharactersOf(item, member), 0);
  return 0;
}

/**
 * Meters another family's stream: Bedrock's invocation metrics on the last chunk (every family has
 * them); until then, the characters of its output, for a stream the client leaves early.
 */
function createNativeStreamMeter(): StreamUsageMeter<InvokeStreamChunk> {
  let usage: TokenUsage | undefined;
  let outputCharacters = 0;
  return {
    observe({ event }) {
      const metrics = event[INVOCATION_METRICS_KEY];
      if (isRecord(metrics)) usage = metricsUsage(metrics);
      outputCharacters += outputCharactersOf(event);
    },
    get usage() {
      return usage;
    },
    get outputCharacters() {
      return outputCharacters;
    },
  };
}

/** The stream meter of a family. */
function invokeStreamMeter(family: InvokeFamily): () => StreamUsageMeter<InvokeStreamChunk> {
  if (family === 'claude') return createClaudeChunkMeter;
  return family === 'nova' ? createNovaStreamMeter : createNativeStreamMeter;
}

export {
  decodeInvokeChunk,
  estimateJsonTokens,
  invokeEstimates,
  invokeFamilyOf,
  invokeInputFor,
  invokeStreamMeter,
  parseInvokeRequest,
  readInvokeAnswer,
  requireInvokeFamily,
};
export type { InvokeEstimates, InvokeFamily, InvokeReply, InvokeStreamChunk, ParsedInvokeRequest, PreparedInvoke };
