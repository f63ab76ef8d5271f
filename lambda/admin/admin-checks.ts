/**
 * @module Admin input checked against what the gateway knows: a key's models against the catalog
 * and the routing table, a team against the keys and the usage the ledger has recorded.
 */
import type { ModelCatalog } from '../catalog';
import type { Ledger } from '../ledger/ledger';
import { DAY_MS, utcDay } from '../ledger/table-keys';
import { NotFoundError, InvalidRequestError } from '../platform/errors';
import type { RouteTable } from '../routing/route-types';

/** How far back recorded usage makes a team known. */
const KNOWN_TEAM_USAGE_DAYS = 31;

/**
 * The names a key may be limited to, as the gateway compares them: a route's name, or a catalog
 * model's id (aliases, inference profile ids and ARNs resolve to it).
 *
 * @throws InvalidRequestError naming the first name that is neither a route nor a served model.
 */
function canonicalModelNames(names: readonly string[], catalog: ModelCatalog, routes: RouteTable, param = 'models'): string[] {
  const canonical = names.map((name) => {
    const route = routes.get(name.toLowerCase());
    if (route !== undefined) return route.name;
    const entry = catalog.resolve(name);
    if (entry === undefined) {
      throw new InvalidRequestError(
        `Invalid '${param}': "${name}" is not a model this gateway serves nor a route. Use a catalog id from GET /v1/models (e.g. "${catalog.list()[0]?.id ?? 'nova-micro'}") or a route name.`,
        { param, code: 'model_not_found' },
      );
    }
    return entry.id;
  });
  return [...new Set(canonical)];
}

/**
 * Whether the ledger knows a team: a budget or limits were set for it, a key names it, or usage in
 * the last 31 days was recorded for it (teams of JWT principals appear only once they call).
 */
async function isKnownTeam(ledger: Ledger, team: string): Promise<boolean> {
  const policy = await ledger.policies.get({ kind: 'team', id: team });
  if (policy.updatedAt !== undefined) return true;
  if ((await ledger.keys.list()).some((key) => key.team === team)) return true;
  const nowMs = ledger.now();
  const usage = await ledger.usage.aggregates({ fromDay: utcDay(nowMs - (KNOWN_TEAM_USAGE_DAYS - 1) * DAY_MS), toDay: utcDay(nowMs), team });
  return usage.length > 0;
}

/** Refuses a policy for a team the ledger does not know, unless the caller confirmed it. */
async function requireKnownTeam(ledger: Ledger, team: string, confirmed: boolean): Promise<void> {
  if (confirmed || (await isKnownTeam(ledger, team))) return;
  throw new NotFoundError(
    `No key, policy or usage in the last ${KNOWN_TEAM_USAGE_DAYS} days names team "${team}". Check the spelling; to set it for a team that has not called yet (e.g. from a JWT claim), add ?allowNewTeam=true (CLI: --new-team).`,
    { param: 'id', code: 'team_not_found' },
  );
}

export { KNOWN_TEAM_USAGE_DAYS, canonicalModelNames, isKnownTeam, requireKnownTeam };
