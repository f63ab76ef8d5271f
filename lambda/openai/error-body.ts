/**
 * @module OpenAI's error format: `{"error":{"message","type","code","param"}}`.
 */
import type { ErrorDialect } from '../platform/error-dialect';
import type { GatewayError } from '../platform/errors';

/** The OpenAI error envelope. */
interface OpenAIErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

/** The OpenAI error object of a gateway error (also sent in-band in a stream). */
function renderOpenAIError(error: GatewayError): OpenAIErrorBody {
  return error.toJSON();
}

/**
 * The OpenAI dialect: the error object, no headers of its own.
 *
 * @see https://platform.openai.com/docs/guides/error-codes
 */
const OPENAI_ERROR_DIALECT: ErrorDialect = { name: 'openai', render: (error) => ({ body: renderOpenAIError(error) }) };

export { OPENAI_ERROR_DIALECT, renderOpenAIError };
export type { OpenAIErrorBody };
