/**
 * @module The `claude-code` scenario: Claude Code in print mode (`claude -p`) against the gateway's
 * Messages API, with `ANTHROPIC_BASE_URL` and `ANTHROPIC_AUTH_TOKEN`, asked to list the files of its
 * working directory: the model (scripted) calls Bash `ls`, Claude Code runs it and sends the result
 * back, the model answers.
 */
import { join } from 'node:path';
import type { RecordedRequest } from '../../bedrock-emulator';
import { runCommand, type AgentRun, type AgentScenario } from '../scenario';

/** The Claude Code release the scenarios run (checked to run offline on this machine). */
const CLAUDE_CODE_VERSION = '2.1.332';
/** What the scripted model answers once it has the listing. */
const ANSWER = 'The directory holds notes.md and plan.txt.';

/** The native binary: it comes from the platform package (claude-code's own postinstall, which would link it, is blocked here). */
function claudeBinary(agentsDir: string): string {
  const platform = `${process.platform}-${process.arch}`;
  return join(agentsDir, 'node_modules', '@anthropic-ai', `claude-code-${platform}`, 'claude');
}

function messagesOf(request: RecordedRequest): { role: string; content: unknown }[] {
  const body = request.body as { messages?: { role: string; content: unknown }[] };
  return body.messages ?? [];
}

/** Whether a turn carries a tool result holding the listing. */
function carriesListing(message: { role: string; content: unknown }): boolean {
  return message.role === 'user' && Array.isArray(message.content) && JSON.stringify(message.content).includes('"tool_result"') && JSON.stringify(message.content).includes('notes.md');
}

/** The problems with a Bash `ls` round trip: two streamed turns, the listing sent back, the final answer shown. */
function checkToolRoundTrip(run: AgentRun, requests: readonly RecordedRequest[]): string[] {
  const problems: string[] = [];
  const turns = requests.filter((request) => request.operation === 'InvokeModelWithResponseStream' && request.status === 200);
  if (turns.length < 2) problems.push(`expected two streamed model calls (tool call, then answer); Bedrock answered ${turns.length}`);
  if (!turns.some((request) => messagesOf(request).some(carriesListing))) problems.push('no model call carried the Bash tool result with the directory listing');
  if (!run.output.includes(ANSWER)) problems.push('the final answer is not in the agent output');
  return problems;
}

const claudeCodeScenario: AgentScenario = {
  name: 'claude-code',
  packages: [{ name: '@anthropic-ai/claude-code', version: CLAUDE_CODE_VERSION }],
  workFiles: { 'notes.md': '# Notes\n', 'plan.txt': 'plan\n' },
  replies: [{ toolCalls: [{ name: 'Bash', input: { command: 'ls', description: 'List files in current directory' } }] }, { text: ANSWER }],
  run: (context) =>
    runCommand(claudeBinary(context.agentsDir), ['-p', 'list the files in the current directory', '--allowedTools', 'Bash'], {
      cwd: context.workDir,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: context.home,
        ANTHROPIC_BASE_URL: context.gatewayUrl,
        ANTHROPIC_AUTH_TOKEN: context.key,
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
      },
      timeoutMs: 180_000,
    }),
  check: checkToolRoundTrip,
};

export { ANSWER, CLAUDE_CODE_VERSION, checkToolRoundTrip, claudeBinary, claudeCodeScenario };
