import { createStsTokenVerifier, inspectStsToken } from '../../../lambda/identity/sts-identity-token';
import { createStsIdentityToken } from '../../../lambda/identity/sts-token-presigner';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const SIGNED_AT = new Date('2025-06-14T12:00:00Z');
const clock = (): number => SIGNED_AT.getTime() + 10_000;

const callerJson = (arn: string): string =>
  JSON.stringify({ GetCallerIdentityResponse: { GetCallerIdentityResult: { Arn: arn, Account: '123456789012', UserId: 'AROA:alice' } } });

/**
 * A stubbed STS at its HTTP boundary: it re-signs the request it receives with the test secret, as
 * STS does, so a token signed for another audience (or tampered with) fails with 403.
 */
function stubSts(body = callerJson('arn:aws:sts::123456789012:assumed-role/Dev/alice')) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetchStub: typeof fetch = async (input, init) => {
    const headers = { ...((init?.headers ?? {}) as Record<string, string>) };
    calls.push({ url: String(input), headers });
    const url = new URL(String(input));
    const amzDate = url.searchParams.get('X-Amz-Date') ?? '';
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const region = url.hostname.split('.').length === 4 ? (url.hostname.split('.')[1] as string) : 'us-east-1';
    const expected = await createStsIdentityToken({
      credentials,
      region,
      audience: headers['x-gateway-audience'] ?? '',
      signingDate,
      expiresInSeconds: Number(url.searchParams.get('X-Amz-Expires')),
    });
    const expectedSignature = new URL(Buffer.from(expected.slice('aws-iam-v1.'.length), 'base64url').toString()).searchParams.get('X-Amz-Signature');
    const ok = expectedSignature === url.searchParams.get('X-Amz-Signature');
    return new Response(ok ? body : '<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>', { status: ok ? 200 : 403 });
  };
  return { fetchStub, calls };
}

const encode = (url: string): string => `aws-iam-v1.${Buffer.from(url).toString('base64url')}`;

async function validUrl(): Promise<URL> {
  const token = await createStsIdentityToken({ credentials, region: 'eu-west-1', audience: 'gw', signingDate: SIGNED_AT });
  return new URL(Buffer.from(token.slice('aws-iam-v1.'.length), 'base64url').toString());
}

describe('STS identity tokens', () => {
  it('verifies a presigned GetCallerIdentity URL and normalises the caller to its role', async () => {
    const token = await createStsIdentityToken({ credentials, region: 'eu-west-1', audience: 'gw', signingDate: SIGNED_AT });
    const { fetchStub, calls } = stubSts();

    const caller = await createStsTokenVerifier({ audience: 'gw', fetch: fetchStub, now: clock })(token);

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
    const { fetchStub } = stubSts('<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bob</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>');
    await expect(createStsTokenVerifier({ audience: 'gw', fetch: fetchStub, now: clock })(token)).resolves.toMatchObject({
      identity: { arn: 'arn:aws:iam::123456789012:user/bob' },
    });
  });

  it('fails with 401 when STS rejects the signature for this audience (replay from another service)', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'other-service', signingDate: SIGNED_AT });
    const { fetchStub } = stubSts();
    await expect(createStsTokenVerifier({ audience: 'gw', fetch: fetchStub, now: clock })(token)).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('STS answered 403'),
    });
  });

  it('fails with 401 when STS cannot be reached', async () => {
    const token = await createStsIdentityToken({ credentials, audience: 'gw', signingDate: SIGNED_AT });
    const failing: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(createStsTokenVerifier({ audience: 'gw', fetch: failing, now: clock })(token)).rejects.toMatchObject({ statusCode: 401 });
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

    await expect(createStsTokenVerifier({ audience: 'gw', fetch: fetchStub, now: () => now ?? clock() })(token)).rejects.toMatchObject({
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
