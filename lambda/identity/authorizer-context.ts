/**
 * @module The REQUEST authorizer's context: a principal flattened to strings, and back.
 *
 * API Gateway passes only string, number and boolean values through `requestContext.authorizer`,
 * so lists travel as JSON.
 */
import type { Principal, PrincipalKind } from './principal';

/** Context keys the authorizer sets and the gateway reads. */
const CONTEXT = {
  principalId: 'principalId',
  kind: 'principalKind',
  team: 'team',
  allowedModels: 'allowedModels',
  displayName: 'displayName',
  detail: 'detail',
  groups: 'groups',
  keyId: 'keyId',
  /** Epoch milliseconds after which the credential is no longer valid (JWT `exp`, STS URL expiry). */
  expiresAtMs: 'expiresAtMs',
} as const;

const KINDS: readonly PrincipalKind[] = ['key', 'jwt', 'iam'];

/** A principal as the authorizer hands it over. */
interface AuthorizerPrincipal {
  readonly principal: Principal;
  /** Set for key principals: the gateway re-checks the key on every request. */
  readonly keyId?: string;
  readonly expiresAtMs?: number;
}

function parseList(value: string | undefined): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : undefined;
  } catch {
    return undefined;
  }
}

/** Flattens a principal for the authorizer's `context`. */
function toAuthorizerContext(principal: Principal, expiresAtMs?: number): Record<string, string> {
  const context: Record<string, string> = { [CONTEXT.principalId]: principal.id, [CONTEXT.kind]: principal.kind };
  if (principal.team !== undefined) context[CONTEXT.team] = principal.team;
  if (principal.allowedModels !== undefined) context[CONTEXT.allowedModels] = JSON.stringify(principal.allowedModels);
  if (principal.displayName !== undefined) context[CONTEXT.displayName] = principal.displayName;
  if (principal.detail !== undefined) context[CONTEXT.detail] = principal.detail;
  if (principal.groups !== undefined) context[CONTEXT.groups] = JSON.stringify(principal.groups);
  if (principal.kind === 'key') context[CONTEXT.keyId] = principal.id;
  if (expiresAtMs !== undefined) context[CONTEXT.expiresAtMs] = String(expiresAtMs);
  return context;
}

/** Rebuilds the principal from the context; `undefined` when the context is not the authorizer's. */
function fromAuthorizerContext(context: Readonly<Record<string, string>>): AuthorizerPrincipal | undefined {
  const id = context[CONTEXT.principalId];
  const kind = KINDS.find((candidate) => candidate === context[CONTEXT.kind]);
  if (id === undefined || id === '' || kind === undefined) return undefined;
  const expires = context[CONTEXT.expiresAtMs];
  return {
    principal: {
      id,
      kind,
      team: context[CONTEXT.team] || undefined,
      allowedModels: parseList(context[CONTEXT.allowedModels]),
      displayName: context[CONTEXT.displayName] || undefined,
      detail: context[CONTEXT.detail] || undefined,
      groups: parseList(context[CONTEXT.groups]),
    },
    keyId: kind === 'key' ? (context[CONTEXT.keyId] ?? id) : undefined,
    expiresAtMs: expires === undefined || expires === '' ? undefined : Number(expires),
  };
}

export { CONTEXT as AUTHORIZER_CONTEXT_KEYS, fromAuthorizerContext, toAuthorizerContext };
export type { AuthorizerPrincipal };
