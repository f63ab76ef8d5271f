/** @module What an agent scenario of `npm run agents` provides: the agent, the scripted model replies, the run and its checks. */
import { spawn } from 'node:child_process';
import type { RecordedRequest, ScriptedReply } from '../bedrock-emulator';

/** Where the scenario runs. */
interface ScenarioContext {
  /** `http://127.0.0.1:PORT` of the gateway. */
  readonly gatewayUrl: string;
  /** The gateway's dev key (`sk-...`). */
  readonly key: string;
  /** The `npm install --prefix` folder the agent is installed in. */
  readonly agentsDir: string;
  /** A temporary HOME for the agent's own configuration. */
  readonly home: string;
  /** A temporary working directory holding the scenario's `workFiles`. */
  readonly workDir: string;
}

/** How the agent ran. */
interface AgentRun {
  readonly exitCode: number | null;
  /** stdout and stderr. */
  readonly output: string;
}

interface AgentScenario {
  readonly name: string;
  /** npm packages to install, exact versions. */
  readonly packages: readonly { readonly name: string; readonly version: string }[];
  /** Files put in the working directory (name -> text). */
  readonly workFiles: Readonly<Record<string, string>>;
  /** Runtime variables for the gateway besides the dev key (e.g. `GATEWAY_ROUTES`). */
  readonly gatewayEnv?: Readonly<Record<string, string>>;
  /** The model's replies, in order: a tool call, then the answer after the tool result. */
  readonly replies: readonly ScriptedReply[];
  run(context: ScenarioContext): Promise<AgentRun>;
  /** Problems with what the agent did and sent (an empty list: the scenario passed). */
  check(run: AgentRun, requests: readonly RecordedRequest[]): string[];
}

/** Runs a command to its end (or `timeoutMs`), collecting its output. */
function runCommand(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<AgentRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, output });
    });
  });
}

export { runCommand };
export type { AgentRun, AgentScenario, ScenarioContext };
