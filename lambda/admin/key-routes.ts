/**
 * @module `/admin/keys`: create, list, read, update, rotate and revoke virtual keys. Secrets appear
 * in exactly two responses (creation and rotation) and are stored only as hashes.
 */
import { usdToNanoUsd } from '../catalog/pricing';
import type { RequestContext } from '../gateway/context';
import type { Route } from '../gateway/router';
import type { VirtualKeyRecord } from '../ledger/key-store';
import type { BudgetPolicy, RateLimitPolicy, SubjectPolicy } from '../ledger/policy-store';
import type { Subject } from '../ledger/table-keys';
import { InvalidRequestError, NotFoundError } from '../platform/errors';
import { canonicalModelNames } from './admin-checks';
import { adminRoute, budgetStatuses, type AdminStores } from './admin-route';
import { createKeySchema, parseJsonBody, parseWith, storableId, updateKeySchema, type BudgetBody, type LimitsBody } from './admin-schemas';
import { keyView } from './admin-views';

function budgetPolicyOf(body: BudgetBody): BudgetPolicy {
  return { limitNanoUsd: usdToNanoUsd(body.usd), period: body.period, ...(body.alertThresholds === undefined ? {} : { alertThresholds: body.alertThresholds }) };
}

function limitsPolicyOf(body: LimitsBody): RateLimitPolicy {
  return { rpm: body.rpm, tpm: body.tpm };
}

function requireFuture(expiresAt: string | null | undefined, nowMs: number): void {
  if (typeof expiresAt === 'string' && Date.parse(expiresAt) <= nowMs) {
    throw new InvalidRequestError(`Invalid 'expiresAt': ${expiresAt} is not in the future.`, { param: 'expiresAt', code: 'invalid_value' });
  }
}

const keySubject = (id: string): Subject => ({ kind: 'key', id });

/** The `:id` of a key route, checked before it becomes part of a ledger key. */
const keyIdParam = (ctx: RequestContext): string => parseWith(storableId('keyId'), ctx.params.id ?? '', 'id');

/** The model names to store for a key, checked against the catalog and routes of this gateway. */
function checkedModels(ctx: RequestContext, models: readonly string[] | null | undefined): string[] | null | undefined {
  if (models === null || models === undefined) return models;
  return canonicalModelNames(models, ctx.services.catalog, ctx.services.resilience.routes);
}

/** The key routes. */
function keyRoutes({ ledger }: AdminStores): Route[] {
  async function existingKey(id: string): Promise<VirtualKeyRecord> {
    const record = await ledger.keys.get(id);
    if (record === undefined) throw new NotFoundError(`No virtual key with id "${id}".`, { code: 'key_not_found', param: 'id' });
    return record;
  }

  /** A key with its policy and current-period spend. */
  async function fullView(record: VirtualKeyRecord, policy?: SubjectPolicy): Promise<Record<string, unknown>> {
    const current = policy ?? (await ledger.policies.get(keySubject(record.id)));
    const [status] = await budgetStatuses(ledger, [current]);
    return keyView(record, current, status);
  }

  return [
    adminRoute('POST', '/admin/keys', async (ctx) => {
      const body = parseWith(createKeySchema, parseJsonBody(ctx.request.body));
      requireFuture(body.expiresAt, ledger.now());
      const models = checkedModels(ctx, body.models) ?? undefined;
      const { record, secret } = await ledger.keys.create({
        name: body.name,
        team: body.team,
        models,
        expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt).toISOString(),
        createdBy: String(ctx.logFields.adminActor ?? 'admin'),
      });
      let policy: SubjectPolicy = { subject: keySubject(record.id) };
      if (body.budget !== undefined) policy = await ledger.policies.setBudget(policy.subject, budgetPolicyOf(body.budget));
      if (body.limits !== undefined) policy = await ledger.policies.setLimits(policy.subject, limitsPolicyOf(body.limits));
      ctx.logFields.keyId = record.id;
      await ctx.response.json(201, { ...(await fullView(record, policy)), key: secret });
    }),
    adminRoute('GET', '/admin/keys', async (ctx) => {
      const [records, policies] = await Promise.all([ledger.keys.list(), ledger.policies.list('key')]);
      const byId = new Map(policies.map((policy) => [policy.subject.id, policy]));
      const keyPolicies = records.map((record) => byId.get(record.id) ?? { subject: keySubject(record.id) });
      const statuses = await budgetStatuses(ledger, keyPolicies);
      await ctx.response.json(200, {
        object: 'list',
        data: records.map((record, index) => keyView(record, keyPolicies[index], statuses[index])),
      });
    }),
    adminRoute('GET', '/admin/keys/:id', async (ctx) => {
      await ctx.response.json(200, await fullView(await existingKey(keyIdParam(ctx))));
    }),
    adminRoute('PATCH', '/admin/keys/:id', async (ctx) => {
      const body = parseWith(updateKeySchema, parseJsonBody(ctx.request.body));
      requireFuture(body.expiresAt, ledger.now());
      const id = keyIdParam(ctx);
      const record = await ledger.keys.update(id, {
        name: body.name,
        team: body.team,
        models: checkedModels(ctx, body.models),
        expiresAt: typeof body.expiresAt === 'string' ? new Date(body.expiresAt).toISOString() : body.expiresAt,
      });
      const subject = keySubject(id);
      if (body.budget === null) await ledger.policies.clearBudget(subject);
      else if (body.budget !== undefined) await ledger.policies.setBudget(subject, budgetPolicyOf(body.budget));
      if (body.limits === null) await ledger.policies.clearLimits(subject);
      else if (body.limits !== undefined) await ledger.policies.setLimits(subject, limitsPolicyOf(body.limits));
      await ctx.response.json(200, await fullView(record));
    }),
    adminRoute('DELETE', '/admin/keys/:id', async (ctx) => {
      await ctx.response.json(200, await fullView(await ledger.keys.revoke(keyIdParam(ctx))));
    }),
    adminRoute('POST', '/admin/keys/:id/rotate', async (ctx) => {
      const { record, secret } = await ledger.keys.rotate(keyIdParam(ctx));
      await ctx.response.json(200, { ...(await fullView(record)), key: secret });
    }),
  ];
}

export { budgetPolicyOf, keyRoutes, limitsPolicyOf };
