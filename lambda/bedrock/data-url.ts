/** @module Parses `data:` URLs (RFC 2397) into a MIME type and bytes. */

/** A decoded data URL. */
interface DataUrl {
  /** Lower-cased MIME type without parameters; empty when the URL names none. */
  readonly mimeType: string;
  readonly bytes: Uint8Array;
}

const DATA_URL_PATTERN = /^data:([^,]*?),(.*)$/s;
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Decodes a data URL, base64 or percent-encoded.
 * @returns undefined when `url` is not a well-formed data URL.
 */
function parseDataUrl(url: string): DataUrl | undefined {
  const match = DATA_URL_PATTERN.exec(url);
  if (!match) return undefined;
  const [, header = '', payload = ''] = match;
  const [mimeType = '', ...parameters] = header.split(';').map((part) => part.trim());
  const isBase64 = parameters.some((parameter) => parameter.toLowerCase() === 'base64');
  if (isBase64) {
    const compact = payload.replace(/\s+/g, '');
    if (!BASE64_PATTERN.test(compact)) return undefined;
    return { mimeType: mimeType.toLowerCase(), bytes: new Uint8Array(Buffer.from(compact, 'base64')) };
  }
  try {
    return { mimeType: mimeType.toLowerCase(), bytes: new TextEncoder().encode(decodeURIComponent(payload)) };
  } catch {
    return undefined;
  }
}

export { parseDataUrl };
export type { DataUrl };
