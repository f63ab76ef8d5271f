/**
 * @module IAM caller ARNs normalised to the identity that budgets and reports hang off, and the `*` patterns allow-lists match them with.
 *
 * An assumed-role session `arn:aws:sts::123:assumed-role/Role/session` becomes the role
 * `arn:aws:iam::123:role/Role` (the session name is kept as a detail). Session ARNs carry no role
 * path, so role and user ARNs drop theirs too: names are unique per account regardless of path,
 * and an admin who pastes `arn:aws:iam::123:role/service-role/Role` reaches the same principal.
 */

/** A normalised IAM identity. */
interface IamIdentity {
  /** The principal id: the role or user ARN without path. */
  readonly arn: string;
  readonly accountId: string;
  /** Role or user name. */
  readonly name: string;
  /** The assumed-role session name, when the caller was a session. */
  readonly sessionName?: string;
}

const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):(iam|sts)::(\d{12}):(.+)$/;

/**
 * Normalises an IAM user, role, assumed-role, federated-user or root ARN.
 *
 * @returns `undefined` when `arn` is not an IAM/STS principal ARN.
 * @example normalizeIamArn('arn:aws:sts::123456789012:assumed-role/Dev/alice')
 *   // { arn: 'arn:aws:iam::123456789012:role/Dev', accountId: '123456789012', name: 'Dev', sessionName: 'alice' }
 */
function normalizeIamArn(arn: string): IamIdentity | undefined {
  const match = ARN.exec(arn.trim());
  if (match === null) return undefined;
  const [, partition, service, accountId = '', resource = ''] = match;
  const segments = resource.split('/');
  const type = segments[0];
  const iamArn = (kind: string, name: string): string => `arn:${partition}:iam::${accountId}:${kind}/${name}`;
  if (service === 'sts' && type === 'assumed-role' && segments.length >= 3) {
    const name = segments[1] as string;
    return { arn: iamArn('role', name), accountId, name, sessionName: segments.slice(2).join('/') };
  }
  if (service === 'iam' && (type === 'role' || type === 'user') && segments.length >= 2) {
    const name = segments[segments.length - 1] as string;
    return name === '' ? undefined : { arn: iamArn(type, name), accountId, name };
  }
  if (service === 'sts' && type === 'federated-user' && segments.length === 2) {
    return { arn: `arn:${partition}:sts::${accountId}:${resource}`, accountId, name: segments[1] as string };
  }
  if (service === 'iam' && resource === 'root') return { arn: `arn:${partition}:iam::${accountId}:root`, accountId, name: 'root' };
  return undefined;
}

/**
 * Compiles a principal pattern into a regular expression where `*` spans any run of characters;
 * test it against a normalised ARN (`normalizeIamArn(...).arn`).
 *
 * @example compileArnPattern('arn:aws:iam::123456789012:role/ci-*').test('arn:aws:iam::123456789012:role/ci-deploy') // true
 */
function compileArnPattern(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

/** Normalises an ARN given by an admin for a budget or limit; other ids pass through unchanged. */
function normalizePrincipalId(id: string): string {
  return normalizeIamArn(id)?.arn ?? id;
}

export { compileArnPattern, normalizeIamArn, normalizePrincipalId };
export type { IamIdentity };
