import { compileArnPattern, normalizeIamArn, normalizePrincipalId } from '../../../lambda/identity/iam-arn';
import { ARN_PATTERN_SYNTAX } from '../../../lambda/platform/config';

describe('normalizeIamArn', () => {
  it.each([
    {
      input: 'arn:aws:sts::123456789012:assumed-role/Dev/alice',
      expected: { arn: 'arn:aws:iam::123456789012:role/Dev', accountId: '123456789012', name: 'Dev', sessionName: 'alice' },
    },
    {
      input: 'arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com',
      expected: { arn: 'arn:aws:iam::123456789012:role/AWSReservedSSO_Admin_0123', accountId: '123456789012', name: 'AWSReservedSSO_Admin_0123', sessionName: 'alice@example.com' },
    },
    {
      input: 'arn:aws-cn:sts::123456789012:assumed-role/Builder/i-0abc',
      expected: { arn: 'arn:aws-cn:iam::123456789012:role/Builder', accountId: '123456789012', name: 'Builder', sessionName: 'i-0abc' },
    },
    {
      input: 'arn:aws:iam::123456789012:role/service-role/team/Builder',
      expected: { arn: 'arn:aws:iam::123456789012:role/Builder', accountId: '123456789012', name: 'Builder' },
    },
    {
      input: 'arn:aws:iam::123456789012:user/engineering/bob',
      expected: { arn: 'arn:aws:iam::123456789012:user/bob', accountId: '123456789012', name: 'bob' },
    },
    {
      input: 'arn:aws:sts::123456789012:federated-user/carol',
      expected: { arn: 'arn:aws:sts::123456789012:federated-user/carol', accountId: '123456789012', name: 'carol' },
    },
    { input: 'arn:aws:iam::123456789012:root', expected: { arn: 'arn:aws:iam::123456789012:root', accountId: '123456789012', name: 'root' } },
  ])('normalises $input', ({ input, expected }) => {
    expect(normalizeIamArn(input)).toEqual(expected);
  });

  it.each(['arn:aws:s3:::bucket', 'arn:aws:sts::123:assumed-role/Dev/alice', 'not-an-arn', 'arn:aws:iam::123456789012:role/'])(
    'returns undefined for %s',
    (input) => {
      expect(normalizeIamArn(input)).toBeUndefined();
    },
  );

  it('passes non-ARN principal ids through unchanged', () => {
    expect(normalizePrincipalId('jwt:https://issuer#alice')).toBe('jwt:https://issuer#alice');
  });
});

describe('compileArnPattern', () => {
  it.each([
    { pattern: 'arn:aws:iam::123456789012:role/ci-*', arn: 'arn:aws:iam::123456789012:role/ci-deploy', matches: true },
    { pattern: 'arn:aws:iam::*:role/Admin', arn: 'arn:aws:iam::999988887777:role/Admin', matches: true },
    { pattern: 'arn:aws:iam::123456789012:role/Admin', arn: 'arn:aws:iam::123456789012:role/AdminX', matches: false },
    { pattern: 'arn:aws:iam::123456789012:role/a.b', arn: 'arn:aws:iam::123456789012:role/aXb', matches: false },
  ])('$pattern matches $arn: $matches', ({ pattern, arn, matches }) => {
    expect(compileArnPattern(pattern).test(arn)).toBe(matches);
  });

  it.each([
    { pattern: 'arn:aws:iam::123456789012:role/ci-*', valid: true },
    { pattern: 'arn:aws-us-gov:sts::*:federated-user/*', valid: true },
    { pattern: 'role/ci-*', valid: false },
    { pattern: 'arn:aws:s3:::bucket', valid: false },
    { pattern: 'arn:aws:iam::123456789012:role/a,b', valid: false },
  ])('ARN_PATTERN_SYNTAX accepts $pattern: $valid', ({ pattern, valid }) => {
    expect(ARN_PATTERN_SYNTAX.test(pattern)).toBe(valid);
  });
});
