/**
 * @module The peer of the side-by-side comparison: the Portkey OSS gateway (`@portkey-ai/gateway`
 * from npm), its Bedrock provider pointed at the same emulator over TLS.
 *
 * Installed on demand, exact version, with `npm install --prefix` into a cache folder outside the
 * repository (`BEDROCK_GATEWAY_BENCH_DIR`, else `~/.cache/bedrock-gateway-bench`): as a
 * devDependency it would add 95 packages (25 MB) to every `npm ci` for the benchmark alone.
 * Portkey reaches Bedrock with `fetch` at `x-portkey-custom-host` (which replaces
 * `https://bedrock-runtime.REGION.amazonaws.com` in its request URL) and signs with the
 * `x-portkey-aws-*` credentials; it trusts the emulator's certificate through `NODE_EXTRA_CA_CERTS`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The version compared (the npm registry's latest on 2026-12-05). */
const PORTKEY_VERSION = '1.15.2';
const PACKAGE = '@portkey-ai/gateway';
const START_TIMEOUT_MS = 30_000;
/** Linux clock ticks per second for /proc/PID/stat times (`getconf CLK_TCK`). */
const CLOCK_TICKS_PER_SECOND = 100;

interface PortkeyPeer {
  readonly url: string;
  readonly version: string;
  /** The headers that route a request to the emulator through Portkey's Bedrock provider. */
  readonly headers: Readonly<Record<string, string>>;
  /** User plus system CPU time of the Portkey process so far, µs (10 ms resolution). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

function installDir(): string {
  return process.env['BEDROCK_GATEWAY_BENCH_DIR'] ?? join(homedir(), '.cache', 'bedrock-gateway-bench');
}

/** Installs the pinned version unless present; returns the server script. */
function ensurePortkeyInstalled(log: (line: string) => void): string {
  const prefix = installDir();
  const packageDir = join(prefix, 'node_modules', ...PACKAGE.split('/'));
  const manifest = join(packageDir, 'package.json');
  const installed = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : undefined;
  if (installed !== PORTKEY_VERSION) {
    log(`installing ${PACKAGE}@${PORTKEY_VERSION} into ${prefix} (once)...`);
    const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--save-exact', `${PACKAGE}@${PORTKEY_VERSION}`], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`npm install ${PACKAGE}@${PORTKEY_VERSION} failed; rerun with --skip portkey to leave the peer out`);
  }
  return join(packageDir, 'build', 'start-server.js');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilListening(url: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const exit = exited();
    if (exit !== undefined) throw new Error(`Portkey exited before listening: ${exit}`);
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Portkey did not listen at ${url} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function processCpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / CLOCK_TICKS_PER_SECOND;
}

/** Starts Portkey (installing it first if needed) with its Bedrock provider aimed at `bedrockUrl`. */
async function startPortkeyPeer(options: { readonly bedrockUrl: string; readonly certificateFile: string; readonly log: (line: string) => void }): Promise<PortkeyPeer> {
  const script = ensurePortkeyInstalled(options.log);
  const port = await freePort();
  const child = spawn(process.execPath, [script, `--port=${port}`, '--headless'], {
    env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: options.certificateFile, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilListening(url, () => (child.exitCode === null ? undefined : `${String(child.exitCode)} ${stderr}`));
  } catch (error) {
    child.kill();
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('Portkey has no pid');
  return {
    url,
    version: PORTKEY_VERSION,
    headers: {
      'x-portkey-provider': 'bedrock',
      'x-portkey-custom-host': options.bedrockUrl,
      'x-portkey-aws-region': 'us-east-1',
      'x-portkey-aws-access-key-id': 'AKIABENCH',
      'x-portkey-aws-secret-access-key': 'bench',
    },
    cpuMicros: () => processCpuMicros(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

export { PORTKEY_VERSION, ensurePortkeyInstalled, startPortkeyPeer };
export type { PortkeyPeer };
