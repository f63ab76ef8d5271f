/**
 * @module The `claude-code-bedrock` scenario: Claude Code in Amazon Bedrock mode
 * (`CLAUDE_CODE_USE_BEDROCK=1`) against the gateway's Bedrock runtime API, with
 * `ANTHROPIC_BEDROCK_BASE_URL=<gateway>/bedrock` and the gateway key as `AWS_BEARER_TOKEN_BEDROCK`
 * (what Bedrock API keys are sent as). Before its first turn Claude Code lists the inference profiles
 * and probes models through InvokeModel with `max_tokens: 1`; then it streams its turns through
 * InvokeModelWithResponseStream: the model (scripted, streamed turns only) calls Bash `ls`, Claude
 * Code runs it and sends the result back, the model answers.
 */
import type { RecordedRequest } from '../../bedrock-emulator';
import { runCommand, type AgentRun, type AgentScenario } from '../scenario';
import { claudeBinary, CLAUDE_CODE_VERSION } from './claude-code';

/** What the scripted model answers once it has the listing. */
const ANSWER = 'The directory holds notes.md and plan.txt.';

function messagesOf(request: RecordedRequest): { role: string; content: unknown }[] {
  const body = request.body as { messages?: { role: string; content: unknown }[] };
  return body.messages ?? [];
}

function carriesListing(message: { role: string; content: unknown }): boolean {
  const text = JSON.stringify(message.content);
  return message.role === 'user' && text.includes('"tool_result"') && text.includes('notes.md');
}

/** Only the streamed turns take the script: the probes (InvokeModel, `max_tokens: 1`) get the emulator's default answer. */
const STREAMED = ['InvokeModelWithResponseStream'] as const;

const claudeCodeBedrockScenario: AgentScenario = {
  name: 'claude-code-bedrock',
  packages: [{ name: '@anthropic-ai/claude-code', version: CLAUDE_CODE_VERSION }],
  workFiles: { 'notes.md': '# Notes\n', 'plan.txt': 'plan\n' },
  replies: [
    { toolCalls: [{ name: 'Bash', input: { command: 'ls', description: 'List files in current directory' } }], operations: STREAMED },
    { text: ANSWER, operations: STREAMED },
  ],
  run: (context) =>
    runCommand(claudeBinary(context.agentsDir), ['-p', 'list the files in the current directory', '--allowedTools', 'Bash'], {
      cwd: context.workDir,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: context.home,
        CLAUDE_CODE_USE_BEDROCK: '1',
        ANTHROPIC_BEDROCK_BASE_URL: `${context.gatewayUrl}/bedrock`,
        AWS_BEARER_TOKEN_BEDROCK: context.key,
        AWS_REGION: 'us-east-1',
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
      },
      timeoutMs: 180_000,
    }),
  check(run: AgentRun, requests: readonly RecordedRequest[]): string[] {
    const problems: string[] = [];
    const turns = requests.filter((request) => request.operation === 'InvokeModelWithResponseStream' && request.status === 200);
    if (turns.length < 2) problems.push(`expected two streamed model calls (tool call, then answer); Bedrock answered ${turns.length}`);
    if (!turns.some((request) => messagesOf(request).some(carriesListing))) problems.push('no model call carried the Bash tool result with the directory listing');
    if (!run.output.includes(ANSWER)) problems.push('the final answer is not in the agent output');
    return problems;
  },
};

export { claudeCodeBedrockScenario };
