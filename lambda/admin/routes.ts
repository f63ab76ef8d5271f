/**
 * @module The admin API: virtual keys, budgets, rate limits, usage reports and maintenance under `/admin`.
 *
 * Secrets appear in exactly two responses (creation and rotation) and are stored only as hashes.
 * Money goes in and out in USD and is kept as integer nano-USD in between.
 */
import { nanoUsdToUsd, usdToNanoUsd } from '../catalog/pricing';
import type { RequestContext } from '../gateway/context';
import type { Route } from '../gateway/router';
import { normalizePrincipalId } from '../identity/iam-arn';
import type { VirtualKeyRecord } from '../ledger/key-store';
import type { Ledger } from '../ledger/ledger';
import type { BudgetPolicy, RateLimitPolicy, SubjectPolicy } from '../ledger/policy-store';
import { DAY_MS, utcDay, type Subject } from '../ledger/table-keys';
import { summarizeUsage } from '../ledger/usage-report';
import { InvalidRequestError, NotFoundError } from '../platform/errors';
import {
  MAX_REPORT_DAYS,
  budgetSchema,
  createKeySchema,
  limitsSchema,
  parseJsonBody,
  parseWith,
  subjectKindSchema,
  updateKeySchema,
  usageQuerySchema,
  type BudgetBody,
  type LimitsBody,
} from './admin-schemas';

/** Days in the default usage report (today and the 29 before). */
const DEFAULT_REPORT_DAYS = 30;

const toUsd = (nanoUsd: number): number => Number(nanoUsdToUsd(nanoUsd));

function budgetPolicyOf(body: BudgetBody): BudgetPolicy {
  return { limitNanoUsd: usdToNanoUsd(body.usd), period: body.period };
}

function limitsPolicyOf(body: LimitsBody): RateLimitPolicy {
  return { rpm: body.rpm, tpm: body.tpm };
}

function limitsView(limits: RateLimitPolicy | undefined): { rpm: number | null; tpm: number | null } | null {
  return limits === undefined ? null : { rpm: limits.rpm ?? null, tpm: limits.tpm ?? null };
}

/** A key as the admin API shows it: never the secret or its hash. */
function keyView(record: VirtualKeyRecord, policy?: SubjectPolicy): Record<string, unknown> {
  return {
    id: record.id,
    object: 'virtual_key',
    name: record.name,
    team: record.team ?? null,
    models: record.models ?? null,
    displayPrefix: `${record.displayPrefix}...`,
    status: record.status,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt ?? null,
    revokedAt: record.revokedAt ?? null,
    rotatedAt: record.rotatedAt ?? null,
    createdBy: record.createdBy ?? null,
    ...(policy === undefined
      ? {}
      : {
          budget: policy.budget === undefined ? null : { usd: toUsd(policy.budget.limitNanoUsd), period: policy.budget.period },
          limits: limitsView(policy.limits),
        }),
  };
}

function requireFuture(expiresAt: string | null | undefined, nowMs: number): void {
  if (typeof expiresAt === 'string' && Date.parse(expiresAt) <= nowMs) {
    throw new InvalidRequestError(`Invalid 'expiresAt': ${expiresAt} is not in the future.`, { param: 'expiresAt', code: 'invalid_value' });
  }
}

/**
 * Builds the admin routes over a ledger (all with `auth: 'admin'`).
 *
 * @example createGatewayApp(services, [...openAIRoutes, ...createAdminRoutes(ledger)])
 */
