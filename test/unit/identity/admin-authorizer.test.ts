/** @module The admin authorizer: GATEWAY_ADMIN_PRINCIPALS for IAM callers, and the local admin token. */
import { createAdminAuthorizer } from '../../../lambda/identity/admin-authorizer';
import type { GatewayRequest } from '../../../lambda/platform/http-types';
import { buildRequest } from '../../support/capture-sink';

const ACCOUNT = '123456789012';
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/GatewayAdmin`;
const PRINCIPALS = [ADMIN_ROLE, `arn:aws:iam::${ACCOUNT}:role/ops-*`];

function iamRequest(userArn: string): GatewayRequest {
  return buildRequest({ path: '/admin/keys', platformIdentity: { kind: 'iam', userArn, accountId: ACCOUNT } });
}

describe('admin authorizer with GATEWAY_ADMIN_PRINCIPALS set', () => {
  const authorizer = createAdminAuthorizer({ principals: PRINCIPALS });

  it.each([
    { caller: ADMIN_ROLE, actor: ADMIN_ROLE },
    { caller: `arn:aws:iam::${ACCOUNT}:role/service-role/GatewayAdmin`, actor: ADMIN_ROLE },
    { caller: `arn:aws:iam::${ACCOUNT}:role/ops-oncall`, actor: `arn:aws:iam::${ACCOUNT}:role/ops-oncall` },
  ])('admits the listed role $caller as $actor', async ({ caller, actor }) => {
    await expect(authorizer.authorize(iamRequest(caller))).resolves.toEqual({ actor });
  });

  it('admits an assumed-role session of a listed role, as the role', async () => {
    await expect(authorizer.authorize(iamRequest(`arn:aws:sts::${ACCOUNT}:assumed-role/GatewayAdmin/alice`))).resolves.toEqual({
      actor: ADMIN_ROLE,
    });
  });

  it.each([
    { caller: `arn:aws:iam::${ACCOUNT}:role/PowerUser`, actor: `arn:aws:iam::${ACCOUNT}:role/PowerUser` },
    { caller: `arn:aws:sts::${ACCOUNT}:assumed-role/PowerUser/mallory`, actor: `arn:aws:iam::${ACCOUNT}:role/PowerUser` },
    { caller: `arn:aws:iam::999988887777:role/GatewayAdmin`, actor: 'arn:aws:iam::999988887777:role/GatewayAdmin' },
    { caller: `arn:aws:iam::${ACCOUNT}:user/GatewayAdmin`, actor: `arn:aws:iam::${ACCOUNT}:user/GatewayAdmin` },
    { caller: `arn:aws:sts::${ACCOUNT}:assumed-role/GatewayAdmin`, actor: `arn:aws:sts::${ACCOUNT}:assumed-role/GatewayAdmin` },
  ])('refuses $caller with 403 permission_error', async ({ caller, actor }) => {
    const refused = authorizer.authorize(iamRequest(caller));
    await expect(refused).rejects.toMatchObject({ statusCode: 403, errorType: 'permission_error', code: 'not_an_admin' });
    await expect(refused).rejects.toThrow(`${actor} is not an admin of this gateway; GATEWAY_ADMIN_PRINCIPALS lists who is.`);
  });

  it('still accepts the local admin token, which is not an IAM caller', async () => {
    const withToken = createAdminAuthorizer({ adminToken: 'local-token', principals: PRINCIPALS });
    const request = buildRequest({ path: '/admin/keys', headers: { authorization: 'Bearer local-token' } });
    await expect(withToken.authorize(request)).resolves.toEqual({ actor: 'admin-token' });
  });
});

describe('admin authorizer without GATEWAY_ADMIN_PRINCIPALS', () => {
  it.each([{ principals: undefined }, { principals: [] }])('admits any IAM caller API Gateway let through (principals $principals)', async ({ principals }) => {
    const authorizer = createAdminAuthorizer(principals === undefined ? {} : { principals });
    await expect(authorizer.authorize(iamRequest(`arn:aws:sts::${ACCOUNT}:assumed-role/PowerUser/bob`))).resolves.toEqual({
      actor: `arn:aws:iam::${ACCOUNT}:role/PowerUser`,
    });
  });

  it('fails with 401 without IAM identity or the admin token', async () => {
    const authorizer = createAdminAuthorizer({ adminToken: 'local-token' });
    const request = buildRequest({ path: '/admin/keys', headers: { authorization: 'Bearer wrong' } });
    await expect(authorizer.authorize(request)).rejects.toMatchObject({ statusCode: 401, errorType: 'authentication_error' });
  });
});
