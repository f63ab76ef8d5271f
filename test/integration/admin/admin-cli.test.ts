/**
 * The admin CLI (`npm run admin`) against `npm start` in its own process: every admin route as a
 * command, answers on stdout, failures on stderr saying what to do, exit codes 0 / 1 / 2.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { runAdminCli } from '../../../bin/admin';
import { startDev, stopDev, type RunningDev } from '../../support/dev-process';

const ROOT = join(__dirname, '../../..');
const MONTH = new Date().toISOString().slice(0, 7);
const TODAY = new Date().toISOString().slice(0, 10);

let dev: RunningDev;

beforeAll(async () => {
  dev = await startDev([], { GATEWAY_DEV_KEY: 'sk-admin-cli-test-dev-key' });
});

afterAll(async () => {
  await stopDev(dev.child);
});

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in this process (as `npm run admin` runs it, minus the process), against the npm start gateway. */
async function cli(args: readonly string[], env: Record<string, string | undefined> = { GATEWAY_URL: dev.url, GATEWAY_ADMIN_TOKEN: dev.adminToken }): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runAdminCli(args, { env, fetch, out: (text) => stdout.push(text), err: (text) => stderr.push(text) });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

/** `npm run admin -- ...` as its own process (tsx loaded into node), with exactly `env`. */
function cliProcess(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/admin.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr })));
}

/** A port nothing listens on (just closed). */
function freePort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

interface Step {
  readonly args: string;
  readonly code: 0 | 1 | 2;
  /** Lines (regular expressions) stdout must contain, each matching a whole line. */
  readonly out?: readonly RegExp[];
  /** stderr must match (stdout is then empty). */
  readonly err?: RegExp;
}

/** Splits a command line as a shell would for these examples (single quotes group words). */
const words = (line: string, vars: Record<string, string>): string[] =>
  (line.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`).match(/'[^']*'|\S+/g) ?? []).map((word) => word.replace(/^'(.*)'$/, '$1'));

async function runSteps(steps: readonly Step[], vars: Record<string, string>): Promise<void> {
  for (const step of steps) {
    const run = await cli(words(step.args, vars));
    const shown = `npm run admin -- ${step.args}\nexit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
    expect({ step: step.args, code: run.code }).toEqual({ step: step.args, code: step.code });
    for (const line of step.out ?? []) {
      if (!run.stdout.split(/\r?\n/).some((candidate) => line.test(candidate))) throw new Error(`no stdout line matches ${String(line)}\n${shown}`);
    }
    if (step.err !== undefined) {
      if (!step.err.test(run.stderr)) throw new Error(`stderr does not match ${String(step.err)}\n${shown}`);
      expect(run.stdout).toBe('');
    } else {
      expect({ step: step.args, stderr: run.stderr }).toEqual({ step: step.args, stderr: '' });
    }
  }
}

