/**
 * @module `/admin/budgets` and `/admin/limits`: a budget or limits per key, team or principal, one
 * at a time or listed (with each budget's current-period spend).
 */
import type { RequestContext } from '../gateway/context';
import type { Route } from '../gateway/router';
import { normalizePrincipalId } from '../identity/iam-arn';
import type { Subject } from '../ledger/table-keys';
import { InvalidRequestError, NotFoundError } from '../platform/errors';
import { requireKnownTeam } from './admin-checks';
import { adminRoute, budgetStatuses, type AdminStores } from './admin-route';
import {
  budgetSchema,
  limitsSchema,
  parseJsonBody,
  parseWith,
  policyListQuerySchema,
  policyWriteQuerySchema,
  storableId,
  subjectKindSchema,
} from './admin-schemas';
import { budgetView, limitsView } from './admin-views';
import { budgetPolicyOf, limitsPolicyOf } from './key-routes';

const queryOf = (ctx: RequestContext): Record<string, string> => Object.fromEntries(ctx.request.query.entries());

/** The budget and limit routes. */
function policyRoutes({ ledger }: AdminStores): Route[] {
  /** The subject named by the path; a key must exist. */
  async function subjectOf(ctx: RequestContext): Promise<Subject> {
    const kind = parseWith(subjectKindSchema, ctx.params.kind, 'kind');
    const rawId = ctx.params.id ?? '';
    if (rawId.trim() === '') throw new InvalidRequestError("Invalid 'id': must not be empty.", { param: 'id' });
    const id = kind === 'principal' ? normalizePrincipalId(rawId) : rawId;
    const subject: Subject = { kind, id: parseWith(storableId(kind === 'key' ? 'keyId' : kind), id, 'id') };
    if (kind === 'key' && (await ledger.keys.get(subject.id)) === undefined) {
      throw new NotFoundError(`No virtual key with id "${subject.id}".`, { code: 'key_not_found', param: 'id' });
    }
    return subject;
  }

  /** The subject of a write; a team must be known to the ledger, or confirmed with `?allowNewTeam=true`. */
  async function writableSubjectOf(ctx: RequestContext): Promise<Subject> {
    const { allowNewTeam = false } = parseWith(policyWriteQuerySchema, queryOf(ctx));
    const subject = await subjectOf(ctx);
    if (subject.kind === 'team') await requireKnownTeam(ledger, subject.id, allowNewTeam);
    return subject;
  }

  return [
    adminRoute('GET', '/admin/budgets', async (ctx) => {
      const { kind } = parseWith(policyListQuerySchema, queryOf(ctx));
      const withBudget = (await ledger.policies.list(kind)).filter((policy) => policy.budget !== undefined);
      const statuses = await budgetStatuses(ledger, withBudget);
      await ctx.response.json(200, {
        object: 'list',
        data: withBudget.flatMap((policy, index) => {
          const status = statuses[index];
          return policy.budget === undefined || status === undefined ? [] : [budgetView(policy.subject, policy.budget, status)];
        }),
      });
    }),
    adminRoute('PUT', '/admin/budgets/:kind/:id', async (ctx) => {
      const body = parseWith(budgetSchema, parseJsonBody(ctx.request.body));
      const subject = await writableSubjectOf(ctx);
      const { budget } = await ledger.policies.setBudget(subject, budgetPolicyOf(body));
      if (budget === undefined) throw new Error(`budget of ${subject.kind} ${subject.id} missing right after it was set`);
      await ctx.response.json(200, budgetView(subject, budget, await ledger.budgets.status(subject, budget, ledger.now())));
    }),
    adminRoute('GET', '/admin/budgets/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      const { budget } = await ledger.policies.get(subject);
      if (budget === undefined) throw new NotFoundError(`No budget is set for ${subject.kind} "${subject.id}".`, { code: 'budget_not_found' });
      await ctx.response.json(200, budgetView(subject, budget, await ledger.budgets.status(subject, budget, ledger.now())));
    }),
    adminRoute('DELETE', '/admin/budgets/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      await ledger.policies.clearBudget(subject);
      await ctx.response.json(200, { object: 'budget', kind: subject.kind, id: subject.id, deleted: true });
    }),
    adminRoute('GET', '/admin/limits', async (ctx) => {
      const { kind } = parseWith(policyListQuerySchema, queryOf(ctx));
      const withLimits = (await ledger.policies.list(kind)).filter((policy) => policy.limits !== undefined);
      await ctx.response.json(200, { object: 'list', data: withLimits.map((policy) => limitsView(policy.subject, policy.limits)) });
    }),
    adminRoute('PUT', '/admin/limits/:kind/:id', async (ctx) => {
      const body = parseWith(limitsSchema, parseJsonBody(ctx.request.body));
      const subject = await writableSubjectOf(ctx);
      const policy = await ledger.policies.setLimits(subject, limitsPolicyOf(body));
      await ctx.response.json(200, limitsView(subject, policy.limits));
    }),
    adminRoute('GET', '/admin/limits/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      const { limits } = await ledger.policies.get(subject);
      if (limits === undefined) throw new NotFoundError(`No limits are set for ${subject.kind} "${subject.id}".`, { code: 'limits_not_found' });
      await ctx.response.json(200, limitsView(subject, limits));
    }),
    adminRoute('DELETE', '/admin/limits/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      await ledger.policies.clearLimits(subject);
      await ctx.response.json(200, { object: 'limits', kind: subject.kind, id: subject.id, deleted: true });
    }),
  ];
}

export { policyRoutes, queryOf };
