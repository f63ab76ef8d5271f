/**
 * @module The admin CLI's commands, one per admin route (and `token`): their arguments and flags, the
 * request each sends and how its answer prints. The README's CLI reference is generated from this table.
 */
import { usageError } from './cli-errors';
import {
  alertsTable,
  catalogRefreshBlock,
  budgetTable,
  budgetsTable,
  deleted,
  describeKey,
  keysTable,
  limitsListTable,
  limitsTable,
  maintenanceBlock,
  usageTable,
} from './render';

type Json = Record<string, unknown>;

/** Every flag a command may take (the global ones are in GLOBAL_FLAGS). */
const COMMAND_FLAGS = {
  name: { type: 'string' },
  team: { type: 'string' },
  'no-team': { type: 'boolean' },
  models: { type: 'string' },
  'all-models': { type: 'boolean' },
  'budget-usd': { type: 'string' },
  'budget-period': { type: 'string' },
  'alert-thresholds': { type: 'string' },
  'no-budget': { type: 'boolean' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'no-limits': { type: 'boolean' },
  'expires-at': { type: 'string' },
  'no-expiry': { type: 'boolean' },
  usd: { type: 'string' },
  period: { type: 'string' },
  'new-team': { type: 'boolean' },
  kind: { type: 'string' },
  'group-by': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  key: { type: 'string' },
  principal: { type: 'string' },
  model: { type: 'string' },
  csv: { type: 'boolean' },
  limit: { type: 'string' },
  audience: { type: 'string' },
} as const;

/** Flags every command takes. */
const GLOBAL_FLAGS = {
  url: { type: 'string' },
  token: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type FlagName = keyof typeof COMMAND_FLAGS;
type FlagValues = { readonly [K in FlagName]?: (typeof COMMAND_FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

/** What a command printed: the API's JSON answer and its rendering, or text as the API sent it (CSV). */
type CommandOutput = { readonly answer: Json; readonly render: (answer: Json) => string } | { readonly raw: string };

/** What a command runs with. */
interface CommandContext {
  /** Positional arguments after the command words. */
  readonly args: readonly string[];
  readonly flags: FlagValues;
  /** Region flag, also used by `token`. */
  readonly region: string | undefined;
  /** Sends an admin request; resolves to the JSON answer of a 2xx, throws a CliError otherwise. */
  call(method: string, path: string, body?: Json): Promise<Json>;
  /** Sends an admin request accepting `accept`; resolves to the body text of a 2xx. */
  callText(method: string, path: string, accept: string): Promise<string>;
  /** Prints an IAM identity token (the `token` command). */
  identityToken(options: { region: string | undefined; audience: string | undefined }): Promise<string>;
}

interface CliCommand {
  /** The command words, e.g. `keys create`. */
  readonly words: string;
  /** Arguments and flags as the help shows them. */
  readonly synopsis: string;
  /** The admin route(s) it calls. */
  readonly route: string;
  readonly summary: string;
  readonly flags: readonly FlagName[];
  /** Positional arguments it takes, by name (all required). */
  readonly args: readonly string[];
  run(ctx: CommandContext): Promise<CommandOutput>;
}

const SUBJECT_ARGS = ['KIND', 'ID'] as const;

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw usageError(`--${flag} must be a number, got "${value}".`);
  return parsed;
}

/** `50,80,100` -> [50, 80, 100]; `none` -> [] (no alerts). */
function thresholdsFlag(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === 'none') return [];
  return value.split(',').map((part) => {
    const parsed = numberFlag(part.trim(), 'alert-thresholds');
    if (parsed === undefined) throw usageError('--alert-thresholds must be percentages like 50,80,100, or none.');
    return parsed;
  });
}

const listFlag = (value: string | undefined): string[] | undefined => value?.split(',').map((item) => item.trim()).filter((item) => item !== '');

function exclusive(flags: FlagValues, a: FlagName, b: FlagName): void {
  if (flags[a] !== undefined && flags[b] !== undefined) throw usageError(`--${a} and --${b} exclude each other.`);
}

const segment = (value: string): string => encodeURIComponent(value);
const keyPath = (ctx: CommandContext): string => `/admin/keys/${segment(ctx.args[0] ?? '')}`;
const subjectPath = (base: string, ctx: CommandContext): string => `/admin/${base}/${segment(ctx.args[0] ?? '')}/${segment(ctx.args[1] ?? '')}`;
const newTeamQuery = (ctx: CommandContext): string => (ctx.flags['new-team'] === true ? '?allowNewTeam=true' : '');
const kindQuery = (ctx: CommandContext): string => (ctx.flags.kind === undefined ? '' : `?${new URLSearchParams({ kind: ctx.flags.kind }).toString()}`);

const limitsOf = (flags: FlagValues, current?: Json): Json => ({
  rpm: numberFlag(flags.rpm, 'rpm') ?? current?.rpm ?? undefined,
  tpm: numberFlag(flags.tpm, 'tpm') ?? current?.tpm ?? undefined,
});

/** The fields of `keys update` that change; budget and limit flags merge with what the key has. */
async function keyChanges(ctx: CommandContext): Promise<Json> {
  const { flags } = ctx;
  exclusive(flags, 'team', 'no-team');
  exclusive(flags, 'models', 'all-models');
  exclusive(flags, 'expires-at', 'no-expiry');
  for (const flag of ['budget-usd', 'budget-period', 'alert-thresholds'] as const) exclusive(flags, flag, 'no-budget');
  for (const flag of ['rpm', 'tpm'] as const) exclusive(flags, flag, 'no-limits');
  const changes: Json = {};
  if (flags.name !== undefined) changes.name = flags.name;
  if (flags.team !== undefined) changes.team = flags.team;
  if (flags['no-team'] === true) changes.team = null;
  if (flags.models !== undefined) changes.models = listFlag(flags.models);
  if (flags['all-models'] === true) changes.models = null;
  if (flags['expires-at'] !== undefined) changes.expiresAt = flags['expires-at'];
  if (flags['no-expiry'] === true) changes.expiresAt = null;
  if (flags['no-budget'] === true) changes.budget = null;
  if (flags['no-limits'] === true) changes.limits = null;
  const budgetChanged = flags['budget-usd'] !== undefined || flags['budget-period'] !== undefined || flags['alert-thresholds'] !== undefined;
  const limitsChanged = flags.rpm !== undefined || flags.tpm !== undefined;
  if (budgetChanged || limitsChanged) {
    const current = await ctx.call('GET', keyPath(ctx));
    const budget = (current.budget ?? undefined) as Json | undefined;
    if (budgetChanged) {
      const usd = numberFlag(flags['budget-usd'], 'budget-usd') ?? budget?.usd;
      if (usd === undefined) throw usageError(`Key ${String(current.id)} has no budget: give --budget-usd (and --budget-period, default month).`);
      const alertThresholds = thresholdsFlag(flags['alert-thresholds']) ?? budget?.alertThresholds;
      changes.budget = { usd, period: flags['budget-period'] ?? budget?.period ?? 'month', ...(alertThresholds === undefined ? {} : { alertThresholds }) };
    }
    if (limitsChanged) changes.limits = limitsOf(flags, (current.limits ?? undefined) as Json | undefined);
  }
  if (Object.keys(changes).length === 0) {
    throw usageError('Nothing to update: give at least one of --name, --team/--no-team, --models/--all-models, --budget-usd, --budget-period, --alert-thresholds, --no-budget, --rpm, --tpm, --no-limits, --expires-at, --no-expiry.');
  }
  return changes;
}

const BUDGET_FLAGS = '--usd N --period day|month|total [--alert-thresholds 50,80,100|none] [--new-team]';

/** Every command of `npm run admin`. */
const COMMANDS: readonly CliCommand[] = [
  {
    words: 'keys create',
    synopsis: '--name NAME [--team T] [--models a,b] [--budget-usd N [--budget-period day|month|total] [--alert-thresholds 50,80,100|none]] [--rpm N] [--tpm N] [--expires-at ISO-8601]',
    route: 'POST /admin/keys',
    summary: 'Create a key; prints its secret once. --models must be catalog ids or route names.',
    flags: ['name', 'team', 'models', 'budget-usd', 'budget-period', 'alert-thresholds', 'rpm', 'tpm', 'expires-at'],
    args: [],
    async run(ctx) {
      const { flags } = ctx;
      if (flags.name === undefined || flags.name === '') throw usageError('keys create needs --name NAME.');
      const usd = numberFlag(flags['budget-usd'], 'budget-usd');
      if (usd === undefined && (flags['budget-period'] !== undefined || flags['alert-thresholds'] !== undefined)) {
        throw usageError('--budget-period and --alert-thresholds need --budget-usd.');
      }
      const alertThresholds = thresholdsFlag(flags['alert-thresholds']);
      const body: Json = {
        name: flags.name,
        team: flags.team,
        models: listFlag(flags.models),
        budget: usd === undefined ? undefined : { usd, period: flags['budget-period'] ?? 'month', alertThresholds },
        limits: flags.rpm === undefined && flags.tpm === undefined ? undefined : limitsOf(flags),
        expiresAt: flags['expires-at'],
      };
      return { answer: await ctx.call('POST', '/admin/keys', body), render: describeKey };
    },
  },
  {
    words: 'keys list',
    synopsis: '',
    route: 'GET /admin/keys',
    summary: "Every key with its budget, this period's spend and what remains, and its limits.",
    flags: [],
    args: [],
    run: async (ctx) => ({ answer: await ctx.call('GET', '/admin/keys'), render: keysTable }),
  },
  {
    words: 'keys get',
    synopsis: 'ID',
    route: 'GET /admin/keys/{id}',
    summary: 'One key, with its budget (spent, reserved, remaining this period) and limits.',
    flags: [],
    args: ['ID'],
    run: async (ctx) => ({ answer: await ctx.call('GET', keyPath(ctx)), render: describeKey }),
  },
  {
    words: 'keys update',
    synopsis:
      'ID [--name N] [--team T | --no-team] [--models a,b | --all-models] [--budget-usd N] [--budget-period P] [--alert-thresholds L] [--no-budget] [--rpm N] [--tpm N] [--no-limits] [--expires-at ISO-8601 | --no-expiry]',
    route: 'PATCH /admin/keys/{id}',
    summary: 'Change a key; budget and limit flags keep what you leave out (e.g. --rpm keeps the tpm).',
    flags: ['name', 'team', 'no-team', 'models', 'all-models', 'budget-usd', 'budget-period', 'alert-thresholds', 'no-budget', 'rpm', 'tpm', 'no-limits', 'expires-at', 'no-expiry'],
    args: ['ID'],
    run: async (ctx) => ({ answer: await ctx.call('PATCH', keyPath(ctx), await keyChanges(ctx)), render: describeKey }),
  },
  {
    words: 'keys rotate',
    synopsis: 'ID',
    route: 'POST /admin/keys/{id}/rotate',
    summary: 'New secret (printed once); the old one stops working. Budget, limits and usage stay with the key.',
    flags: [],
    args: ['ID'],
    run: async (ctx) => ({ answer: await ctx.call('POST', `${keyPath(ctx)}/rotate`), render: describeKey }),
  },
  {
    words: 'keys revoke',
    synopsis: 'ID',
    route: 'DELETE /admin/keys/{id}',
    summary: 'Revoke a key (kept, with its usage, as revoked).',
    flags: [],
    args: ['ID'],
    run: async (ctx) => ({ answer: await ctx.call('DELETE', keyPath(ctx)), render: (key) => `Revoked ${String(key.id)} (${String(key.name)}).` }),
  },
  {
    words: 'budgets list',
    synopsis: '[--kind key|team|principal]',
    route: 'GET /admin/budgets',
    summary: "Every budget with this period's spend.",
    flags: ['kind'],
    args: [],
    run: async (ctx) => ({ answer: await ctx.call('GET', `/admin/budgets${kindQuery(ctx)}`), render: budgetsTable }),
  },
  {
    words: 'budgets get',
    synopsis: 'KIND ID',
    route: 'GET /admin/budgets/{kind}/{id}',
    summary: "A budget of a key, team or principal (KIND), with this period's spend.",
    flags: [],
    args: SUBJECT_ARGS,
    run: async (ctx) => ({ answer: await ctx.call('GET', subjectPath('budgets', ctx)), render: budgetTable }),
  },
  {
    words: 'budgets set',
    synopsis: `KIND ID ${BUDGET_FLAGS}`,
    route: 'PUT /admin/budgets/{kind}/{id}',
    summary: 'Set (replace) a budget; --new-team for a team no key or usage names yet.',
    flags: ['usd', 'period', 'alert-thresholds', 'new-team'],
    args: SUBJECT_ARGS,
    async run(ctx) {
      const usd = numberFlag(ctx.flags.usd, 'usd');
      if (usd === undefined || ctx.flags.period === undefined) throw usageError('budgets set needs --usd N and --period day|month|total.');
      const body: Json = { usd, period: ctx.flags.period, alertThresholds: thresholdsFlag(ctx.flags['alert-thresholds']) };
      return { answer: await ctx.call('PUT', `${subjectPath('budgets', ctx)}${newTeamQuery(ctx)}`, body), render: budgetTable };
    },
  },
  {
    words: 'budgets delete',
    synopsis: 'KIND ID',
    route: 'DELETE /admin/budgets/{kind}/{id}',
    summary: 'Remove a budget (usage stays recorded).',
    flags: [],
    args: SUBJECT_ARGS,
    run: async (ctx) => ({ answer: await ctx.call('DELETE', subjectPath('budgets', ctx)), render: deleted('budget') }),
  },
  {
    words: 'limits list',
    synopsis: '[--kind key|team|principal]',
    route: 'GET /admin/limits',
    summary: 'Every rate limit.',
    flags: ['kind'],
    args: [],
    run: async (ctx) => ({ answer: await ctx.call('GET', `/admin/limits${kindQuery(ctx)}`), render: limitsListTable }),
  },
  {
    words: 'limits get',
    synopsis: 'KIND ID',
    route: 'GET /admin/limits/{kind}/{id}',
    summary: 'The requests and tokens per minute of a key, team or principal.',
    flags: [],
    args: SUBJECT_ARGS,
    run: async (ctx) => ({ answer: await ctx.call('GET', subjectPath('limits', ctx)), render: limitsTable }),
  },
  {
    words: 'limits set',
    synopsis: 'KIND ID [--rpm N] [--tpm N] [--new-team]',
    route: 'PUT /admin/limits/{kind}/{id}',
    summary: 'Set (replace) limits: one left out is unlimited.',
    flags: ['rpm', 'tpm', 'new-team'],
    args: SUBJECT_ARGS,
    run: async (ctx) => ({ answer: await ctx.call('PUT', `${subjectPath('limits', ctx)}${newTeamQuery(ctx)}`, limitsOf(ctx.flags)), render: limitsTable }),
  },
  {
    words: 'limits delete',
    synopsis: 'KIND ID',
    route: 'DELETE /admin/limits/{kind}/{id}',
    summary: 'Remove the limits.',
    flags: [],
    args: SUBJECT_ARGS,
    run: async (ctx) => ({ answer: await ctx.call('DELETE', subjectPath('limits', ctx)), render: deleted('limits') }),
  },
  {
    words: 'usage',
    synopsis: '[--group-by model|day|principal|key|team|team,model|team,day] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--key ID] [--team T] [--principal ARN] [--model ID] [--csv]',
    route: 'GET /admin/usage',
    summary: 'Requests, tokens and cost grouped as asked (default by model, last 30 days), with a total; --csv prints the CSV export.',
    flags: ['group-by', 'from', 'to', 'key', 'team', 'principal', 'model', 'csv'],
    args: [],
    async run(ctx) {
      const query = new URLSearchParams();
      const entries: [string, string | undefined][] = [
        ['groupBy', ctx.flags['group-by']],
        ['from', ctx.flags.from],
        ['to', ctx.flags.to],
        ['key', ctx.flags.key],
        ['team', ctx.flags.team],
        ['principal', ctx.flags.principal],
        ['model', ctx.flags.model],
      ];
      for (const [name, value] of entries) if (value !== undefined) query.set(name, value);
      if (ctx.flags.csv === true) {
        query.set('format', 'csv');
        return { raw: await ctx.callText('GET', `/admin/usage?${query.toString()}`, 'text/csv') };
      }
      const suffix = query.size > 0 ? `?${query.toString()}` : '';
      return { answer: await ctx.call('GET', `/admin/usage${suffix}`), render: usageTable };
    },
  },
  {
    words: 'alerts list',
    synopsis: '[--limit N]',
    route: 'GET /admin/alerts',
    summary: 'Recent budget alerts, newest first (default 50, at most 500).',
    flags: ['limit'],
    args: [],
    run: async (ctx) => ({ answer: await ctx.call('GET', `/admin/alerts${ctx.flags.limit === undefined ? '' : `?limit=${segment(ctx.flags.limit)}`}`), render: alertsTable }),
  },
  {
    words: 'maintenance release-stale-reservations',
    synopsis: '',
    route: 'POST /admin/maintenance/release-stale-reservations',
    summary: 'Run the maintenance sweep now (it runs every 5 minutes in AWS; npm start schedules nothing).',
    flags: [],
    args: [],
    run: async (ctx) => ({ answer: await ctx.call('POST', '/admin/maintenance/release-stale-reservations'), render: maintenanceBlock }),
  },
  {
    words: 'maintenance refresh-catalog',
    synopsis: '',
    route: 'POST /admin/maintenance/refresh-catalog',
    summary: "Fetch the account's live model listing and the AWS Price List into the catalog snapshot now (GATEWAY_CATALOG_REFRESH on).",
    flags: [],
    args: [],
    run: async (ctx) => ({ answer: await ctx.call('POST', '/admin/maintenance/refresh-catalog'), render: catalogRefreshBlock }),
  },
  {
    words: 'token',
    synopsis: '[--region R] [--audience A]',
    route: '(none: signs sts:GetCallerIdentity)',
    summary: "Print an IAM identity token (aws-iam-v1.) for /v1; against AWS, A is the stack's IamTokenAudience output (default bedrock-gateway, the local runner's).",
    flags: ['audience'],
    args: [],
    run: async (ctx) => ({ raw: await ctx.identityToken({ region: ctx.region, audience: ctx.flags.audience }) }),
  },
];

/** The command named by the leading positionals (one or two words), and the positionals after it. */
function findCommand(positionals: readonly string[]): { command: CliCommand; args: string[] } | undefined {
  for (const length of [2, 1]) {
    const words = positionals.slice(0, length).join(' ');
    const command = COMMANDS.find((candidate) => candidate.words === words);
    if (command !== undefined) return { command, args: positionals.slice(length) };
  }
  return undefined;
}

export { COMMANDS, COMMAND_FLAGS, GLOBAL_FLAGS, findCommand };
export type { CliCommand, CommandContext, CommandOutput, FlagName, FlagValues };
