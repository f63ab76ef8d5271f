import { canonicalModelNames } from '../../../lambda/admin/admin-checks';
import { createModelCatalog } from '../../../lambda/catalog';
import { loadRouteTable } from '../../../lambda/routing/route-config';

const catalog = createModelCatalog();
const routes = loadRouteTable({ chat: ['claude-sonnet-4-5', 'nova-pro'] }, catalog);

describe('canonicalModelNames: what a key may be limited to', () => {
  it.each([
    { names: ['nova-micro'], expected: ['nova-micro'], rule: 'a catalog id stays' },
    { names: ['amazon.nova-micro-v1:0'], expected: ['nova-micro'], rule: 'a Bedrock model id becomes the catalog id' },
    { names: ['us.anthropic.claude-sonnet-4-5-20250929-v1:0'], expected: ['claude-sonnet-4-5'], rule: 'an inference profile id becomes the catalog id' },
    { names: ['CHAT'], expected: ['chat'], rule: 'a route name (any case) becomes the route name' },
    { names: ['nova-micro', 'amazon.nova-micro-v1:0'], expected: ['nova-micro'], rule: 'repeats collapse' },
  ])('$rule', ({ names, expected }) => {
    expect(canonicalModelNames(names, catalog, routes)).toEqual(expected);
  });

  it('fails with 400 model_not_found naming models and the unknown name', () => {
    expect(() => canonicalModelNames(['nova-micro', 'gpt-9'], catalog, routes)).toThrow(
      expect.objectContaining({ statusCode: 400, param: 'models', code: 'model_not_found', message: expect.stringContaining('"gpt-9"') }),
    );
  });
});
