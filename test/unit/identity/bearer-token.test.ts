import { classifyCredential, readBearerToken, readCredential } from '../../../lambda/identity/bearer-token';
import { constantTimeEqual, generateKeySecret, hashKeySecret, isKeySecret, keyDisplayPrefix } from '../../../lambda/platform/virtual-key-secret';

describe('readBearerToken', () => {
  it.each([
    { header: 'Bearer sk-abc', expected: 'sk-abc' },
    { header: 'bearer   sk-abc ', expected: 'sk-abc' },
    { header: 'Basic dXNlcjpwYXNz', expected: undefined },
    { header: 'Bearer', expected: undefined },
    { header: 'Bearer a b', expected: undefined },
    { header: undefined, expected: undefined },
  ])('reads $expected from "$header"', ({ header, expected }) => {
    expect(readBearerToken(header)).toBe(expected);
  });
});

describe('readCredential', () => {
  it.each([
    { headers: { authorization: 'Bearer sk-a' }, expected: 'sk-a' },
    { headers: { 'x-api-key': 'sk-b' }, expected: 'sk-b' },
    { headers: { 'x-api-key': ' sk-b ' }, expected: 'sk-b' },
    { headers: { authorization: 'Bearer sk-a', 'x-api-key': 'sk-b' }, expected: 'sk-a' },
    { headers: { 'x-api-key': '' }, expected: undefined },
    { headers: {}, expected: undefined },
  ])('reads $expected from $headers (the bearer token wins)', ({ headers, expected }) => {
    expect(readCredential(headers)).toBe(expected);
  });
});

describe('classifyCredential', () => {
  it.each([
    { token: 'sk-abcdefgh', kind: 'key' },
    { token: 'aws-iam-v1.aHR0cHM6Ly9zdHM', kind: 'sts' },
    { token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', kind: 'jwt' },
    { token: 'garbage', kind: 'unknown' },
  ])('classifies $token as $kind', ({ token, kind }) => {
    expect(classifyCredential(token)).toBe(kind);
  });
});

describe('virtual key secrets', () => {
  it('generates sk- plus 43 base64url characters (32 random bytes)', () => {
    const secret = generateKeySecret();
    expect(secret).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(isKeySecret(secret)).toBe(true);
    expect(generateKeySecret()).not.toBe(secret);
  });

  it('hashes with SHA-256 and keeps a 9-character display prefix', () => {
    expect(hashKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashKeySecret('sk-test-secret')).toMatch(/^[0-9a-f]{64}$/);
    expect(keyDisplayPrefix('sk-AbCdEfGhIj')).toBe('sk-AbCdEf');
  });

  it('compares strings of different lengths without throwing', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });
});
