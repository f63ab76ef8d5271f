/**
 * @module What the admin API shows: keys (never the secret or its hash), budgets with their
 * current-period spend, limits and alerts. Money is shown in USD and as exact nano-USD.
 */
import { nanoUsdToUsd } from '../catalog/pricing';
import type { BudgetAlert } from '../budget-alerts/alert-store';
import type { BudgetStatus } from '../ledger/budget-counters';
import type { VirtualKeyRecord } from '../ledger/key-store';
import { alertThresholdsOf, type BudgetPolicy, type RateLimitPolicy, type SubjectPolicy } from '../ledger/policy-store';
import type { Subject } from '../ledger/table-keys';

type View = Record<string, unknown>;

/** Dollars as a JSON number, rounded to the nano-dollar. */
const toUsd = (nanoUsd: number): number => Number(nanoUsdToUsd(nanoUsd));

/** A budget's setting and, when known, where the current period stands. */
function budgetFields(budget: BudgetPolicy, status?: BudgetStatus): View {
  return {
    usd: toUsd(budget.limitNanoUsd),
    period: budget.period,
    alertThresholds: [...alertThresholdsOf(budget)],
    ...(status === undefined
      ? {}
      : {
          periodKey: status.periodKey,
          periodEndsAt: status.periodEndsAt ?? null,
          spentUsd: toUsd(status.spentNanoUsd),
          spentNanoUsd: status.spentNanoUsd,
          reservedUsd: toUsd(status.reservedNanoUsd),
          remainingUsd: toUsd(status.remainingNanoUsd),
          remainingNanoUsd: status.remainingNanoUsd,
        }),
  };
}

function limitsFields(limits: RateLimitPolicy | undefined): { rpm: number | null; tpm: number | null } | null {
  return limits === undefined ? null : { rpm: limits.rpm ?? null, tpm: limits.tpm ?? null };
}

/** `GET /admin/budgets/{kind}/{id}` and each row of `GET /admin/budgets`. */
function budgetView(subject: Subject, budget: BudgetPolicy, status: BudgetStatus): View {
  return { object: 'budget', kind: subject.kind, id: subject.id, ...budgetFields(budget, status) };
}

/** `GET /admin/limits/{kind}/{id}` and each row of `GET /admin/limits`. */
function limitsView(subject: Subject, limits: RateLimitPolicy | undefined): View {
  return { object: 'limits', kind: subject.kind, id: subject.id, ...limitsFields(limits) };
}

/** A key with its budget (and its current-period spend, when read) and limits. */
function keyView(record: VirtualKeyRecord, policy?: SubjectPolicy, status?: BudgetStatus): View {
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
          budget: policy.budget === undefined ? null : budgetFields(policy.budget, status),
          limits: limitsFields(policy.limits),
        }),
  };
}

/** One row of `GET /admin/alerts`. */
function alertView(alert: BudgetAlert): View {
  return {
    object: 'budget_alert',
    budget: { kind: alert.subject.kind, id: alert.subject.id },
    period: alert.period,
    periodKey: alert.periodKey,
    thresholdPercent: alert.thresholdPercent,
    spentUsd: toUsd(alert.spentNanoUsd),
    spentNanoUsd: alert.spentNanoUsd,
    limitUsd: toUsd(alert.limitNanoUsd),
    at: alert.at,
  };
}

export { alertView, budgetView, keyView, limitsView, toUsd };
