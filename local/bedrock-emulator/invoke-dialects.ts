/**
 * @module The InvokeModel body formats of chat models the emulator implements: Claude's Messages body,
 * Nova's `messages-v1` and Meta Llama's prompt body. Each reads its body as a Converse body (for the planner, rules and token
 * count) and renders the plan in its own reply format, JSON or stream chunks.
 */

import { anthropicModelName, isClaudeModel, validateClaudeBody } from './claude-messages-request';
import { CLAUDE_TOOL_USE_ID_PREFIX, toClaudeMessage, toClaudeStreamEvents } from './claude-messages-output';
import type { BedrockInvocationMetrics } from './invocation-metrics';
import { isLlamaModel, toLlamaResponse, toLlamaStreamChunks, validateLlamaBody } from './llama-invoke';
import { isNovaModel, toNovaResponse, toNovaStreamChunks, validateNovaBody } from './nova-invoke';
import type { ReplyPlan } from './reply-planner';
import type { ConverseBody } from './request-features';
import type { EmulatorModel } from './types';

/** How one model family's InvokeModel body is read and answered. */
interface ChatInvokeDialect {
  /** Validates the body as Bedrock would; returns the Converse body that asks the same. */
  readonly validate: (raw: unknown, model: EmulatorModel) => ConverseBody;
  /** Prefix of tool-use ids in this family's replies. */
  readonly toolUseIdPrefix: string;
  /** The InvokeModel reply body. */
  readonly response: (plan: ReplyPlan, model: EmulatorModel) => unknown;
  /** The JSON objects sent one per `chunk` of InvokeModelWithResponseStream; `metrics` is read for the last. */
  readonly streamChunks: (plan: ReplyPlan, model: EmulatorModel, metrics: () => BedrockInvocationMetrics) => Iterable<unknown>;
}

const CLAUDE_DIALECT: ChatInvokeDialect = {
  validate: (raw, model) => validateClaudeBody(raw, model).view,
  toolUseIdPrefix: CLAUDE_TOOL_USE_ID_PREFIX,
  response: (plan, model) => toClaudeMessage(plan, anthropicModelName(model.modelId)),
  streamChunks: (plan, model, metrics) => toClaudeStreamEvents(plan, anthropicModelName(model.modelId), metrics),
};

const NOVA_DIALECT: ChatInvokeDialect = {
  validate: validateNovaBody,
  toolUseIdPrefix: 'tooluse_',
  response: (plan) => toNovaResponse(plan),
  streamChunks: (plan, _model, metrics) => toNovaStreamChunks(plan, metrics),
};

const LLAMA_DIALECT: ChatInvokeDialect = {
  validate: validateLlamaBody,
  toolUseIdPrefix: 'tooluse_',
  response: (plan) => toLlamaResponse(plan),
  streamChunks: (plan, _model, metrics) => toLlamaStreamChunks(plan, metrics),
};

/** The dialect of a chat model, or undefined when the emulator does not implement its InvokeModel body. */
function chatInvokeDialectOf(model: EmulatorModel): ChatInvokeDialect | undefined {
  if (isClaudeModel(model)) return CLAUDE_DIALECT;
  if (isNovaModel(model)) return NOVA_DIALECT;
  if (isLlamaModel(model)) return LLAMA_DIALECT;
  return undefined;
}

export { chatInvokeDialectOf };
export type { ChatInvokeDialect };
