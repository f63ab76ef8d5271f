/**
 * @module `npm start` (bin/dev.ts) in its own process, as a user runs it: its printed URL, virtual key
 * and admin token, and Ctrl-C to stop it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
/** Generous: a start takes about 5 s on this machine under moderate load, several times that under heavy load. */
const START_TIMEOUT_MS = 45_000;

interface RunningDev {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly key: string;
  readonly adminToken: string;
  readonly output: () => string;
}

/**
 * Starts bin/dev.ts on a free port; resolves once it printed its URL, key, admin token and "Press Ctrl-C".
 * The ledger is in memory (`--ephemeral`) unless `args` name a `--data-dir`.
 */
function startDev(args: readonly string[], env: Readonly<Record<string, string>>): Promise<RunningDev> {
  const ledgerArgs = args.some((arg) => arg.startsWith('--data-dir') || arg === '--ephemeral') ? [] : ['--ephemeral'];
  // tsx as a loader in this one process, not its CLI: the CLI relays signals to a child process and,
  // when the child does not acknowledge within 30 ms (a loaded machine), kills it and exits with 130.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/dev.ts', ...ledgerArgs, ...args], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', POWERTOOLS_LOG_LEVEL: 'SILENT', ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev runner did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const key = /Virtual key:\s+(sk-\S+)/.exec(output)?.[1];
      const adminToken = /Admin token:\s+(\S+)/.exec(output)?.[1];
      if (url !== undefined && key !== undefined && adminToken !== undefined && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, url, key, adminToken, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`dev runner exited with ${String(code)}:\n${output}`)));
  });
}

/** Sends Ctrl-C (SIGINT); resolves to the exit code. */
function stopDev(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });
}

export { startDev, stopDev };
export type { RunningDev };
