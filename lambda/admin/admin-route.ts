/** @module What every admin route shares: IAM (or the local admin token) in front, and the stores behind. */
import type { AlertStore } from '../budget-alerts/alert-store';
import type { RequestContext } from '../gateway/context';
import type { Route } from '../gateway/router';
import type { BudgetStatus } from '../ledger/budget-counters';
import type { Ledger } from '../ledger/ledger';
import type { SubjectPolicy } from '../ledger/policy-store';

/** The stores the admin API reads and writes. */
interface AdminStores {
  readonly ledger: Ledger;
  readonly alerts: AlertStore;
}

/** An admin route: only admins (IAM, or the admin token locally) reach `handler`. */
function adminRoute(method: string, pattern: string, handler: (ctx: RequestContext) => Promise<void>): Route {
  return { method, pattern, auth: 'admin', handler };
}

/** Where each policy's budget stands now (`undefined` for policies without a budget), read in parallel. */
function budgetStatuses(ledger: Ledger, policies: readonly SubjectPolicy[]): Promise<(BudgetStatus | undefined)[]> {
  const nowMs = ledger.now();
  return Promise.all(policies.map((policy) => (policy.budget === undefined ? undefined : ledger.budgets.status(policy.subject, policy.budget, nowMs))));
}

export { adminRoute, budgetStatuses };
export type { AdminStores };
