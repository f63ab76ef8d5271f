/** @module JSON values as the SDK's document type (tool inputs, schemas, additional model fields). */
import type { ToolUseBlock } from '@aws-sdk/client-bedrock-runtime';
import { MAX_JSON_DEPTH } from '../openai/json-nesting';
import { InvalidRequestError } from '../platform/errors';

/** The SDK's JSON document type (`@smithy/types` `DocumentType`), derived so no extra dependency is needed. */
type BedrockDocument = Exclude<ToolUseBlock['input'], undefined>;
type BedrockDocumentObject = { [key: string]: BedrockDocument };

function tooDeep(param: string | null): InvalidRequestError {
  const name = param ?? 'the JSON value';
  return new InvalidRequestError(`Invalid '${name}': JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted.`, {
    param,
    code: 'invalid_value',
  });
}

function convert(value: unknown, depth: number, param: string | null): BedrockDocument | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'object') return undefined;
  if (depth > MAX_JSON_DEPTH) throw tooDeep(param);
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      const converted = convert(item, depth + 1, param);
      return converted === undefined ? [] : [converted];
    });
  }
  return convertObject(value as Record<string, unknown>, depth, param);
}

function convertObject(value: Readonly<Record<string, unknown>>, depth: number, param: string | null): BedrockDocumentObject {
  if (depth > MAX_JSON_DEPTH) throw tooDeep(param);
  const result: BedrockDocumentObject = {};
  for (const [key, member] of Object.entries(value)) {
    const converted = convert(member, depth + 1, param);
    if (converted !== undefined) result[key] = converted;
  }
  return result;
}

/**
 * Copies a parsed-JSON value into a document, dropping `undefined` members and anything JSON cannot
 * hold, so the result is a document by construction rather than by cast.
 * @throws InvalidRequestError naming `param` when the value nests deeper than `MAX_JSON_DEPTH`.
 */
function toDocument(value: unknown, param: string | null = null): BedrockDocument | undefined {
  return convert(value, 1, param);
}

/** `toDocument` for objects. */
function toDocumentObject(value: Readonly<Record<string, unknown>>, param: string | null = null): BedrockDocumentObject {
  return convertObject(value, 1, param);
}

/** Whether a value is a JSON object (not an array or null). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { isJsonObject, toDocument, toDocumentObject };
export type { BedrockDocument, BedrockDocumentObject };
