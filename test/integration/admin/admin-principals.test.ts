/** @module GATEWAY_ADMIN_PRINCIPALS through the admin pipeline: listed IAM callers administer, others get 403, the local token still works. */
import { ENV } from '../../../lambda/platform/env-names';
import { buildRequest, createCaptureSink, type CaptureSink } from '../../support/capture-sink';
import { startAdminHarness, type AdminHarness } from './admin-harness';

const ACCOUNT = '123456789012';

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startAdminHarness({ [ENV.adminPrincipals]: `arn:aws:iam::${ACCOUNT}:role/GatewayAdmin` });
});

afterAll(async () => {
  await harness.close();
});

/** Sends `POST /admin/keys` as an IAM caller, the way the admin Lambda sees an AWS_IAM-authorised request. */
async function createKeyAs(userArn: string): Promise<CaptureSink> {
  const sink = createCaptureSink();
  const request = buildRequest({
    method: 'POST',
    path: '/admin/keys',
    json: { name: 'iam-created' },
    platformIdentity: { kind: 'iam', userArn, accountId: ACCOUNT },
  });
  await harness.app(request, sink);
  return sink;
}

describe('admin API with GATEWAY_ADMIN_PRINCIPALS', () => {
  it('lets a session of a listed role administer the gateway', async () => {
    const response = await createKeyAs(`arn:aws:sts::${ACCOUNT}:assumed-role/GatewayAdmin/alice`);

    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ object: 'virtual_key', name: 'iam-created' });
  });

  it('refuses any other IAM caller with 403 permission_error and creates nothing', async () => {
    const before = await harness.call('GET', '/admin/keys');

    const response = await createKeyAs(`arn:aws:sts::${ACCOUNT}:assumed-role/PowerUser/mallory`);

    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      error: {
        type: 'permission_error',
        code: 'not_an_admin',
        param: null,
        message: `arn:aws:iam::${ACCOUNT}:role/PowerUser is not an admin of this gateway; GATEWAY_ADMIN_PRINCIPALS lists who is.`,
      },
    });
    const after = await harness.call('GET', '/admin/keys');
    expect(after.body.data).toHaveLength((before.body.data as unknown[]).length);
  });

  it('still accepts the local admin token', async () => {
    const response = await harness.call('GET', '/admin/keys');
    expect(response.status).toBe(200);
  });
});
