/**
 * @module Anthropic Messages API wire types: the request the gateway accepts, the Message and stream
 * events it answers with, and the error envelope. Only the fields the gateway reads or writes are
 * modelled; content blocks it passes through to Claude unchanged keep their other fields.
 *
 * @see https://docs.anthropic.com/en/api/messages
 */

/** `cache_control` on a block, a system block or a tool. */
interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
  citations?: unknown;
}

/** An image by bytes (`base64`), by URL (fetched by the gateway) or by Files API id (refused). */
interface AnthropicImageBlock {
  type: 'image';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'url'; url: string }
    | { type: 'file'; file_id: string };
  cache_control?: AnthropicCacheControl;
}

/** A document: a base64 PDF, plain text, content blocks, a URL or a Files API id. */
interface AnthropicDocumentBlock {
  type: 'document';
  source:
    | { type: 'base64'; media_type: string; data: string }
    | { type: 'text'; media_type?: string; data: string }
    | { type: 'content'; content: string | AnthropicOtherBlock[] }
    | { type: 'url'; url: string }
    | { type: 'file'; file_id: string };
  title?: string;
  context?: string;
  citations?: unknown;
  cache_control?: AnthropicCacheControl;
}

interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  /** Text, images, documents (and other request blocks), validated like a turn's blocks. */
  content?: string | AnthropicOtherBlock[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** Any other block type (search results, server tool blocks, tool references): passed to Claude as it came. */
interface AnthropicOtherBlock {
  type: string;
  [field: string]: unknown;
}

type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

/**
 * A request block as validated: its `type` and fields. The known types' required fields were checked
 * by the schema (`KNOWN_BLOCK_SCHEMAS`); read them through the guards in `request-blocks.ts`. Other
 * types (search results, server tool blocks, tool references) pass to Claude as they came.
 */
type AnthropicRequestBlock = AnthropicOtherBlock;

/**
 * A turn. `role: "system"` turns sit inside `messages` (Claude Code sends them; newer Claude models
 * take them); they hold text only.
 */
interface AnthropicMessageParam {
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicRequestBlock[];
  /** Per-turn output settings (the `per-turn-control` beta). */
  output_config?: Record<string, unknown>;
}

/** A client tool (`type` absent or `custom`), or a server tool by its versioned type. */
interface AnthropicTool {
  name: string;
  type?: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
  defer_loading?: boolean;
  [field: string]: unknown;
}

type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

type AnthropicThinkingConfig =
  | { type: 'enabled'; budget_tokens: number; display?: 'summarized' | 'omitted' | null }
  | { type: 'adaptive'; display?: 'summarized' | 'omitted' | null }
  | { type: 'disabled' }
  | { type: 'between_tools' };

type AnthropicEffortLevel = 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** `POST /v1/messages` and `POST /v1/messages/count_tokens` bodies (count_tokens has no `max_tokens`). */
interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens?: number;
  /** A string, or text blocks (the schema allows text only). */
  system?: string | AnthropicRequestBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: { effort?: AnthropicEffortLevel | null; format?: unknown };
  context_management?: Record<string, unknown>;
  metadata?: { user_id?: string | null };
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stream?: boolean;
  /** Top-level automatic caching marker (newer API). */
  cache_control?: AnthropicCacheControl;
}

/** Anthropic's `stop_reason` values. */
type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

/** Response content blocks the gateway builds itself (from Converse); Claude's own pass through. */
type AnthropicResponseBlock = AnthropicTextBlock | AnthropicToolUseBlock | AnthropicThinkingBlock | AnthropicRedactedThinkingBlock;

/** The Message object of a JSON answer. */
interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/** The deltas of a `content_block_delta` event. */
type AnthropicBlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string };

/** Server-sent events of a streamed answer. */
type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseBlock }
  | { type: 'content_block_delta'; index: number; delta: AnthropicBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason | null; stop_sequence: string | null };
      usage: Partial<AnthropicUsage> & { output_tokens: number };
    }
  | { type: 'message_stop' }
  | { type: 'ping' };

/** `error.type` values the gateway sends. */
type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error';

/** The error envelope, as a response body and as the data of an in-band `error` event. */
interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id?: string;
}

/** `POST /v1/messages/count_tokens` answer. */
interface AnthropicTokenCount {
  input_tokens: number;
}

export type {
  AnthropicBlockDelta,
  AnthropicCacheControl,
  AnthropicContentBlock,
  AnthropicDocumentBlock,
  AnthropicEffortLevel,
  AnthropicErrorBody,
  AnthropicErrorType,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicOtherBlock,
  AnthropicRedactedThinkingBlock,
  AnthropicRequestBlock,
  AnthropicResponseBlock,
  AnthropicStopReason,
  AnthropicStreamEvent,
  AnthropicTextBlock,
  AnthropicThinkingBlock,
  AnthropicThinkingConfig,
  AnthropicTokenCount,
  AnthropicTool,
  AnthropicToolChoice,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
  AnthropicUsage,
};
