/**
 * @module Wire types of Claude's Messages body as Bedrock's InvokeModel takes it, and of its replies.
 *
 * The body is Anthropic's Messages request without `model` and `stream`, with
 * `anthropic_version: "bedrock-2023-05-31"` and the betas as an `anthropic_beta` array.
 * Only the fields the emulator reads are typed; the rest are checked as plain JSON.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */

import type { BedrockInvocationMetrics } from './invocation-metrics';

/** `cache_control` on a block, a tool or a system block. */
interface ClaudeCacheControl {
  readonly type: 'ephemeral';
  readonly ttl?: '5m' | '1h';
}

/** A content block of a request message (the kinds the emulator understands). */
type ClaudeRequestBlock =
  | { readonly type: 'text'; readonly text: string; readonly cache_control?: ClaudeCacheControl }
  | { readonly type: 'image'; readonly source: { readonly type: string; readonly media_type?: string; readonly data?: string; readonly url?: string } }
  | { readonly type: 'document'; readonly source: unknown }
  | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: Record<string, unknown> }
  | {
      readonly type: 'tool_result';
      readonly tool_use_id: string;
      readonly content?: string | readonly ClaudeRequestBlock[];
      readonly is_error?: boolean;
    }
  | { readonly type: 'thinking'; readonly thinking: string; readonly signature: string }
  | { readonly type: 'redacted_thinking'; readonly data: string };

/** A request message: Bedrock takes `system` turns mid-conversation on the models that support them. */
interface ClaudeRequestMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly content: string | readonly ClaudeRequestBlock[];
}

/** A custom tool (server tools carry a `type` such as `bash_20250124` and are passed through). */
interface ClaudeTool {
  readonly name: string;
  readonly description?: string;
  readonly input_schema?: Record<string, unknown>;
  readonly type?: string;
}

type ClaudeToolChoice =
  | { readonly type: 'auto' | 'any' | 'none'; readonly disable_parallel_tool_use?: boolean }
  | { readonly type: 'tool'; readonly name: string; readonly disable_parallel_tool_use?: boolean };

type ClaudeThinking =
  | { readonly type: 'enabled'; readonly budget_tokens: number; readonly display?: string }
  | { readonly type: 'adaptive'; readonly display?: string }
  | { readonly type: 'disabled' };

/** The InvokeModel body for Claude models. */
interface BedrockClaudeBody {
  readonly anthropic_version: string;
  readonly anthropic_beta?: readonly string[];
  readonly max_tokens: number;
  readonly messages: readonly ClaudeRequestMessage[];
  readonly system?: string | readonly { readonly type: 'text'; readonly text: string; readonly cache_control?: ClaudeCacheControl }[];
  readonly temperature?: number;
  readonly top_p?: number;
  readonly top_k?: number;
  readonly stop_sequences?: readonly string[];
  readonly tools?: readonly ClaudeTool[];
  readonly tool_choice?: ClaudeToolChoice;
  readonly thinking?: ClaudeThinking;
}

/** A content block of a reply. */
type ClaudeResponseBlock =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'thinking'; readonly thinking: string; readonly signature: string }
  | { readonly type: 'redacted_thinking'; readonly data: string }
  | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: unknown };

/** Usage as Claude reports it: `input_tokens` excludes cache reads and writes. */
interface ClaudeUsage {
  readonly input_tokens: number;
  readonly cache_creation_input_tokens: number;
  /** The writes per TTL, when any were made. */
  readonly cache_creation?: { readonly ephemeral_5m_input_tokens: number; readonly ephemeral_1h_input_tokens: number };
  readonly cache_read_input_tokens: number;
  readonly output_tokens: number;
}

type ClaudeStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

/** The InvokeModel reply: Anthropic's Message object. */
interface ClaudeMessage {
  readonly id: string;
  readonly type: 'message';
  readonly role: 'assistant';
  readonly model: string;
  readonly content: readonly ClaudeResponseBlock[];
  readonly stop_reason: ClaudeStopReason | null;
  readonly stop_sequence: string | null;
  readonly usage: ClaudeUsage;
}

type ClaudeBlockDelta =
  | { readonly type: 'text_delta'; readonly text: string }
  | { readonly type: 'input_json_delta'; readonly partial_json: string }
  | { readonly type: 'thinking_delta'; readonly thinking: string }
  | { readonly type: 'signature_delta'; readonly signature: string };

/** One Messages stream event, as carried base64-encoded in an InvokeModelWithResponseStream `chunk`. */
type ClaudeStreamEvent =
  | { readonly type: 'message_start'; readonly message: ClaudeMessage }
  | {
      readonly type: 'content_block_start';
      readonly index: number;
      readonly content_block:
        | { readonly type: 'text'; readonly text: '' }
        | { readonly type: 'thinking'; readonly thinking: ''; readonly signature: '' }
        | { readonly type: 'redacted_thinking'; readonly data: string }
        | { readonly type: 'tool_use'; readonly id: string; readonly name: string; readonly input: Record<string, never> };
    }
  | { readonly type: 'content_block_delta'; readonly index: number; readonly delta: ClaudeBlockDelta }
  | { readonly type: 'content_block_stop'; readonly index: number }
  | {
      readonly type: 'message_delta';
      readonly delta: { readonly stop_reason: ClaudeStopReason; readonly stop_sequence: string | null };
      readonly usage: { readonly output_tokens: number };
    }
  | { readonly type: 'message_stop'; readonly 'amazon-bedrock-invocationMetrics': BedrockInvocationMetrics };

export type {
  BedrockClaudeBody,
  ClaudeBlockDelta,
  ClaudeCacheControl,
  ClaudeMessage,
  ClaudeRequestBlock,
  ClaudeRequestMessage,
  ClaudeResponseBlock,
  ClaudeStopReason,
  ClaudeStreamEvent,
  ClaudeThinking,
  ClaudeTool,
  ClaudeToolChoice,
  ClaudeUsage,
};
