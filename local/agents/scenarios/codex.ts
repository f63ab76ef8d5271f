/**
 * @module The `codex` scenario: Codex CLI (`codex exec`) against the gateway's Responses API, with a
 * custom model provider in a temporary CODEX_HOME (`base_url` = the gateway's `/v1`, `env_key`,
 * `wire_api = "responses"`) and a catalog Claude model with reasoning on, asked to list the files of
 * its working directory: the model (scripted) thinks and calls `exec_command` with `ls`, Codex runs it
 * and sends the `function_call_output` back with the reasoning item (its `encrypted_content`), whose
 * signed thinking block must reach Bedrock again; the model answers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModelCatalog } from '../../../lambda/catalog';
import type { RecordedRequest } from '../../bedrock-emulator';
import { runCommand, type AgentRun, type AgentScenario } from '../scenario';

const CODEX_VERSION = '0.171.0';
/** A catalog model Codex has no metadata for (it uses its fallback settings: see the fixtures). */
const MODEL = 'claude-sonnet-4-5';
/** The signature of the scripted thinking before the tool call; Codex must carry it back. */
const SIGNATURE = 'sig-codex-1';
/** What the scripted model answers once it has the listing. */
const ANSWER = 'The directory holds notes.md and plan.txt.';

/** The native binary of the platform package (the `codex` launcher script only locates it). */
function codexBinary(agentsDir: string): string {
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const target = `${arch}-unknown-linux-musl`;
  return join(agentsDir, 'node_modules', '@openai', `codex-linux-${process.arch}`, 'vendor', target, 'bin', 'codex');
}

/**
 * Codex's configuration: the gateway as a custom provider speaking the Responses API, and the
 * context window of the catalog model that serves (Codex compacts the conversation by it; it does
 * not know a catalog model's window, and a model name of its own carries OpenAI's).
 */
function configToml(gatewayUrl: string, model: string, options: { readonly servedBy: string; readonly reasoningEffort?: string }): string {
  const contextWindow = createModelCatalog().resolve(options.servedBy)?.contextWindowTokens;
  if (contextWindow === undefined) throw new Error(`no catalog model ${options.servedBy}`);
  return [
    `model = "${model}"`,
    ...(options.reasoningEffort === undefined ? [] : [`model_reasoning_effort = "${options.reasoningEffort}"`]),
    `model_context_window = ${contextWindow}`,
    'model_provider = "bedrock-gateway"',
    '',
    '[model_providers.bedrock-gateway]',
    'name = "Bedrock gateway"',
    `base_url = "${gatewayUrl}/v1"`,
    'env_key = "BEDROCK_GATEWAY_KEY"',
    'wire_api = "responses"',
    '',
  ].join('\n');
}

function converseMessages(request: RecordedRequest): unknown[] {
  const body = request.body as { messages?: unknown[] };
  return body.messages ?? [];
}

const codexScenario: AgentScenario = {
  name: 'codex',
  packages: [{ name: '@openai/codex', version: CODEX_VERSION }],
  workFiles: { 'notes.md': '# Notes\n', 'plan.txt': 'plan\n' },
  replies: [{ toolCalls: [{ name: 'exec_command', input: { cmd: 'ls' } }], reasoning: { text: 'I will list the files.', signature: SIGNATURE } }, { text: ANSWER }],
  run: (context) => {
    const codexHome = join(context.home, '.codex');
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(join(codexHome, 'config.toml'), configToml(context.gatewayUrl, MODEL, { servedBy: MODEL, reasoningEffort: 'medium' }));
    return runCommand(codexBinary(context.agentsDir), ['exec', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'list the files in the current directory'], {
      cwd: context.workDir,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: context.home,
        CODEX_HOME: codexHome,
        BEDROCK_GATEWAY_KEY: context.key,
      },
      timeoutMs: 180_000,
    });
  },
  check(run: AgentRun, requests: readonly RecordedRequest[]): string[] {
    const problems: string[] = [];
    const calls = requests.filter((request) => request.operation === 'ConverseStream' && request.status === 200);
    if (calls.length < 2) problems.push(`expected two streamed model calls (tool call, then answer); Bedrock answered ${calls.length}`);
    const carriesListing = calls.some((request) => JSON.stringify(converseMessages(request)).includes('toolResult') && JSON.stringify(converseMessages(request)).includes('notes.md'));
    if (!carriesListing) problems.push('no model call carried the exec_command result with the directory listing');
    if (!calls.slice(1).some((request) => JSON.stringify(converseMessages(request)).includes(SIGNATURE))) problems.push('the signed thinking block did not come back to Bedrock (reasoning encrypted_content round trip)');
    if (!run.output.includes(ANSWER)) problems.push('the final answer is not in the agent output');
    return problems;
  },
};

export { CODEX_VERSION, codexBinary, codexScenario, configToml };
