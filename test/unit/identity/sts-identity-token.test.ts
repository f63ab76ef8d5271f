import { createStsTokenVerifier, inspectStsToken } from '../../../lambda/identity/sts-identity-token';
import { createStsIdentityToken } from '../../../lambda/identity/sts-token-presigner';
import { ALLOWED, SIGNED_AT, callerJson, clock, credentials, stubSts } from './sts-fixtures';

const encode = (url: string): string => `aws-iam-v1.${Buffer.from(url).toString('base64url')}`;

async function validUrl(): Promise<URL> {
  const token = await createStsIdentityToken({ credentials, region: 'eu-west-1', audience: 'gw', signingDate: SIGNED_AT });
  return new URL(Buffer.from(token.slice('aws-iam-v1.'.length), 'base64url').toString());
}

describe('STS identity tokens', () => {
  it('verifies a presigned GetCallerIdentity URL and normalises the caller to its role', async () => {
    const token = await createStsIdentityToken({ credentials, region: 'eu-west-1', audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub, calls } = stubSts();

    const caller = await createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: fetchStub, now: clock })(token);

    expect(caller).toEqual({
      identity: { arn: 'arn:aws:iam::123456789012:role/Dev', accountId: '123456789012', name: 'Dev', sessionName: 'alice' },
      expiresAtMs: SIGNED_AT.getTime() + 60_000,
    });
    expect(calls).toHaveLength(1);
    expect(new URL(calls[0]?.url ?? '').hostname).toBe('sts.eu-west-1.amazonaws.com');
    expect(calls[0]?.headers).toMatchObject({ 'x-gateway-audience': 'gw', accept: 'application/json' });
  });

  it('reads the ARN from an XML answer too', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub } = stubSts('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bob</Arn><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>');
    await expect(createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: fetchStub, now: clock })(token)).resolves.toMatchObject({
      identity: { arn: 'arn:aws:iam::123456789012:user/bob' },
    });
  });

  it('fails with 401 when STS rejects the signature for this audience (replay from another service)', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'other-service', signingDate: SIGNED_AT });
    const { fetchStub } = stubSts();
    await expect(createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: fetchStub, now: clock })(token)).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('STS answered 403'),
    });
  });

  it('fails with 401 when STS cannot be reached', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: failing, now: clock })(token)).rejects.toMatchObject({ statusCode: 401 });
  });

  it.each([
    { title: 'an expired token', mutate: (url: URL) => url, now: SIGNED_AT.getTime() + 61_000, reason: 'expired' },
    { title: 'a token signed in the future', mutate: (url: URL) => url, now: SIGNED_AT.getTime() - 600_000, reason: 'future' },
    {
      title: 'a non-STS host',
      mutate: (url: URL) => {
        url.hostname = 'sts.eu-west-1.amazonaws.com.evil.example';
        return url;
      },
      reason: 'not an AWS STS endpoint',
    },
    {
      title: 'plain http',
      mutate: (url: URL) => new URL(url.toString().replace('https:', 'http:')),
      reason: 'plain https',
    },
    {
      title: 'another action',
      mutate: (url: URL) => {
        url.searchParams.set('Action', 'AssumeRole');
        return url;
      },
      reason: 'Action',
    },
    {
      title: 'an extra query parameter',
      mutate: (url: URL) => {
        url.searchParams.set('RoleArn', 'x');
        return url;
      },
      reason: 'unexpected query parameter',
    },
    {
      title: 'a signature without the audience header',
      mutate: (url: URL) => {
        url.searchParams.set('X-Amz-SignedHeaders', 'host');
        return url;
      },
      reason: 'x-gateway-audience',
    },
    {
      title: 'a path other than /',
      mutate: (url: URL) => {
        url.pathname = '/other';
        return url;
      },
      reason: 'path',
    },
  ])('fails before calling STS for $title', async ({ mutate, now, reason }) => {
    const token = encode(mutate(await validUrl()).toString());
    const { fetchStub, calls } = stubSts();

    await expect(createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: fetchStub, now: () => now ?? clock() })(token)).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining(reason),
    });
    expect(calls).toHaveLength(0);
  });

  it('caps the accepted lifetime at 15 minutes whatever X-Amz-Expires says', async () => {
    const url = await validUrl();
    url.searchParams.set('X-Amz-Expires', '86400');
    expect(inspectStsToken(encode(url.toString()), clock()).expiresAtMs).toBe(SIGNED_AT.getTime() + 900_000);
  });

  it('fails for a token that is not base64url of a URL', () => {
    expect(() => inspectStsToken('aws-iam-v1.!!!', clock())).toThrow(/rejected/);
  });
});

