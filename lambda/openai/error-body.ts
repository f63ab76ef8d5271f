/**
 * @module Renders any thrown value as an HTTP status and an OpenAI error body.
 */
import { GatewayError, InternalServerError } from '../platform/errors';

/** The OpenAI error envelope. */
interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

interface RenderedError {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: OpenAIErrorBody;
  /** The original error when it was not a `GatewayError` (a bug to log, never to show). */
  readonly unexpected?: unknown;
}

/** Maps an error to its response; unknown errors become a 500 that reveals nothing. */
function renderError(error: unknown): RenderedError {
  if (GatewayError.isInstance(error)) {
    return { statusCode: error.statusCode, headers: error.headers, body: error.toJSON() };
  }
  const internal = new InternalServerError('The gateway failed to process the request.');
  return { statusCode: internal.statusCode, headers: {}, body: internal.toJSON(), unexpected: error };
}

export { renderError };
export type { OpenAIErrorBody, RenderedError };
