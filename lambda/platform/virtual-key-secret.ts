/**
 * @module Virtual key secrets: generation, hashing, display prefixes and constant-time comparison.
 *
 * A platform module because two domains share it without importing each other: identity checks
 * presented secrets, the ledger stores their hashes.
 *
 * A secret is `sk-` plus 32 random bytes in base64url (256 bits). Only its SHA-256 is stored: a
 * secret that strong needs no slow hash, and a fast one keeps the per-request check cheap.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefix of every virtual key secret. */
const KEY_SECRET_PREFIX = 'sk-';
/** Random bytes in a generated secret. */
const KEY_SECRET_BYTES = 32;
/** Characters of the secret kept in clear for display (`sk-` plus 6). */
const KEY_DISPLAY_PREFIX_LENGTH = 9;
/** Shortest accepted secret body (imported keys such as `GATEWAY_DEV_KEY` may be shorter than generated ones). */
const MIN_SECRET_BODY_LENGTH = 8;

const SECRET_PATTERN = new RegExp(`^${KEY_SECRET_PREFIX}[A-Za-z0-9_-]{${MIN_SECRET_BODY_LENGTH},200}$`);

/** Generates a new virtual key secret. */
function generateKeySecret(): string {
  return KEY_SECRET_PREFIX + randomBytes(KEY_SECRET_BYTES).toString('base64url');
}

/** Generates a key id (`key_` plus 24 hex digits); ids are not secret. */
function generateKeyId(): string {
  return `key_${randomBytes(12).toString('hex')}`;
}

/** Whether a string has the shape of a virtual key secret. */
function isKeySecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

/** SHA-256 of a secret, lower-case hex: the only form in which secrets are stored. */
function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The short, non-secret prefix shown in listings (`sk-AbC123`). */
function keyDisplayPrefix(secret: string): string {
  return secret.slice(0, KEY_DISPLAY_PREFIX_LENGTH);
}

/**
 * Compares two strings in time independent of where they differ.
 *
 * Both sides are hashed first, so unequal lengths neither throw nor leak through timing.
 */
function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

export {
  KEY_SECRET_PREFIX,
  constantTimeEqual,
  generateKeyId,
  generateKeySecret,
  hashKeySecret,
  isKeySecret,
  keyDisplayPrefix,
};
