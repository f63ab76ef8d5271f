/**
 * @module JWT verification with aws-jwt-verify (Cognito or any OIDC issuer) and claim mapping.
 *
 * The issuer is picked from the unverified `iss`, then aws-jwt-verify checks signature (against the
 * issuer's JWKS), `iss`, `aud`, `exp` and `nbf`. On top of that the gateway requires `exp` (a token
 * without one would never expire) and an algorithm from the issuer's allow-list.
 */
import { JwtVerifier } from 'aws-jwt-verify';
import type { JwksCache } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { AuthenticationError } from '../platform/errors';
import { storageIdProblem, type StorageIdKind } from '../platform/storage-ids';
import type { JwtClaimMapping, JwtIssuerConfig } from './jwt-issuers';
import type { Principal } from './principal';

/** Verifies a JWT and maps it to a principal; throws `AuthenticationError`. */
type JwtAuthenticator = (token: string) => Promise<JwtVerified>;

/** A verified token's principal and when it stops being valid. */
interface JwtVerified {
  readonly principal: Principal;
  /** Epoch milliseconds of `exp`. */
  readonly expiresAtMs: number;
}

interface JwtAuthenticatorOptions {
  /** Shared JWKS cache; tests inject one with a local fetcher. @default aws-jwt-verify's SimpleJwksCache */
  readonly jwksCache?: JwksCache;
}

type Verifier = { verify(token: string): Promise<JwtPayload> };

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  if (segment === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a claim by exact name first (`cognito:groups`, `https://example.com/team`), then as a dotted path. */
function readClaim(payload: JwtPayload, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function claimStrings(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((part) => part !== '');
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return [];
}

function claimString(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** Refuses a claim whose value cannot become part of a ledger key (too long, control characters). */
function requireStorable(kind: StorageIdKind, value: string, claim: string, what: string): void {
  const problem = storageIdProblem(kind, value);
  if (problem !== undefined) throw new AuthenticationError(`The token's "${claim}" claim is unusable: ${what} ${problem}.`);
}

/** Maps verified claims to a principal (`jwt:<issuer>#<subject>`). */
function principalFromClaims(issuer: string, payload: JwtPayload, claims: JwtClaimMapping): Principal {
  const subject = claimString(readClaim(payload, claims.subject));
  if (subject === undefined) throw new AuthenticationError(`The token has no "${claims.subject}" claim.`);
  const id = `jwt:${issuer}#${subject}`;
  requireStorable('principal', id, claims.subject, 'the principal id it forms');
  const team = claims.team === undefined ? undefined : claimString(readClaim(payload, claims.team));
  if (team !== undefined && claims.team !== undefined) requireStorable('team', team, claims.team, 'the team');
  const groups = claims.groups === undefined ? [] : claimStrings(readClaim(payload, claims.groups));
  const models = claims.models === undefined ? [] : claimStrings(readClaim(payload, claims.models));
  return {
    id,
    kind: 'jwt',
    team,
    allowedModels: models.length > 0 ? models : undefined,
    displayName: (claims.name === undefined ? undefined : claimString(readClaim(payload, claims.name))) ?? subject,
    groups: groups.length > 0 ? groups : undefined,
  };
}

function listOf(value: string | readonly string[] | undefined): readonly string[] | undefined {
  return value === undefined ? undefined : typeof value === 'string' ? [value] : value;
}

function createIssuerVerifier(config: JwtIssuerConfig, jwksCache: JwksCache | undefined): Verifier {
  const clientIds = listOf(config.clientId);
  const audience = config.audience === undefined ? null : typeof config.audience === 'string' ? config.audience : [...config.audience];
  const properties = {
    issuer: config.issuer,
    audience,
    // An explicit `undefined` would override aws-jwt-verify's default of `${issuer}/.well-known/jwks.json`.
    ...(config.jwksUri === undefined ? {} : { jwksUri: config.jwksUri }),
    customJwtCheck: ({ payload }: { payload: JwtPayload }): void => {
      if (typeof payload.exp !== 'number') throw new Error('token has no exp claim');
      if (config.tokenUse !== undefined && payload.token_use !== config.tokenUse) {
        throw new Error(`token_use must be ${config.tokenUse}`);
      }
      if (clientIds !== undefined) {
        const presented = [...claimStrings(payload.aud), ...claimStrings(payload.client_id)];
        if (!presented.some((id) => clientIds.includes(id))) throw new Error('client id not accepted');
      }
    },
  };
  return jwksCache === undefined ? JwtVerifier.create(properties) : JwtVerifier.create(properties, { jwksCache });
}

/**
 * Builds a verifier over the accepted issuers.
 *
 * @see https://github.com/awslabs/aws-jwt-verify
 */
function createJwtAuthenticator(issuers: readonly JwtIssuerConfig[], options: JwtAuthenticatorOptions = {}): JwtAuthenticator {
  const byIssuer = new Map(issuers.map((config) => [config.issuer, { config, verifier: createIssuerVerifier(config, options.jwksCache) }]));
  return async function authenticateJwt(token) {
    const [headerPart, payloadPart] = token.split('.');
    const header = decodeSegment(headerPart);
    const unverified = decodeSegment(payloadPart);
    if (header === undefined || unverified === undefined) throw new AuthenticationError('The bearer token is not a well-formed JWT.');
    const issuer = typeof unverified.iss === 'string' ? unverified.iss : undefined;
    const entry = issuer === undefined ? undefined : byIssuer.get(issuer);
    if (entry === undefined) throw new AuthenticationError('The JWT issuer is not accepted by this gateway.');
    const alg = typeof header.alg === 'string' ? header.alg : 'none';
    if (!(entry.config.algorithms as readonly string[]).includes(alg)) {
      throw new AuthenticationError(`The JWT algorithm "${alg}" is not accepted; allowed: ${entry.config.algorithms.join(', ')}.`);
    }
    let payload: JwtPayload;
    try {
      payload = await entry.verifier.verify(token);
    } catch (error) {
      throw new AuthenticationError('The JWT could not be verified (signature, audience, issuer or expiry).', { cause: error });
    }
    return { principal: principalFromClaims(entry.config.issuer, payload, entry.config.claims), expiresAtMs: (payload.exp as number) * 1000 };
  };
}

export { createJwtAuthenticator, principalFromClaims };
export type { JwtAuthenticator, JwtAuthenticatorOptions, JwtVerified };
