/**
 * @module The `codex-lite` scenario: Codex CLI with its default model name, which makes it send its
 * "responses-lite" form (shared/fixtures/agents/codex-responses-lite.json): no top-level tools, all of
 * them as `namespace` groups in an `additional_tools` input item, the shell reached through the `exec`
 * custom tool (a JavaScript cell calling `tools.exec_command`). The deployment routes that model name
 * to a catalog Claude model. The model (scripted) calls `exec`; Codex must run it from the
 * `custom_tool_call` the gateway returns and send the output back; the model answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedRequest } from '../../bedrock-emulator';
import { runCommand, type AgentRun, type AgentScenario } from '../scenario';
import { codexBinary, CODEX_VERSION, configToml } from './codex';

/** Codex 0.171.0's default model: the one it sends the lite form for (codex-responses-lite.json). */
const MODEL = 'gpt-6.2-sol';
/** The catalog model the deployment serves it with. */
const SERVED_BY = 'claude-sonnet-4-5';
/** The JavaScript cell the scripted model sends to `exec` (as recorded in the lite fixture). */
const CELL = 'const r = await tools.exec_command({cmd: "ls"});\ntext(r);';
const ANSWER = 'The directory holds notes.md and plan.txt.';

interface ConverseView {
  readonly messages?: unknown[];
  readonly toolConfig?: { tools?: { toolSpec?: { name: string } }[] };
}

const codexLiteScenario: AgentScenario = {
  name: 'codex-lite',
  packages: [{ name: '@openai/codex', version: CODEX_VERSION }],
  workFiles: { 'notes.md': '# Notes\n', 'plan.txt': 'plan\n' },
  gatewayEnv: { GATEWAY_ROUTES: JSON.stringify({ [MODEL]: [SERVED_BY] }) },
  replies: [{ toolCalls: [{ name: 'exec', input: { input: CELL } }] }, { text: ANSWER }],
  run: (context) => {
    const codexHome = join(context.home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, 'config.toml'), configToml(context.gatewayUrl, MODEL, { servedBy: SERVED_BY }));
    return runCommand(codexBinary(context.agentsDir), ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'list the files in the current directory'], {
      cwd: context.workDir,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: context.home, CODEX_HOME: codexHome, BEDROCK_GATEWAY_KEY: context.key },
      timeoutMs: 180_000,
    });
  },
  check(run: AgentRun, requests: readonly RecordedRequest[]): string[] {
    const problems: string[] = [];
    const calls = requests.filter((request) => request.operation === 'ConverseStream' && request.status === 200).map((request) => request.body as ConverseView);
    if (calls.length < 2) problems.push(`expected two streamed model calls (tool call, then answer); Bedrock answered ${calls.length}`);
    const tools = (calls[0]?.toolConfig?.tools ?? []).flatMap((tool) => (tool.toolSpec === undefined ? [] : [tool.toolSpec.name]));
    if (!tools.includes('exec')) problems.push(`the first call offered no exec tool (tools: ${tools.join(', ') || 'none'}): the namespace tools did not reach Bedrock`);
    if (!calls.slice(1).some((body) => JSON.stringify(body.messages ?? []).includes('toolResult') && JSON.stringify(body.messages ?? []).includes('notes.md'))) {
      problems.push('no model call carried the exec result with the directory listing (Codex did not run the custom_tool_call)');
    }
    if (!run.output.includes(ANSWER)) problems.push('the final answer is not in the agent output');
    return problems;
  },
};

export { codexLiteScenario };
