import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { isRetryableBedrockError, mapBedrockError, upstreamErrorName } from '../../../lambda/bedrock/bedrock-errors';
import { InvalidRequestError } from '../../../lambda/platform/errors';

const $metadata = { httpStatusCode: 400, requestId: 'req-1' };

describe('mapBedrockError', () => {
  it.each([
    { error: new ValidationException({ message: 'messages.0: bad', $metadata }), status: 400, type: 'invalid_request_error', code: null, retryable: false },
    { error: new AccessDeniedException({ message: 'User: arn:aws:sts::123456789012:assumed-role/x is not authorized', $metadata }), status: 403, type: 'permission_error', code: 'model_access_denied', retryable: false },
    { error: new ResourceNotFoundException({ message: 'Model not found', $metadata }), status: 404, type: 'not_found_error', code: 'model_not_found', retryable: false },
    { error: new ThrottlingException({ message: 'Too many requests', $metadata }), status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded', retryable: true },
    { error: new ServiceQuotaExceededException({ message: 'quota', $metadata }), status: 429, type: 'rate_limit_error', code: 'service_quota_exceeded', retryable: false },
    { error: new ModelNotReadyException({ message: 'not ready', $metadata }), status: 503, type: 'server_error', code: 'model_not_ready', retryable: true },
    { error: new ServiceUnavailableException({ message: 'unavailable', $metadata }), status: 503, type: 'server_error', code: 'service_unavailable', retryable: true },
    { error: new ModelTimeoutException({ message: 'timeout', $metadata }), status: 504, type: 'timeout_error', code: 'model_timeout', retryable: true },
    { error: new ModelErrorException({ message: 'model failed', $metadata }), status: 502, type: 'api_error', code: 'model_error', retryable: true },
    { error: new ModelStreamErrorException({ message: 'stream failed', $metadata }), status: 502, type: 'api_error', code: 'model_stream_error', retryable: true },
    { error: new InternalServerException({ message: 'internal', $metadata }), status: 502, type: 'api_error', code: 'upstream_server_error', retryable: true },
    { error: new ConflictException({ message: 'conflict', $metadata }), status: 502, type: 'api_error', code: 'upstream_conflict', retryable: false },
  ])('maps $error.name to $status $code (retryable: $retryable)', ({ error, status, type, code, retryable }) => {
    const mapped = mapBedrockError(error, { model: 'claude-sonnet-4-5' });

    expect(mapped.statusCode).toBe(status);
    expect(mapped.toJSON().error).toMatchObject({ type, code });
    expect(mapped.cause).toBe(error);
    expect(upstreamErrorName(mapped)).toBe(error.name);
    expect(isRetryableBedrockError(mapped)).toBe(retryable);
    expect(isRetryableBedrockError(error)).toBe(retryable);
  });

  it('passes a validation message through to the client', () => {
    const mapped = mapBedrockError(new ValidationException({ message: 'messages.0.content: must not be empty', $metadata }));
    expect(mapped.message).toBe('messages.0.content: must not be empty');
  });

  it.each([
    {
      raw: 'The provided model identifier arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123 is invalid.',
      shown: 'The provided model identifier <arn> is invalid.',
    },
    {
      raw: "Role 'arn:aws-us-gov:iam::123456789012:role/gw-role' cannot use profile \"arn:aws-cn:bedrock:cn-north-1:210987654321:inference-profile/x\", sorry",
      shown: "Role '<arn>' cannot use profile \"<arn>\", sorry",
    },
    { raw: 'Account 123456789012 is not enabled for this model (request 1234567890123, id a123456789012).', shown: 'Account <account> is not enabled for this model (request 1234567890123, id a123456789012).' },
    { raw: 'prompt is too long: 200049 tokens > 200000 maximum', shown: 'prompt is too long: 200049 tokens > 200000 maximum' },
  ])('scrubs ARNs and account ids from the message shown: $shown', ({ raw, shown }) => {
    const error = new ValidationException({ message: raw, $metadata });

    const mapped = mapBedrockError(error);

    expect(mapped.message).toBe(shown);
    expect(mapped.toJSON().error.message).toBe(shown);
    expect((mapped.cause as Error).message).toBe(raw);
  });

  it('scrubs account ids from messages of unmodelled client errors too', () => {
    const unmodelled = mapBedrockError({ name: 'SomethingNewException', message: 'quota for 123456789012 exceeded', $metadata: { httpStatusCode: 400 } });
    expect(unmodelled.message).toBe('quota for <account> exceeded');
  });

  it('hides the gateway role and account that AccessDeniedException names', () => {
    const mapped = mapBedrockError(
      new AccessDeniedException({ message: 'User: arn:aws:sts::123456789012:assumed-role/gw is not authorized', $metadata }),
    );
    expect(mapped.message).not.toContain('123456789012');
  });

  it('sends a retry-after header with throttling', () => {
    const mapped = mapBedrockError(new ThrottlingException({ message: 'Too many requests', $metadata }));
    expect(mapped.headers).toEqual({ 'retry-after': '2' });
  });

  it.each([
    { message: 'Input is too long for requested model.' },
    { message: 'The model returned the following errors: prompt is too long: 200049 tokens > 200000 maximum' },
    { message: 'Too many input tokens. Max input tokens: 8192, request input token count: 9279' },
    { message: 'The model returned the following errors: input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000' },
    { message: "This model's maximum context length is 131072 tokens." },
    { message: 'Input Tokens Exceeded: Number of input tokens exceeds maximum length.' },
  ])('marks "$message" as context_length_exceeded on messages', ({ message }) => {
    const mapped = mapBedrockError(new ValidationException({ message, $metadata }));
    expect(mapped.toJSON().error).toEqual({ message, type: 'invalid_request_error', code: 'context_length_exceeded', param: 'messages' });
  });

  it.each([
    { name: 'a connection refusal', error: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), status: 502, code: 'upstream_unreachable', upstream: 'ECONNREFUSED' },
    { name: 'an SDK timeout', error: Object.assign(new Error('timed out'), { name: 'TimeoutError' }), status: 504, code: 'upstream_timeout', upstream: 'TimeoutError' },
    { name: 'an unknown 400 exception', error: Object.assign(new Error('odd'), { name: 'OddException', $fault: 'client', $metadata: { httpStatusCode: 400 } }), status: 400, code: null, upstream: 'OddException' },
    { name: 'an unknown 403 (gateway credentials)', error: Object.assign(new Error('bad token'), { name: 'UnrecognizedClientException', $fault: 'client', $metadata: { httpStatusCode: 403 } }), status: 502, code: 'upstream_auth_error', upstream: 'UnrecognizedClientException' },
    { name: 'an unknown 500 exception', error: Object.assign(new Error('boom'), { name: 'WeirdFault', $fault: 'server', $metadata: { httpStatusCode: 500 } }), status: 502, code: 'upstream_error', upstream: 'WeirdFault' },
  ])('maps $name to $status $code', ({ error, status, code, upstream }) => {
    const mapped = mapBedrockError(error);
    expect(mapped.statusCode).toBe(status);
    expect(mapped.code).toBe(code);
    expect(upstreamErrorName(mapped)).toBe(upstream);
  });

  it('passes gateway errors through unchanged and never calls them retryable', () => {
    const error = new InvalidRequestError('bad', { param: 'messages' });
    expect(mapBedrockError(error)).toBe(error);
    expect(isRetryableBedrockError(error)).toBe(false);
    expect(upstreamErrorName(error)).toBeUndefined();
  });
});
