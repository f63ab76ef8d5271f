/** Every gateway error reaches Anthropic clients with Anthropic's error type and status. */
import { ANTHROPIC_ERROR_DIALECT } from '../../../lambda/anthropic/error-body';
import {
  AuthenticationError,
  BadGatewayError,
  GatewayTimeoutError,
  InsufficientQuotaError,
  InternalServerError,
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  type GatewayError,
} from '../../../lambda/platform/errors';

describe('the Anthropic error dialect', () => {
  it.each([
    { error: new InvalidRequestError('bad'), status: 400, type: 'invalid_request_error' },
    { error: new AuthenticationError('who'), status: 401, type: 'authentication_error' },
    { error: new PermissionDeniedError('no'), status: 403, type: 'permission_error' },
    { error: new NotFoundError('none'), status: 404, type: 'not_found_error' },
    { error: new MethodNotAllowedError('GET'), status: 405, type: 'invalid_request_error' },
    { error: new PayloadTooLargeError('big'), status: 413, type: 'request_too_large' },
    { error: new RateLimitError('slow', 2), status: 429, type: 'rate_limit_error' },
    { error: new InsufficientQuotaError('budget'), status: 400, type: 'invalid_request_error' },
    { error: new InternalServerError('oops'), status: 500, type: 'api_error' },
    { error: new BadGatewayError('model'), status: 502, type: 'api_error' },
    { error: new ServiceUnavailableError('busy'), status: 529, type: 'overloaded_error' },
    { error: new GatewayTimeoutError('slow'), status: 504, type: 'api_error' },
  ] as { error: GatewayError; status: number; type: string }[])('renders $error.name as $status $type', ({ error, status, type }) => {
    expect(ANTHROPIC_ERROR_DIALECT.render(error)).toEqual({ status, body: { type: 'error', error: { type, message: error.message } } });
  });
});
