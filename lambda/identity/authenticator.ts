/**
 * @module The gateway's `Authenticator`: virtual keys, JWTs, STS identity tokens and IAM callers.
 *
 * On `/v1` a request carries either the REQUEST authorizer's verdict (behind API Gateway) or a bare
 * bearer credential (local runner, tests). The authorizer's result is cached by API Gateway, so a
 * key is re-checked here on every request: one consistent read of the key item (cached at most one
 * second, off by default), compared with the presented secret's hash, its status and its expiry. A revoked or
 * rotated key therefore stops working on the next request.
 *
 * `authenticateDeferred` (the model routes) takes the key's principal (team, models, name) from the
 * item read on an earlier request, at most `keyRecordMaxAgeMs` ago, and returns the fresh read of
 * the key item as a pending check for the ledger to issue together with the request's
 * reservations: the same strictness (the check runs on every request, before Bedrock and before
 * any response), one round trip instead of two. Each fresh read refreshes the remembered item, so
 * a key's new team or model list applies from the request after its first fresh read, and never
 * later than `keyRecordMaxAgeMs`.
 */
import type { JwksCache } from 'aws-jwt-verify/jwk';
import { AuthenticationError, GatewayError } from '../platform/errors';
import type { GatewayRequest } from '../platform/http-types';
import { storageIdProblem } from '../platform/storage-ids';
import { fromAuthorizerContext } from './authorizer-context';
import { classifyCredential, readCredential } from './bearer-token';
import { normalizeIamArn, type IamIdentity } from './iam-arn';
import { parseJwtIssuers, type JwtIssuerConfig, type JwtIssuerInput } from './jwt-issuers';
import { createJwtAuthenticator, type JwtAuthenticator } from './jwt-authenticator';
import type { ApiSurface, Authentication, Authenticator, CredentialCheck, Principal } from './principal';
import { createStsTokenVerifier, type StsTokenVerifier, type StsTokenVerifierOptions } from './sts-identity-token';
import { constantTimeEqual, hashKeySecret } from '../platform/virtual-key-secret';

/** What authentication reads of a virtual key (the ledger's key records satisfy it). */
interface VirtualKeyView {
  readonly id: string;
  readonly name: string;
  readonly team?: string;
  /** Catalog ids the key may call; absent or empty means every served model. */
  readonly models?: readonly string[];
  /** SHA-256 of the secret, hex. */
  readonly secretHash: string;
  readonly status: 'active' | 'revoked';
  /** ISO-8601. */
  readonly expiresAt?: string;
}

/**
 * Where virtual keys are looked up (the ledger's key store). Declared here and handed in by the
 * wiring, so identity does not depend on the ledger.
 */
interface VirtualKeyLookup {
  /** The key item by id, read consistently. */
  get(id: string): Promise<VirtualKeyView | undefined>;
  /** The id of the key with this secret hash, if any. */
  findIdByHash(secretHash: string): Promise<string | undefined>;
}

/** A verified bearer credential. */
interface VerifiedCredential {
  readonly principal: Principal;
  /** Epoch milliseconds when the credential stops being valid, if it expires on its own. */
  readonly expiresAtMs?: number;
}

/** The authenticator, plus direct credential checks for the REQUEST authorizer. */
interface GatewayAuthenticator extends Authenticator {
  authenticateDeferred(request: GatewayRequest, surface: ApiSurface): Promise<Authentication>;
  /** Verifies a bearer credential (without the `Bearer ` scheme); throws `AuthenticationError`. */
  verifyCredential(token: string): Promise<VerifiedCredential>;
}

interface AuthenticatorOptions {
  /** Virtual keys; without it `sk-` credentials are refused. */
  readonly keys?: VirtualKeyLookup;
  /** Accepted JWT issuers, parsed or as the `GATEWAY_JWT_ISSUERS` JSON. @default none */
  readonly jwtIssuers?: string | readonly JwtIssuerInput[];
  /** JWKS cache shared by all issuers (tests inject one). */
  readonly jwksCache?: JwksCache;
  /**
   * STS identity tokens: accepted only from `accounts` (and `principals`, when given); `false` or
   * an empty account list refuses them.
   * @default false
   */
  readonly sts?: StsTokenVerifierOptions | false;
  /** @default Date.now */
  readonly now?: () => number;
  /**
   * How long a key item is cached; clamped to 0..1000 ms. The default re-reads the key on every
   * request (one GetItem), so a revoked key stops on the very next request.
   * @default 0
   */
  readonly keyCacheMs?: number;
  /**
   * How old a key item read on an earlier request may be to supply the principal of
   * `authenticateDeferred` (whose fresh check still runs on every request); 0 turns it off.
   * @default DEFAULT_KEY_RECORD_MAX_AGE_MS
   */
  readonly keyRecordMaxAgeMs?: number;
}

