/**
 * @module The principal: who a request is attributed to, whatever way it authenticated.
 */
import type { GatewayRequest } from '../platform/http-types';

/** How the caller proved who they are. */
type PrincipalKind = 'key' | 'jwt' | 'iam';

/** The one identity every request resolves to; budgets, limits and usage hang off `id` and `team`. */
interface Principal {
  /** Stable id: `key_...` for virtual keys, `jwt:<issuer>#<sub>` for JWTs, the role ARN for IAM. */
  readonly id: string;
  readonly kind: PrincipalKind;
  /** Team or tenant the principal belongs to, if any. */
  readonly team?: string;
  /** Models (catalog ids) the principal may call; absent means every model the deployment serves. */
  readonly allowedModels?: readonly string[];
  /** Human-readable label (key name, JWT subject, role name). */
  readonly displayName?: string;
  /** Secondary detail kept for audit (e.g. the assumed-role session name). */
  readonly detail?: string;
  /** Groups the identity provider asserted (JWT principals), for audit and policy. */
  readonly groups?: readonly string[];
}

/**
 * Which API tree a request came through: `v1` (bearer credentials or the REQUEST authorizer's
 * verdict) or `iam` (SigV4, checked by API Gateway).
 */
type ApiSurface = 'v1' | 'iam';

/**
 * The fresh check of a credential whose principal came from a recent read (a virtual key's item:
 * status, secret hash, expiry), not yet issued. Memoized: every call returns the same promise.
 * Rejects with `AuthenticationError` (401) or the 503 of an unreachable store.
 */
type CredentialCheck = () => Promise<void>;

/** A principal, and the check that must pass before anything is sent on its behalf. */
interface Authentication {
  readonly principal: Principal;
  /** Present when the principal came from a recently read key item; absent when nothing is left to check. */
  readonly pendingCheck?: CredentialCheck;
}

/** Resolves the caller of a request to a principal, or throws `AuthenticationError`. */
interface Authenticator {
  authenticate(request: GatewayRequest, surface: ApiSurface): Promise<Principal>;
  /**
   * Like `authenticate`, but a virtual key read on an earlier request (within a short bound) supplies
   * the principal at once and its fresh check is left to the caller, to be issued together with the
   * request's budget and rate-limit reservations (one DynamoDB round trip instead of two).
   */
  authenticateDeferred?(request: GatewayRequest, surface: ApiSurface): Promise<Authentication>;
}

/** Checks that a request may use the admin API; throws `AuthenticationError` or `PermissionDeniedError` otherwise. */
interface AdminAuthorizer {
  authorize(request: GatewayRequest): Promise<{ readonly actor: string }>;
}

export type { AdminAuthorizer, ApiSurface, Authentication, Authenticator, CredentialCheck, Principal, PrincipalKind };
