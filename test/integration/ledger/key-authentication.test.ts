import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createAuthorizerHandler } from '../../../lambda/authorizer/handler';
import { createAdminAuthorizer } from '../../../lambda/identity/admin-authorizer';
import { createAuthenticator, type GatewayAuthenticator } from '../../../lambda/identity/authenticator';
import { ensureDevKey, type Ledger } from '../../../lambda/ledger';
import type { GatewayRequest, PlatformIdentity } from '../../../lambda/platform/http-types';
import { useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();

function request(authorization?: string, platformIdentity?: PlatformIdentity): GatewayRequest {
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    query: new URLSearchParams(),
    headers: authorization === undefined ? {} : { authorization },
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    platformIdentity,
    signal: new AbortController().signal,
    receivedAtMs: Date.now(),
  };
}

async function setup(): Promise<{ ledger: Ledger; clock: { ms: number }; auth: GatewayAuthenticator }> {
  const { ledger, clock } = await fixture.newLedger();
  return { ledger, clock, auth: createAuthenticator({ keys: ledger.keys, now: () => clock.ms, sts: false }) };
}

describe('virtual key authentication', () => {
  it('resolves a key to its principal with team and allowed models', async () => {
    const { ledger, auth } = await setup();
    const { record, secret } = await ledger.keys.create({ name: 'ci', team: 'search', models: ['nova-micro'] });

    await expect(auth.authenticate(request(`Bearer ${secret}`), 'v1')).resolves.toEqual({
      id: record.id,
      kind: 'key',
      team: 'search',
      allowedModels: ['nova-micro'],
      displayName: 'ci',
    });
  });

  it('fails with 401 for a missing, unknown or malformed credential', async () => {
    const { auth } = await setup();
    await expect(auth.authenticate(request(), 'v1')).rejects.toMatchObject({ statusCode: 401, code: 'missing_api_key' });
    await expect(auth.authenticate(request('Bearer sk-unknownunknown'), 'v1')).rejects.toMatchObject({ statusCode: 401, code: 'invalid_api_key' });
    await expect(auth.authenticate(request('Bearer ???'), 'v1')).rejects.toMatchObject({ statusCode: 401 });
  });

  it('stops a revoked key on the next request', async () => {
    const { ledger, auth } = await setup();
    const { record, secret } = await ledger.keys.create({ name: 'soon-revoked' });
    await auth.authenticate(request(`Bearer ${secret}`), 'v1');

    await ledger.keys.revoke(record.id);

    await expect(auth.authenticate(request(`Bearer ${secret}`), 'v1')).rejects.toMatchObject({ statusCode: 401, message: 'This API key has been revoked.' });
  });

  it('serves a revoked key from the optional cache for at most its lifetime', async () => {
    const { ledger, clock } = await setup();
    const cached = createAuthenticator({ keys: ledger.keys, now: () => clock.ms, sts: false, keyCacheMs: 5000 });
    const { record, secret } = await ledger.keys.create({ name: 'cached' });
    await cached.authenticate(request(`Bearer ${secret}`), 'v1');
    await ledger.keys.revoke(record.id);

    await expect(cached.authenticate(request(`Bearer ${secret}`), 'v1')).resolves.toBeDefined();
    clock.ms += 1001;
    await expect(cached.authenticate(request(`Bearer ${secret}`), 'v1')).rejects.toMatchObject({ statusCode: 401 });
  });

  describe('deferred: the principal from a recent read, the fresh check left to the admission', () => {
    it('returns the principal at once and a pending check that refuses a key revoked since', async () => {
      const { ledger, auth } = await setup();
      const { record, secret } = await ledger.keys.create({ name: 'deferred', team: 'search' });
      await expect(auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1')).resolves.toEqual({ principal: expect.objectContaining({ id: record.id }) });

      const warm = await auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1');
      await ledger.keys.revoke(record.id);

      expect(warm.principal).toMatchObject({ id: record.id, team: 'search' });
      await expect(warm.pendingCheck?.()).rejects.toMatchObject({ statusCode: 401, message: 'This API key has been revoked.' });
      await expect(auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1')).rejects.toMatchObject({ statusCode: 401 });
    });

    it.each<{ rule: string; advanceMs: number; pending: boolean }>([
      { rule: 'a read within the bound supplies the principal', advanceMs: 10_000, pending: true },
      { rule: 'an older read does not: the key is read before answering', advanceMs: 10_001, pending: false },
    ])('$rule', async ({ advanceMs, pending }) => {
      const { ledger, clock, auth } = await setup();
      const { secret } = await ledger.keys.create({ name: 'bounded' });
      await auth.authenticate(request(`Bearer ${secret}`), 'v1');
      clock.ms += advanceMs;

      const { pendingCheck } = await auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1');

      expect(pendingCheck !== undefined).toBe(pending);
      if (pendingCheck !== undefined) await expect(pendingCheck()).resolves.toBeUndefined();
    });

    it('refuses a remembered key past its expiry at once', async () => {
      const { ledger, clock, auth } = await setup();
      const { secret } = await ledger.keys.create({ name: 'expiring', expiresAt: new Date(clock.ms + 1000).toISOString() });
      await auth.authenticate(request(`Bearer ${secret}`), 'v1');
      clock.ms += 1001;

      await expect(auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1')).rejects.toMatchObject({ statusCode: 401, message: 'This API key has expired.' });
    });

    it('applies a changed team from the request after the first fresh read', async () => {
      const { ledger, auth } = await setup();
      const { record, secret } = await ledger.keys.create({ name: 'moving', team: 'old-team' });
      await auth.authenticate(request(`Bearer ${secret}`), 'v1');
      await ledger.keys.update(record.id, { team: 'new-team' });

      const first = await auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1');
      await first.pendingCheck?.();
      const second = await auth.authenticateDeferred(request(`Bearer ${secret}`), 'v1');

      expect([first.principal.team, second.principal.team]).toEqual(['old-team', 'new-team']);
    });
  });

  it('stops a key at its expiry', async () => {
    const { ledger, clock, auth } = await setup();
    const { secret } = await ledger.keys.create({ name: 'short-lived', expiresAt: new Date(clock.ms + 60_000).toISOString() });
    await expect(auth.authenticate(request(`Bearer ${secret}`), 'v1')).resolves.toBeDefined();

    clock.ms += 61_000;

    await expect(auth.authenticate(request(`Bearer ${secret}`), 'v1')).rejects.toMatchObject({ message: 'This API key has expired.' });
  });

  it('accepts only the new secret after rotation', async () => {
    const { ledger, auth } = await setup();
    const { record, secret: oldSecret } = await ledger.keys.create({ name: 'rotating' });
    await auth.authenticate(request(`Bearer ${oldSecret}`), 'v1');

    const { secret: newSecret } = await ledger.keys.rotate(record.id);

    await expect(auth.authenticate(request(`Bearer ${oldSecret}`), 'v1')).rejects.toMatchObject({ statusCode: 401 });
    await expect(auth.authenticate(request(`Bearer ${newSecret}`), 'v1')).resolves.toMatchObject({ id: record.id });
  });

  it('re-checks a key handed over by the authorizer, so revocation beats the authorizer cache', async () => {
    const { ledger, auth } = await setup();
    const { record, secret } = await ledger.keys.create({ name: 'behind-apigw', team: 'ml' });
    const context = { principalId: record.id, principalKind: 'key', keyId: record.id, team: 'stale-team' };
    const viaAuthorizer = request(`Bearer ${secret}`, { kind: 'authorizer', context });

    await expect(auth.authenticate(viaAuthorizer, 'v1')).resolves.toMatchObject({ id: record.id, team: 'ml' });
    await ledger.keys.revoke(record.id);
    await expect(auth.authenticate(viaAuthorizer, 'v1')).rejects.toMatchObject({ statusCode: 401 });
  });

  it('refuses an authorizer context for a key when the presented secret is another one', async () => {
    const { ledger, auth } = await setup();
    const victim = await ledger.keys.create({ name: 'victim' });
    const other = await ledger.keys.create({ name: 'other' });
    const context = { principalId: victim.record.id, principalKind: 'key', keyId: victim.record.id };

    await expect(auth.authenticate(request(`Bearer ${other.secret}`, { kind: 'authorizer', context }), 'v1')).rejects.toMatchObject({ statusCode: 401 });
  });

  it('trusts a JWT principal from the authorizer until its expiry', async () => {
    const { clock, auth } = await setup();
    const context = { principalId: 'jwt:https://idp#alice', principalKind: 'jwt', team: 'search', groups: '["a","b"]', expiresAtMs: String(clock.ms + 1000) };
    const viaAuthorizer = request('Bearer eyJ.x.y', { kind: 'authorizer', context });

    await expect(auth.authenticate(viaAuthorizer, 'v1')).resolves.toMatchObject({ id: 'jwt:https://idp#alice', team: 'search', groups: ['a', 'b'] });
    clock.ms += 2000;
    await expect(auth.authenticate(viaAuthorizer, 'v1')).rejects.toMatchObject({ statusCode: 401 });
  });

  it('attributes /iam/v1 callers to their role, keeping the session name', async () => {
    const { auth } = await setup();
    const iam = request(undefined, { kind: 'iam', userArn: 'arn:aws:sts::123456789012:assumed-role/Builder/ci-run-7' });

    await expect(auth.authenticate(iam, 'iam')).resolves.toEqual({
      id: 'arn:aws:iam::123456789012:role/Builder',
      kind: 'iam',
      displayName: 'Builder',
      detail: 'ci-run-7',
    });
    await expect(auth.authenticate(request('Bearer sk-whatever1'), 'iam')).rejects.toMatchObject({ statusCode: 401 });
  });

  it.each<{ title: string; surface: 'v1' | 'iam'; identity: PlatformIdentity; message: string }>([
    {
      title: 'a key id handed over by the authorizer',
      surface: 'v1',
      identity: { kind: 'authorizer', context: { principalId: 'k'.repeat(3000), principalKind: 'key', keyId: 'k'.repeat(3000) } },
      message: 'Incorrect API key provided.',
    },
    {
      title: 'a JWT principal id handed over by the authorizer',
      surface: 'v1',
      identity: { kind: 'authorizer', context: { principalId: `jwt:https://idp#${'a'.repeat(3000)}`, principalKind: 'jwt' } },
      message: "The token's principal id is unusable: it is 3026 bytes long URL-encoded; at most 512.",
    },
    {
      title: 'a team handed over by the authorizer',
      surface: 'v1',
      identity: { kind: 'authorizer', context: { principalId: 'jwt:https://idp#alice', principalKind: 'jwt', team: 't'.repeat(3000) } },
      message: "The caller's team is unusable: it is 3000 bytes long URL-encoded; at most 256.",
    },
    {
      title: 'an IAM caller name',
      surface: 'iam',
      identity: { kind: 'iam', userArn: `arn:aws:sts::123456789012:assumed-role/${'R'.repeat(3000)}/s` },
      message: "The IAM caller's ARN is unusable: it is 3043 bytes long URL-encoded; at most 512.",
    },
  ])('fails with 401 for $title that cannot become part of a ledger key', async ({ surface, identity, message }) => {
    const { ledger, auth } = await setup();
    const { secret } = await ledger.keys.create({ name: 'real' });

    await expect(auth.authenticate(request(`Bearer ${secret}`, identity), surface)).rejects.toMatchObject({ statusCode: 401, message });
  });

  it('creates, then reactivates, the dev key with its exact secret', async () => {
    const { ledger, auth } = await setup();
    const record = await ensureDevKey(ledger, 'sk-local-dev-key');
    await ledger.keys.revoke(record.id);

    const again = await ensureDevKey(ledger, 'sk-local-dev-key');

    expect(again.id).toBe(record.id);
    await expect(auth.authenticate(request('Bearer sk-local-dev-key'), 'v1')).resolves.toMatchObject({ id: record.id });
    await expect(ensureDevKey(ledger, 'not-a-key')).rejects.toThrow(/GATEWAY_DEV_KEY/);
  });
});

describe('admin authorizer', () => {
  it('accepts the admin token and IAM callers, and nothing else', async () => {
    const admin = createAdminAuthorizer({ adminToken: 'admin-secret-1' });
    await expect(admin.authorize(request('Bearer admin-secret-1'))).resolves.toEqual({ actor: 'admin-token' });
    await expect(admin.authorize(request(undefined, { kind: 'iam', userArn: 'arn:aws:sts::123456789012:assumed-role/Ops/bob' }))).resolves.toEqual({
      actor: 'arn:aws:iam::123456789012:role/Ops',
    });
    await expect(admin.authorize(request('Bearer admin-secret-2'))).rejects.toMatchObject({ statusCode: 401 });
    await expect(createAdminAuthorizer().authorize(request('Bearer '))).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('REQUEST authorizer handler', () => {
  const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/POST/v1/chat/completions';

  function event(authorization?: string): APIGatewayRequestAuthorizerEvent {
    return {
      type: 'REQUEST',
      methodArn: METHOD_ARN,
      headers: authorization === undefined ? {} : { Authorization: authorization },
      requestContext: { identity: { sourceIp: '10.0.0.1' } },
    } as unknown as APIGatewayRequestAuthorizerEvent;
  }

  it('allows the whole stage for a valid key and hands the principal over in the context', async () => {
    const { ledger, auth } = await setup();
    const { record, secret } = await ledger.keys.create({ name: 'apigw', team: 'search', models: ['a', 'b'] });

    const result = await createAuthorizerHandler(() => auth)(event(`Bearer ${secret}`));

    expect(result).toEqual({
      principalId: record.id,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123def4/prod/*/*' }],
      },
      context: { principalId: record.id, principalKind: 'key', keyId: record.id, team: 'search', allowedModels: '["a","b"]', displayName: 'apigw' },
    });
  });

  it.each([{ header: undefined }, { header: 'Bearer sk-notakeyatall' }, { header: 'Basic abc' }])(
    'throws Unauthorized (API Gateway 401) for $header',
    async ({ header }) => {
      const { auth } = await setup();
      await expect(createAuthorizerHandler(() => auth)(event(header))).rejects.toThrow(/^Unauthorized$/);
    },
  );
});
