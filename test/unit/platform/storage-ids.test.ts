import { storageIdProblem } from '../../../lambda/platform/storage-ids';

describe('storageIdProblem: what may become part of a ledger key', () => {
  it.each([
    { kind: 'keyId' as const, value: 'key_0123456789abcdef01234567', expected: undefined },
    { kind: 'keyId' as const, value: 'k'.repeat(64), expected: undefined },
    { kind: 'keyId' as const, value: 'k'.repeat(65), expected: "must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'" },
    { kind: 'keyId' as const, value: 'key#other', expected: "must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'" },
    { kind: 'keyId' as const, value: '', expected: "must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'" },
    { kind: 'team' as const, value: 'search', expected: undefined },
    { kind: 'team' as const, value: 'Équipe données', expected: undefined },
    { kind: 'team' as const, value: 't'.repeat(256), expected: undefined },
    { kind: 'team' as const, value: 't'.repeat(257), expected: 'is 257 bytes long URL-encoded; at most 256' },
    { kind: 'team' as const, value: 'é'.repeat(50), expected: 'is 300 bytes long URL-encoded; at most 256' },
    { kind: 'team' as const, value: '', expected: 'must not be empty' },
    { kind: 'team' as const, value: 'a\nb', expected: 'must not contain control characters or unpaired surrogates' },
    { kind: 'team' as const, value: 'a\ud800', expected: 'must not contain control characters or unpaired surrogates' },
    { kind: 'team' as const, value: 'rocket 🚀', expected: undefined },
    { kind: 'principal' as const, value: 'arn:aws:iam::123456789012:role/Dev', expected: undefined },
    { kind: 'principal' as const, value: `jwt:https://issuer.example.com#${'s'.repeat(3000)}`, expected: 'is 3041 bytes long URL-encoded; at most 512' },
  ])('$kind of $value.length characters: $expected', ({ kind, value, expected }) => {
    expect(storageIdProblem(kind, value)).toBe(expected);
  });
});
