/** @module JSON values as the SDK's document type (tool inputs, schemas, additional model fields). */
import type { ToolUseBlock } from '@aws-sdk/client-bedrock-runtime';

/** The SDK's JSON document type (`@smithy/types` `DocumentType`), derived so no extra dependency is needed. */
type BedrockDocument = Exclude<ToolUseBlock['input'], undefined>;
type BedrockDocumentObject = { [key: string]: BedrockDocument };

/**
 * Copies a parsed-JSON value into a document, dropping `undefined` members and anything JSON cannot
 * hold, so the result is a document by construction rather than by cast.
 */
function toDocument(value: unknown): BedrockDocument | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.flatMap((item) => {
    const converted = toDocument(item);
    return converted === undefined ? [] : [converted];
  });
  if (typeof value === 'object') return toDocumentObject(value as Record<string, unknown>);
  return undefined;
}

/** `toDocument` for objects. */
function toDocumentObject(value: Readonly<Record<string, unknown>>): BedrockDocumentObject {
  const result: BedrockDocumentObject = {};
  for (const [key, member] of Object.entries(value)) {
    const converted = toDocument(member);
    if (converted !== undefined) result[key] = converted;
  }
  return result;
}

/** Whether a value is a JSON object (not an array or null). */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export { isJsonObject, toDocument, toDocumentObject };
export type { BedrockDocument, BedrockDocumentObject };
