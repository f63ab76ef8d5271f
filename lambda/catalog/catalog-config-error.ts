/** @module The error thrown for an invalid catalog configuration or data table. */

/**
 * A catalog option or data entry is invalid; the message names the field and the value received.
 *
 * Thrown at load (cold start, `cdk synth`), never while serving a request.
 */
class CatalogConfigError extends Error {
  override readonly name = 'CatalogConfigError';
  /** Dotted path of the offending field (`additions[0].prices.inputPerMTok`), when known. */
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.field = options.field;
  }
}

export { CatalogConfigError };
