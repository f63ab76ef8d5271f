/** @module IAM identity tokens through the authenticator and the REQUEST authorizer, configured from the environment. */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createAuthorizerHandler } from '../../../lambda/authorizer/handler';
import { createServicesFromEnvironment } from '../../../lambda/gateway/services-factory';
import { createAuthenticator } from '../../../lambda/identity/authenticator';
import { createStsIdentityToken } from '../../../lambda/identity/sts-token-presigner';
import { readRuntimeConfig } from '../../../lambda/platform/config';
import { ENV } from '../../../lambda/platform/env-names';
import { buildRequest } from '../../support/capture-sink';
import { SIGNED_AT, callerJson, clock, credentials, stubSts } from './sts-fixtures';

const ACCOUNT = '123456789012';
const OTHER = '999988887777';
const AUDIENCE = `bedrock-gateway:Gateway:eu-west-1:${ACCOUNT}`;

/** An authenticator built exactly as the Lambda entries build it, from `env`, with STS stubbed. */
function authenticatorFrom(env: Readonly<Record<string, string | undefined>>, fetchStub: typeof fetch) {
  const { sts } = readRuntimeConfig(env);
  return createAuthenticator({ sts: { ...sts, fetch: fetchStub }, now: clock });
}

const token = (audience = AUDIENCE): Promise<string> => createStsIdentityToken({ credentials, region: 'eu-west-1', audience, signingDate: SIGNED_AT });

function authorizerEvent(bearer: string): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/POST/v1/chat/completions',
    resource: '/v1/{proxy+}',
    path: '/v1/chat/completions',
    httpMethod: 'POST',
    headers: { Authorization: `Bearer ${bearer}` },
    requestContext: { identity: { sourceIp: '10.0.0.1' } },
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('IAM identity tokens in the authenticator', () => {
  const env = { [ENV.stsAccounts]: `${ACCOUNT}, 111122223333`, [ENV.stsAudience]: AUDIENCE };

  it('accepts a caller of an account listed in GATEWAY_STS_ACCOUNTS', async () => {
    const { fetchStub } = stubSts();
    await expect(authenticatorFrom(env, fetchStub).verifyCredential(await token())).resolves.toMatchObject({
      principal: { id: `arn:aws:iam::${ACCOUNT}:role/Dev`, kind: 'iam' },
    });
  });

  it('fails with 401 for a caller of any other account', async () => {
    const { fetchStub } = stubSts(callerJson(`arn:aws:sts::${OTHER}:assumed-role/Dev/eve`, OTHER));
    await expect(authenticatorFrom(env, fetchStub).verifyCredential(await token())).rejects.toMatchObject({
      statusCode: 401,
      message: expect.stringContaining(`AWS account ${OTHER} is not allowed`),
    });
  });

  it('fails with 401 for every token when GATEWAY_STS_ACCOUNTS is unset or empty, without calling STS', async () => {
    for (const unset of [{}, { [ENV.stsAccounts]: ' , ' }]) {
      const { fetchStub, calls } = stubSts();
      await expect(authenticatorFrom(unset, fetchStub).verifyCredential(await token('bedrock-gateway'))).rejects.toMatchObject({
        statusCode: 401,
        message: expect.stringContaining('allowed no AWS account'),
      });
      expect(calls).toHaveLength(0);
    }
  });

  it('sends the audience of GATEWAY_STS_AUDIENCE, so a token minted for another gateway fails', async () => {
    const { fetchStub, calls } = stubSts();
    const authenticator = authenticatorFrom(env, fetchStub);

    await expect(authenticator.verifyCredential(await token())).resolves.toBeDefined();
    await expect(authenticator.verifyCredential(await token('bedrock-gateway'))).rejects.toMatchObject({ statusCode: 401 });
    expect(calls.map((call) => call.headers['x-gateway-audience'])).toEqual([AUDIENCE, AUDIENCE]);
  });

  it('restricts callers to GATEWAY_STS_PRINCIPALS when it is set', async () => {
    const { fetchStub } = stubSts();
    const restricted = authenticatorFrom({ ...env, [ENV.stsPrincipals]: `arn:aws:iam::${ACCOUNT}:role/ci-*` }, fetchStub);
    await expect(restricted.verifyCredential(await token())).rejects.toMatchObject({ statusCode: 401, message: expect.stringContaining('not an allowed principal') });
  });

  it('defaults the audience to bedrock-gateway (the local runner) and refuses no account', () => {
    expect(readRuntimeConfig({}).sts).toEqual({ accounts: [], principals: [], audience: 'bedrock-gateway' });
  });

  it.each([
    { name: ENV.stsAccounts, value: '12345', message: 'GATEWAY_STS_ACCOUNTS must list 12-digit AWS account ids' },
    { name: ENV.stsPrincipals, value: 'role/ci-*', message: 'GATEWAY_STS_PRINCIPALS must list ARN patterns' },
  ])('fails at start with the variable name for a malformed $name', ({ name, value, message }) => {
    expect(() => readRuntimeConfig({ [name]: value })).toThrow(message);
  });
});

describe('IAM identity tokens in the gateway services built from the environment', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the allow-list and the audience where the authenticator is built', async () => {
    const { fetchStub, calls } = stubSts();
    jest.spyOn(globalThis, 'fetch').mockImplementation(fetchStub);
    const env = { [ENV.stsAccounts]: ACCOUNT, [ENV.stsAudience]: AUDIENCE, AWS_REGION: 'eu-west-1' };
    const { services } = createServicesFromEnvironment({ env, now: clock });

    const principal = await services.authenticator.authenticate(
      buildRequest({ method: 'POST', path: '/v1/chat/completions', headers: { authorization: `Bearer ${await token()}` } }),
      'v1',
    );

    expect(principal).toMatchObject({ id: `arn:aws:iam::${ACCOUNT}:role/Dev` });
    expect(calls[0]?.headers['x-gateway-audience']).toBe(AUDIENCE);
  });
});

describe('IAM identity tokens in the REQUEST authorizer', () => {
  it('allows the stage for a caller of an allowed account', async () => {
    const { fetchStub } = stubSts();
    const authorize = createAuthorizerHandler(() => authenticatorFrom({ [ENV.stsAccounts]: ACCOUNT, [ENV.stsAudience]: AUDIENCE }, fetchStub));

    await expect(authorize(authorizerEvent(await token()))).resolves.toMatchObject({
      principalId: `arn:aws:iam::${ACCOUNT}:role/Dev`,
      policyDocument: { Statement: [{ Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/*' }] },
    });
  });

  it('fails with Unauthorized for a caller of another account', async () => {
    const { fetchStub } = stubSts(callerJson(`arn:aws:sts::${OTHER}:assumed-role/Dev/eve`, OTHER));
    const authorize = createAuthorizerHandler(() => authenticatorFrom({ [ENV.stsAccounts]: ACCOUNT, [ENV.stsAudience]: AUDIENCE }, fetchStub));
    await expect(authorize(authorizerEvent(await token()))).rejects.toThrow('Unauthorized');
  });

  it('fails with Unauthorized when no account is configured', async () => {
    const { fetchStub } = stubSts();
    const authorize = createAuthorizerHandler(() => authenticatorFrom({}, fetchStub));
    await expect(authorize(authorizerEvent(await token()))).rejects.toThrow('Unauthorized');
  });
});
