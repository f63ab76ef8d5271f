/**
 * @module Limits on values that become part of a ledger key (key ids, teams, principal ids),
 * checked where they enter: the admin API (400) and credentials (401).
 *
 * DynamoDB refuses a partition key over 2048 bytes and a sort key over 1024 bytes with a
 * ValidationException, which would surface as a 500. The ledger stores teams and principal ids
 * URL-encoded, and one sort key (the daily aggregate's index entry) holds a principal id, a team
 * and a model id together, so the limits below are on the URL-encoded size and leave room for all
 * three (512 + 256 + a catalog id) under 1024 bytes.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-partition-sort-keys
 */

/** What a value names, which fixes its rule. */
type StorageIdKind = 'keyId' | 'team' | 'principal';

/** Largest URL-encoded size, in bytes, of a team and of a principal id. */
const MAX_ENCODED_BYTES = { team: 256, principal: 512 } as const;

/** Key ids are generated (`key_` + hex); anything else is not one, and never needs encoding. */
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Control characters and unpaired surrogates: unprintable, and the latter cannot be URL-encoded at all. */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cs}]/u;

/**
 * Why `value` cannot be stored as a `kind`, or `undefined` when it can. The reason is a phrase to
 * follow the value's name: `is 3000 bytes long URL-encoded; at most 512`.
 *
 * @example storageIdProblem('team', 'search') // undefined
 */
function storageIdProblem(kind: StorageIdKind, value: string): string | undefined {
  if (kind === 'keyId') {
    return KEY_ID_PATTERN.test(value) ? undefined : "must be 1 to 64 characters from A-Z, a-z, 0-9, '_' and '-'";
  }
  if (value.length === 0) return 'must not be empty';
  if (FORBIDDEN_CHARACTER.test(value)) return 'must not contain control characters or unpaired surrogates';
  const bytes = encodeURIComponent(value).length;
  const max = MAX_ENCODED_BYTES[kind];
  return bytes <= max ? undefined : `is ${bytes} bytes long URL-encoded; at most ${max}`;
}

export { MAX_ENCODED_BYTES, storageIdProblem };
export type { StorageIdKind };
