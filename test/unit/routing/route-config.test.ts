import { createModelCatalog } from '../../../lambda/catalog';
import { loadRouteTable, parseRoutesConfig } from '../../../lambda/routing/route-config';
import { RoutingConfigError } from '../../../lambda/routing/routing-config-error';

const catalog = createModelCatalog();

describe('loadRouteTable', () => {
  it('compiles the array shorthand and the object form, resolving aliases and Regions', () => {
    const table = loadRouteTable(
      {
        Chat: ['claude-sonnet-4-5', { model: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', region: 'eu-west-1' }],
        mix: { strategy: 'weighted', targets: [{ model: 'nova-pro', weight: 3, maxConcurrent: 4 }, 'nova-lite'] },
      },
      catalog,
    );

    const chat = table.get('chat');
    expect(chat).toMatchObject({ name: 'Chat', kind: 'chat', strategy: 'ordered' });
    expect(chat?.targets.map((t) => t.key)).toEqual([
      'us.anthropic.claude-sonnet-4-5-20250929-v1:0@default',
      'eu.anthropic.claude-sonnet-4-5-20250929-v1:0@eu-west-1',
    ]);
    expect(table.get('mix')?.targets.map((t) => [t.model.id, t.weight, t.maxConcurrent])).toEqual([
      ['nova-pro', 3, 4],
      ['nova-lite', 1, undefined],
    ]);
  });

  it.each([
    { config: '{"chat": [', field: undefined, message: /^GATEWAY_ROUTES is not valid JSON/ },
    { config: { chat: [] }, field: 'chat', message: /GATEWAY_ROUTES chat: must list at least one target/ },
    { config: { chat: { targets: [{ model: 'nova-pro', weight: 0 }] } }, field: 'chat.targets[0].weight', message: /weight: must be greater than 0 \(got 0\)/ },
    { config: { chat: [{ model: 'nova-pro', region: 'mars' }] }, field: 'chat[0].region', message: /region: must be an AWS Region/ },
    { config: { chat: { targets: ['nova-pro'], retries: 3 } }, field: 'chat', message: /retries/ },
    { config: { chat: ['nova-pro', 'gpt-9'] }, field: 'chat.targets[1]', message: /chat\.targets\[1\]: unknown model "gpt-9"/ },
    { config: { chat: ['nova-pro', 'titan-embed-text-v2'] }, field: 'chat.targets[1]', message: /is a embedding model, but the route's first target is a chat model/ },
  ])('fails naming $field', ({ config, field, message }) => {
    let caught: unknown;
    try {
      loadRouteTable(config, catalog);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(RoutingConfigError);
    expect((caught as RoutingConfigError).message).toMatch(message);
    if (field !== undefined) expect((caught as RoutingConfigError).field).toBe(field);
  });

  it('names the source in messages', () => {
    expect(() => parseRoutesConfig({ chat: 'nova-pro' }, 'gateway.routes')).toThrow(/^gateway\.routes chat: /);
  });
});
