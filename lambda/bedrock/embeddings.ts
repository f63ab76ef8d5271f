/** @module OpenAI embeddings on Bedrock: request validation, Titan v2 and Cohere Embed bodies and answers, encoding. */
import type { InvokeModelCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry } from '../catalog/types';
import type { TokenUsage } from '../ledger/meter-types';
import {
  COHERE_INPUT_TYPES,
  OPENAI_EMBEDDING_ENCODINGS,
  type CohereInputType,
  type OpenAIEmbeddingEncoding,
  type OpenAIEmbeddingsRequest,
  type OpenAIEmbeddingsResponse,
} from '../openai/embeddings-types';
import { BadGatewayError, InvalidRequestError } from '../platform/errors';
import { estimateTokensFromCharacters } from './convert-usage';
import { estimateTextTokens } from './estimate-input-tokens';
import { INPUT_TOKEN_COUNT_HEADER, headerCount, type InvokeModelAnswer } from './invoke-model-call';

/** How one embedding model family is called through InvokeModel. */
type EmbeddingDialect = 'titan' | 'cohere';

/** One InvokeModel body and the input indexes its vectors belong to. */
interface EmbeddingCall {
  readonly body: Record<string, unknown>;
  readonly inputIndexes: readonly number[];
}

/** What one InvokeModel call returned, already parsed. */
interface EmbeddingCallResult {
  readonly vectors: readonly (readonly number[])[];
  /** Input tokens Bedrock reported, if it did. */
  readonly inputTokens?: number;
}

/** One InvokeModel answer read: its vectors, and the input tokens Bedrock billed (reported, else estimated). */
interface EmbeddingAnswer {
  readonly result: EmbeddingCallResult;
  readonly usage: TokenUsage;
}

const REQUEST_KEYS = ['model', 'input', 'encoding_format', 'dimensions', 'user', 'input_type'] as const;

/** OpenAI's own limit on inputs per request. */
const MAX_INPUTS = 2048;

/** Cohere Embed takes at most 96 texts per call. */
const COHERE_BATCH_SIZE = 96;

const DEFAULT_COHERE_INPUT_TYPE: CohereInputType = 'search_document';

/** Model families to the InvokeModel dialect that serves them. */
const EMBEDDING_DIALECT_BY_FAMILY: Readonly<Partial<Record<CatalogEntry['family'], EmbeddingDialect>>> = {
  'amazon-titan-embed': 'titan',
  'cohere-embed': 'cohere',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function invalid(message: string, param: string): InvalidRequestError {
  return new InvalidRequestError(message, { param, code: 'invalid_value' });
}

function isTokenArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'number' || Array.isArray(item));
}

function parseInput(value: unknown): string[] {
  if (value === undefined) throw new InvalidRequestError("Missing required parameter: 'input'.", { param: 'input', code: 'missing_required_parameter' });
  if (typeof value === 'string') {
    if (value === '') throw invalid("'input' must not be an empty string.", 'input');
    return [value];
  }
  if (isTokenArray(value)) {
    throw invalid(
      "Token arrays are not supported for 'input': Bedrock embedding models take text. Send a string or an array of strings.",
      'input',
    );
  }
  if (!Array.isArray(value)) {
    throw invalid(`Invalid type for 'input': expected a string or an array of strings, but got ${jsonType(value)} instead.`, 'input');
  }
  if (value.length === 0) throw invalid("'input' must not be an empty array.", 'input');
  if (value.length > MAX_INPUTS) throw invalid(`'input' has ${value.length} items; at most ${MAX_INPUTS} are allowed.`, 'input');
  return value.map((item: unknown, index) => {
    if (typeof item !== 'string') {
      throw invalid(`Invalid type for 'input[${index}]': expected a string, but got ${jsonType(item)} instead.`, `input[${index}]`);
    }
    if (item === '') throw invalid(`'input[${index}]' must not be an empty string.`, `input[${index}]`);
    return item;
  });
}

function parseEnum<T extends string>(value: unknown, allowed: readonly T[], param: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(`Invalid value for '${param}': ${JSON.stringify(value)}. Supported values are: ${allowed.map((v) => `'${v}'`).join(', ')}.`, param);
}

/**
 * Validates the body of `POST /v1/embeddings`.
 *
 * @throws InvalidRequestError naming the parameter: unknown keys, missing `model`/`input`, token
 *   arrays, empty strings, unknown `encoding_format` or `input_type`, a non-integer `dimensions`.
 */
