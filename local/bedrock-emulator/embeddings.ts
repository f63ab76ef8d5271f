/**
 * @module InvokeModel bodies of the embedding models: Titan Text Embeddings v2 and Cohere Embed v3/v4.
 *
 * Vectors are deterministic: a SHA-256 of model id and text seeds a PRNG; float vectors are
 * L2-normalised (Titan with `normalize: false` is not). Input tokens follow the emulator's rule,
 * `ceil(chars / 4)` per text. Validation failures use Bedrock's JSON-schema wording.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
 */

import { createHash } from 'node:crypto';
import { malformedInput as malformed } from './bedrock-errors';
import { isJsonObject, type JsonObject } from './request-features';
import { countTextTokens } from './token-count';
import type { EmbeddingDialect } from './types';

/** An embedding response body and the token count for the response headers. */
interface EmbeddingResult {
  readonly body: JsonObject;
  readonly inputTokens: number;
}

const TITAN_DIMENSIONS = [256, 512, 1024] as const;
const TITAN_EMBEDDING_TYPES = ['float', 'binary'] as const;
const TITAN_KEYS = ['inputText', 'dimensions', 'normalize', 'embeddingTypes'] as const;
const COHERE_INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering', 'image'] as const;
const COHERE_EMBEDDING_TYPES = ['float', 'int8', 'uint8', 'binary', 'ubinary'] as const;
const COHERE_V3_DIMENSIONS = 1024;
const COHERE_V4_DIMENSIONS = [256, 512, 1024, 1536] as const;
const COHERE_MAX_TEXTS = 96;
const COHERE_V3_MAX_TEXT_CHARS = 2048;

/** Mulberry32: tiny, fast and good enough for test vectors. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic unit vector for `text`: same model id and text, same vector.
 * @example deterministicVector('amazon.titan-embed-text-v2:0', 'hello', 256).length // 256
 */
function deterministicVector(modelId: string, text: string, dimensions: number, normalize = true): number[] {
  const random = prng(createHash('sha256').update(`${modelId}\n${text}`).digest().readUInt32BE(0));
  const raw = Array.from({ length: dimensions }, () => random() * 2 - 1);
  if (!normalize) return raw;
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => value / norm);
}

function quantize(vector: readonly number[], type: (typeof COHERE_EMBEDDING_TYPES)[number]): number[] {
  switch (type) {
    case 'float':
      return [...vector];
    case 'int8':
      return vector.map((value) => Math.max(-128, Math.min(127, Math.round(value * 127))));
    case 'uint8':
      return vector.map((value) => Math.max(0, Math.min(255, Math.round((value + 1) * 127.5))));
    case 'binary':
    case 'ubinary': {
      const packed: number[] = [];
      for (let at = 0; at < vector.length; at += 8) {
        let byte = 0;
        for (let bit = 0; bit < 8; bit += 1) byte = (byte << 1) | ((vector[at + bit] ?? 0) > 0 ? 1 : 0);
        packed.push(type === 'binary' ? byte - 128 : byte);
      }
      return packed;
    }
    default: {
      const _exhaustiveCheck: never = type;
      return _exhaustiveCheck;
    }
  }
}

function enumList<T extends string>(value: unknown, allowed: readonly T[], path: string): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw malformed(`#/${path}: expected type: JSONArray, found: ${typeof value}`);
  return value.map((entry, index) => {
    if (typeof entry !== 'string' || !(allowed as readonly string[]).includes(entry)) {
      throw malformed(`#/${path}/${index}: ${JSON.stringify(entry)} is not a valid enum value`);
    }
    return entry as T;
  });
}

function embedTitan(modelId: string, body: JsonObject): EmbeddingResult {
  const extraneous = Object.keys(body).find((key) => !(TITAN_KEYS as readonly string[]).includes(key));
  if (extraneous !== undefined) throw malformed(`#: extraneous key [${extraneous}] is not permitted`);
  const { inputText, dimensions = 1024, normalize = true } = body;
  if (inputText === undefined) throw malformed('#: required key [inputText] not found');
  if (typeof inputText !== 'string') throw malformed(`#/inputText: expected type: String, found: ${typeof inputText}`);
  if (inputText.length === 0) throw malformed('#/inputText: expected minLength: 1, actual: 0');
  if (typeof dimensions !== 'number' || !(TITAN_DIMENSIONS as readonly number[]).includes(dimensions)) {
    throw malformed(`#/dimensions: ${JSON.stringify(dimensions)} is not a valid enum value`);
  }
  if (typeof normalize !== 'boolean') throw malformed(`#/normalize: expected type: Boolean, found: ${typeof normalize}`);
  const types = enumList(body['embeddingTypes'], TITAN_EMBEDDING_TYPES, 'embeddingTypes');
  const vector = deterministicVector(modelId, inputText, dimensions, normalize);
  const inputTokens = countTextTokens(inputText);
  const byType = types
    ? Object.fromEntries(types.map((type) => [type, type === 'float' ? vector : vector.map((value) => (value > 0 ? 1 : 0))]))
    : undefined;
  const includeFloat = types === undefined || types.includes('float');
  return {
    body: { ...(includeFloat ? { embedding: vector } : {}), inputTextTokenCount: inputTokens, ...(byType ? { embeddingsByType: byType } : {}) },
    inputTokens,
  };
}