const MAX_KEY_CACHE_MS = 1000;
/** A key's team, model list and name may be this old on a warm instance (its status, hash and expiry never are). */
const DEFAULT_KEY_RECORD_MAX_AGE_MS = 10_000;
/** Hash-to-id mappings never change meaning (the key item is always re-checked); bound their number. */
const MAX_HASH_CACHE_ENTRIES = 10_000;

/** An `Authorization` header signed with SigV4 (what AWS SDKs send without `AWS_BEARER_TOKEN_BEDROCK`). */
const SIGV4_AUTHORIZATION = /^AWS4-HMAC-SHA256\b/i;

const invalidKey = (): AuthenticationError => new AuthenticationError('Incorrect API key provided.');

/** The principal of a virtual key. */
function principalFromKey(record: VirtualKeyView): Principal {
  return {
    id: record.id,
    kind: 'key',
    team: record.team,
    allowedModels: record.models !== undefined && record.models.length > 0 ? record.models : undefined,
    displayName: record.name,
  };
}

/** The principal of an IAM caller (role ARN; session name as detail). */
function principalFromIam(identity: IamIdentity): Principal {
  return { id: identity.arn, kind: 'iam', displayName: identity.name, detail: identity.sessionName };
}

/** Wording of the 401 per principal kind: whose id is unusable. */
const PRINCIPAL_ID_SOURCE: Readonly<Record<Principal['kind'], string>> = {
  key: "The API key's id",
  jwt: "The token's principal id",
  iam: "The IAM caller's ARN",
};

/**
 * Refuses a principal whose id or team cannot become part of a ledger key. JWT claims are checked
 * with their claim's name when mapped; this also covers IAM ARNs, the authorizer's hand-over and
 * teams stored on keys before the admin API checked them.
 */
function requireStorableIds(principal: Principal): Principal {
  const idProblem = storageIdProblem('principal', principal.id);
  if (idProblem !== undefined) throw new AuthenticationError(`${PRINCIPAL_ID_SOURCE[principal.kind]} is unusable: it ${idProblem}.`);
  const teamProblem = principal.team === undefined ? undefined : storageIdProblem('team', principal.team);
  if (teamProblem !== undefined) throw new AuthenticationError(`The caller's team is unusable: it ${teamProblem}.`);
  return principal;
}

/** A store that could not be reached says so (503 with retry-after); anything else is a 401. */
function asAuthenticationFailure(error: unknown): unknown {
  if (AuthenticationError.isInstance(error) || (GatewayError.isInstance(error) && error.statusCode === 503)) return error;
  return new AuthenticationError('The credentials could not be verified.', { cause: error });
}

