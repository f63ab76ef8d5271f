/**
 * @module Who may call `/admin`: an IAM caller (API Gateway checked SigV4) on the admin list, or, locally, the admin token.
 */
import { ENV } from '../platform/env-names';
import { AuthenticationError, PermissionDeniedError } from '../platform/errors';
import type { GatewayRequest } from '../platform/http-types';
import { readBearerToken } from './bearer-token';
import { compileArnPattern, normalizeIamArn } from './iam-arn';
import type { AdminAuthorizer } from './principal';
import { constantTimeEqual } from '../platform/virtual-key-secret';

interface AdminAuthorizerOptions {
  /** `GATEWAY_ADMIN_TOKEN`: the bearer token accepted locally. Without it only IAM callers pass. */
  readonly adminToken?: string;
  /**
   * `GATEWAY_ADMIN_PRINCIPALS`: role/user ARN patterns (`*` matches any run of characters) the IAM
   * caller's normalised ARN must match, e.g. `arn:aws:iam::123456789012:role/GatewayAdmin`; an
   * assumed-role session matches through its role.
   * @default [] - any IAM caller API Gateway admitted
   */
  readonly principals?: readonly string[];
}

/**
 * Builds the admin authorizer; the actor is the caller's normalised ARN or `admin-token`.
 * An IAM caller outside a non-empty `principals` list gets a `PermissionDeniedError` (403).
 */
function createAdminAuthorizer({ adminToken, principals = [] }: AdminAuthorizerOptions = {}): AdminAuthorizer {
  const token = adminToken === undefined || adminToken === '' ? undefined : adminToken;
  const admins = principals.map(compileArnPattern);
  return {
    authorize(request: GatewayRequest): Promise<{ readonly actor: string }> {
      const identity = request.platformIdentity;
      if (identity?.kind === 'iam') {
        const normalized = normalizeIamArn(identity.userArn);
        const actor = normalized?.arn ?? identity.userArn;
        // With a list set, an ARN that does not normalise (an unknown principal type) is refused too.
        if (admins.length > 0 && (normalized === undefined || !admins.some((pattern) => pattern.test(normalized.arn)))) {
          return Promise.reject(
            new PermissionDeniedError(`${actor} is not an admin of this gateway; ${ENV.adminPrincipals} lists who is.`, { code: 'not_an_admin' }),
          );
        }
        return Promise.resolve({ actor });
      }
      const presented = readBearerToken(request.headers.authorization);
      if (token !== undefined && presented !== undefined && constantTimeEqual(presented, token)) {
        return Promise.resolve({ actor: 'admin-token' });
      }
      return Promise.reject(new AuthenticationError('The admin API requires the admin token (locally) or IAM credentials.'));
    },
  };
}

export { createAdminAuthorizer };
export type { AdminAuthorizerOptions };
