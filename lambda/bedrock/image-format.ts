/** @module Image format detection from magic bytes, and the MIME types Bedrock's image formats go by. */

/** Image formats Converse accepts. */
const BEDROCK_IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const;
type BedrockImageFormat = (typeof BEDROCK_IMAGE_FORMATS)[number];

/** MIME type -> format; `image/jpg` is a common misspelling of `image/jpeg`. */
const IMAGE_MIME_TYPES: Readonly<Record<string, BedrockImageFormat>> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

/**
 * Detects the real image format from the first bytes, because headers and data URL prefixes lie
 * and Bedrock rejects a format that does not match the bytes.
 * @returns the format, or undefined when the bytes are not a supported image.
 */
function detectImageFormat(bytes: Uint8Array): BedrockImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return undefined;
}

export { BEDROCK_IMAGE_FORMATS, IMAGE_MIME_TYPES, detectImageFormat };
export type { BedrockImageFormat };
