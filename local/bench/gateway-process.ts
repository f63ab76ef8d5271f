/**
 * @module Starts the gateway under test as a child process: bundled by esbuild with the Lambda
 * settings (so it runs the same minified code a Lambda would), talking over Node IPC.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../../lib/lambda-bundling';
import type { ChildMessage, CommandMessage, UsageMessage } from './child-protocol';
import { esbuildOptionsFor } from './lambda-bundles';

/** A running gateway child. */
interface GatewayProcess {
  readonly url: string;
  usage(): Promise<UsageMessage>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * Bundles local/bench/gateway-child.ts into `outdir`; returns the script path. `readable` keeps
 * names and whitespace (for CPU profiles, whose frames then name the gateway's own functions).
 */
async function buildGatewayChild(outdir: string, readable = false): Promise<string> {
  const outfile = join(outdir, 'gateway-child.js');
  // Same settings as the Lambda bundles, but for the Node that runs the benchmark.
  const target = `node${process.versions.node.split('.')[0] ?? '20'}`;
  await build({ ...esbuildOptionsFor(LAMBDA_BUNDLING), target, entryPoints: [join(__dirname, 'gateway-child.ts')], outfile, ...(readable ? { minify: false, keepNames: true } : {}) });
  return outfile;
}

function nextMessage<T extends ChildMessage['type']>(child: ChildProcess, type: T, stderr: () => string): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the gateway child sent no "${type}" within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onMessage = (message: ChildMessage): void => {
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null): void => fail(new Error(`the gateway child exited (${String(code)}): ${stderr()}`));
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks the bundled child with `env` (nothing else of the parent's environment) and waits until it
 * listens; `nodeOptions` are added to its node flags (`--cpu-prof`, ...).
 */
async function startGatewayProcess(script: string, env: NodeJS.ProcessEnv, nodeOptions: readonly string[] = []): Promise<GatewayProcess> {
  // stdout (access log and EMF lines) is discarded, as CloudWatch would take it off a Lambda's hands.
  const child = fork(script, [], { env, execArgv: ['--enable-source-maps', '--no-warnings', ...nodeOptions], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4000);
  });
  const ready = await nextMessage(child, 'ready', () => stderr).catch((error: unknown) => {
    child.kill();
    throw error;
  });
  const command = (message: CommandMessage): void => {
    child.send(message);
  };
  return {
    url: ready.url,
    usage: () => {
      const answer = nextMessage(child, 'usage', () => stderr);
      command({ type: 'usage' });
      return answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        command({ type: 'stop' });
      }),
  };
}

export { buildGatewayChild, startGatewayProcess };
export type { GatewayProcess };
