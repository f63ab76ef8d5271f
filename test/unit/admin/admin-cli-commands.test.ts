import { createAdminRoutes, type AdminStores } from '../../../lambda/admin/routes';
import { COMMANDS, findCommand } from '../../../local/admin-cli/commands';

/** `PUT /admin/budgets/:kind/:id` as the CLI's table writes it: `PUT /admin/budgets/{kind}/{id}`. */
const routeName = (method: string, pattern: string): string => `${method} ${pattern.replace(/:(\w+)/g, '{$1}')}`;

describe('admin CLI commands', () => {
  it('cover every admin route: a new route needs a command in local/admin-cli/commands.ts', () => {
    // Building the routes reads nothing from the stores.
    const routes = createAdminRoutes({} as AdminStores).map((route) => routeName(route.method, route.pattern));
    const covered = new Set(COMMANDS.map((command) => command.route));
    expect(routes.filter((route) => !covered.has(route))).toEqual([]);
  });

  it('name only admin routes that exist (or say they call none)', () => {
    const routes = new Set(createAdminRoutes({} as AdminStores).map((route) => routeName(route.method, route.pattern)));
    expect(COMMANDS.filter((command) => !command.route.startsWith('(') && !routes.has(command.route)).map((command) => command.route)).toEqual([]);
  });

  it.each([
    [['keys', 'list'], 'keys list', []],
    [['keys', 'get', 'key_1'], 'keys get', ['key_1']],
    [['budgets', 'set', 'team', 'ml'], 'budgets set', ['team', 'ml']],
    [['usage'], 'usage', []],
    [['maintenance', 'release-stale-reservations'], 'maintenance release-stale-reservations', []],
    [['token'], 'token', []],
  ])('finds %j as "%s" with arguments %j', (positionals, words, args) => {
    expect(findCommand(positionals)).toEqual({ command: expect.objectContaining({ words }), args });
  });

  it.each([[['keys']], [['keys', 'explode']], [['usage-report']]])('finds no command for %j', (positionals) => {
    expect(findCommand(positionals)).toBeUndefined();
  });
});
