/**
 * @module Client side of IAM identity tokens: presigns `sts:GetCallerIdentity` bound to an audience.
 *
 * Used by the admin CLI (`token`) and tests; any SigV4 library can produce the same token.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import { STS_TOKEN_PREFIX } from './bearer-token';
import { DEFAULT_STS_AUDIENCE } from '../platform/config';
import { STS_AUDIENCE_HEADER } from './sts-identity-token';

interface StsTokenOptions {
  readonly credentials: AwsCredentialIdentity | Provider<AwsCredentialIdentity>;
  /** Region of the STS endpoint (`sts.<region>.amazonaws.com`). @default 'us-east-1' */
  readonly region?: string;
  /** Must equal the gateway's configured audience. @default 'bedrock-gateway' */
  readonly audience?: string;
  /** Validity of the token in seconds (the gateway accepts at most 900). @default 60 */
  readonly expiresInSeconds?: number;
  /** Signing time (tests). @default now */
  readonly signingDate?: Date;
}

/**
 * Creates an `aws-iam-v1.` bearer token for the gateway.
 *
 * @example const token = await createStsIdentityToken({ credentials: defaultProvider(), region: 'eu-west-1' });
 */
async function createStsIdentityToken({
  credentials,
  region = 'us-east-1',
  audience = DEFAULT_STS_AUDIENCE,
  expiresInSeconds = 60,
  signingDate,
}: StsTokenOptions): Promise<string> {
  const hostname = `sts.${region}.amazonaws.com`;
  const signer = new SignatureV4({ service: 'sts', region, credentials, sha256: Sha256 });
  const request = new HttpRequest({
    method: 'GET',
    protocol: 'https:',
    hostname,
    path: '/',
    query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    headers: { host: hostname, [STS_AUDIENCE_HEADER]: audience },
  });
  const signed = await signer.presign(request, { expiresIn: expiresInSeconds, signingDate });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(signed.query ?? {})) {
    if (typeof value === 'string') query.append(name, value);
  }
  const url = `https://${hostname}/?${query.toString()}`;
  return STS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');
}

export { createStsIdentityToken };
export type { StsTokenOptions };
