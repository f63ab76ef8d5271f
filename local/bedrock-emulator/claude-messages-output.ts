/**
 * @module Turns a reply plan into Claude's Messages reply: the Message JSON of InvokeModel, or the
 * ordered stream events of InvokeModelWithResponseStream (each sent base64-encoded in a `chunk`).
 *
 * Bedrock sends the events of Anthropic's SSE stream without `ping`, and appends
 * `amazon-bedrock-invocationMetrics` to `message_stop`.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */

import { randomBytes } from 'node:crypto';
import type { StopReason } from '@aws-sdk/client-bedrock-runtime';
import type {
  ClaudeBlockDelta,
  ClaudeMessage,
  ClaudeResponseBlock,
  ClaudeStopReason,
  ClaudeStreamEvent,
  ClaudeUsage,
} from './claude-messages-types';
import { splitFragments, splitWords } from './converse-output';
import type { BedrockInvocationMetrics } from './invocation-metrics';
import type { PlannedBlock, ReplyPlan } from './reply-planner';

/** Prefix of tool-use ids Claude on Bedrock generates. */
const CLAUDE_TOOL_USE_ID_PREFIX = 'toolu_bdrk_01';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `msg_bdrk_01` and 24 base62 characters, the form of Bedrock's message ids. */
function newMessageId(): string {
  return `msg_bdrk_01${Array.from(randomBytes(24), (byte) => BASE62[byte % BASE62.length]).join('')}`;
}

/** Converse stop reasons as Claude names them (the planner speaks Converse). */
function toClaudeStopReason(reason: StopReason): ClaudeStopReason {
  switch (reason) {
    case 'tool_use':
    case 'max_tokens':
    case 'stop_sequence':
    case 'end_turn':
    case 'model_context_window_exceeded':
      return reason;
    case 'content_filtered':
    case 'guardrail_intervened':
      return 'refusal';
    default:
      return 'end_turn';
  }
}

function toClaudeUsage(plan: ReplyPlan): ClaudeUsage {
  return {
    input_tokens: plan.usage.inputTokens ?? 0,
    cache_creation_input_tokens: plan.usage.cacheWriteInputTokens ?? 0,
    ...(plan.usage.cacheDetails === undefined
      ? {}
      : {
          cache_creation: {
            ephemeral_5m_input_tokens: plan.usage.cacheDetails.find((detail) => detail.ttl === '5m')?.inputTokens ?? 0,
            ephemeral_1h_input_tokens: plan.usage.cacheDetails.find((detail) => detail.ttl === '1h')?.inputTokens ?? 0,
          },
        }),
    cache_read_input_tokens: plan.usage.cacheReadInputTokens ?? 0,
    output_tokens: plan.usage.outputTokens ?? 0,
  };
}

function toClaudeBlock(block: PlannedBlock): ClaudeResponseBlock {
  switch (block.kind) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'reasoning':
      return { type: 'thinking', thinking: block.text, signature: block.signature };
    case 'redacted-reasoning':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool-use':
      return { type: 'tool_use', id: block.toolUseId, name: block.name, input: block.input };
    default: {
      const _exhaustiveCheck: never = block;
      return _exhaustiveCheck;
    }
  }
}

/** The InvokeModel reply for a plan. */
function toClaudeMessage(plan: ReplyPlan, model: string, id: string = newMessageId()): ClaudeMessage {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: plan.blocks.map(toClaudeBlock),
    stop_reason: toClaudeStopReason(plan.stopReason),
    stop_sequence: plan.stopSequence ?? null,
    usage: toClaudeUsage(plan),
  };
}

function blockEvents(block: PlannedBlock, index: number): ClaudeStreamEvent[] {
  const delta = (payload: ClaudeBlockDelta): ClaudeStreamEvent => ({ type: 'content_block_delta', index, delta: payload });
  switch (block.kind) {
    case 'text':
      return [
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        ...splitWords(block.text).map((text) => delta({ type: 'text_delta', text })),
        { type: 'content_block_stop', index },
      ];
    case 'reasoning':
      return [
        { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
        ...splitWords(block.text).map((thinking) => delta({ type: 'thinking_delta', thinking })),
        delta({ type: 'signature_delta', signature: block.signature }),
        { type: 'content_block_stop', index },
      ];
    case 'redacted-reasoning':
      return [
        { type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: block.data } },
        { type: 'content_block_stop', index },
      ];
    case 'tool-use':
      return [
        { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.toolUseId, name: block.name, input: {} } },
        ...splitFragments(JSON.stringify(block.input)).map((partial_json) => delta({ type: 'input_json_delta', partial_json })),
        { type: 'content_block_stop', index },
      ];
    default: {
      const _exhaustiveCheck: never = block;
      return _exhaustiveCheck;
    }
  }
}

/**
 * The stream events for a plan, in Anthropic's order: message_start (usage so far, output 1),
 * per block content_block_start, deltas and content_block_stop, message_delta (stop reason and the
 * cumulative output tokens), message_stop with Bedrock's metrics. `metrics` is read when
 * message_stop is built, so the latency can cover the whole stream.
 */
function toClaudeStreamEvents(plan: ReplyPlan, model: string, metrics: () => BedrockInvocationMetrics): Iterable<ClaudeStreamEvent> {
  return {
    *[Symbol.iterator]() {
      const start = toClaudeMessage(plan, model);
      yield { type: 'message_start', message: { ...start, content: [], stop_reason: null, stop_sequence: null, usage: { ...start.usage, output_tokens: 1 } } };
      for (const [index, block] of plan.blocks.entries()) yield* blockEvents(block, index);
      yield { type: 'message_delta', delta: { stop_reason: toClaudeStopReason(plan.stopReason), stop_sequence: plan.stopSequence ?? null }, usage: { output_tokens: start.usage.output_tokens } };
      yield { type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics() };
    },
  };
}

export { CLAUDE_TOOL_USE_ID_PREFIX, toClaudeMessage, toClaudeStreamEvents };
