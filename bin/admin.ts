/**
 * @module The admin CLI (`npm run admin -- ...`): keys, budgets, limits and usage over the admin API.
 *
 * Locally it sends `GATEWAY_ADMIN_TOKEN` (or `--token`); against AWS it signs requests with SigV4
 * (service `execute-api`) using the default credential chain.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { parseArgs } from 'node:util';
import { createStsIdentityToken } from '../lambda/identity/sts-token-presigner';
import { createAdminApiClient, type AdminApiTarget } from '../local/admin-api-client';

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  keys create --name NAME [--team T] [--models a,b] [--budget-usd N --budget-period day|month|total]
              [--rpm N] [--tpm N] [--expires-at ISO-8601]
  keys list
  keys get|revoke|rotate ID
  budgets set KIND ID --usd N --period day|month|total      (KIND: key | team | principal)
  budgets get KIND ID
  limits set KIND ID [--rpm N] [--tpm N]
  usage [--group-by model|day|principal|key] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
        [--key ID] [--team T] [--principal ARN] [--model ID]
  token [--region R] [--audience A]     print an IAM identity token (aws-iam-v1.) for /v1. Against AWS,
                                        A must be the stack's IamTokenAudience output
                                        (bedrock-gateway:<stack>:<region>:<account>); default bedrock-gateway
                                        (the local runner's)

Options:
  --url URL      gateway base URL (default: $GATEWAY_URL or http://127.0.0.1:4000)
  --token T      admin token for a local gateway (default: $GATEWAY_ADMIN_TOKEN); without it, SigV4
  --region R     region for SigV4 (default: from the URL, $AWS_REGION or us-east-1)
  --json         print the raw JSON response`;

/** Where the CLI reads its settings and writes its output; injectable for tests. */
interface CliEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  readonly out: (text: string) => void;
}

type Json = Record<string, unknown>;

class CliError extends Error {
  override readonly name = 'CliError';
}

const OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  name: { type: 'string' },
  team: { type: 'string' },
  models: { type: 'string' },
  'budget-usd': { type: 'string' },
  'budget-period': { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  'expires-at': { type: 'string' },
  usd: { type: 'string' },
  period: { type: 'string' },
  'group-by': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  key: { type: 'string' },
  principal: { type: 'string' },
  model: { type: 'string' },
  audience: { type: 'string' },
} as const;

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new CliError(`--${flag} must be a number, got "${value}".`);
  return parsed;
}

