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

/** Resolves the caller of a request to a principal, or throws `AuthenticationError`. */
interface Authenticator {
  authenticate(request: GatewayRequest, surface: ApiSurface): Promise<Principal>;
}

/** Checks that a request may use the admin API; throws `AuthenticationError` or `PermissionDeniedError` otherwise. */
interface AdminAuthorizer {
  authorize(request: GatewayRequest): Promise<{ readonly actor: string }>;
}

export type { AdminAuthorizer, ApiSurface, Authenticator, Principal, PrincipalKind };
