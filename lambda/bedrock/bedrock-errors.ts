/** @module Translates Bedrock runtime exceptions into gateway errors, keeping the upstream error as `cause`. */
import {
  BadGatewayError,
  GatewayError,
  GatewayTimeoutError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../platform/errors';

/** The gateway error classes a Bedrock failure can become. */
type MappedErrorKind = 'invalid-request' | 'permission' | 'not-found' | 'rate-limit' | 'unavailable' | 'timeout' | 'bad-gateway';

/** How one upstream failure is presented to the client and treated by retries. */
interface BedrockErrorRule {
  readonly kind: MappedErrorKind;
  /** The HTTP status the client gets (fixed by `kind`; listed for the table's readers). */
  readonly status: 400 | 403 | 404 | 429 | 502 | 503 | 504;
  readonly code: string | null;
  /** Whether the same call may succeed if sent again shortly (for the resilience layer). */
  readonly retryable: boolean;
  /** What the client is told; `undefined` passes Bedrock's own message through. */
  readonly message?: (context: BedrockErrorContext) => string;
}

/** What the caller knows that makes messages useful (the model name the client asked for). */
interface BedrockErrorContext {
  readonly model?: string;
}

/** Seconds a client is asked to wait after Bedrock throttled; Bedrock itself sends no hint. */
const THROTTLING_RETRY_AFTER_SECONDS = 2;

function modelPhrase(context: BedrockErrorContext): string {
  return context.model === undefined ? 'this model' : `model '${context.model}'`;
}

/**
 * Every Bedrock runtime exception and what the gateway makes of it.
 *
 * Deliberate choices: `InternalServerException` is a 502, because a 500 means a fault of the gateway
 * itself; `AccessDeniedException` hides Bedrock's message, which names the gateway's IAM role and
 * account; `ServiceQuotaExceededException` is a 429 that retrying soon will not fix.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html#API_runtime_ConverseStream_Errors
 */
const BEDROCK_ERROR_RULES = {
  ValidationException: { kind: 'invalid-request', status: 400, code: null, retryable: false },
  AccessDeniedException: {
    kind: 'permission',
    status: 403,
    code: 'model_access_denied',
    retryable: false,
    message: (context) =>
      `The gateway is not allowed to invoke ${modelPhrase(context)} in Amazon Bedrock (AccessDeniedException). ` +
      'Ask the gateway operator to enable model access and grant the gateway role bedrock:InvokeModel on it.',
  },
  ResourceNotFoundException: {
    kind: 'not-found',
    status: 404,
    code: 'model_not_found',
    retryable: false,
    message: (context) =>
      `Amazon Bedrock could not find ${modelPhrase(context)} in this Region (ResourceNotFoundException).`,
  },
  ThrottlingException: {
    kind: 'rate-limit',
    status: 429,
    code: 'rate_limit_exceeded',
    retryable: true,
    message: (context) =>
      `Amazon Bedrock is throttling requests to ${modelPhrase(context)}; retry after ${THROTTLING_RETRY_AFTER_SECONDS} seconds.`,
  },
  ServiceQuotaExceededException: {
    kind: 'rate-limit',
    status: 429,
    code: 'service_quota_exceeded',
    retryable: false,
    message: (context) =>
      `The request to ${modelPhrase(context)} exceeds the gateway account's Amazon Bedrock service quota.`,
  },
  ModelNotReadyException: {
    kind: 'unavailable',
    status: 503,
    code: 'model_not_ready',
    retryable: true,
    message: (context) => `${capitalised(modelPhrase(context))} is not ready to serve requests yet; try again later.`,
  },
  ServiceUnavailableException: {
    kind: 'unavailable',
    status: 503,
    code: 'service_unavailable',
    retryable: true,
    message: () => 'Amazon Bedrock is temporarily unavailable; try again later.',
  },
  ModelTimeoutException: {
    kind: 'timeout',
    status: 504,
    code: 'model_timeout',
    retryable: true,
    message: (context) => `${capitalised(modelPhrase(context))} timed out while processing the request.`,
  },
  ModelErrorException: {
    kind: 'bad-gateway',
    status: 502,
    code: 'model_error',
    retryable: true,
    message: (context) => `${capitalised(modelPhrase(context))} failed while processing the request.`,
  },
  ModelStreamErrorException: {
    kind: 'bad-gateway',
    status: 502,
    code: 'model_stream_error',
    retryable: true,
    message: (context) => `${capitalised(modelPhrase(context))} failed while streaming the response.`,
  },
  InternalServerException: {
    kind: 'bad-gateway',
    status: 502,
    code: 'upstream_server_error',
    retryable: true,
    message: () => 'Amazon Bedrock failed to process the request (InternalServerException).',
  },
  ConflictException: {
    kind: 'bad-gateway',
    status: 502,
    code: 'upstream_conflict',
    retryable: false,
    message: () => 'Amazon Bedrock rejected the request as conflicting (ConflictException).',
  },
} as const satisfies Record<string, BedrockErrorRule>;
type BedrockExceptionName = keyof typeof BEDROCK_ERROR_RULES;

/** Failures without a modelled exception: transport errors, timeouts, unknown exceptions. */
const FALLBACK_RULES = {
  unreachable: {
    kind: 'bad-gateway',
    status: 502,
    code: 'upstream_unreachable',
    retryable: true,
    message: () => 'The gateway could not reach Amazon Bedrock.',
  },
  timeout: {
    kind: 'timeout',
    status: 504,
    code: 'upstream_timeout',
    retryable: true,
    message: () => 'Amazon Bedrock did not answer in time.',
  },
  unknownClientError: { kind: 'invalid-request', status: 400, code: null, retryable: false },
  unknownThrottle: { ...BEDROCK_ERROR_RULES.ThrottlingException },
  unknownAuthError: {
    kind: 'bad-gateway',
    status: 502,
    code: 'upstream_auth_error',
    retryable: false,
    message: () => 'Amazon Bedrock rejected the gateway\'s credentials.',
  },
  unknownServerError: {
    kind: 'bad-gateway',
    status: 502,
    code: 'upstream_error',
    retryable: true,
    message: () => 'Amazon Bedrock returned an unexpected error.',
  },
  unknown: {
    kind: 'bad-gateway',
    status: 502,
    code: 'upstream_error',
    retryable: false,
    message: () => 'The call to Amazon Bedrock failed unexpectedly.',
  },
} as const satisfies Record<string, BedrockErrorRule>;

/**
 * Phrases of Bedrock `ValidationException` messages that mean the prompt does not fit the context
 * window, as models word it: "Input is too long for requested model." (Bedrock),
 * "prompt is too long: 200049 tokens > 200000 maximum" (Anthropic), "Too many input tokens. Max
 * input tokens: 8192, request input token count: 9279", "input length and `max_tokens` exceed
 * context limit", "Input Tokens Exceeded" (Nova), "maximum context length is ..." (OpenAI-style).
 */
const CONTEXT_LENGTH_PATTERNS: readonly RegExp[] = [
  /input is too long/i,
  /prompt is too long/i,
  /too many input tokens/i,
  /input tokens exceeded/i,
  /exceeds? (the )?(model'?s? )?(maximum )?context (window|length|limit)/i,
  /maximum context length/i,
  /context window (is )?exceeded/i,
];

const NETWORK_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface UpstreamErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function asShape(error: unknown): UpstreamErrorShape {
  return typeof error === 'object' && error !== null ? (error as UpstreamErrorShape) : {};
}

function isBedrockExceptionName(name: string): name is BedrockExceptionName {
  return Object.hasOwn(BEDROCK_ERROR_RULES, name);
}

function upstreamStatus(shape: UpstreamErrorShape): number | undefined {
  const status = shape.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function ruleFor(error: unknown): BedrockErrorRule {
  const shape = asShape(error);
  const name = typeof shape.name === 'string' ? shape.name : '';
  if (isBedrockExceptionName(name)) return BEDROCK_ERROR_RULES[name];
  if (name === 'TimeoutError' || name === 'AbortError') return FALLBACK_RULES.timeout;
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return FALLBACK_RULES.unreachable;
  const status = upstreamStatus(shape);
  if (status === undefined) return shape.$fault === undefined ? FALLBACK_RULES.unknown : FALLBACK_RULES.unknownServerError;
  if (status === 429) return FALLBACK_RULES.unknownThrottle;
  if (status === 401 || status === 403) return FALLBACK_RULES.unknownAuthError;
  if (status >= 400 && status < 500) return FALLBACK_RULES.unknownClientError;
  return FALLBACK_RULES.unknownServerError;
}

function upstreamMessage(error: unknown): string {
  const message = asShape(error).message;
  return typeof message === 'string' && message.trim() !== '' ? message : 'Amazon Bedrock rejected the request.';
}

/** ARNs (any partition) in an upstream message: they name roles, profiles, accounts and Regions. */
const ARN_PATTERN = /arn:aws[a-z-]*:[^\s"',]+/g;
/** A 12-digit number on its own: an AWS account id. */
const ACCOUNT_ID_PATTERN = /(?<![A-Za-z0-9])\d{12}(?![A-Za-z0-9])/g;

/**
 * Removes ARNs and account ids from a message before a client sees it; Bedrock's validation
 * messages can quote the gateway's inference profile or role. The raw message stays on `cause`.
 */
function scrubUpstreamMessage(message: string): string {
  return message.replace(ARN_PATTERN, '<arn>').replace(ACCOUNT_ID_PATTERN, '<account>');
}

function isContextLengthMessage(message: string): boolean {
  return CONTEXT_LENGTH_PATTERNS.some((pattern) => pattern.test(message));
}

function buildError(rule: BedrockErrorRule, error: unknown, context: BedrockErrorContext): GatewayError {
  const message = scrubUpstreamMessage(rule.message === undefined ? upstreamMessage(error) : rule.message(context));
  const options = { cause: error, code: rule.code };
  switch (rule.kind) {
    case 'invalid-request':
      return isContextLengthMessage(message)
        ? new InvalidRequestError(message, { ...options, code: 'context_length_exceeded', param: 'messages' })
        : new InvalidRequestError(message, options);
    case 'permission':
      return new PermissionDeniedError(message, options);
    case 'not-found':
      return new NotFoundError(message, { ...options, param: 'model' });
    case 'rate-limit':
      return new RateLimitError(message, THROTTLING_RETRY_AFTER_SECONDS, options);
    case 'unavailable':
      return new ServiceUnavailableError(message, options);
    case 'timeout':
      return new GatewayTimeoutError(message, options);
    case 'bad-gateway':
      return new BadGatewayError(message, options);
    default: {
      const exhaustive: never = rule.kind;
      throw new Error(`Unknown error kind ${String(exhaustive)}`);
    }
  }
}

/**
 * Translates an error thrown by (or streamed from) the Bedrock runtime client into the one
 * `GatewayError` the client sees, its message scrubbed of ARNs (`<arn>`) and account ids
 * (`<account>`); the upstream error, raw message included, stays reachable as `cause` for logs.
 * Gateway errors pass through unchanged.
 *
 * @example mapBedrockError(new ThrottlingException({ message: 'Too many requests', $metadata: {} })).statusCode // 429
 */
function mapBedrockError(error: unknown, context: BedrockErrorContext = {}): GatewayError {
  if (GatewayError.isInstance(error)) return error;
  return buildError(ruleFor(error), error, context);
}

function upstreamOf(error: unknown): unknown {
  return GatewayError.isInstance(error) ? error.cause : error;
}

/**
 * Whether sending the same call again soon may succeed: throttling, unavailability, timeouts,
 * model and transport failures. Accepts raw SDK errors and errors from `mapBedrockError`;
 * gateway errors without an upstream cause are never retryable.
 */
function isRetryableBedrockError(error: unknown): boolean {
  const upstream = upstreamOf(error);
  return upstream !== undefined && ruleFor(upstream).retryable;
}

/**
 * The upstream exception name for logs (`ThrottlingException`, `ECONNRESET`, ...), or `undefined`
 * when the error did not come from Bedrock.
 */
function upstreamErrorName(error: unknown): string | undefined {
  const upstream = upstreamOf(error);
  if (upstream === undefined) return undefined;
  const shape = asShape(upstream);
  if (typeof shape.code === 'string' && NETWORK_ERROR_CODES.has(shape.code)) return shape.code;
  return typeof shape.name === 'string' ? shape.name : 'UnknownError';
}

export {
  BEDROCK_ERROR_RULES,
  CONTEXT_LENGTH_PATTERNS,
  THROTTLING_RETRY_AFTER_SECONDS,
  isRetryableBedrockError,
  mapBedrockError,
  upstreamErrorName,
};
export type { BedrockErrorContext, BedrockErrorRule, BedrockExceptionName };