/** Sends one admin request, with the admin token or SigV4. */
async function callApi(
  cli: CliEnvironment,
  settings: AdminApiTarget,
  method: string,
  path: string,
  body?: Json,
): Promise<Json> {
  const client = createAdminApiClient(settings, { env: cli.env, fetch: cli.fetch });
  const response = await client.send({ method, path, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    throw new CliError(`${method} ${client.url(path).pathname} answered ${response.status} with a non-JSON body: ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const error = (parsed.error ?? {}) as Json;
    const param = typeof error.param === 'string' ? ` (param: ${error.param})` : '';
    throw new CliError(`${response.status} ${String(error.type ?? 'error')}: ${String(error.message ?? text)}${param}`);
  }
  return parsed;
}

/** Formats rows as an aligned text table. */
function table(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((row) => (row[index] ?? '').length)));
  const line = (values: readonly string[]): string => values.map((value, index) => value.padEnd(widths[index] ?? 0)).join('  ').trimEnd();
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** Dollars with cents, or with up to 9 decimals when the amount is not whole cents (usage is often sub-cent). */
const usd = (value: unknown): string => {
  if (typeof value !== 'number') return '-';
  return Number.isInteger(Math.round(value * 1e9) / 1e7) ? `$${value.toFixed(2)}` : `$${value.toFixed(9).replace(/0+$/, '')}`;
};

function describeKey(key: Json): string {
  const budget = key.budget as Json | null | undefined;
  const limits = key.limits as Json | null | undefined;
  const lines = [
    ['id', key.id],
    ['name', key.name],
    ['status', key.status],
    ['team', key.team],
    ['models', Array.isArray(key.models) ? key.models.join(', ') : null],
    ['prefix', key.displayPrefix],
    ['created', key.createdAt],
    ['expires', key.expiresAt],
    ['budget', budget ? `${usd(budget.usd)} per ${String(budget.period)}` : null],
    ['limits', limits ? `rpm ${String(limits.rpm ?? '-')}, tpm ${String(limits.tpm ?? '-')}` : null],
  ].filter(([, value]) => value !== undefined);
  const text = lines.map(([label, value]) => `${String(label).padEnd(8)} ${value === null ? '-' : String(value)}`).join('\n');
  return typeof key.key === 'string' ? `${text}\n\nSecret (shown once, store it now):\n${key.key}` : text;
}

function describeUsage(report: Json): string {
  const groupBy = String(report.groupBy);
  const rows = (report.rows as Json[]).map((row) => [row[groupBy], row.requests, row.inputTokens, row.outputTokens, row.cachedTokens, usd(row.costUsd)]);
  const totals = report.totals as Json;
  rows.push(['TOTAL', totals.requests, totals.inputTokens, totals.outputTokens, totals.cachedTokens, usd(totals.costUsd)]);
  return `Usage ${String(report.from)} to ${String(report.to)}\n${table([groupBy, 'requests', 'input', 'output', 'cached', 'cost'], rows)}`;
}

/** Runs the CLI; resolves to the process exit code. */
async function runAdminCli(argv: readonly string[], cli: CliEnvironment): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    const [command, sub, ...rest] = positionals;
    if (values.help === true || command === undefined) {
      cli.out(USAGE);
      return command === undefined && values.help !== true ? 2 : 0;
    }
    if (command === 'token') {
      cli.out(await createStsIdentityToken({ credentials: defaultProvider(), region: values.region ?? cli.env.AWS_REGION, audience: values.audience }));
      return 0;
    }
    const settings = {
      baseUrl: values.url ?? cli.env.GATEWAY_URL ?? 'http://127.0.0.1:4000',
      token: values.token ?? cli.env.GATEWAY_ADMIN_TOKEN,
      region: values.region,
    };
    const call = (method: string, path: string, body?: Json): Promise<Json> => callApi(cli, settings, method, path, body);
    const print = (result: Json, render: (value: Json) => string): void => cli.out(values.json === true ? JSON.stringify(result, null, 2) : render(result));
    const need = (value: string | undefined, what: string): string => {
      if (value === undefined || value === '') throw new CliError(`Missing ${what}.\n\n${USAGE}`);
      return value;
    };
    const subjectPath = (base: string): string => `/admin/${base}/${encodeURIComponent(need(rest[0], 'KIND'))}/${encodeURIComponent(need(rest[1], 'ID'))}`;
    const limits = (): Json => ({ rpm: numberFlag(values.rpm, 'rpm'), tpm: numberFlag(values.tpm, 'tpm') });

    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'keys create': {
        const budgetUsd = numberFlag(values['budget-usd'], 'budget-usd');
        const body: Json = {
          name: need(values.name, '--name'),
          team: values.team,
          models: values.models?.split(',').map((model) => model.trim()),
          budget: budgetUsd === undefined ? undefined : { usd: budgetUsd, period: values['budget-period'] ?? 'month' },
          limits: values.rpm === undefined && values.tpm === undefined ? undefined : limits(),
          expiresAt: values['expires-at'],
        };
        print(await call('POST', '/admin/keys', body), describeKey);
        return 0;
      }
      case 'keys list':
        print(await call('GET', '/admin/keys'), (result) =>
          table(
            ['id', 'name', 'team', 'status', 'prefix', 'created', 'expires'],
            (result.data as Json[]).map((key) => [key.id, key.name, key.team, key.status, key.displayPrefix, key.createdAt, key.expiresAt]),
          ),
        );
        return 0;
      case 'keys get':
        print(await call('GET', `/admin/keys/${encodeURIComponent(need(rest[0], 'ID'))}`), describeKey);
        return 0;
      case 'keys revoke':
        print(await call('DELETE', `/admin/keys/${encodeURIComponent(need(rest[0], 'ID'))}`), (key) => `Revoked ${String(key.id)} (${String(key.name)}).`);
        return 0;
      case 'keys rotate':
        print(await call('POST', `/admin/keys/${encodeURIComponent(need(rest[0], 'ID'))}/rotate`), describeKey);
        return 0;
      case 'budgets set':
        print(
          await call('PUT', subjectPath('budgets'), { usd: numberFlag(need(values.usd, '--usd'), 'usd'), period: need(values.period, '--period') }),
          (budget) => `Budget for ${String(budget.kind)} ${String(budget.id)}: ${usd(budget.usd)} per ${String(budget.period)}.`,
        );
        return 0;
      case 'budgets get':
        print(await call('GET', subjectPath('budgets')), (budget) =>
          table(
            ['kind', 'id', 'period', 'limit', 'spent', 'reserved', 'remaining', 'ends'],
            [[budget.kind, budget.id, budget.periodKey, usd(budget.usd), usd(budget.spentUsd), usd(budget.reservedUsd), usd(budget.remainingUsd), budget.periodEndsAt]],
          ),
        );
        return 0;
      case 'limits set':
        print(await call('PUT', subjectPath('limits'), limits()), (result) =>
          `Limits for ${String(result.kind)} ${String(result.id)}: rpm ${String(result.rpm ?? '-')}, tpm ${String(result.tpm ?? '-')}.`,
        );
        return 0;
      case 'usage': {
        const query = new URLSearchParams();
        const add = (name: string, value: string | undefined): void => {
          if (value !== undefined) query.set(name, value);
        };
        add('groupBy', values['group-by']);
        add('from', values.from);
        add('to', values.to);
        add('key', values.key);
        add('team', values.team);
        add('principal', values.principal);
        add('model', values.model);
        const suffix = query.size > 0 ? `?${query.toString()}` : '';
        print(await call('GET', `/admin/usage${suffix}`), describeUsage);
        return 0;
      }
      default:
        throw new CliError(`Unknown command "${positionals.join(' ')}".\n\n${USAGE}`);
    }
  } catch (error) {
    cli.out(`Error: ${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void runAdminCli(process.argv.slice(2), { env: process.env, fetch, out: (text) => process.stdout.write(`${text}\n`) }).then((code) => {
    process.exitCode = code;
  });
}

export { runAdminCli, table };
export type { CliEnvironment };