/** Builds the authenticator. */
function createAuthenticator(options: AuthenticatorOptions = {}): GatewayAuthenticator {
  const now = options.now ?? Date.now;
  const keyCacheMs = Math.max(0, Math.min(options.keyCacheMs ?? 0, MAX_KEY_CACHE_MS));
  const issuers: JwtIssuerConfig[] = parseJwtIssuers(options.jwtIssuers);
  const verifyJwt: JwtAuthenticator | undefined = issuers.length > 0 ? createJwtAuthenticator(issuers, { jwksCache: options.jwksCache }) : undefined;
  const stsEnabled = options.sts !== undefined && options.sts !== false && (options.sts.accounts ?? []).length > 0;
  const verifySts: StsTokenVerifier | undefined = stsEnabled ? createStsTokenVerifier({ now, ...options.sts }) : undefined;
  const keyCache = new Map<string, { record: VirtualKeyView | undefined; expiresAtMs: number }>();
  const hashToId = new Map<string, string>();
  const keyRecordMaxAgeMs = Math.max(0, options.keyRecordMaxAgeMs ?? DEFAULT_KEY_RECORD_MAX_AGE_MS);
  /** Key items as last read (by id), for `authenticateDeferred`. */
  const recentKeys = new Map<string, { record: VirtualKeyView; readAtMs: number }>();

  function remember(id: string, record: VirtualKeyView | undefined, readAtMs: number): void {
    if (keyRecordMaxAgeMs === 0) return;
    if (record === undefined) {
      recentKeys.delete(id);
      return;
    }
    if (recentKeys.size >= MAX_HASH_CACHE_ENTRIES && !recentKeys.has(id)) recentKeys.clear();
    recentKeys.set(id, { record, readAtMs });
  }

  async function loadKey(id: string): Promise<VirtualKeyView | undefined> {
    const keys = options.keys;
    if (keys === undefined) return undefined;
    const at = now();
    const cached = keyCache.get(id);
    if (cached !== undefined && cached.expiresAtMs > at) return cached.record;
    const record = await keys.get(id);
    if (keyCacheMs > 0) keyCache.set(id, { record, expiresAtMs: at + keyCacheMs });
    remember(id, record, at);
    return record;
  }

  /** The key id a secret's hash points at (remembered: the key item is always re-checked). */
  async function keyIdOf(keys: VirtualKeyLookup, secretHash: string, expectedId?: string): Promise<string> {
    let id = expectedId ?? hashToId.get(secretHash);
    if (id === undefined) {
      id = await keys.findIdByHash(secretHash);
      if (id === undefined) throw invalidKey();
      if (hashToId.size >= MAX_HASH_CACHE_ENTRIES) hashToId.clear();
      hashToId.set(secretHash, id);
    }
    return id;
  }

  /** The record if it authenticates `secretHash` now: same hash, active, not expired; else the 401. */
  function verifyKeyRecord(record: VirtualKeyView | undefined, secretHash: string): VirtualKeyView {
    if (record === undefined || !constantTimeEqual(record.secretHash, secretHash)) throw invalidKey();
    if (record.status !== 'active') throw new AuthenticationError('This API key has been revoked.', { code: 'invalid_api_key' });
    if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now()) {
      throw new AuthenticationError('This API key has expired.', { code: 'invalid_api_key' });
    }
    return record;
  }

  /** The key behind a secret, checked against the key item's hash, status and expiry. */
  async function checkKey(secret: string, expectedId?: string): Promise<VirtualKeyView> {
    const keys = options.keys;
    if (keys === undefined) throw invalidKey();
    const secretHash = hashKeySecret(secret);
    const id = await keyIdOf(keys, secretHash, expectedId);
    return verifyKeyRecord(await loadKey(id), secretHash);
  }

  /**
   * The key behind a secret from the item read on an earlier request (when recent and still
   * authenticating), with the fresh read of the item left pending; otherwise read now, as `checkKey`.
   */
  async function checkKeyDeferred(secret: string, expectedId?: string): Promise<{ record: VirtualKeyView; pendingCheck?: CredentialCheck }> {
    const keys = options.keys;
    if (keys === undefined) throw invalidKey();
    const secretHash = hashKeySecret(secret);
    const id = await keyIdOf(keys, secretHash, expectedId);
    const recent = recentKeys.get(id);
    if (recent !== undefined && now() - recent.readAtMs <= keyRecordMaxAgeMs) {
      let record: VirtualKeyView | undefined;
      try {
        record = verifyKeyRecord(recent.record, secretHash);
      } catch {
        // Refused as last read: read it again now (it may have been reactivated since).
      }
      if (record !== undefined) {
        let checking: Promise<void> | undefined;
        const pendingCheck: CredentialCheck = () => {
          checking ??= loadKey(id).then(
            (fresh) => {
              verifyKeyRecord(fresh, secretHash);
            },
            (error: unknown) => {
              throw asAuthenticationFailure(error);
            },
          );
          return checking;
        };
        return { record, pendingCheck };
      }
    }
    return { record: verifyKeyRecord(await loadKey(id), secretHash) };
  }

  async function verifyCredential(token: string): Promise<VerifiedCredential> {
    const kind = classifyCredential(token);
    switch (kind) {
      case 'key':
        return { principal: principalFromKey(await checkKey(token)) };
      case 'sts': {
        if (verifySts === undefined) {
          throw new AuthenticationError('IAM identity tokens are not accepted by this gateway: its operator has allowed no AWS account to use them.');
        }
        const { identity, expiresAtMs } = await verifySts(token);
        return { principal: principalFromIam(identity), expiresAtMs };
      }
      case 'jwt':
        if (verifyJwt === undefined) throw new AuthenticationError('JWTs are not accepted by this gateway.');
        return verifyJwt(token);
      case 'unknown':
        throw new AuthenticationError('The bearer credential is not an API key, JWT or IAM identity token.');
      default: {
        const exhaustive: never = kind;
        throw new AuthenticationError(`Unknown credential kind ${String(exhaustive)}.`);
      }
    }
  }

  async function authenticateV1(request: GatewayRequest, defer: boolean): Promise<Authentication> {
    const token = readCredential(request.headers);
    const identity = request.platformIdentity;
    const fromKey = async (secret: string, expectedId?: string): Promise<Authentication> => {
      if (!defer) return { principal: principalFromKey(await checkKey(secret, expectedId)) };
      const { record, pendingCheck } = await checkKeyDeferred(secret, expectedId);
      return { principal: principalFromKey(record), ...(pendingCheck === undefined ? {} : { pendingCheck }) };
    };
    if (identity?.kind === 'authorizer') {
      const handedOver = fromAuthorizerContext(identity.context);
      if (handedOver === undefined) throw new AuthenticationError('The authorizer context carries no principal.');
      if (handedOver.keyId !== undefined) {
        // The authorizer's verdict may be minutes old: re-check the key against the presented secret.
        if (token === undefined || storageIdProblem('keyId', handedOver.keyId) !== undefined) throw invalidKey();
        return fromKey(token, handedOver.keyId);
      }
      if (handedOver.expiresAtMs !== undefined && handedOver.expiresAtMs <= now()) {
        throw new AuthenticationError('The credential has expired.');
      }
      return { principal: handedOver.principal };
    }
    if (token === undefined && SIGV4_AUTHORIZATION.test(request.headers.authorization ?? '')) {
      throw new AuthenticationError(
        'AWS SigV4 signatures are not accepted here. Send a gateway key (or a JWT or IAM identity token) as a bearer token: ' +
          'AWS SDKs and Claude Code do so with AWS_BEARER_TOKEN_BEDROCK=<gateway key>. SigV4 callers use the /iam/v1 API.',
        { code: 'sigv4_not_accepted' },
      );
    }
    if (token === undefined) {
      throw new AuthenticationError(
        "You didn't provide an API key. Send it in the Authorization header as 'Bearer sk-...' or in the x-api-key header (or a JWT or IAM identity token).",
        { code: 'missing_api_key' },
      );
    }
    if (classifyCredential(token) === 'key') return fromKey(token);
    return { principal: (await verifyCredential(token)).principal };
  }

  async function authenticateAny(request: GatewayRequest, surface: ApiSurface, defer: boolean): Promise<Authentication> {
    try {
      const authenticated = surface === 'iam' ? { principal: authenticateIam(request) } : await authenticateV1(request, defer);
      requireStorableIds(authenticated.principal);
      return authenticated;
    } catch (error) {
      throw asAuthenticationFailure(error);
    }
  }

  function authenticateIam(request: GatewayRequest): Principal {
    const identity = request.platformIdentity;
    if (identity?.kind !== 'iam') throw new AuthenticationError('This endpoint requires AWS SigV4 (IAM) authentication.');
    const normalized = normalizeIamArn(identity.userArn);
    if (normalized === undefined) throw new AuthenticationError('The IAM caller ARN is not a recognised principal.');
    return principalFromIam(normalized);
  }

  return {
    async authenticate(request: GatewayRequest, surface: ApiSurface): Promise<Principal> {
      return (await authenticateAny(request, surface, false)).principal;
    },
    authenticateDeferred(request: GatewayRequest, surface: ApiSurface): Promise<Authentication> {
      return authenticateAny(request, surface, true);
    },
    async verifyCredential(token) {
      const verified = await verifyCredential(token);
      requireStorableIds(verified.principal);
      return verified;
    },
  };
}

export { DEFAULT_KEY_RECORD_MAX_AGE_MS, createAuthenticator, principalFromIam, principalFromKey };
export type { AuthenticatorOptions, GatewayAuthenticator, VerifiedCredential, VirtualKeyLookup, VirtualKeyView };
