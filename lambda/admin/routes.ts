/**
 * @module The admin API under `/admin`: virtual keys, budgets, rate limits, usage reports, budget
 * alerts and maintenance. Money goes in and out in USD and is kept as integer nano-USD in between.
 */
import type { Route } from '../gateway/router';
import { adminRoute, type AdminStores } from './admin-route';
import { toUsd } from './admin-views';
import { keyRoutes } from './key-routes';
import { policyRoutes } from './policy-routes';
import { reportRoutes } from './report-routes';

/**
 * Builds the admin routes over the ledger and the alert store (all with `auth: 'admin'`).
 *
 * @example createGatewayApp(services, [...modelRoutes, ...createAdminRoutes({ ledger, alerts })])
 */
function createAdminRoutes(stores: AdminStores): Route[] {
  const { ledger } = stores;
  return [
    ...keyRoutes(stores),
    ...policyRoutes(stores),
    ...reportRoutes(stores),
    // A manual run of the scheduled sweep (lambda/maintenance), e.g. right after an incident.
    adminRoute('POST', '/admin/maintenance/release-stale-reservations', async (ctx) => {
      const { released, releasedNanoUsd, settlementsCompleted, settlementsPending, budgetsReseeded } = await ledger.releaseStaleReservations();
      ctx.logFields.staleReservationsReleased = released;
      ctx.logFields.staleReservationsReleasedNanoUsd = releasedNanoUsd;
      await ctx.response.json(200, {
        object: 'maintenance',
        released,
        releasedUsd: toUsd(releasedNanoUsd),
        releasedNanoUsd,
        settlementsCompleted,
        settlementsPending,
        budgetsReseeded,
      });
    }),
  ];
}

/** Alias of `createAdminRoutes`, the name the local runner imports. */
const adminRoutes = createAdminRoutes;

export { adminRoutes, createAdminRoutes };
export type { AdminStores };
