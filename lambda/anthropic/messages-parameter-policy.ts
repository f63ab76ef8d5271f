/**
 * @module What the gateway does with each Messages API field, on Claude (InvokeModel with
 * Anthropic's body) and on the other catalog models (Converse). The README's compatibility table is
 * generated from it; a test checks it names exactly the fields the request schema maps, and the
 * mapping tests (test/unit/anthropic) hold one row per rule.
 */

/** How a field is handled on one path. */
type FieldBehaviour =
  /** Sent as the client gave it. */
  | 'passed'
  /** Translated, or sent with some values changed or dropped (see notes). */
  | 'partial'
  /** Not sent; a warning says so. */
  | 'dropped';

interface MessagesFieldPolicy {
  readonly field: string;
  readonly claude: FieldBehaviour;
  readonly converse: FieldBehaviour;
  readonly notes: string;
}

/** One row per top-level field of `POST /v1/messages` (and `count_tokens`, which has no `max_tokens`). */
const MESSAGES_PARAMETER_POLICY: readonly MessagesFieldPolicy[] = [
  { field: 'model', claude: 'partial', converse: 'partial', notes: 'Resolved through the catalog (aliases such as `claude-opus-5-5`, routes, fallbacks); the answer names the model as the client asked. Claude models go through InvokeModel, every other chat model through Converse.' },
  { field: 'messages', claude: 'partial', converse: 'partial', notes: 'Claude: passed as they are (text, images, documents, `tool_use`, `tool_result` with `is_error`, `thinking` and `redacted_thinking` with signatures, other block types); image URLs fetched by the gateway (SSRF-safe, at most 20 per request) and sent as base64; Files API sources and document URLs are a 400. Checked before Bedrock, a 400 naming the field: a base64 image is `image/jpeg`, `png`, `gif` or `webp` and real base64, every source has the fields of its `type`, a user or assistant message is not empty (only a final assistant prefill may be), every block type is one Anthropic takes, and blocks sit in turns of the role that may hold them (`tool_use`, `server_tool_use`, `mcp_tool_use`, `thinking`, `redacted_thinking` in assistant turns, `tool_result` in user turns). `role: "system"` turns stay in place on models that take them mid-conversation, else move to the end of the system prompt. Per-turn `output_config` dropped. Converse: mapped like chat messages (tool results first in the user turn, thinking blocks dropped, images and documents as bytes).' },
  { field: 'max_tokens', claude: 'partial', converse: 'partial', notes: 'Required (a 400 without it). Clamped to the model maximum with a warning; a thinking budget the clamp would reach is lowered below it.' },
  { field: 'system', claude: 'passed', converse: 'partial', notes: 'String or text blocks with `cache_control`. Converse: system blocks with cache points (models without a system prompt get it in the first user turn).' },
  { field: 'tools', claude: 'partial', converse: 'partial', notes: 'Client tools: `name` (Anthropic\'s `^[a-zA-Z0-9_-]{1,128}$`, each once, else a 400 naming `tools.N.name`), `description`, `input_schema` (JSON Schema 2020-12, `$schema` kept; shaped like a schema of `type: "object"`, else a 400 naming the keyword) and `cache_control`; `defer_loading` with the tool-search beta and `input_examples` with the tool-examples beta, else dropped; `strict`, `eager_input_streaming` and other fields dropped. Server tools Claude runs on Bedrock (bash, text editor, computer use, tool search) pass; Anthropic-hosted ones (web search and fetch, code execution, MCP) are dropped. Converse: client tools only, names made Bedrock-safe and mapped back.' },
  { field: 'tool_choice', claude: 'partial', converse: 'partial', notes: '`auto`, `any`, `tool`, `none`, `disable_parallel_tool_use`. `any` or `tool` without tools, or `tool` naming a tool not declared, is a 400 naming `tool_choice`. A forced tool on a model that refuses forcing (Opus 5.5, Sonnet 5.5, Fable) or that cannot stop thinking becomes `auto` with a warning. Converse: `disable_parallel_tool_use` has no equivalent (warning).' },
  { field: 'thinking', claude: 'partial', converse: 'partial', notes: '`enabled` (budget), `adaptive`, `disabled`, `between_tools` and `display`, sent as each model takes them: a budget becomes adaptive thinking on adaptive-only models and the reverse on budget-only ones; `disabled` on models that cannot turn thinking off becomes their lowest setting (warning). Converse: the family\'s reasoning setting (Nova 2, gpt-oss) or dropped.' },
  { field: 'output_config', claude: 'partial', converse: 'partial', notes: '`effort` at the nearest level the model has (dropped on models without effort); `format` passed. Converse: `effort` -> the family\'s reasoning effort; `format` dropped.' },
  { field: 'context_management', claude: 'passed', converse: 'dropped', notes: 'Passed with the `context-management-2025-06-27` beta, added when the client did not send it.' },
  { field: 'metadata', claude: 'passed', converse: 'partial', notes: '`user_id` (at most 256 characters, else a 400 naming `metadata.user_id`) passed. Converse: -> requestMetadata `user` within Bedrock\'s limits.' },
  { field: 'stop_sequences', claude: 'passed', converse: 'partial', notes: '`stop_reason: "stop_sequence"` and `stop_sequence` as Claude reports them. Converse: the first 4 sent; `stop_sequence` is named when the request had exactly one (Converse does not say which matched).' },
  { field: 'temperature', claude: 'partial', converse: 'passed', notes: 'Dropped (warning) while Claude thinks and on models that reject it (Opus 4.7 and later).' },
  { field: 'top_p', claude: 'partial', converse: 'passed', notes: 'Dropped (warning) while Claude thinks, with `temperature` on Claude 4.5 and later, and on models that reject it.' },
  { field: 'top_k', claude: 'partial', converse: 'dropped', notes: 'Dropped (warning) while Claude thinks and on models that reject it.' },
  { field: 'stream', claude: 'partial', converse: 'partial', notes: 'Selects InvokeModelWithResponseStream (ConverseStream); not sent in the body. Events: `message_start`, `content_block_start`, `ping`, `content_block_delta` (`text_delta`, `input_json_delta`, `thinking_delta`, `signature_delta`), `content_block_stop`, `message_delta`, `message_stop`; `event: error` after the first byte.' },
  { field: 'cache_control', claude: 'dropped', converse: 'dropped', notes: 'Top-level automatic caching is not on Bedrock: mark blocks instead (warning). On blocks, `ttl: "1h"` is sent where the model has a 1-hour cache price (writes charged at it), else as the 5-minute cache (warning); a 1-hour breakpoint after a 5-minute one becomes 5-minute (warning).' },
  { field: 'service_tier', claude: 'partial', converse: 'partial', notes: "Anthropic's values `auto` and `standard_only` both mean Bedrock's default (standard) tier: the call is sent without a service tier and charged at standard prices. Any other value is a 400 naming `service_tier`." },
  { field: '(other fields)', claude: 'dropped', converse: 'dropped', notes: 'Fields Bedrock lacks (`container`, `mcp_servers`, `inference_geo`, `speed`, ...) are dropped with a warning, never refused.' },
];

export { MESSAGES_PARAMETER_POLICY };
export type { FieldBehaviour, MessagesFieldPolicy };