function cohereTexts(body: JsonObject, maxChars: number | undefined): string[] {
  const texts = body['texts'] ?? body['images'];
  if (texts === undefined) throw malformed('#: required key [texts] not found');
  if (!Array.isArray(texts)) throw malformed(`#/texts: expected type: JSONArray, found: ${typeof texts}`);
  if (texts.length > COHERE_MAX_TEXTS) throw malformed(`#/texts: expected maximum item count: ${COHERE_MAX_TEXTS}, found: ${texts.length}`);
  return texts.map((text, index) => {
    if (typeof text !== 'string') throw malformed(`#/texts/${index}: expected type: String, found: ${typeof text}`);
    if (maxChars !== undefined && text.length > maxChars) throw malformed(`#/texts/${index}: expected maxLength: ${maxChars}, actual: ${text.length}`);
    return text;
  });
}

function embedCohere(modelId: string, body: JsonObject, dialect: 'cohere-v3' | 'cohere-v4'): EmbeddingResult {
  const inputType = body['input_type'];
  if (inputType === undefined) throw malformed('#: required key [input_type] not found');
  if (typeof inputType !== 'string' || !(COHERE_INPUT_TYPES as readonly string[]).includes(inputType)) {
    throw malformed(`#/input_type: ${JSON.stringify(inputType)} is not a valid enum value`);
  }
  const texts = cohereTexts(body, dialect === 'cohere-v3' ? COHERE_V3_MAX_TEXT_CHARS : undefined);
  const requestedTypes = enumList(body['embedding_types'], COHERE_EMBEDDING_TYPES, 'embedding_types');
  let dimensions: number = COHERE_V3_DIMENSIONS;
  if (dialect === 'cohere-v4') {
    const requested = body['output_dimension'] ?? 1536;
    if (typeof requested !== 'number' || !(COHERE_V4_DIMENSIONS as readonly number[]).includes(requested)) {
      throw malformed(`#/output_dimension: ${JSON.stringify(requested)} is not a valid enum value`);
    }
    dimensions = requested;
  }
  const vectors = texts.map((text) => deterministicVector(modelId, text, dimensions));
  const inputTokens = texts.reduce((sum, text) => sum + countTextTokens(text), 0);
  const id = createHash('sha256').update(`${modelId}\n${JSON.stringify(body)}`).digest('hex').slice(0, 32);
  // v3 answers a plain float list unless types are asked for; v4 always answers by type.
  const types = requestedTypes ?? (dialect === 'cohere-v4' ? ['float' as const] : undefined);
  const embeddings = types
    ? Object.fromEntries(types.map((type) => [type, vectors.map((vector) => quantize(vector, type))]))
    : vectors;
  return {
    body: {
      id: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`,
      embeddings,
      response_type: types ? 'embeddings_by_type' : 'embeddings_floats',
      texts,
    },
    inputTokens,
  };
}

/**
 * Answers an InvokeModel call to an embedding model.
 *
 * @throws BedrockEmulatorError (ValidationException) for bodies Bedrock would reject.
 */
function invokeEmbeddingModel(modelId: string, dialect: EmbeddingDialect, raw: unknown): EmbeddingResult {
  if (!isJsonObject(raw)) throw malformed('#: expected type: JSONObject');
  switch (dialect) {
    case 'titan-text-v2':
      return embedTitan(modelId, raw);
    case 'cohere-v3':
    case 'cohere-v4':
      return embedCohere(modelId, raw, dialect);
    default: {
      const _exhaustiveCheck: never = dialect;
      return _exhaustiveCheck;
    }
  }
}

export { deterministicVector, invokeEmbeddingModel };
export type { EmbeddingResult };
