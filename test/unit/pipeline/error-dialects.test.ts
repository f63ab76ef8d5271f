/** Errors reach each client in the format of the API surface it called, chosen from the path, before and inside handlers. */
import { createGatewayApp } from '../../../lambda/gateway/app';
import type { Route } from '../../../lambda/gateway/router';
import { OPENAI_ERROR_DIALECT } from '../../../lambda/openai/error-body';
import { dialectForPath, type ErrorDialect, type ErrorDialectTable } from '../../../lambda/platform/error-dialect';
import { AuthenticationError, RateLimitError } from '../../../lambda/platform/errors';
import { buildRequest, createCaptureSink } from '../../support/capture-sink';
import { createStubServices } from '../../support/stub-services';

/** A stand-in for Bedrock's format: the exception name in a header, `{"message"}` in the body. */
const BEDROCK_LIKE: ErrorDialect = {
  name: 'bedrock-like',
  render: (error) => ({ body: { message: error.message }, headers: { 'x-amzn-errortype': error.name } }),
};
const MESSAGES_LIKE: ErrorDialect = { name: 'messages-like', render: (error) => ({ body: { type: 'error', error: { type: error.errorType, message: error.message } } }) };

const TABLE: ErrorDialectTable = {
  routes: [
    { prefix: '/bedrock', dialect: BEDROCK_LIKE },
    { prefix: '/v1/messages', dialect: MESSAGES_LIKE },
  ],
  fallback: OPENAI_ERROR_DIALECT,
};

const throttled: Route = {
  method: 'POST',
  pattern: '/bedrock/model/:id/converse',
  auth: 'none',
  handler: async () => {
    throw new RateLimitError('Slow down.', 3);
  },
};
const needsKey: Route = { method: 'POST', pattern: '/v1/messages', auth: 'v1', handler: async (ctx) => ctx.response.json(200, {}) };

describe('dialectForPath', () => {
  it.each([
    { path: '/bedrock/model/nova-pro/converse', expected: 'bedrock-like' },
    { path: '/bedrock', expected: 'bedrock-like' },
    { path: '/bedrockx/model', expected: 'openai' },
    { path: '/v1/messages', expected: 'messages-like' },
    { path: '/v1/messages/count_tokens', expected: 'messages-like' },
    { path: '/v1/chat/completions', expected: 'openai' },
    { path: '/admin/keys', expected: 'openai' },
  ])('answers $path in the $expected format', ({ path, expected }) => {
    expect(dialectForPath(TABLE, path).name).toBe(expected);
  });

  it('prefers the longest matching prefix', () => {
    const table: ErrorDialectTable = { routes: [{ prefix: '/v1', dialect: BEDROCK_LIKE }, { prefix: '/v1/messages', dialect: MESSAGES_LIKE }], fallback: OPENAI_ERROR_DIALECT };

    expect(dialectForPath(table, '/v1/messages').name).toBe('messages-like');
    expect(dialectForPath(table, '/v1/models').name).toBe('bedrock-like');
  });
});

describe('the error boundary', () => {
  const services = createStubServices({
    authenticator: {
      authenticate: async () => {
        throw new AuthenticationError();
      },
    },
  });
  const app = createGatewayApp(services, [throttled, needsKey], { errorDialects: TABLE });

  it('renders a handler error in the surface format, with the error status and its own headers', async () => {
    const sink = createCaptureSink();
    await app(buildRequest({ method: 'POST', path: '/bedrock/model/nova-pro/converse' }), sink);

    expect(sink.statusCode).toBe(429);
    expect(sink.headers).toMatchObject({ 'x-amzn-errortype': 'RateLimitError', 'retry-after': '3' });
    expect(sink.json()).toEqual({ message: 'Slow down.' });
  });

  it.each([
    { situation: 'an unknown path', request: { method: 'GET', path: '/bedrock/nothing' }, status: 404 },
    { situation: 'a method the path does not take', request: { method: 'GET', path: '/bedrock/model/nova-pro/converse' }, status: 405 },
    { situation: 'a body over the limit', request: { method: 'POST', path: '/bedrock/model/nova-pro/converse', bodyTooLarge: true }, status: 413 },
  ])('renders $situation in the surface format before any handler runs', async ({ request, status }) => {
    const sink = createCaptureSink();
    await app(buildRequest(request), sink);

    expect(sink.statusCode).toBe(status);
    expect(sink.headers['x-amzn-errortype']).toBeDefined();
    expect(Object.keys(sink.json() as object)).toEqual(['message']);
  });

  it('renders a failed authentication in the format of the path it was for', async () => {
    const sink = createCaptureSink();
    await app(buildRequest({ method: 'POST', path: '/v1/messages' }), sink);

    expect(sink.statusCode).toBe(401);
    expect(sink.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: 'Invalid or missing credentials.' } });
  });

  it('keeps OpenAI format byte for byte everywhere else', async () => {
    const sink = createCaptureSink();
    await app(buildRequest({ method: 'GET', path: '/v1/models' }), sink);

    expect(sink.text()).toBe(
      '{"error":{"message":"Unknown request URL: GET /v1/models. Please check the URL for typos.","type":"not_found_error","code":"unknown_url","param":null}}',
    );
  });
});
