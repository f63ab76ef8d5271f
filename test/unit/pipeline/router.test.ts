import { Router, type Route } from '../../../lambda/gateway/router';
import { GatewayError } from '../../../lambda/platform/errors';

const handler = async (): Promise<void> => undefined;
const routes: Route[] = [
  { method: 'POST', pattern: '/v1/chat/completions', auth: 'v1', handler },
  { method: 'GET', pattern: '/v1/models', auth: 'v1', handler },
  { method: 'GET', pattern: '/v1/models/*id', auth: 'v1', handler },
  { method: 'POST', pattern: '/admin/keys/:id/rotate', auth: 'admin', handler },
];
const router = new Router(routes);

describe('Router', () => {
  it.each([
    { method: 'POST', path: '/v1/chat/completions', pattern: '/v1/chat/completions', params: {} },
    { method: 'POST', path: '/v1/chat/completions/', pattern: '/v1/chat/completions', params: {} },
    { method: 'GET', path: '/v1/models', pattern: '/v1/models', params: {} },
    { method: 'GET', path: '/v1/models/nova-pro', pattern: '/v1/models/*id', params: { id: 'nova-pro' } },
    {
      method: 'GET',
      path: '/v1/models/arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0',
      pattern: '/v1/models/*id',
      params: { id: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0' },
    },
    { method: 'GET', path: '/v1/models/a%2Fb', pattern: '/v1/models/*id', params: { id: 'a/b' } },
    { method: 'POST', path: '/admin/keys/key_1/rotate', pattern: '/admin/keys/:id/rotate', params: { id: 'key_1' } },
  ])('matches $method $path to $pattern', ({ method, path, pattern, params }) => {
    const match = router.match(method, path);
    expect(match.route.pattern).toBe(pattern);
    expect(match.params).toEqual(params);
  });

  it.each([
    { method: 'GET', path: '/v1/chat/completions', status: 405, code: 'method_not_allowed' },
    { method: 'POST', path: '/v1/nothing', status: 404, code: 'unknown_url' },
    { method: 'GET', path: '/', status: 404, code: 'unknown_url' },
    { method: 'DELETE', path: '/v1/models/x', status: 405, code: 'method_not_allowed' },
  ])('fails $method $path with $status', ({ method, path, status, code }) => {
    let thrown: unknown;
    try {
      router.match(method, path);
    } catch (error) {
      thrown = error;
    }
    expect(GatewayError.isInstance(thrown)).toBe(true);
    expect((thrown as GatewayError).statusCode).toBe(status);
    expect((thrown as GatewayError).code).toBe(code);
  });
});