function parseEmbeddingsRequest(body: unknown): OpenAIEmbeddingsRequest {
  if (!isRecord(body)) throw new InvalidRequestError(`The request body must be a JSON object, but got ${jsonType(body)}.`);
  const unknownKey = Object.keys(body).find((key) => !(REQUEST_KEYS as readonly string[]).includes(key));
  if (unknownKey !== undefined) {
    throw new InvalidRequestError(`Unrecognized request argument supplied: ${unknownKey}`, { param: unknownKey, code: 'unknown_parameter' });
  }
  const { model, dimensions, user } = body;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new InvalidRequestError("Missing required parameter: 'model'.", { param: 'model', code: 'missing_required_parameter' });
  }
  if (dimensions !== undefined && dimensions !== null && (!Number.isSafeInteger(dimensions) || (dimensions as number) < 1)) {
    throw invalid(`Invalid value for 'dimensions': expected a positive integer, but got ${JSON.stringify(dimensions)}.`, 'dimensions');
  }
  if (user !== undefined && typeof user !== 'string') {
    throw invalid(`Invalid type for 'user': expected a string, but got ${jsonType(user)} instead.`, 'user');
  }
  const inputType = parseEnum(body.input_type, COHERE_INPUT_TYPES, 'input_type');
  return {
    model,
    input: parseInput(body.input),
    encoding_format: parseEnum(body.encoding_format, OPENAI_EMBEDDING_ENCODINGS, 'encoding_format') ?? 'float',
    ...(typeof dimensions === 'number' ? { dimensions } : {}),
    ...(user === undefined ? {} : { user }),
    ...(inputType === undefined ? {} : { input_type: inputType }),
  };
}

/** The InvokeModel dialect of an embedding model. @throws InvalidRequestError for a model that does not embed. */
function dialectOf(model: CatalogEntry): EmbeddingDialect {
  const dialect = EMBEDDING_DIALECT_BY_FAMILY[model.family];
  if (dialect === undefined) {
    throw new InvalidRequestError(`Model '${model.id}' does not support embeddings.`, { param: 'model', code: 'model_not_supported' });
  }
  return dialect;
}

function checkDimensions(request: OpenAIEmbeddingsRequest, model: CatalogEntry): void {
  const accepted = model.embeddingDimensions ?? [];
  if (request.dimensions === undefined || accepted.includes(request.dimensions)) return;
  const choices = [...accepted].sort((a, b) => a - b).join(', ');
  throw invalid(
    `Invalid value for 'dimensions': ${request.dimensions}. Model '${request.model}' supports ${choices === '' ? 'no choice of dimensions' : choices}.`,
    'dimensions',
  );
}

/**
 * The InvokeModel bodies for a validated request: Titan v2 takes one text per call (normalised
 * vectors, `dimensions` 256/512/1024); Cohere Embed takes batches of 96 with an `input_type`
 * (`search_document` unless the `input_type` extension says otherwise) and float embeddings.
 * Cohere v3 has a fixed 1024 dimensions, so `output_dimension` is only sent to models with a choice.
 *
 * @throws InvalidRequestError when `dimensions` is not one the model supports, or the model does not embed.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */
function buildEmbeddingCalls(request: OpenAIEmbeddingsRequest, model: CatalogEntry): EmbeddingCall[] {
  checkDimensions(request, model);
  const dialect = dialectOf(model);
  switch (dialect) {
    case 'titan':
      return request.input.map((text, index) => ({
        body: { inputText: text, normalize: true, ...(request.dimensions === undefined ? {} : { dimensions: request.dimensions }) },
        inputIndexes: [index],
      }));
    case 'cohere': {
      const calls: EmbeddingCall[] = [];
      const sendDimension = request.dimensions !== undefined && (model.embeddingDimensions?.length ?? 0) > 1;
      for (let start = 0; start < request.input.length; start += COHERE_BATCH_SIZE) {
        const texts = request.input.slice(start, start + COHERE_BATCH_SIZE);
        calls.push({
          body: {
            texts,
            input_type: request.input_type ?? DEFAULT_COHERE_INPUT_TYPE,
            embedding_types: ['float'],
            ...(sendDimension ? { output_dimension: request.dimensions } : {}),
          },
          inputIndexes: texts.map((_, offset) => start + offset),
        });
      }
      return calls;
    }
    default: {
      const exhaustive: never = dialect;
      throw new Error(`Unknown embedding dialect ${String(exhaustive)}`);
    }
  }
}

