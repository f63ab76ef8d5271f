/**
 * @module Anthropic's error format: `{"type":"error","error":{"type","message"}}` with Anthropic's
 * status codes, as a response body and as the data of an in-band `error` stream event.
 *
 * @see https://docs.claude.com/en/api/errors
 */
import type { ErrorDialect, RenderedErrorBody } from '../platform/error-dialect';
import type { GatewayError } from '../platform/errors';
import type { AnthropicErrorBody, AnthropicErrorType } from './messages-api-types';

/** Anthropic's status for an overloaded API; the gateway's 503 (shedding, Bedrock unavailable) becomes it. */
const OVERLOADED_STATUS = 529;

/**
 * Anthropic's error type (and status, where Anthropic uses another code) for each gateway status.
 * Anthropic uses `invalid_request_error` for 4xx codes it does not list (405, 409, 415); 502 and 504
 * are `api_error`s. A spent budget is not one of these 429s: see `SPEND_LIMIT`.
 */
const ANTHROPIC_ERRORS_BY_STATUS: Readonly<Record<number, { readonly type: AnthropicErrorType; readonly status?: number }>> = {
  400: { type: 'invalid_request_error' },
  401: { type: 'authentication_error' },
  403: { type: 'permission_error' },
  404: { type: 'not_found_error' },
  405: { type: 'invalid_request_error' },
  409: { type: 'invalid_request_error' },
  413: { type: 'request_too_large' },
  415: { type: 'invalid_request_error' },
  429: { type: 'rate_limit_error' },
  500: { type: 'api_error' },
  502: { type: 'api_error' },
  503: { type: 'overloaded_error', status: OVERLOADED_STATUS },
  504: { type: 'api_error' },
};

/**
 * A spent budget as Anthropic answers a spend limit an organization or workspace set: a 400
 * `invalid_request_error` ("The API also returns a 400 when usage reaches an organization or
 * workspace spend limit you set", Anthropic's errors page). Clients and the SDKs do not retry it,
 * where a 429 would have Claude Code retry with backoff until its budget of retries ran out.
 */
const SPEND_LIMIT = { type: 'invalid_request_error', status: 400 } as const;

/** The Anthropic type and status of a gateway error. */
function anthropicErrorOf(error: GatewayError): { readonly type: AnthropicErrorType; readonly status: number } {
  if (error.errorType === 'insufficient_quota') return SPEND_LIMIT;
  const known = ANTHROPIC_ERRORS_BY_STATUS[error.statusCode];
  if (known !== undefined) return { type: known.type, status: known.status ?? error.statusCode };
  return { type: error.statusCode >= 500 ? 'api_error' : 'invalid_request_error', status: error.statusCode };
}

/** The error envelope of a gateway error (also the data of an in-band `event: error`). */
function renderAnthropicError(error: GatewayError): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorOf(error).type, message: error.message } };
}

/** The Anthropic dialect: the envelope and Anthropic's status. */
const ANTHROPIC_ERROR_DIALECT: ErrorDialect = {
  name: 'anthropic',
  render: (error): RenderedErrorBody => ({ body: renderAnthropicError(error), status: anthropicErrorOf(error).status }),
};

export { ANTHROPIC_ERROR_DIALECT, ANTHROPIC_ERRORS_BY_STATUS, OVERLOADED_STATUS, anthropicErrorOf, renderAnthropicError };