describe('STS identity token allow-lists', () => {
  const OTHER = '999988887777';

  it('accepts a caller of an allowed account', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub } = stubSts();
    await expect(createStsTokenVerifier({ accounts: ['111122223333', '123456789012'], audience: 'gw', fetch: fetchStub, now: clock })(token)).resolves.toMatchObject({
      identity: { accountId: '123456789012' },
    });
  });

  it('fails with 401 for a valid token from an account that is not allowed', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub, calls } = stubSts(callerJson(`arn:aws:sts::${OTHER}:assumed-role/Attacker/eve`, OTHER));

    await expect(createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: fetchStub, now: clock })(token)).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining(`AWS account ${OTHER} is not allowed`),
    });
    expect(calls).toHaveLength(1);
  });

  it('fails with 401 when STS names no account, or one that differs from the ARN', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const mismatched = stubSts(callerJson('arn:aws:sts::123456789012:assumed-role/Dev/alice', OTHER)).fetchStub;
    const missing = stubSts(JSON.stringify({ GetCallerIdentityResponse: { GetCallerIdentityResult: { Arn: 'arn:aws:iam::123456789012:user/bob' } } })).fetchStub;

    for (const fetchStub of [mismatched, missing]) {
      await expect(createStsTokenVerifier({ accounts: ALLOWED, audience: 'gw', fetch: fetchStub, now: clock })(token)).rejects.toMatchObject({
        statusCode: 401,
        message: expect.stringContaining('no matching caller account'),
      });
    }
  });

  it('fails with 401 without calling STS when no account is allowed', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub, calls } = stubSts();

    await expect(createStsTokenVerifier({ audience: 'gw', fetch: fetchStub, now: clock })(token)).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('from no AWS account'),
    });
    expect(calls).toHaveLength(0);
  });

  it.each([
    { patterns: ['arn:aws:iam::123456789012:role/Dev'], arn: 'arn:aws:sts::123456789012:assumed-role/Dev/alice', allowed: true },
    { patterns: ['arn:aws:iam::123456789012:role/ci-*'], arn: 'arn:aws:sts::123456789012:assumed-role/ci-build/run-1', allowed: true },
    { patterns: ['arn:aws:iam::123456789012:role/ci-*'], arn: 'arn:aws:sts::123456789012:assumed-role/Dev/alice', allowed: false },
    { patterns: ['arn:aws:iam::123456789012:role/Dev'], arn: 'arn:aws:sts::123456789012:assumed-role/Dev2/alice', allowed: false },
    { patterns: ['arn:aws:iam::123456789012:role/Dev'], arn: 'arn:aws:iam::123456789012:user/Dev', allowed: false },
    { patterns: ['arn:aws:iam::*:role/Dev', 'arn:aws:iam::123456789012:user/*'], arn: 'arn:aws:iam::123456789012:user/bob', allowed: true },
  ])('matches $arn against $patterns on the normalised ARN: allowed $allowed', async ({ patterns, arn, allowed }) => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub } = stubSts(callerJson(arn));
    const verdict = createStsTokenVerifier({ accounts: ALLOWED, principals: patterns, audience: 'gw', fetch: fetchStub, now: clock })(token);

    if (allowed) await expect(verdict).resolves.toMatchObject({ identity: { accountId: '123456789012' } });
    else await expect(verdict).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('not an allowed principal') });
  });

  it.each([
    { options: { accounts: ['12345'] }, message: '"12345" is not a 12-digit AWS account id' },
    { options: { accounts: ALLOWED, principals: ['role/Dev'] }, message: 'must be an ARN' },
  ])('throws at construction for a malformed allow-list: $message', ({ options, message }) => {
    expect(() => createStsTokenVerifier(options)).toThrow(message);
  });
});
