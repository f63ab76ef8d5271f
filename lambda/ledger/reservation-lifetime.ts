/** @module How long a budget reservation may stay unsettled before the sweep counts it as stranded. */

/**
 * The longest a request lives (15 minutes, the Lambda's limit) plus 5 minutes of margin for clock
 * skew. Kept apart from the ledger so the runtime configuration and the CDK stack read it without
 * pulling in the DynamoDB stores.
 */
const DEFAULT_STALE_RESERVATION_AFTER_MS = 20 * 60_000;

export { DEFAULT_STALE_RESERVATION_AFTER_MS };
