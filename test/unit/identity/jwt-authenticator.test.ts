import { createJwtAuthenticator } from '../../../lambda/identity/jwt-authenticator';
import { parseJwtIssuers } from '../../../lambda/identity/jwt-issuers';
import { createSigningKey, localJwksCache, signJwt } from './jwt-fixtures';

const ISSUER = 'https://login.example.com';
const JWKS_URI = `${ISSUER}/.well-known/jwks.json`;
const COGNITO = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC';
const rsa = createSigningKey('rsa-1');
const ec = createSigningKey('ec-1', 'ES256');
const stranger = createSigningKey('rsa-1');

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: 'gateway',
  sub: 'alice',
  exp: nowSeconds() + 300,
  iat: nowSeconds(),
  tenant: 'search',
  roles: ['ml-users', 'admins'],
  ...extra,
});

function authenticator(): ReturnType<typeof createJwtAuthenticator> {
  const issuers = parseJwtIssuers([
    { issuer: ISSUER, audience: 'gateway', algorithms: ['RS256', 'ES256'], claims: { team: 'tenant', groups: 'roles', name: 'email' } },
    { issuer: COGNITO, clientId: 'client-1', tokenUse: 'access', claims: { groups: 'cognito:groups', team: 'custom:team' } },
  ]);
  const { cache } = localJwksCache({ [JWKS_URI]: [rsa, ec], [`${COGNITO}/.well-known/jwks.json`]: [rsa] });
  return createJwtAuthenticator(issuers, { jwksCache: cache });
}

describe('JWT authentication', () => {
  it('maps subject, team, groups and name claims to a principal', async () => {
    const verified = await authenticator()(signJwt(rsa, claims({ email: 'alice@example.com' })));

    expect(verified.principal).toEqual({
      id: `jwt:${ISSUER}#alice`,
      kind: 'jwt',
      team: 'search',
      allowedModels: undefined,
      displayName: 'alice@example.com',
      groups: ['ml-users', 'admins'],
    });
    expect(verified.expiresAtMs).toBeGreaterThan(Date.now());
  });

  it('accepts an EC-signed token when ES256 is allowed', async () => {
    await expect(authenticator()(signJwt(ec, claims()))).resolves.toMatchObject({ principal: { id: `jwt:${ISSUER}#alice` } });
  });

  it('maps Cognito access tokens by client_id, token_use and cognito:groups', async () => {
    const token = signJwt(rsa, {
      iss: COGNITO,
      sub: 'u-1',
      client_id: 'client-1',
      token_use: 'access',
      exp: nowSeconds() + 60,
      'cognito:groups': ['analysts'],
      'custom:team': 'finance',
    });
    await expect(authenticator()(token)).resolves.toMatchObject({ principal: { team: 'finance', groups: ['analysts'] } });
  });

  it.each([
    { title: 'an expired token', token: () => signJwt(rsa, claims({ exp: nowSeconds() - 10 })) },
    { title: 'a token without exp', token: () => signJwt(rsa, claims({ exp: undefined })) },
    { title: 'a wrong audience', token: () => signJwt(rsa, claims({ aud: 'other-app' })) },
    { title: 'a wrong issuer', token: () => signJwt(rsa, claims({ iss: 'https://evil.example.com' })) },
    { title: 'an unknown key id', token: () => signJwt(rsa, claims(), { kid: 'rotated-away' }) },
    { title: 'alg none', token: () => `${signJwt(rsa, claims(), { alg: 'none' }).split('.').slice(0, 2).join('.')}.` },
    { title: 'an HMAC algorithm', token: () => signJwt(rsa, claims(), { alg: 'HS256' }) },
    { title: 'a signature by another key with the same kid', token: () => signJwt(stranger, claims()) },
    {
      title: 'a tampered payload',
      token: () => {
        const [header, , signature] = signJwt(rsa, claims()).split('.');
        return `${header}.${Buffer.from(JSON.stringify(claims({ sub: 'mallory' }))).toString('base64url')}.${signature}`;
      },
    },
    { title: 'a Cognito token for another client', token: () => signJwt(rsa, { iss: COGNITO, sub: 'u', client_id: 'x', token_use: 'access', exp: nowSeconds() + 60 }) },
    { title: 'a Cognito id token where access is required', token: () => signJwt(rsa, { iss: COGNITO, sub: 'u', aud: 'client-1', token_use: 'id', exp: nowSeconds() + 60 }) },
    { title: 'a malformed token', token: () => 'abc.def.ghi' },
  ])('fails with 401 for $title', async ({ token }) => {
    await expect(authenticator()(token())).rejects.toMatchObject({ statusCode: 401, errorType: 'authentication_error' });
  });

  it.each([
    { claim: 'sub', extra: { sub: 'a'.repeat(3000) }, message: 'The token\'s "sub" claim is unusable: the principal id it forms is 3040 bytes long URL-encoded; at most 512.' },
    { claim: 'tenant (team)', extra: { tenant: 't'.repeat(3000) }, message: 'The token\'s "tenant" claim is unusable: the team is 3000 bytes long URL-encoded; at most 256.' },
    { claim: 'sub with a control character', extra: { sub: 'alice\u0000' }, message: 'The token\'s "sub" claim is unusable: the principal id it forms must not contain control characters or unpaired surrogates.' },
    { claim: 'tenant with an unpaired surrogate', extra: { tenant: 'search\ud800' }, message: 'The token\'s "tenant" claim is unusable: the team must not contain control characters or unpaired surrogates.' },
  ])('fails with 401 naming the claim when the $claim cannot become part of a ledger key', async ({ extra, message }) => {
    await expect(authenticator()(signJwt(rsa, claims(extra)))).rejects.toMatchObject({ statusCode: 401, message });
  });

  it('accepts a subject and team just inside the limits', async () => {
    const sub = 's'.repeat(512 - encodeURIComponent(`jwt:${ISSUER}#`).length);

    await expect(authenticator()(signJwt(rsa, claims({ sub, tenant: 't'.repeat(256) })))).resolves.toMatchObject({ principal: { team: 't'.repeat(256) } });
  });

  it('refetches the JWKS once for an unknown kid (key rotation) and then accepts the new key', async () => {
    const rotated = createSigningKey('rsa-2');
    const jwks = { [JWKS_URI]: [rsa] };
    const { cache, fetches } = localJwksCache(jwks);
    const verify = createJwtAuthenticator(parseJwtIssuers([{ issuer: ISSUER, audience: 'gateway' }]), { jwksCache: cache });
    await verify(signJwt(rsa, claims()));
    jwks[JWKS_URI] = [rsa, rotated];

    await expect(verify(signJwt(rotated, claims()))).resolves.toBeDefined();
    expect(fetches).toHaveLength(2);
  });
});

describe('parseJwtIssuers', () => {
  it.each([
    { input: '[{"issuer":"https://x.example.com"}]', message: /audience/ },
    { input: '[{"issuer":"not a url","audience":"a"}]', message: /issuer/ },
    { input: '[{"issuer":"https://x.example.com","audience":"a","algorithms":["HS256"]}]', message: /algorithms/ },
    { input: '{', message: /not valid JSON/ },
  ])('fails for $input', ({ input, message }) => {
    expect(() => parseJwtIssuers(input)).toThrow(message);
  });

  it('applies defaults: RS256 and the sub claim', () => {
    expect(parseJwtIssuers('{"issuer":"https://x.example.com","audience":"a"}')).toEqual([
      { issuer: 'https://x.example.com', audience: 'a', algorithms: ['RS256'], claims: { subject: 'sub' } },
    ]);
  });
});
