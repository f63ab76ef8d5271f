/**
 * @module The admin API under `/admin`: virtual keys, budgets, rate limits, usage reports, budget
 * alerts and maintenance. Money goes in and out in USD and is kept as integer nano-USD in between.
 */
import type { Route } from '../gateway/router';
import { adminRoute, type AdminStores } from './admin-route';
import { toUsd } from './admin-views';
import { BadGatewayError, InvalidRequestError } from '../platform/errors';
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
    // The live catalog's refresh, run now: the account's model listing and the AWS Price List fetched,
    // written as the catalog snapshot the gateway functions read (within their refresh interval).
    adminRoute('POST', '/admin/maintenance/refresh-catalog', async (ctx) => {
      const { refreshCatalogSnapshot } = ctx.services;
      if (refreshCatalogSnapshot === undefined) {
        throw new InvalidRequestError('The live catalog is off: set GATEWAY_CATALOG_REFRESH=true (CDK: catalogRefresh) to merge the live model listing and the AWS Price List.', {
          code: 'catalog_refresh_off',
        });
      }
      const report = await refreshCatalogSnapshot().catch((error: unknown) => {
        throw new BadGatewayError(`The catalog refresh failed: ${error instanceof Error ? error.message : String(error)}. The catalog snapshot in use is unchanged.`, { code: 'catalog_refresh_failed' });
      });
      ctx.logFields.catalogModels = report.models;
      await ctx.response.json(200, { object: 'catalog_refresh', ...report });
    }),
  ];
}

/** Alias of `createAdminRoutes`, the name the local runner imports. */
const adminRoutes = createAdminRoutes;

export { adminRoutes, createAdminRoutes };
export type { AdminStores };
