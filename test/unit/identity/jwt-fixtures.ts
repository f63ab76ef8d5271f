/**
 * @module JWT test fixtures: locally generated RSA/EC keys, a JWKS served through an injected fetcher,
 * and a signer (node:crypto; jose is ESM-only and jest here transforms to CommonJS).
 */
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

interface TestSigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: KeyObject;
  readonly publicJwk: Record<string, unknown>;
}

function createSigningKey(kid: string, alg: 'RS256' | 'ES256' = 'RS256'): TestSigningKey {
  const { privateKey, publicKey } =
    alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, privateKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs a JWT; `header` overrides the default header (e.g. `alg: 'none'`). */
function signJwt(key: TestSigningKey, payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${encode({ alg: key.alg, typ: 'JWT', kid: key.kid, ...header })}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(input), key.alg === 'ES256' ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' } : key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/** A JWKS cache whose fetcher serves `jwks[uri]` and counts fetches. */
function localJwksCache(jwks: Record<string, TestSigningKey[]>): { cache: SimpleJwksCache; fetches: string[] } {
  const fetches: string[] = [];
  const cache = new SimpleJwksCache({
    fetcher: {
      fetch: async (uri: string) => {
        fetches.push(uri);
        const keys = jwks[uri];
        if (keys === undefined) throw new Error(`no JWKS at ${uri}`);
        const bytes = Buffer.from(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      },
    },
  });
  return { cache, fetches };
}

export { createSigningKey, localJwksCache, signJwt };
export type { TestSigningKey };
