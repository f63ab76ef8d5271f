/** @module Bedrock runtime error types: HTTP status per exception, and the error the emulator throws. */

import type { InjectedErrorName, StreamExceptionName } from './types';

/**
 * Exception shape names with the HTTP status Bedrock sends them with (the SDK's `httpError` traits).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
 */
const BEDROCK_ERROR_STATUS = {
  AccessDeniedException: 403,
  InternalServerException: 500,
  ModelErrorException: 424,
  ModelNotReadyException: 429,
  ModelStreamErrorException: 424,
  ModelTimeoutException: 408,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  ValidationException: 400,
} as const;
type BedrockErrorType = keyof typeof BEDROCK_ERROR_STATUS;

/** Injected fault names to the exception type and the message Bedrock uses for it. */
const INJECTED_ERRORS: Readonly<Record<InjectedErrorName, { readonly type: BedrockErrorType; readonly message: string }>> = {
  throttling: { type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' },
  'service-unavailable': { type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' },
  'model-not-ready': { type: 'ModelNotReadyException', message: 'Model is not ready to serve inference requests. Try again later.' },
  'model-timeout': { type: 'ModelTimeoutException', message: 'Model has timed out in processing the request. Try your request again.' },
  'model-error': { type: 'ModelErrorException', message: 'The model returned an error. Try your request again.' },
  'access-denied': { type: 'AccessDeniedException', message: "You don't have access to the model with the specified model ID." },
  validation: { type: 'ValidationException', message: 'Malformed input request, please reformat your input and try again.' },
  'internal-error': { type: 'InternalServerException', message: 'The system encountered an unexpected error during processing. Try your request again.' },
  'resource-not-found': { type: 'ResourceNotFoundException', message: 'The specified resource could not be found.' },
  'service-quota-exceeded': { type: 'ServiceQuotaExceededException', message: 'Your request exceeds the service quota for your account.' },
};

/**
 * Stream exception names to the event-stream union member (`:exception-type`) and default message.
 * The member names are those of the SDK's `ConverseStreamOutput` union.
 */
const STREAM_EXCEPTIONS: Readonly<Record<StreamExceptionName, { readonly member: string; readonly message: string }>> = {
  'model-stream-error': { member: 'modelStreamErrorException', message: 'The model stream encountered an error.' },
  throttling: { member: 'throttlingException', message: 'Too many requests, please wait before trying again.' },
  'service-unavailable': { member: 'serviceUnavailableException', message: 'Bedrock is unable to process your request.' },
  'internal-error': { member: 'internalServerException', message: 'The system encountered an unexpected error during processing.' },
  validation: { member: 'validationException', message: 'The stream was rejected as invalid.' },
};

const EMULATOR_ERROR_MARKER = Symbol.for('bedrock-emulator.error');

/** An error the emulator answers with: Bedrock exception type, status and message. */
class BedrockEmulatorError extends Error {
  readonly [EMULATOR_ERROR_MARKER] = true;
  readonly statusCode: number;

  constructor(
    readonly errorType: BedrockErrorType,
    message: string,
  ) {
    super(message);
    this.name = errorType;
    this.statusCode = BEDROCK_ERROR_STATUS[errorType];
  }

  /** Recognises emulator errors across module copies. */
  static isInstance(value: unknown): value is BedrockEmulatorError {
    return typeof value === 'object' && value !== null && EMULATOR_ERROR_MARKER in value;
  }

  /** The restJson1 error body. */
  toJSON(): { message: string } {
    return { message: this.message };
  }
}

/** A ValidationException, the most common emulator error. */
function validationError(message: string): BedrockEmulatorError {
  return new BedrockEmulatorError('ValidationException', message);
}

/**
 * A ValidationException from the JSON schema Bedrock checks InvokeModel bodies against, in its wording
 * (`detail` like `#: required key [max_tokens] not found` or `#: extraneous key [model] is not permitted`).
 */
function malformedInput(detail: string): BedrockEmulatorError {
  return validationError(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

export { BEDROCK_ERROR_STATUS, BedrockEmulatorError, INJECTED_ERRORS, STREAM_EXCEPTIONS, malformedInput, validationError };
export type { BedrockErrorType };
