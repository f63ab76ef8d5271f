/**
 * @module Bedrock's error format for `/bedrock`: the exception's name in `x-amzn-errortype` and
 * `{"message": ...}` as the body, with the status Bedrock answers that exception with, so every AWS
 * SDK raises its own exception class (`ThrottlingException`, `ValidationException`, ...). In a stream,
 * the same error is an exception frame whose `:exception-type` is the stream union's member.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
import { upstreamErrorName } from '../bedrock/bedrock-errors';
import type { ErrorDialect, RenderedErrorBody } from '../platform/error-dialect';
import type { GatewayError } from '../platform/errors';

/** Bedrock runtime exceptions and the HTTP status Bedrock sends each with. */
const BEDROCK_EXCEPTION_STATUS = {
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  ConflictException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
} as const;
type BedrockExceptionName = keyof typeof BEDROCK_EXCEPTION_STATUS;

/** The body of a Bedrock error response. */
interface BedrockErrorBody {
  readonly message: string;
}

/** A gateway error as Bedrock names it, and the status it is sent with. */
interface BedrockException {
  readonly name: BedrockExceptionName;
  readonly status: number;
}

function isBedrockExceptionName(name: string | undefined): name is BedrockExceptionName {
  return name !== undefined && Object.hasOwn(BEDROCK_EXCEPTION_STATUS, name);
}

/**
 * The exception of each gateway status that Bedrock has no own answer for. Statuses Bedrock does not
 * use for the exception (401 for a bad key, 405, 413, 415, 502) are kept, so the status stays true
 * while the SDK still raises a modelled class.
 */
const EXCEPTION_BY_STATUS: Readonly<Record<number, BedrockException>> = {
  400: { name: 'ValidationException', status: 400 },
  401: { name: 'AccessDeniedException', status: 401 },
  403: { name: 'AccessDeniedException', status: 403 },
  404: { name: 'ResourceNotFoundException', status: 404 },
  405: { name: 'ValidationException', status: 405 },
  409: { name: 'ConflictException', status: 409 },
  413: { name: 'ValidationException', status: 413 },
  415: { name: 'ValidationException', status: 415 },
  429: { name: 'ThrottlingException', status: 429 },
  500: { name: 'InternalServerException', status: 500 },
  502: { name: 'InternalServerException', status: 502 },
  503: { name: 'ServiceUnavailableException', status: 503 },
  504: { name: 'ModelTimeoutException', status: 408 },
};

/**
 * The Bedrock exception of a gateway error:
 * - a Bedrock failure passed on keeps Bedrock's own exception and status;
 * - a spent budget is a `ServiceQuotaExceededException` (400): AWS SDKs do not retry it (they retry
 *   every 429), and boto3/JS raise it by that name, so the caller sees at once that a quota is spent;
 * - the gateway's rate limits are a `ThrottlingException` (429, with `retry-after`), which SDKs retry;
 * - everything else by status (see `EXCEPTION_BY_STATUS`), 5xx as `InternalServerException`.
 */
function bedrockExceptionOf(error: GatewayError): BedrockException {
  const upstream = upstreamErrorName(error);
  if (isBedrockExceptionName(upstream)) return { name: upstream, status: BEDROCK_EXCEPTION_STATUS[upstream] };
  if (error.errorType === 'insufficient_quota') return { name: 'ServiceQuotaExceededException', status: 400 };
  const known = EXCEPTION_BY_STATUS[error.statusCode];
  if (known !== undefined) return known;
  return error.statusCode >= 500 ? { name: 'InternalServerException', status: error.statusCode } : { name: 'ValidationException', status: error.statusCode };
}

/** The Bedrock dialect: `x-amzn-errortype` and `{"message"}` with Bedrock's status. */
const BEDROCK_ERROR_DIALECT: ErrorDialect = {
  name: 'bedrock',
  render(error): RenderedErrorBody {
    const exception = bedrockExceptionOf(error);
    const body: BedrockErrorBody = { message: error.message };
    return { body, status: exception.status, headers: { 'x-amzn-errortype': exception.name } };
  },
};

/** Which Bedrock stream an exception frame is written into: their unions have different members. */
type BedrockStreamKind = 'converse' | 'invoke';

/** Exception members of the stream unions (ConverseStreamOutput, ResponseStream). */
const STREAM_EXCEPTION_MEMBERS: Readonly<Record<BedrockStreamKind, readonly BedrockExceptionName[]>> = {
  converse: ['InternalServerException', 'ModelStreamErrorException', 'ValidationException', 'ThrottlingException', 'ServiceUnavailableException'],
  invoke: ['InternalServerException', 'ModelStreamErrorException', 'ValidationException', 'ThrottlingException', 'ModelTimeoutException', 'ServiceUnavailableException'],
};

/** The union member a name is sent as in a frame: `ThrottlingException` -> `throttlingException`. */
function memberName(name: BedrockExceptionName): string {
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
}

/**
 * The `:exception-type` of an in-band error: the stream union's member for the error's exception, or
 * the nearest member the union has (a stream cannot carry AccessDenied or quota errors: those come
 * before the first byte), so the SDK throws a modelled exception whatever happened.
 */
function streamExceptionType(error: GatewayError, stream: BedrockStreamKind): string {
  const members = STREAM_EXCEPTION_MEMBERS[stream];
  const { name, status } = bedrockExceptionOf(error);
  if (members.includes(name)) return memberName(name);
  if (status === 408 && members.includes('ModelTimeoutException')) return memberName('ModelTimeoutException');
  if (status === 429) return memberName('ThrottlingException');
  if (status === 503) return memberName('ServiceUnavailableException');
  if (status < 500 && status !== 408) return memberName('ValidationException');
  return status === 408 || status === 424 ? memberName('ModelStreamErrorException') : memberName('InternalServerException');
}

export { BEDROCK_ERROR_DIALECT, BEDROCK_EXCEPTION_STATUS, bedrockExceptionOf, streamExceptionType };
export type { BedrockErrorBody, BedrockException, BedrockExceptionName, BedrockStreamKind };
