/** @module OpenAI chat completion response wire types: the JSON object, the stream chunk, usage and finish reasons. */

/**
 * Why the model stopped, in OpenAI's words.
 *
 * `function_call` is OpenAI's deprecated form and never produced by the gateway.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-choices
 */
const OPENAI_FINISH_REASONS = ['stop', 'length', 'tool_calls', 'content_filter', 'function_call'] as const;
type OpenAIFinishReason = (typeof OPENAI_FINISH_REASONS)[number];

/**
 * Token counts as OpenAI reports them.
 *
 * `prompt_tokens` includes cached tokens (read and written), as in OpenAI; `cached_tokens` is the
 * part read from the prompt cache. `cache_creation_input_tokens` is a gateway extension (the name
 * Anthropic and LiteLLM use) for the part written to the cache, which Bedrock bills separately.
 * @see https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 */
interface OpenAICompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  /** Extension: prompt tokens written to the prompt cache. */
  cache_creation_input_tokens: number;
}

/** A tool call in a complete assistant message. */
interface OpenAIChatCompletionMessageToolCall {
  id: string;
  type: 'function';
  function: {
    /** The tool name as the client declared it (sanitised Bedrock names are mapped back). */
    name: string;
    /** The arguments as a JSON object text. */
    arguments: string;
  };
}

/**
 * One reasoning block exactly as Bedrock returned it (LiteLLM's shape); clients echo these back in
 * later assistant turns so signatures round-trip (Claude extended thinking with tools needs it).
 */
type OpenAIThinkingBlock =
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

/**
 * The assistant message of a completion.
 *
 * `reasoning_content` follows the DeepSeek/LiteLLM convention; `reasoning_signature` and
 * `thinking_blocks` are gateway extensions that the request side accepts back in later turns.
 */
interface OpenAIChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: null;
  tool_calls?: OpenAIChatCompletionMessageToolCall[];
  /** The model's reasoning text, when it reasoned. */
  reasoning_content?: string;
  /** Extension: the signature of the reasoning text (Bedrock `reasoningText.signature`). */
  reasoning_signature?: string;
  /** Extension: every reasoning block, with signatures and redacted (encrypted, base64) content. */
  thinking_blocks?: OpenAIThinkingBlock[];
}

/** One choice; the gateway always returns exactly one, with index 0. */
interface OpenAIChatCompletionChoice {
  index: number;
  message: OpenAIChatCompletionMessage;
  finish_reason: OpenAIFinishReason;
  logprobs: null;
}

/**
 * The response of `POST /v1/chat/completions` without `stream`.
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */
interface OpenAIChatCompletion {
  /** `chatcmpl-` plus a random suffix. */
  id: string;
  object: 'chat.completion';
  /** Unix seconds. */
  created: number;
  /** The model name the client asked for. */
  model: string;
  choices: OpenAIChatCompletionChoice[];
  usage: OpenAICompletionUsage;
  system_fingerprint?: string;
  /** The tier that served the request, when the request set `service_tier`. */
  service_tier?: OpenAIServiceTier;
}

/** A tool call fragment in a stream chunk: the first fragment carries id and name. */
interface OpenAIChatCompletionChunkToolCall {
  /** Dense counter of tool calls in the message (0, 1, ...), not Bedrock's content block index. */
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

/** What one chunk adds to the assistant message. */
interface OpenAIChatCompletionChunkDelta {
  role?: 'assistant';
  content?: string;
  tool_calls?: OpenAIChatCompletionChunkToolCall[];
  reasoning_content?: string;
  /** Extension: the reasoning signature, sent once when Bedrock sends it. */
  reasoning_signature?: string;
  /** Extension: redacted (encrypted) reasoning blocks, sent whole when Bedrock sends them. */
  thinking_blocks?: OpenAIThinkingBlock[];
}

/** The one choice of a chunk. */
interface OpenAIChatCompletionChunkChoice {
  index: number;
  delta: OpenAIChatCompletionChunkDelta;
  finish_reason: OpenAIFinishReason | null;
  logprobs: null;
}

/**
 * One `data:` event of a streamed completion. Every chunk of a stream has the same `id` and
 * `created`. With `stream_options.include_usage`, every chunk carries `usage: null` except the
 * last, which has no choices and the usage.
 * @see https://platform.openai.com/docs/api-reference/chat/streaming
 */
interface OpenAIChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: OpenAIChatCompletionChunkChoice[];
  usage?: OpenAICompletionUsage | null;
  system_fingerprint?: string;
  /** The tier serving the request, when the request set `service_tier`. */
  service_tier?: OpenAIServiceTier;
}

/** `service_tier` in a response: the processing tier actually used (OpenAI's names). */
type OpenAIServiceTier = 'default' | 'flex' | 'priority' | 'scale';

export { OPENAI_FINISH_REASONS };
export type {
  OpenAIChatCompletion,
  OpenAIChatCompletionChoice,
  OpenAIChatCompletionChunk,
  OpenAIChatCompletionChunkChoice,
  OpenAIChatCompletionChunkDelta,
  OpenAIChatCompletionChunkToolCall,
  OpenAIChatCompletionMessage,
  OpenAIChatCompletionMessageToolCall,
  OpenAICompletionUsage,
  OpenAIFinishReason,
  OpenAIServiceTier,
  OpenAIThinkingBlock,
};
