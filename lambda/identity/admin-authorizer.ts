/**
 * @module Who may call `/admin`: an IAM caller (API Gateway checked SigV4) or, locally, the admin token.
 */
import type { AdminAuthorizer } from '../gateway/services';
import { AuthenticationError } from '../platform/errors';
import type { GatewayRequest } from '../platform/http-types';
import { readBearerToken } from './bearer-token';
import { normalizeIamArn } from './iam-arn';
import { constantTimeEqual } from './virtual-key';

interface AdminAuthorizerOptions {
  /** `GATEWAY_ADMIN_TOKEN`: the bearer token accepted locally. Without it only IAM callers pass. */
  readonly adminToken?: string;
}

/** Builds the admin authorizer; the actor is the caller's ARN or `admin-token`. */
function createAdminAuthorizer({ adminToken }: AdminAuthorizerOptions = {}): AdminAuthorizer {
  const token = adminToken === undefined || adminToken === '' ? undefined : adminToken;
  return {
    authorize(request: GatewayRequest): Promise<{ readonly actor: string }> {
      const identity = request.platformIdentity;
      if (identity?.kind === 'iam') {
        return Promise.resolve({ actor: normalizeIamArn(identity.userArn)?.arn ?? identity.userArn });
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
