/**
 * @module The STS source identity and session name that name a gateway principal in CloudTrail:
 * pure functions within STS's rules (2 to 64 characters of `[A-Za-z0-9_+=,.@-]`).
 */
import { createHash } from 'node:crypto';

/** What a principal is known by. */
interface AuditedPrincipal {
  readonly kind: string;
  readonly id: string;
}

const MAX_LENGTH = 64;
const ALLOWED = /[^A-Za-z0-9_+=,.@-]/g;

/** `value` within the limit: long values keep their start and end with a hash of the whole between. */
function fit(value: string, max: number): string {
  if (value.length <= max) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 10);
  const keep = max - hash.length - 2;
  const head = Math.ceil(keep / 2);
  return `${value.slice(0, head)}.${hash}.${value.slice(value.length - (keep - head))}`;
}

/**
 * The source identity of a principal's sessions: a key id as is (`key_...`), an IAM ARN as
 * `<role or user path>@<account>` (`role.Analytics@123456789012`), anything else (JWT subjects) with
 * each character STS refuses turned into `.`; too long, it keeps its start and end around a hash.
 *
 * @example sourceIdentityOf({ kind: 'iam', id: 'arn:aws:iam::123456789012:role/Analytics' }) // 'role.Analytics@123456789012'
 */
function sourceIdentityOf(principal: AuditedPrincipal): string {
  const arn = /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):(.+)$/.exec(principal.id);
  const readable = arn === null ? principal.id : `${arn[2]}@${arn[1]}`;
  const value = readable.replace(ALLOWED, '.');
  return fit(value.length < 2 ? `${value}..` : value, MAX_LENGTH);
}

/** The role session name: `gw-` and the source identity, within 64 characters. */
function sessionNameOf(principal: AuditedPrincipal): string {
  return fit(`gw-${sourceIdentityOf(principal)}`, MAX_LENGTH);
}

export { sessionNameOf, sourceIdentityOf };
export type { AuditedPrincipal };
