/**
 * @module Typed gateway errors: each class maps to exactly one HTTP status and one OpenAI error type.
 *
 * Handlers and mappers throw these; the pipeline's error boundary renders them in the error format
 * of the API surface the request came in on (see `ErrorDialect`); the status is always the class's
 * own. Anything else that escapes is a 500 (`asGatewayError`).
 */

/** OpenAI's `error.type` values that the gateway emits. */
const OPENAI_ERROR_TYPES = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'rate_limit_error',
  'insufficient_quota',
  'server_error',
  'api_error',
  'timeout_error',
] as const;
type OpenAIErrorType = (typeof OPENAI_ERROR_TYPES)[number];

const GATEWAY_ERROR_MARKER = Symbol.for('bedrock-gateway.error');

interface GatewayErrorOptions extends ErrorOptions {
  /** The request parameter at fault, as OpenAI names it (`messages[2].content`). */
  param?: string | null;
  /** Machine-readable code (`model_not_found`, `context_length_exceeded`, ...). */
  code?: string | null;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
}

/** Base class: an error with a fixed status and OpenAI type, safe to show to the caller. */
abstract class GatewayError extends Error {
  /** Brand that `isInstance` checks. */
  readonly [GATEWAY_ERROR_MARKER] = true;
  abstract readonly statusCode: number;
  abstract readonly errorType: OpenAIErrorType;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
  }

  /** Recognises gateway errors across bundle copies, where `instanceof` fails. */
  static isInstance(value: unknown): value is GatewayError {
    return typeof value === 'object' && value !== null && GATEWAY_ERROR_MARKER in value;
  }

  /** The OpenAI wire form of this error. */
  toJSON(): { error: { message: string; type: OpenAIErrorType; code: string | null; param: string | null } } {
    return { error: { message: this.message, type: this.errorType, code: this.code, param: this.param } };
  }
}

/** 400: the request is malformed or names a parameter the gateway cannot honour. */
class InvalidRequestError extends GatewayError {
  override readonly name = 'InvalidRequestError';
  readonly statusCode = 400;
  readonly errorType = 'invalid_request_error';
}

/** 401: no credentials, or credentials that do not verify. */
class AuthenticationError extends GatewayError {
  override readonly name = 'AuthenticationError';
  readonly statusCode = 401;
  readonly errorType = 'authentication_error';
  constructor(message = 'Invalid or missing credentials.', options: GatewayErrorOptions = {}) {
    super(message, { code: 'invalid_api_key', ...options });
  }
}

/** 403: the caller is known but may not do this (model not allowed, Bedrock access denied). */
class PermissionDeniedError extends GatewayError {
  override readonly name = 'PermissionDeniedError';
  readonly statusCode = 403;
  readonly errorType = 'permission_error';
}

/** 404: unknown route, model or resource. */
class NotFoundError extends GatewayError {
  override readonly name = 'NotFoundError';
  readonly statusCode = 404;
  readonly errorType = 'not_found_error';
}

/** 405: the route exists but not for this method. */
class MethodNotAllowedError extends GatewayError {
  override readonly name = 'MethodNotAllowedError';
  readonly statusCode = 405;
  readonly errorType = 'invalid_request_error';
}

/** 408: the client did not send the whole request in time. */
class RequestTimeoutError extends GatewayError {
  override readonly name = 'RequestTimeoutError';
  readonly statusCode = 408;
  readonly errorType = 'invalid_request_error';
}

/** 409: the resource is in a state that forbids the change (e.g. rotating a revoked key). */
class ConflictError extends GatewayError {
  override readonly name = 'ConflictError';
  readonly statusCode = 409;
  readonly errorType = 'invalid_request_error';
}

/** 413: the body is larger than the gateway accepts. */
class PayloadTooLargeError extends GatewayError {
  override readonly name = 'PayloadTooLargeError';
  readonly statusCode = 413;
  readonly errorType = 'invalid_request_error';
}

