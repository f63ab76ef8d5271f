/** @module Test fixtures for IAM identity tokens: signing credentials, a fixed clock and a stubbed STS. */
import { createStsIdentityToken } from '../../../lambda/identity/sts-token-presigner';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const SIGNED_AT = new Date('2025-06-14T12:00:00Z');
const clock = (): number => SIGNED_AT.getTime() + 10_000;

/** The accounts the verifier under test accepts. */
const ALLOWED = ['123456789012'];

const callerJson = (arn: string, account = '123456789012'): string =>
  JSON.stringify({ GetCallerIdentityResponse: { GetCallerIdentityResult: { Arn: arn, Account: account, UserId: 'AROA:alice' } } });

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

export { ALLOWED, SIGNED_AT, callerJson, clock, credentials, stubSts };
