/** @module The error thrown for an invalid `GATEWAY_ROUTES` / `gateway.routes` configuration. */

/**
 * The routing table is invalid; the message names the field, the value received and what is allowed.
 *
 * Thrown at load (cold start, local start), never while serving a request.
 */
class RoutingConfigError extends Error {
  override readonly name = 'RoutingConfigError';
  /** Path of the offending field (`chat.targets[1].model`), when known. */
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
  }
}

export { RoutingConfigError };