/** 431: the request's header section is larger than the server reads. */
class RequestHeadersTooLargeError extends GatewayError {
  override readonly name = 'RequestHeadersTooLargeError';
  readonly statusCode = 431;
  readonly errorType = 'invalid_request_error';
}

/** 415: the body is not JSON. */
class UnsupportedMediaTypeError extends GatewayError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
  readonly errorType = 'invalid_request_error';
}

/**
 * 429 `rate_limit_exceeded`: too many requests or tokens in the window; carries `retry-after`.
 * `retryAfterSeconds: null` leaves the header out, for a request no retry can admit (larger than
 * the whole tokens-per-minute limit).
 */
class RateLimitError extends GatewayError {
  override readonly name = 'RateLimitError';
  readonly statusCode = 429;
  readonly errorType = 'rate_limit_error';
  readonly retryAfterSeconds: number | null;
  constructor(message: string, retryAfterSeconds: number | null, options: GatewayErrorOptions = {}) {
    const seconds = retryAfterSeconds === null ? null : Math.max(1, Math.ceil(retryAfterSeconds));
    super(message, {
      code: 'rate_limit_exceeded',
      ...options,
      headers: { ...(seconds === null ? {} : { 'retry-after': String(seconds) }), ...options.headers },
    });
    this.retryAfterSeconds = seconds;
  }
}

/** 429 `insufficient_quota`: a budget is exhausted. */
class InsufficientQuotaError extends GatewayError {
  override readonly name = 'InsufficientQuotaError';
  readonly statusCode = 429;
  readonly errorType = 'insufficient_quota';
  constructor(message: string, options: GatewayErrorOptions = {}) {
    super(message, { code: 'insufficient_quota', ...options });
  }
}

/** 500: a fault of the gateway itself. The message shown to callers never carries internals. */
class InternalServerError extends GatewayError {
  override readonly name = 'InternalServerError';
  readonly statusCode = 500;
  readonly errorType = 'server_error';
}

/** 502: the model or upstream returned something the gateway cannot use. */
class BadGatewayError extends GatewayError {
  override readonly name = 'BadGatewayError';
  readonly statusCode = 502;
  readonly errorType = 'api_error';
}

/** 503: upstream unavailable, model not ready, or the gateway is shedding load. */
class ServiceUnavailableError extends GatewayError {
  override readonly name = 'ServiceUnavailableError';
  readonly statusCode = 503;
  readonly errorType = 'server_error';
}

/** 504: the model did not answer in time. */
class GatewayTimeoutError extends GatewayError {
  override readonly name = 'GatewayTimeoutError';
  readonly statusCode = 504;
  readonly errorType = 'timeout_error';
}

/** What a caller is told of a failure that is not a `GatewayError`: internals never reach it. */
const INTERNAL_ERROR_MESSAGE = 'The gateway failed to process the request.';

/**
 * The error a caller is answered with for anything thrown: a gateway error as it is, anything else a
 * 500 that reveals nothing (the original stays on `cause`, for the log).
 */
function asGatewayError(error: unknown): GatewayError {
  return GatewayError.isInstance(error) ? error : new InternalServerError(INTERNAL_ERROR_MESSAGE, { cause: error });
}

/** Whether `error` is a fault of the gateway itself (not a `GatewayError`): logged as a bug, never shown. */
function isUnexpectedError(error: unknown): boolean {
  return !GatewayError.isInstance(error);
}

/** The code a failure is logged and recorded under: its `code`, else its type (`rate_limit_exceeded`, `server_error`). */
function errorCodeOf(error: GatewayError): string {
  return error.code ?? error.errorType;
}

export {
  AuthenticationError,
  BadGatewayError,
  ConflictError,
  GatewayError,
  GatewayTimeoutError,
  InsufficientQuotaError,
  InternalServerError,
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  OPENAI_ERROR_TYPES,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  RequestHeadersTooLargeError,
  RequestTimeoutError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  asGatewayError,
  errorCodeOf,
  isUnexpectedError,
};
export type { GatewayErrorOptions, OpenAIErrorType };
