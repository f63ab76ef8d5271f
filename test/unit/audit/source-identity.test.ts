import { sessionNameOf, sourceIdentityOf } from '../../../lambda/audit/source-identity';

const STS_SYNTAX = /^[A-Za-z0-9_+=,.@-]{2,64}$/;

describe('sourceIdentityOf: the gateway principal as CloudTrail shows it', () => {
  it.each([
    { rule: 'a virtual key is its id', principal: { kind: 'key', id: 'key_0123abcd' }, expected: 'key_0123abcd' },
    { rule: 'an IAM role ARN is the role and its account', principal: { kind: 'iam', id: 'arn:aws:iam::123456789012:role/Analytics' }, expected: 'role.Analytics@123456789012' },
    { rule: 'a role path is kept', principal: { kind: 'iam', id: 'arn:aws:iam::123456789012:role/teams/search/Ci' }, expected: 'role.teams.search.Ci@123456789012' },
    { rule: 'a JWT subject keeps what STS accepts', principal: { kind: 'jwt', id: 'alice@example.com' }, expected: 'alice@example.com' },
    { rule: 'characters STS refuses become dots', principal: { kind: 'jwt', id: 'auth0|user 42/é' }, expected: 'auth0.user.42..' },
    { rule: 'a one-character id is padded to STS minimum', principal: { kind: 'jwt', id: 'a' }, expected: 'a..' },
  ])('$rule', ({ principal, expected }) => {
    expect(sourceIdentityOf(principal)).toBe(expected);
    expect(sourceIdentityOf(principal)).toMatch(STS_SYNTAX);
  });

  it('fits a long id in 64 characters, keeping its start and end, different ids staying different', () => {
    const a = sourceIdentityOf({ kind: 'jwt', id: `${'x'.repeat(100)}-a` });
    const b = sourceIdentityOf({ kind: 'jwt', id: `${'x'.repeat(100)}-b` });
    expect(a).toHaveLength(64);
    expect(a).toMatch(STS_SYNTAX);
    expect(a.startsWith('xxxxxxxx')).toBe(true);
    expect(a.endsWith('-a')).toBe(true);
    expect(a).not.toBe(b);
  });

  it('names the session gw-<source identity>, within STS rules', () => {
    expect(sessionNameOf({ kind: 'key', id: 'key_0123abcd' })).toBe('gw-key_0123abcd');
    expect(sessionNameOf({ kind: 'jwt', id: 'y'.repeat(200) })).toMatch(STS_SYNTAX);
  });
});