function createAdminRoutes(ledger: Ledger): Route[] {
  const keySubject = (id: string): Subject => ({ kind: 'key', id });

  async function existingKey(id: string): Promise<VirtualKeyRecord> {
    const record = await ledger.keys.get(id);
    if (record === undefined) throw new NotFoundError(`No virtual key with id "${id}".`, { code: 'key_not_found', param: 'id' });
    return record;
  }

  async function subjectOf(ctx: RequestContext): Promise<Subject> {
    const kind = parseWith(subjectKindSchema, ctx.params.kind, 'kind');
    const rawId = ctx.params.id ?? '';
    if (rawId.trim() === '') throw new InvalidRequestError("Invalid 'id': must not be empty.", { param: 'id' });
    const subject: Subject = { kind, id: kind === 'principal' ? normalizePrincipalId(rawId) : rawId };
    if (kind === 'key') await existingKey(subject.id);
    return subject;
  }

  async function budgetView(subject: Subject, budget: BudgetPolicy): Promise<Record<string, unknown>> {
    const status = await ledger.budgets.status(subject, budget, ledger.now());
    return {
      object: 'budget',
      kind: subject.kind,
      id: subject.id,
      usd: toUsd(budget.limitNanoUsd),
      period: budget.period,
      periodKey: status.periodKey,
      periodEndsAt: status.periodEndsAt ?? null,
      spentUsd: toUsd(status.spentNanoUsd),
      reservedUsd: toUsd(status.reservedNanoUsd),
      remainingUsd: toUsd(status.remainingNanoUsd),
      spentNanoUsd: status.spentNanoUsd,
    };
  }

  const route = (method: string, pattern: string, handler: (ctx: RequestContext) => Promise<void>): Route => ({
    method,
    pattern,
    auth: 'admin',
    handler,
  });

  return [
    route('POST', '/admin/keys', async (ctx) => {
      const body = parseWith(createKeySchema, parseJsonBody(ctx.request.body));
      requireFuture(body.expiresAt, ledger.now());
      const { record, secret } = await ledger.keys.create({
        name: body.name,
        team: body.team,
        models: body.models,
        expiresAt: body.expiresAt === undefined ? undefined : new Date(body.expiresAt).toISOString(),
        createdBy: String(ctx.logFields.adminActor ?? 'admin'),
      });
      let policy: SubjectPolicy = { subject: keySubject(record.id) };
      if (body.budget !== undefined) policy = await ledger.policies.setBudget(policy.subject, budgetPolicyOf(body.budget));
      if (body.limits !== undefined) policy = await ledger.policies.setLimits(policy.subject, limitsPolicyOf(body.limits));
      ctx.logFields.keyId = record.id;
      await ctx.response.json(201, { ...keyView(record, policy), key: secret });
    }),
    route('GET', '/admin/keys', async (ctx) => {
      const records = await ledger.keys.list();
      await ctx.response.json(200, { object: 'list', data: records.map((record) => keyView(record)) });
    }),
    route('GET', '/admin/keys/:id', async (ctx) => {
      const record = await existingKey(ctx.params.id ?? '');
      await ctx.response.json(200, keyView(record, await ledger.policies.get(keySubject(record.id))));
    }),
    route('PATCH', '/admin/keys/:id', async (ctx) => {
      const body = parseWith(updateKeySchema, parseJsonBody(ctx.request.body));
      requireFuture(body.expiresAt, ledger.now());
      const id = ctx.params.id ?? '';
      const record = await ledger.keys.update(id, {
        name: body.name,
        team: body.team,
        models: body.models,
        expiresAt: typeof body.expiresAt === 'string' ? new Date(body.expiresAt).toISOString() : body.expiresAt,
      });
      const subject = keySubject(id);
      if (body.budget === null) await ledger.policies.clearBudget(subject);
      else if (body.budget !== undefined) await ledger.policies.setBudget(subject, budgetPolicyOf(body.budget));
      if (body.limits === null) await ledger.policies.clearLimits(subject);
      else if (body.limits !== undefined) await ledger.policies.setLimits(subject, limitsPolicyOf(body.limits));
      await ctx.response.json(200, keyView(record, await ledger.policies.get(subject)));
    }),
    route('DELETE', '/admin/keys/:id', async (ctx) => {
      const record = await ledger.keys.revoke(ctx.params.id ?? '');
      await ctx.response.json(200, keyView(record));
    }),
    route('POST', '/admin/keys/:id/rotate', async (ctx) => {
      const { record, secret } = await ledger.keys.rotate(ctx.params.id ?? '');
      await ctx.response.json(200, { ...keyView(record), key: secret });
    }),
    route('PUT', '/admin/budgets/:kind/:id', async (ctx) => {
      const body = parseWith(budgetSchema, parseJsonBody(ctx.request.body));
      const subject = await subjectOf(ctx);
      const policy = await ledger.policies.setBudget(subject, budgetPolicyOf(body));
      await ctx.response.json(200, await budgetView(subject, policy.budget as BudgetPolicy));
    }),
    route('GET', '/admin/budgets/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      const { budget } = await ledger.policies.get(subject);
      if (budget === undefined) throw new NotFoundError(`No budget is set for ${subject.kind} "${subject.id}".`, { code: 'budget_not_found' });
      await ctx.response.json(200, await budgetView(subject, budget));
    }),
    route('DELETE', '/admin/budgets/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      await ledger.policies.clearBudget(subject);
      await ctx.response.json(200, { object: 'budget', kind: subject.kind, id: subject.id, deleted: true });
    }),
    route('PUT', '/admin/limits/:kind/:id', async (ctx) => {
      const body = parseWith(limitsSchema, parseJsonBody(ctx.request.body));
      const subject = await subjectOf(ctx);
      const policy = await ledger.policies.setLimits(subject, limitsPolicyOf(body));
      await ctx.response.json(200, { object: 'limits', kind: subject.kind, id: subject.id, ...limitsView(policy.limits) });
    }),
    route('GET', '/admin/limits/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      const { limits } = await ledger.policies.get(subject);
      if (limits === undefined) throw new NotFoundError(`No limits are set for ${subject.kind} "${subject.id}".`, { code: 'limits_not_found' });
      await ctx.response.json(200, { object: 'limits', kind: subject.kind, id: subject.id, ...limitsView(limits) });
    }),
    route('DELETE', '/admin/limits/:kind/:id', async (ctx) => {
      const subject = await subjectOf(ctx);
      await ledger.policies.clearLimits(subject);
      await ctx.response.json(200, { object: 'limits', kind: subject.kind, id: subject.id, deleted: true });
    }),
    route('GET', '/admin/usage', async (ctx) => {
      const query = parseWith(usageQuerySchema, Object.fromEntries(ctx.request.query.entries()));
      const today = utcDay(ledger.now());
      const to = query.to ?? today;
      const from = query.from ?? utcDay(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_REPORT_DAYS - 1) * DAY_MS);
      const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
      if (days < 1) throw new InvalidRequestError(`Invalid 'from': ${from} is after 'to' (${to}).`, { param: 'from', code: 'invalid_value' });
      if (days > MAX_REPORT_DAYS) {
        throw new InvalidRequestError(`Invalid 'from': the range covers ${days} days; at most ${MAX_REPORT_DAYS}.`, { param: 'from', code: 'invalid_value' });
      }
      const principal = query.principal === undefined ? undefined : normalizePrincipalId(query.principal);
      const report =
        query.key !== undefined && principal !== undefined && query.key !== principal
          ? summarizeUsage([], query.groupBy)
          : summarizeUsage(
              await ledger.usage.aggregates({ fromDay: from, toDay: to, principalId: query.key ?? principal, team: query.team, model: query.model }),
              query.groupBy,
            );
      await ctx.response.json(200, { object: 'usage_report', from, to, groupBy: query.groupBy, ...report });
    }),
    // A manual run of the scheduled sweep (lambda/maintenance), e.g. right after an incident.
    route('POST', '/admin/maintenance/release-stale-reservations', async (ctx) => {
      const { released, releasedNanoUsd } = await ledger.releaseStaleReservations();
      ctx.logFields.staleReservationsReleased = released;
      ctx.logFields.staleReservationsReleasedNanoUsd = releasedNanoUsd;
      await ctx.response.json(200, { object: 'maintenance', released, releasedUsd: toUsd(releasedNanoUsd), releasedNanoUsd });
    }),
  ];
}

/** Alias of `createAdminRoutes`, the name the local runner imports. */
const adminRoutes = createAdminRoutes;

export { adminRoutes, createAdminRoutes };