function isVector(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

function malformedResponse(detail: string): BadGatewayError {
  return new BadGatewayError(`Amazon Bedrock returned an embedding response the gateway cannot read: ${detail}.`, {
    code: 'upstream_malformed_response',
  });
}

/**
 * Reads the vectors (and token count, where the body has one) from an InvokeModel response body.
 * Lenient: Titan's `embedding` or `embeddingsByType.float`; Cohere's `embeddings` as a list
 * (`embeddings_floats`) or by type (`embeddings_by_type`).
 *
 * @throws BadGatewayError when no vectors of the expected count are found.
 */
function parseEmbeddingResponse(dialect: EmbeddingDialect, body: unknown, expected: number): EmbeddingCallResult {
  if (!isRecord(body)) throw malformedResponse('the body is not a JSON object');
  let vectors: unknown;
  let inputTokens: number | undefined;
  if (dialect === 'titan') {
    const byType = body.embeddingsByType;
    vectors = [body.embedding ?? (isRecord(byType) ? byType.float : undefined)];
    if (typeof body.inputTextTokenCount === 'number') inputTokens = body.inputTextTokenCount;
  } else {
    const embeddings = body.embeddings;
    vectors = isRecord(embeddings) ? embeddings.float : embeddings;
  }
  if (!Array.isArray(vectors) || !vectors.every(isVector)) throw malformedResponse('no float vectors');
  if (vectors.length !== expected) throw malformedResponse(`expected ${expected} vectors, got ${vectors.length}`);
  return { vectors, ...(inputTokens === undefined ? {} : { inputTokens }) };
}

/**
 * Encodes one vector as OpenAI does: JSON numbers for `float`; for `base64`, the little-endian
 * float32 bytes of the vector in base64 (what the `openai` SDKs decode by default).
 */
function encodeEmbedding(vector: readonly number[], format: OpenAIEmbeddingEncoding): number[] | string {
  switch (format) {
    case 'float':
      return [...vector];
    case 'base64': {
      const bytes = Buffer.alloc(vector.length * 4);
      vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
      return bytes.toString('base64');
    }
    default: {
      const exhaustive: never = format;
      throw new Error(`Unknown encoding ${String(exhaustive)}`);
    }
  }
}

/** The deterministic estimate of a call's input tokens when Bedrock reported none: its texts at 4 characters per token. */
function unreportedInputTokens(request: OpenAIEmbeddingsRequest, call: EmbeddingCall): number {
  return estimateTokensFromCharacters(call.inputIndexes.reduce((sum, index) => sum + (request.input[index] ?? '').length, 0));
}

/** The gateway's upper-bound input estimate of one call, for budgets (see `estimateTextTokens`). */
function estimateEmbeddingCallTokens(request: OpenAIEmbeddingsRequest, call: EmbeddingCall): number {
  return call.inputIndexes.reduce((sum, index) => sum + estimateTextTokens(request.input[index] ?? ''), 0);
}

/**
 * Assembles the OpenAI response from the per-call results, in input order.
 *
 * Usage counts Bedrock's reported input tokens; a call that reported none is estimated from its
 * texts (4 characters per token) so that no embedding goes unbilled.
 */
function buildEmbeddingsResponse(
  request: OpenAIEmbeddingsRequest,
  calls: readonly EmbeddingCall[],
  results: readonly EmbeddingCallResult[],
): OpenAIEmbeddingsResponse {
  const data: OpenAIEmbeddingsResponse['data'] = [];
  let inputTokens = 0;
  calls.forEach((call, callIndex) => {
    const result = results[callIndex] as EmbeddingCallResult;
    call.inputIndexes.forEach((inputIndex, offset) => {
      const vector = result.vectors[offset] as readonly number[];
      data.push({ object: 'embedding', index: inputIndex, embedding: encodeEmbedding(vector, request.encoding_format) });
    });
    inputTokens += result.inputTokens ?? unreportedInputTokens(request, call);
  });
  data.sort((a, b) => a.index - b.index);
  return { object: 'list', data, model: request.model, usage: { prompt_tokens: inputTokens, total_tokens: inputTokens } };
}

/** The InvokeModel input of one call. */
function embeddingInvokeInput(model: CatalogEntry, call: EmbeddingCall): InvokeModelCommandInput {
  return { modelId: model.bedrockModelId, contentType: 'application/json', accept: 'application/json', body: JSON.stringify(call.body) };
}

/**
 * Reads one InvokeModel answer: the vectors, and the input tokens from Bedrock's token-count
 * header, else the body's count, else the estimate of its texts.
 *
 * @throws BadGatewayError when the body is not JSON or holds no vectors of the expected count.
 */
function readEmbeddingAnswer(request: OpenAIEmbeddingsRequest, model: CatalogEntry, call: EmbeddingCall, answer: InvokeModelAnswer): EmbeddingAnswer {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(answer.body).toString('utf8'));
  } catch {
    throw malformedResponse('the body is not JSON');
  }
  const parsed = parseEmbeddingResponse(dialectOf(model), body, call.inputIndexes.length);
  const inputTokens = headerCount(answer.headers, INPUT_TOKEN_COUNT_HEADER) ?? parsed.inputTokens;
  const result = { vectors: parsed.vectors, ...(inputTokens === undefined ? {} : { inputTokens }) };
  const billed = inputTokens ?? unreportedInputTokens(request, call);
  return { result, usage: { inputTokens: billed, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } };
}

export {
  COHERE_BATCH_SIZE,
  buildEmbeddingCalls,
  buildEmbeddingsResponse,
  embeddingInvokeInput,
  encodeEmbedding,
  estimateEmbeddingCallTokens,
  parseEmbeddingResponse,
  parseEmbeddingsRequest,
  readEmbeddingAnswer,
};
export type { EmbeddingAnswer, EmbeddingCall, EmbeddingCallResult, EmbeddingDialect };
