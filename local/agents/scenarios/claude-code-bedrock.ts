/**
 * @module The `claude-code-bedrock` scenario: Claude Code in Amazon Bedrock mode
 * (`CLAUDE_CODE_USE_BEDROCK=1`) against the gateway's Bedrock runtime API, with
 * `ANTHROPIC_BEDROCK_BASE_URL=<gateway>/bedrock` and the gateway key as `AWS_BEARER_TOKEN_BEDROCK`
 * (what Bedrock API keys are sent as). Before its first turn Claude Code lists the inference profiles
 * and probes models through InvokeModel with `max_tokens: 1`; then it streams its turns through
 * InvokeModelWithResponseStream: the model (scripted, streamed turns only) calls Bash `ls`, Claude
 * Code runs it and sends the result back, the model answers.
 */
import { runCommand, type AgentScenario } from '../scenario';
import { ANSWER, checkToolRoundTrip, claudeBinary, CLAUDE_CODE_VERSION } from './claude-code';

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
  check: checkToolRoundTrip,
};

export { claudeCodeBedrockScenario };