describe('npm run admin against npm start', () => {
  it('manages a key from creation to revocation, with budget, spend and limits in every view', async () => {
    const created = await cli(['keys', 'create', '--name', 'cli-bot', '--team', 'search', '--models', 'claude-sonnet-4-5,nova-lite', '--budget-usd', '25', '--budget-period', 'month', '--rpm', '10', '--json']);
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello' }] });

    await runSteps(
      [
        {
          args: 'keys list',
          code: 0,
          out: [
            /^id\s+name\s+team\s+status\s+budget\s+spent\s+remaining\s+limits\s+expires$/,
            new RegExp(`^${id}\\s+cli-bot\\s+search\\s+active\\s+\\$25\\.00/month\\s+\\$0\\.0\\d+\\s+\\$24\\.9\\d+\\s+10 rpm, - tpm\\s+-$`),
            /^key_[0-9a-f]{24}\s+dev\s+-\s+active\s+-\s+-\s+-\s+-\s+-$/,
          ],
        },
        {
          args: 'keys get {id}',
          code: 0,
          out: [/^models\s+claude-sonnet-4-5, nova-lite$/, new RegExp(`^budget\\s+\\$25\\.00 per month; ${MONTH}: spent \\$0\\.0\\d+, reserved \\$0\\.00, remaining \\$24\\.9\\d+$`), /^alerts at\s+50%, 80%, 100%$/],
        },
        { args: 'keys update {id} --tpm 5000', code: 0, out: [/^limits\s+10 rpm, 5000 tpm$/] },
        { args: 'keys update {id} --budget-usd 30 --alert-thresholds 90', code: 0, out: [/^budget\s+\$30\.00 per month; /, /^alerts at\s+90%$/] },
        { args: "keys update {id} --name 'cli bot' --no-team --all-models", code: 0, out: [/^name\s+cli bot$/, /^team\s+-$/, /^models\s+all$/] },
        { args: 'keys rotate {id}', code: 0, out: [/^budget\s+\$30\.00 per month; .*spent \$0\.0\d+/, /^limits\s+10 rpm, 5000 tpm$/, /^sk-[A-Za-z0-9_-]{43}$/] },
        { args: 'keys update {id} --no-budget --no-limits', code: 0, out: [/^budget\s+-$/, /^limits\s+-$/] },
        { args: 'keys revoke {id}', code: 0, out: [/^Revoked key_[0-9a-f]{24} \(cli bot\)\.$/] },
        { args: 'keys get {id}', code: 0, out: [/^status\s+revoked$/] },
      ],
      { id },
    );
  });

  it('sets, reads, lists and deletes budgets and limits of teams, keys and principals', async () => {
    await cli(['keys', 'create', '--name', 'ml-bot', '--team', 'ml']);
    const role = 'arn:aws:iam::123456789012:role/Analytics';
    await runSteps(
      [
        { args: 'budgets set team ml --usd 100 --period day --alert-thresholds 80,100', code: 0, out: [new RegExp(`^team\\s+ml\\s+\\$100\\.00/day\\s+${TODAY}\\s+\\$0\\.00\\s+\\$0\\.00\\s+\\$100\\.00\\s+80,100\\s+\\S+Z$`)] },
        { args: 'budgets set team ml-typo --usd 1 --period day', code: 1, err: /^Error: No key, policy or usage .* names team "ml-typo"\. .*--new-team\)\. \[404 team_not_found, field id\]$/ },
        { args: 'budgets set team newcomers --usd 5 --period month --alert-thresholds none --new-team', code: 0, out: [/^team\s+newcomers\s+\$5\.00\/month\s+\d{4}-\d{2}\s+\$0\.00\s+\$0\.00\s+\$5\.00\s+none\s+/] },
        { args: `budgets set principal ${role} --usd 7.5 --period total`, code: 0, out: [/^principal\s+arn:aws:iam::123456789012:role\/Analytics\s+\$7\.50\/total\s+all\s+\$0\.00\s+\$0\.00\s+\$7\.50\s+50,80,100\s+-$/] },
        { args: 'budgets list --kind team', code: 0, out: [/^kind\s+id\s+budget\s+period\s+spent\s+reserved\s+remaining\s+alerts %\s+ends$/, /^team\s+ml\s+\$100\.00\/day/, /^team\s+newcomers\s+\$5\.00\/month/] },
        { args: 'budgets get team ml', code: 0, out: [/^team\s+ml\s+\$100\.00\/day/] },
        { args: 'budgets delete team newcomers', code: 0, out: [/^Deleted the budget of team newcomers\.$/] },
        { args: 'budgets get team newcomers', code: 1, err: /^Error: No budget is set for team "newcomers"\. \[404 budget_not_found\]$/ },
        { args: 'budgets get key key_000000000000000000000000', code: 1, err: /^Error: No virtual key with id "key_000000000000000000000000"\. \[404 key_not_found, field id\]$/ },
        { args: 'budgets set group ml --usd 1 --period day', code: 1, err: /^Error: Invalid 'kind': .* \[400 invalid_value, field kind\]$/ },
        { args: 'budgets set team ml --usd=-5 --period day', code: 1, err: /^Error: Invalid 'usd': .* \[400 invalid_value, field usd\]$/ },
        { args: 'limits set team ml --rpm 100', code: 0, out: [/^team\s+ml\s+100\s+-$/] },
        { args: `limits set principal ${role} --tpm 20000`, code: 0, out: [/^principal\s+arn:aws:iam::123456789012:role\/Analytics\s+-\s+20000$/] },
        { args: 'limits get team ml', code: 0, out: [/^kind\s+id\s+rpm\s+tpm$/, /^team\s+ml\s+100\s+-$/] },
        { args: 'limits list', code: 0, out: [/^team\s+ml\s+100\s+-$/, /^principal\s+arn:aws:iam::123456789012:role\/Analytics\s+-\s+20000$/] },
        { args: 'limits delete team ml', code: 0, out: [/^Deleted the limits of team ml\.$/] },
        { args: 'limits get team ml', code: 1, err: /^Error: No limits are set for team "ml"\. \[404 limits_not_found\]$/ },
        { args: 'limits set team ml', code: 1, err: /^Error: Invalid 'rpm': set rpm, tpm or both\. \[400 invalid_value, field rpm\]$/ },
      ],
      {},
    );
  });

  it('reports usage by team, pairs and key, as tables and CSV, and lists alerts and runs the sweep', async () => {
    const { stdout } = await cli(['keys', 'create', '--name', 'report-bot', '--team', 'reports', '--json']);
    const { id, key } = JSON.parse(stdout) as { id: string; key: string };
    const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello' }] });
    await client.chat.completions.create({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello again' }] });

    await runSteps(
      [
        { args: 'usage --group-by team --team reports', code: 0, out: [/^Usage \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, by team$/, /^team\s+requests\s+errors\s+input\s+output\s+cached\s+cache write\s+cost$/, /^reports\s+2\s+0\s+\d+\s+\d+\s+0\s+0\s+\$0\.0\d+$/, /^TOTAL\s+2\s+0\s+/] },
        { args: 'usage --group-by team,model --team reports', code: 0, out: [/^team\s+model\s+requests/, /^reports\s+nova-lite\s+2\s+/, /^TOTAL\s+2\s+0\s+/] },
        { args: 'usage --group-by key --key {id}', code: 0, out: [/^key\s+name\s+team\s+requests/, new RegExp(`^${id}\\s+report-bot\\s+reports\\s+2\\s+`)] },
        { args: `usage --group-by day --team reports --from ${TODAY} --to ${TODAY}`, code: 0, out: [new RegExp(`^${TODAY}\\s+2\\s+`)] },
        { args: 'usage --csv --group-by team --team reports', code: 0, out: [/^team,requests,errors,inputTokens,outputTokens,cachedTokens,cacheWriteTokens,costUsd,costNanoUsd$/, /^reports,2,0,\d+,\d+,0,0,0\.\d{9},\d+$/] },
        { args: 'usage --group-by tenant', code: 1, err: /^Error: Invalid 'groupBy': .* \[400 invalid_value, field groupBy\]$/ },
        { args: 'usage --from 2026-13-01', code: 1, err: /\[400 invalid_value, field from\]$/ },
        { args: 'alerts list --limit 5', code: 0, out: [/^at\s+kind\s+id\s+period\s+threshold\s+spent\s+limit$/] },
        { args: 'alerts list --limit 0', code: 1, err: /\[400 invalid_value, field limit\]$/ },
        { args: 'maintenance release-stale-reservations', code: 0, out: [/^reservations released\s+0 \(\$0\.00\)$/, /^settlements pending\s+0$/] },
      ],
      { id },
    );
  });

  it('refuses models the gateway does not serve, naming the model and the field', async () => {
    await runSteps(
      [
        { args: 'keys create --name nothing --models gpt-9', code: 1, err: /^Error: Invalid 'models': "gpt-9" is not a model this gateway serves nor a route\. .* \[400 model_not_found, field models\]$/ },
        { args: 'keys create --name nothing --expires-at 2020-01-01T00:00:00Z', code: 1, err: /^Error: Invalid 'expiresAt': 2020-01-01T00:00:00Z is not in the future\. \[400 invalid_value, field expiresAt\]$/ },
      ],
      {},
    );
    expect((await cli(['keys', 'list'])).stdout).not.toContain('nothing');
  });

  it.each<[string, RegExp]>([
    ['keys explode', /^Error: Unknown command "keys explode"\.\n {2}Commands: keys create, keys list, .*, token\. See npm run admin -- --help\.$/],
    ['keys get', /^Error: keys get needs ID\.\n {2}Usage: npm run admin -- keys get ID$/],
    ['keys get a b', /^Error: Unexpected argument "b" for keys get\./],
    ['budgets set team', /^Error: budgets set needs ID\./],
    ['keys list --usd 5', /^Error: --usd does not apply to keys list\.\n {2}Usage: npm run admin -- keys list$/],
    ['keys create --team x', /^Error: keys create needs --name NAME\.$/],
    ['keys create --name x --budget-period day', /^Error: --budget-period and --alert-thresholds need --budget-usd\.$/],
    ['keys update key_000000000000000000000000', /^Error: Nothing to update: give at least one of --name, /],
    ['keys update key_000000000000000000000000 --team a --no-team', /^Error: --team and --no-team exclude each other\.$/],
    ['budgets set team ml --usd ten --period day', /^Error: --usd must be a number, got "ten"\.$/],
    ['keys list --colour', /^Error: Unknown option '--colour'\. .*\n {2}See npm run admin -- --help\.$/],
    ['', /^Usage: npm run admin -- <command>/],
  ])('%s is a usage error (exit 2) on stderr', async (line, err) => {
    const run = await cli(words(line, {}));
    expect(run).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(err) as unknown as string });
  });

  it.each<[string, RegExp]>([
    ['--help', /^Usage: npm run admin -- <command> \[arguments\] \[options\]\n\nCommands:\n {2}keys create --name NAME /],
    ['help', /^Usage: npm run admin -- <command>/],
    ['keys update --help', /^Usage: npm run admin -- keys update ID \[--name N\] .*\n\nChange a key; .*\nCalls PATCH \/admin\/keys\/\{id\}\.$/],
  ])('%s prints help on stdout (exit 0)', async (line, out) => {
    const run = await cli(words(line, {}));
    expect(run).toEqual({ code: 0, stdout: expect.stringMatching(out) as unknown as string, stderr: '' });
  });

  it.each<[string, Record<string, string>, 1 | 2, RegExp]>([
    ['no admin token for a local URL', { GATEWAY_URL: 'http://127.0.0.1:4000' }, 2, /^Error: No admin token for the local gateway at http:\/\/127\.0\.0\.1:4000\.\n {2}set GATEWAY_ADMIN_TOKEN=admin-\.\.\. \(npm start prints it as "Admin token:"\) or pass --token; to manage a deployed gateway instead, set --url/],
    ['a wrong admin token', { GATEWAY_ADMIN_TOKEN: 'admin-wrong' }, 1, /^Error: .* \[401 .*\]\n {2}The admin token was refused: set GATEWAY_ADMIN_TOKEN=admin-\.\.\. \(npm start prints it as "Admin token:"\) or pass --token with the token of the gateway at this URL\.$/],
    ['a gateway that is not running', { GATEWAY_URL: 'http://127.0.0.1:{closedPort}', GATEWAY_ADMIN_TOKEN: 'admin-x' }, 1, /^Error: Cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\.\n {2}Is it running\? Start it with npm start, or point --url \(or GATEWAY_URL\) at the gateway you mean\.$/],
    ['a URL that is not one', { GATEWAY_URL: 'localhost:4000', GATEWAY_ADMIN_TOKEN: 'admin-x' }, 2, /^Error: --url \(or GATEWAY_URL\) is not an http\(s\) URL: "localhost:4000"\./],
  ])('with %s: says what to do on stderr', async (_, env, code, err) => {
    const closedPort = await freePort();
    const settings = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.replace('{closedPort}', String(closedPort))]));
    const run = await cli(['keys', 'list'], { GATEWAY_URL: dev.url, ...settings });
    expect(run).toEqual({ code, stdout: '', stderr: expect.stringMatching(err) as unknown as string });
  });

  describe('as its own process', () => {
    let home: string;
    beforeAll(() => {
      home = mkdtempSync(join(tmpdir(), 'admin-cli-home-'));
    });
    afterAll(() => {
      rmSync(home, { recursive: true, force: true });
    });

    it('prints answers on stdout with exit 0, failures on stderr with exit 1 or 2', async () => {
      const [listed, noToken, noCredentials] = await Promise.all([
        cliProcess(['keys', 'list'], { GATEWAY_URL: dev.url, GATEWAY_ADMIN_TOKEN: dev.adminToken }),
        cliProcess(['keys', 'list'], { GATEWAY_URL: dev.url, HOME: home }),
        // No credentials anywhere: empty HOME, no instance metadata, no environment credentials.
        cliProcess(['keys', 'list', '--url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod'], {
          HOME: home,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: join(home, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
        }),
      ]);

      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/^id\s+name\s+team\s+status\s+budget\s+spent\s+remaining\s+limits\s+expires\n/);
      expect(listed.stderr).not.toContain('Error');

      expect(noToken.code).toBe(2);
      expect(noToken.stdout).toBe('');
      expect(noToken.stderr).toContain(`Error: No admin token for the local gateway at ${dev.url}.`);

      expect(noCredentials.code).toBe(1);
      expect(noCredentials.stdout).toBe('');
      expect(noCredentials.stderr).toContain('Error: No AWS credentials to sign the request to https://abc123.execute-api.eu-west-1.amazonaws.com (SigV4 for execute-api in eu-west-1).');
      expect(noCredentials.stderr).toContain('Configure credentials for the default chain (aws configure, aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).');
      expect(noCredentials.stderr).not.toContain('Could not load credentials from any providers');
    });
  });
});

