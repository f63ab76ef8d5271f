/** @module Reads the caller's credential: `Authorization: Bearer ...`, or Anthropic's `x-api-key` header. */

const BEARER = /^bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The credential after `Bearer ` (scheme matched case-insensitively), or `undefined`.
 *
 * aws-jwt-verify does not strip the scheme, and OpenAI clients always send it, so every
 * credential kind goes through here.
 */
function readBearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return BEARER.exec(authorization)?.[1];
}

/** A credential in the `x-api-key` header (surrounding blanks ignored). */
const API_KEY_VALUE = /^[ \t]*(\S+)[ \t]*$/;

/**
 * The credential of a request: the bearer token, else the `x-api-key` header (Anthropic's clients,
 * Claude Code with `ANTHROPIC_API_KEY`, send the key there). Any credential kind may come either way.
 *
 * @param headers Header names in lower case.
 */
function readCredential(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const apiKey = headers['x-api-key'];
  return readBearerToken(headers.authorization) ?? (apiKey === undefined ? undefined : API_KEY_VALUE.exec(apiKey)?.[1]);
}

/** What a bearer credential looks like it is; decided by shape only, before any verification. */
type CredentialKind = 'key' | 'sts' | 'jwt' | 'unknown';

/** Prefix of an STS identity token (a base64url presigned `GetCallerIdentity` URL follows). */
const STS_TOKEN_PREFIX = 'aws-iam-v1.';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Classifies a credential by its shape. */
function classifyCredential(token: string): CredentialKind {
  if (token.startsWith('sk-')) return 'key';
  if (token.startsWith(STS_TOKEN_PREFIX)) return 'sts';
  if (JWT_SHAPE.test(token)) return 'jwt';
  return 'unknown';
}

export { STS_TOKEN_PREFIX, classifyCredential, readBearerToken, readCredential };
export type { CredentialKind };
