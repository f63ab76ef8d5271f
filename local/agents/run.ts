/**
 * @module `npm run agents -- <scenario>`: a real agent CLI against a local gateway, outside `npm test`.
 *
 * Installs the agent on demand (exact versions, `npm install --prefix` into a cache folder outside
 * the repository), starts the Bedrock emulator with the scenario's scripted replies (a tool call,
 * then an answer), starts the gateway as `npm start` does (its own port, a dev key, Bedrock pointed
 * at the emulator), runs the agent with its HOME in a temporary folder (the user's own agent
 * configuration is never read or written), and checks that the turn completed with a tool round trip
 * and that the usage was charged to the key (admin usage API). Exit code 0 when every check passed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBedrockEmulator, type BedrockEmulator } from '../bedrock-emulator';
import type { AgentScenario, ScenarioContext } from './scenario';
import { codexScenario } from './scenarios/codex';
import { codexLiteScenario } from './scenarios/codex-lite';
import { claudeCodeScenario } from './scenarios/claude-code';
import { claudeCodeBedrockScenario } from './scenarios/claude-code-bedrock';

const ROOT = join(__dirname, '../..');

/** Scenarios by name. */
const SCENARIOS: Readonly<Record<string, AgentScenario>> = {
  [codexScenario.name]: codexScenario,
  [codexLiteScenario.name]: codexLiteScenario,
  [claudeCodeScenario.name]: claudeCodeScenario,
  [claudeCodeBedrockScenario.name]: claudeCodeBedrockScenario,
};

/** Where agents are installed: `BEDROCK_GATEWAY_AGENTS_DIR`, else `~/.cache/bedrock-gateway-agents`. */
function agentsDir(): string {
  return process.env['BEDROCK_GATEWAY_AGENTS_DIR'] ?? join(homedir(), '.cache', 'bedrock-gateway-agents');
}

/** The installed version of `name` under `prefix`, if any. */
function installedVersion(prefix: string, name: string): string | undefined {
  const manifest = join(prefix, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
}

/** Installs the scenario's packages at their exact versions unless they are already there. */
function install(prefix: string, packages: readonly { readonly name: string; readonly version: string }[]): void {
  const missing = packages.filter(({ name, version }) => installedVersion(prefix, name) !== version);
  if (missing.length === 0) return;
  const specs = missing.map(({ name, version }) => `${name}@${version}`);
  process.stdout.write(`Installing ${specs.join(', ')} into ${prefix}...\n`);
  const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--save-exact', ...specs], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm install failed for ${specs.join(', ')}`);
}

interface RunningGateway {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Starts bin/dev.ts (what `npm start` runs) with Bedrock at the emulator; tsx loaded into its node process. */
function startGateway(emulator: BedrockEmulator, env: Readonly<Record<string, string>>): Promise<RunningGateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/dev.ts', '--bedrock=aws', '--ephemeral'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.runtimeUrl,
      AWS_ENDPOINT_URL_BEDROCK: emulator.controlUrl,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: 'us-east-1',
      ...env,
    },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${String(code)}:\n${output}`)));
  });
}

function stopGateway(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** The usage the admin API reports for the dev key. */
async function keyUsage(gatewayUrl: string, adminToken: string): Promise<{ requests: number; costUsd: number }> {
  const admin = async (path: string): Promise<unknown> => {
    const response = await fetch(`${gatewayUrl}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const keys = (await admin('/admin/keys')) as { data: { id: string; name: string }[] };
  const key = keys.data.find((candidate) => candidate.name === 'dev');
  if (key === undefined) throw new Error('the dev key is not in the admin key list');
  const usage = (await admin(`/admin/usage?key=${encodeURIComponent(key.id)}`)) as { totals: { requests: number; costUsd: number } };
  return usage.totals;
}

/** Runs one scenario; returns the problems found (none: it passed). */
async function runScenario(scenario: AgentScenario): Promise<string[]> {
  const prefix = agentsDir();
  install(prefix, scenario.packages);
  const home = mkdtempSync(join(tmpdir(), `agent-home-${scenario.name}-`));
  const workDir = mkdtempSync(join(tmpdir(), `agent-work-${scenario.name}-`));
  for (const [file, text] of Object.entries(scenario.workFiles)) writeFileSync(join(workDir, file), text);
  const key = `sk-agents-${randomBytes(12).toString('hex')}`;
  const adminToken = `admin-${randomBytes(12).toString('hex')}`;
  const emulator = await startBedrockEmulator();
  let gateway: RunningGateway | undefined;
  try {
    gateway = await startGateway(emulator, { ...scenario.gatewayEnv, GATEWAY_DEV_KEY: key, GATEWAY_ADMIN_TOKEN: adminToken, POWERTOOLS_LOG_LEVEL: 'WARN' });
    for (const reply of scenario.replies) emulator.script(reply);
    const context: ScenarioContext = { gatewayUrl: gateway.url, key, agentsDir: prefix, home, workDir };
    process.stdout.write(`Running ${scenario.name} against ${gateway.url}...\n`);
    const run = await scenario.run(context);
    process.stdout.write(`--- agent output (exit ${String(run.exitCode)}) ---\n${run.output.trim()}\n---\n`);
    const problems = [...(run.exitCode === 0 ? [] : [`the agent exited with ${String(run.exitCode)}`]), ...scenario.check(run, emulator.requests)];
    const usage = await keyUsage(gateway.url, adminToken);
    process.stdout.write(`Usage charged to the key: ${usage.requests} requests, $${usage.costUsd}\n`);
    if (usage.requests < 2 || usage.costUsd <= 0) problems.push(`expected at least 2 charged requests, the admin API reports ${usage.requests} for $${usage.costUsd}`);
    return problems;
  } finally {
    if (gateway !== undefined) await stopGateway(gateway.child);
    await emulator.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const name = process.argv[2];
  const scenario = name === undefined ? undefined : SCENARIOS[name];
  if (scenario === undefined) {
    process.stderr.write(`Usage: npm run agents -- <scenario>; scenarios: ${Object.keys(SCENARIOS).join(', ')}\n`);
    process.exit(2);
  }
  const problems = await runScenario(scenario);
  if (problems.length === 0) {
    process.stdout.write(`PASS ${scenario.name}: tool round trip completed and charged to the key.\n`);
    return;
  }
  process.stdout.write(`FAIL ${scenario.name}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
  process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