describe('npm run admin against AWS', () => {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeEach(() => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  });
  afterEach(() => {
    process.env.AWS_ACCESS_KEY_ID = saved.id;
    process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
  });

  it('signs requests with SigV4 for execute-api in the URL region when no admin token is set', async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const code = await runAdminCli(['keys', 'list', '--url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod'], {
      env: {},
      fetch: async (url, init) => {
        seen.push({ url: String(url), headers: init?.headers as Record<string, string> });
        return new Response(JSON.stringify({ object: 'list', data: [] }), { status: 200 });
      },
      out: () => undefined,
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(seen[0]?.headers.host).toBeUndefined();
    expect(seen[0]?.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/admin/keys');
    expect(seen[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
  });

  it('shows API Gateway\'s own refusal (no error object) with what the AWS identity needs', async () => {
    const stderr: string[] = [];
    const code = await runAdminCli(['keys', 'list', '--url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod'], {
      env: {},
      fetch: async () => new Response(JSON.stringify({ message: 'User: arn:aws:sts::123456789012:assumed-role/Dev/me is not authorized to perform: execute-api:Invoke' }), { status: 403 }),
      out: () => undefined,
      err: (text) => stderr.push(text),
    });
    expect(code).toBe(1);
    expect(stderr.join('\n')).toBe(
      "Error: User: arn:aws:sts::123456789012:assumed-role/Dev/me is not authorized to perform: execute-api:Invoke [403]\n  Your AWS identity may not call the admin API: it needs execute-api:Invoke on the /admin routes (the stack's adminPrincipals), and the URL must include the stage (/prod).",
    );
  });
});
