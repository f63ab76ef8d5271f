/**
 * @module The Bedrock calls of a Messages request to Claude: InvokeModel (JSON) and
 * InvokeModelWithResponseStream, each sent again once without betas when Bedrock refuses a beta it
 * lists for another model ("invalid beta flag"), so an unsupported beta never becomes a 400.
 */
import type { InvokeModelCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { DeploymentGuardrail } from '../platform/config';
import {
  invokeModelOperation,
  invokeModelStreamOperation,
  type BedrockCallOptions,
  type JsonOperation,
  type StreamOperation,
} from '../model-call/bedrock-operations';
import { GatewayError } from '../platform/errors';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { createClaudeStreamMeter, decodeClaudeStreamChunk, readClaudeMessage, type MessagesStreamEvent } from './claude-invoke-answer';
import { withoutBetas, type ClaudeInvokeBody } from './convert-to-claude-body';
import type { AnthropicMessage } from './messages-api-types';

/** What Bedrock (passing Anthropic's check on) answers for a beta the model does not take. */
const INVALID_BETA = /invalid beta flag/i;

/** The guardrail trace setting in InvokeModel's spelling. */
const INVOKE_TRACE = { enabled: 'ENABLED', disabled: 'DISABLED', enabled_full: 'ENABLED_FULL' } as const;

interface ClaudeCallOptions {
  /** The Bedrock model or inference profile id. */
  readonly modelId: string;
  readonly body: ClaudeInvokeBody;
  /** The deployment's guardrail, applied to every call. @default - none */
  readonly guardrail?: DeploymentGuardrail;
  /** Collects the warning of a retry without betas (the candidate's warnings, sent with the response). */
  readonly warnings: string[];
}

function invokeInput(options: ClaudeCallOptions, body: ClaudeInvokeBody): InvokeModelCommandInput {
  const { guardrail } = options;
  return {
    modelId: options.modelId,
    contentType: 'application/json',
    accept: 'application/json',
    body: new TextEncoder().encode(JSON.stringify(body)),
    ...(guardrail === undefined
      ? {}
      : {
          guardrailIdentifier: guardrail.guardrailIdentifier,
          guardrailVersion: guardrail.guardrailVersion,
          ...(guardrail.trace === undefined ? {} : { trace: INVOKE_TRACE[guardrail.trace] }),
        }),
  };
}

function refusedBeta(error: unknown, body: ClaudeInvokeBody): boolean {
  return body.anthropic_beta !== undefined && GatewayError.isInstance(error) && error.statusCode === 400 && INVALID_BETA.test(error.message);
}

/** Runs `send` with the body, and once more without betas if Bedrock refused one. */
async function withBetaFallback<T>(options: ClaudeCallOptions, send: (body: ClaudeInvokeBody) => Promise<T>): Promise<T> {
  try {
    return await send(options.body);
  } catch (error) {
    if (!refusedBeta(error, options.body)) throw error;
    options.warnings.push(`anthropic-beta: ${(options.body.anthropic_beta ?? []).join(', ')} refused by Amazon Bedrock for this model; sent without betas.`);
    return send(withoutBetas(options.body));
  }
}

/** Claude's InvokeModel, answering Anthropic's Message. */
function claudeMessageOperation(options: ClaudeCallOptions): JsonOperation<AnthropicMessage> {
  return {
    name: 'InvokeModel',
    send: (client: BedrockRuntimeClient, callOptions: BedrockCallOptions) =>
      withBetaFallback(options, (body) => invokeModelOperation(invokeInput(options, body), readClaudeMessage).send(client, callOptions)),
  };
}

/** Claude's InvokeModelWithResponseStream, yielding Anthropic's stream events. */
function claudeStreamOperation(options: ClaudeCallOptions): StreamOperation<MessagesStreamEvent> {
  return {
    name: 'InvokeModelWithResponseStream',
    start: (client: BedrockRuntimeClient, callOptions: BedrockCallOptions) =>
      withBetaFallback(options, (body) =>
        invokeModelStreamOperation(invokeInput(options, body), decodeClaudeStreamChunk, createClaudeStreamMeter).start(client, callOptions),
      ),
  };
}

export { claudeMessageOperation, claudeStreamOperation };
export type { ClaudeCallOptions };
