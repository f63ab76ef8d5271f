/**
 * @module Bedrock's JSON wire format (restJson1) and the AWS SDK's shapes: blobs (image, document and
 * video bytes, redacted reasoning) travel as base64 strings on the wire and as `Uint8Array` in the
 * SDK; documents (`toolUse.input`, tool schemas, `additionalModelRequestFields`) are plain JSON in both.
 */
import { InvalidRequestError } from '../platform/errors';

/** Members whose value is a blob. */
const BLOB_MEMBERS = new Set(['bytes', 'redactedContent']);
/** Members whose value is a document: copied as they are, whatever keys they hold. */
const DOCUMENT_MEMBERS = new Set(['input', 'json', 'additionalModelRequestFields']);

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeBase64(text: string, path: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new InvalidRequestError(`${path}: must be base64-encoded bytes.`, { param: path });
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function decodeValue(value: unknown, path: string): unknown {
  if (Array.isArray(value)) return value.map((item, index) => decodeValue(item, `${path}[${index}]`));
  if (!isRecord(value)) return value;
  const decoded: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const memberPath = path === '' ? key : `${path}.${key}`;
    if (DOCUMENT_MEMBERS.has(key)) decoded[key] = member;
    else if (BLOB_MEMBERS.has(key) && typeof member === 'string') decoded[key] = decodeBase64(member, memberPath);
    else decoded[key] = decodeValue(member, memberPath);
  }
  return decoded;
}

/**
 * A request's JSON as the SDK's input shape: base64 blob members become bytes; documents are kept.
 *
 * @param path Names the value in errors (`messages`, `input.converse.messages`).
 * @throws InvalidRequestError naming the member whose blob is not base64.
 * @example decodeWireBlobs([{ role: 'user', content: [{ image: { format: 'png', source: { bytes: 'iVBO...' } } }] }], 'messages')
 */
function decodeWireBlobs(value: unknown, path: string): unknown {
  return decodeValue(value, path);
}

/**
 * An SDK output shape as Bedrock's wire JSON value: bytes as base64, the SDK's own `$metadata` left
 * out; dates stay dates (JSON writes them as ISO-8601, the control plane's timestamp format).
 */
function toWireValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWireValue);
  if (!isRecord(value) || value instanceof Date) return value;
  const wire: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (key !== '$metadata' && member !== undefined) wire[key] = toWireValue(member);
  return wire;
}

/** `toWireValue` as JSON text. */
function toWireJson(value: unknown): string {
  return JSON.stringify(toWireValue(value));
}

export { decodeBase64 as decodeWireBlob, decodeWireBlobs, isRecord, toWireJson, toWireValue };
