/**
 * @module `GET /health` (liveness: answers without I/O or credentials) and `GET /health/ready`
 * (readiness: the ledger table and the Bedrock endpoint answer; 503 when one does not).
 */
import type { RequestContext } from '../context';
import type { Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store' } as const;

/** Liveness: the process serves requests. */
async function liveness(ctx: RequestContext): Promise<void> {
  await ctx.response.json(200, { status: 'ok' }, NO_STORE);
}

/** Readiness: 200 `ready` or 503 `not_ready`, with `ok`/`failed` per dependency (why is in the log). */
async function readiness(ctx: RequestContext): Promise<void> {
  const probe = ctx.services.readiness;
  if (probe === undefined) {
    await ctx.response.json(200, { status: 'ready', checks: {} }, NO_STORE);
    return;
  }
  const report = await probe.check();
  await ctx.response.json(report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'not_ready', checks: report.checks, checkedAt: report.checkedAt }, NO_STORE);
}

/** The health routes: no credentials (`auth: 'none'`). */
const healthRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/health', auth: 'none', handler: liveness },
  { method: 'GET', pattern: '/health/ready', auth: 'none', handler: readiness },
];

export { healthRoutes };
