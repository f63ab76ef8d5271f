/**
 * @module Starts the benchmark's DynamoDB side (dynalite behind the delaying proxy) in a child
 * process and talks to it over Node IPC; see dynamodb-engine-child.ts.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { EngineCommand, EngineMessage } from './child-protocol';
import type { ProxiedCall } from './dynamodb-delay-proxy';

/** The running engine process, as the benchmark sees it. */
interface DynamoDbEngineProcess {
  /** `http://127.0.0.1:PORT` of the proxy: the `AWS_ENDPOINT_URL_DYNAMODB` of a gateway under test. */
  readonly endpoint: string;
  /** Changes the time the proxy adds to every call from now on. */
  setDelay(delayMs: number): Promise<void>;
  /** Calls started at or after `since` (`preciseNow()` ms), oldest first. */
  callsSince(since: number): Promise<readonly ProxiedCall[]>;
  /** Resolves once no call has been in flight for `quietMs`. */
  whenQuiet(quietMs: number): Promise<void>;
  /** The engine process's CPU time (µs) and the TCP connections clients opened to it so far. */
  usage(): Promise<{ readonly cpuMicros: number; readonly connections: number }>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;
const REPO_ROOT = join(__dirname, '..', '..');

type Answer = Extract<EngineMessage, { type: 'answer' }>;

/** Forks the engine child (through tsx: dynalite is not bundled) with `delayMs` added to every call. */
async function startDynamoDbEngineProcess({ delayMs }: { readonly delayMs: number }): Promise<DynamoDbEngineProcess> {
  const child = fork(join(__dirname, 'dynamodb-engine-child.ts'), [String(delayMs)], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx', '--no-warnings'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4000);
  });
  const waiting = new Map<number, (answer: Answer) => void>();
  let nextId = 1;
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`the DynamoDB engine child was not ready within ${START_TIMEOUT_MS} ms: ${stderr}`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => fail(new Error(`the DynamoDB engine child exited (${String(code)}): ${stderr}`));
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.kill();
      reject(error);
    };
    child.once('exit', onExit);
    child.on('message', (message: EngineMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(message.endpoint);
      } else {
        waiting.get(message.id)?.(message);
        waiting.delete(message.id);
      }
    });
  });
  const ask = (command: { readonly type: Exclude<EngineCommand['type'], 'stop'> } & Record<string, unknown>): Promise<Answer> =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null) return reject(new Error(`the DynamoDB engine child has exited: ${stderr}`));
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ ...command, id } as EngineCommand);
    });
  return {
    endpoint,
    setDelay: async (next) => {
      await ask({ type: 'delay', delayMs: next });
    },
    callsSince: async (since) => (await ask({ type: 'calls', since })).calls ?? [],
    whenQuiet: async (quietMs) => {
      await ask({ type: 'quiet', quietMs });
    },
    usage: async () => {
      const answer = await ask({ type: 'usage' });
      return { cpuMicros: answer.cpuMicros ?? 0, connections: answer.connections ?? 0 };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' } satisfies EngineCommand);
      }),
  };
}

export { startDynamoDbEngineProcess };
export type { DynamoDbEngineProcess };
