/** @module OpenAI Chat Completions request wire types, plus the gateway's documented extensions. */

/**
 * Prompt-caching marker on a content part, system part or tool (Anthropic's wire shape, as used by
 * LiteLLM and the Anthropic SDKs). Becomes a Bedrock `cachePoint` block after the marked block.
 */
interface OpenAICacheControl {
  type: 'ephemeral';
  /** Cache lifetime; Bedrock accepts `5m` and `1h` on some models. */
  ttl?: '5m' | '1h';
}

/** `{"type":"text"}` part. */
interface OpenAITextPart {
  type: 'text';
  text: string;
  cache_control?: OpenAICacheControl;
}

/** `{"type":"image_url"}` part: a data URL or an http(s) URL. */
interface OpenAIImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
  cache_control?: OpenAICacheControl;
}

/** `{"type":"input_audio"}` part; typed so it can be rejected with a precise message. */
interface OpenAIInputAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
}

/** `{"type":"file"}` part: inline file data as a data URL (or a Files API id, which is rejected). */
interface OpenAIFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  cache_control?: OpenAICacheControl;
}

/** `{"type":"refusal"}` part, only in assistant content. */
interface OpenAIRefusalPart {
  type: 'refusal';
  refusal: string;
}

type OpenAIUserContentPart = OpenAITextPart | OpenAIImagePart | OpenAIInputAudioPart | OpenAIFilePart;
type OpenAIAssistantContentPart = OpenAITextPart | OpenAIRefusalPart;

/** A tool call the assistant made in an earlier turn. */
interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * A thinking block returned by the gateway (extension, LiteLLM-compatible shape), echoed back so that
 * Claude extended-thinking signatures round-trip.
 */
type OpenAIThinkingBlock =
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

interface OpenAISystemMessage {
  role: 'system';
  content: string | OpenAITextPart[];
  name?: string;
}

interface OpenAIDeveloperMessage {
  role: 'developer';
  content: string | OpenAITextPart[];
  name?: string;
}

interface OpenAIUserMessage {
  role: 'user';
  content: string | OpenAIUserContentPart[];
  name?: string;
}

interface OpenAIAssistantMessage {
  role: 'assistant';
  content?: string | OpenAIAssistantContentPart[] | null;
  refusal?: string | null;
  name?: string;
  tool_calls?: OpenAIToolCall[] | null;
  /** Audio output reference from an earlier turn; the gateway has no audio and drops it. */
  audio?: { id: string } | null;
  /** Extension: the model's reasoning text from an earlier turn. */
  reasoning_content?: string | null;
  /** Extension: the signature of `reasoning_content` (Claude extended thinking). */
  reasoning_signature?: string | null;
  /** Extension: the exact thinking blocks of an earlier turn; preferred over `reasoning_content`. */
  thinking_blocks?: OpenAIThinkingBlock[] | null;
}

interface OpenAIToolMessage {
  role: 'tool';
  content: string | OpenAITextPart[];
  tool_call_id: string;
}

/** The deprecated `function` role; parsed only to be rejected with a pointer to `tool`. */
interface OpenAIFunctionMessage {
  role: 'function';
  name: string;
  content: string | null;
}

type OpenAIChatMessage =
  | OpenAISystemMessage
  | OpenAIDeveloperMessage
  | OpenAIUserMessage
  | OpenAIAssistantMessage
  | OpenAIToolMessage
  | OpenAIFunctionMessage;

/** A JSON Schema object, kept opaque. */
type OpenAIJsonSchema = Record<string, unknown>;

/** A function tool. */
interface OpenAIFunctionTool {
  type: 'function';
  function: {
    name: string;
    description?: string;
    parameters?: OpenAIJsonSchema;
    strict?: boolean | null;
  };
  cache_control?: OpenAICacheControl;
}

type OpenAIToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } };

type OpenAIResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema?: OpenAIJsonSchema; strict?: boolean | null };
    };

/** OpenAI's `reasoning_effort` values (`none` disables reasoning where the model allows it); `xhigh` and `max` reach Claude's higher effort levels. */
type OpenAIReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

/** Extension: Anthropic-style explicit thinking configuration. */
type OpenAIThinkingConfig = { type: 'enabled'; budget_tokens: number } | { type: 'disabled' };

/** Extension: Bedrock-only settings, under one `bedrock` key so they never clash with OpenAI's. */
interface OpenAIBedrockExtension {
  /** Overrides the deployment's guardrail for this request (unless the deployment enforces its own). */
  guardrailConfig?: {
    guardrailIdentifier: string;
    guardrailVersion: string;
    trace?: 'enabled' | 'disabled' | 'enabled_full';
    streamProcessingMode?: 'sync' | 'async';
  };
  /** Model-specific request fields; the gateway's own fields (thinking, reasoning) win on conflict. */
  additionalModelRequestFields?: Record<string, unknown>;
  /** Latency-optimised inference where the model offers it. */
  performanceConfig?: { latency: 'standard' | 'optimized' };
  /** Models (catalog names) to fall back to, in order, after the requested one; replaces the route's chain. */
  fallbacks?: string[];
}

/**
 * The body of `POST /v1/chat/completions`.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
interface OpenAIChatCompletionRequest {
  model: string;
  messages: OpenAIChatMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stop?: string | string[] | null;
  n?: number | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  logit_bias?: Record<string, number> | null;
  user?: string;
  safety_identifier?: string;
  prompt_cache_key?: string;
  metadata?: Record<string, string> | null;
  store?: boolean | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean; include_obfuscation?: boolean } | null;
  tools?: OpenAIFunctionTool[];
  tool_choice?: OpenAIToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: OpenAIResponseFormat;
  reasoning_effort?: OpenAIReasoningEffort | null;
  verbosity?: 'low' | 'medium' | 'high' | null;
  service_tier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority' | null;
  modalities?: ('text' | 'audio')[] | null;
  audio?: { voice: string; format: string } | null;
  prediction?: { type: 'content'; content: string | OpenAITextPart[] } | null;
  web_search_options?: Record<string, unknown>;
  /** Deprecated predecessor of `tools`; rejected with a pointer to `tools`. */
  functions?: unknown[];
  /** Deprecated predecessor of `tool_choice`; rejected with a pointer to `tool_choice`. */
  function_call?: unknown;
  /** Extension: explicit thinking budget (Anthropic shape). */
  thinking?: OpenAIThinkingConfig;
  /** Extension: Bedrock-only settings. */
  bedrock?: OpenAIBedrockExtension;
}

export type {
  OpenAIAssistantContentPart,
  OpenAIAssistantMessage,
  OpenAIBedrockExtension,
  OpenAICacheControl,
  OpenAIChatCompletionRequest,
  OpenAIChatMessage,
  OpenAIDeveloperMessage,
  OpenAIFilePart,
  OpenAIFunctionMessage,
  OpenAIFunctionTool,
  OpenAIImagePart,
  OpenAIInputAudioPart,
  OpenAIJsonSchema,
  OpenAIReasoningEffort,
  OpenAIRefusalPart,
  OpenAIResponseFormat,
  OpenAISystemMessage,
  OpenAITextPart,
  OpenAIThinkingBlock,
  OpenAIThinkingConfig,
  OpenAIToolCall,
  OpenAIToolChoice,
  OpenAIToolMessage,
  OpenAIUserContentPart,
  OpenAIUserMessage,
};
