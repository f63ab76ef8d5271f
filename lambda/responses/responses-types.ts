/**
 * @module OpenAI Responses API wire types (the subset the gateway serves): request input items and
 * tools, the response object with its output items, and the stream events.
 *
 * @see https://platform.openai.com/docs/api-reference/responses
 */
import type { OpenAIServiceTier } from '../openai/chat-response-types';

/** A JSON Schema object, kept opaque. */
type ResponsesJsonSchema = Record<string, unknown>;

/** Content parts of input messages (and `output_text` / `refusal` of assistant messages sent back). */
type ResponsesContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'input_image'; image_url?: string | null; file_id?: string | null; detail?: 'auto' | 'low' | 'high' }
  | { type: 'input_file'; file_data?: string; file_id?: string; file_url?: string; filename?: string }
  | { type: 'output_text'; text: string; annotations?: unknown[] }
  | { type: 'refusal'; refusal: string };

type ResponsesRole = 'user' | 'assistant' | 'system' | 'developer';

interface ResponsesMessageItem {
  type: 'message';
  id?: string;
  role: ResponsesRole;
  content: string | ResponsesContentPart[];
  status?: string;
}

interface ResponsesFunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  /** The namespace tool group the function belongs to. */
  namespace?: string;
  arguments: string;
  status?: string;
}

/** A tool's output: text, or parts (text, images, files). */
type ResponsesToolOutput = string | ResponsesContentPart[];

interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: ResponsesToolOutput;
  status?: string;
}

interface ResponsesCustomToolCallItem {
  type: 'custom_tool_call';
  id?: string;
  call_id: string;
  name: string;
  /** The namespace tool group the tool belongs to. */
  namespace?: string;
  input: string;
  status?: string;
}

interface ResponsesCustomToolCallOutputItem {
  type: 'custom_tool_call_output';
  id?: string;
  call_id: string;
  output: ResponsesToolOutput;
}

interface ResponsesSummaryText {
  type: 'summary_text';
  text: string;
}

interface ResponsesReasoningItem {
  type: 'reasoning';
  id?: string;
  summary: ResponsesSummaryText[];
  /** The gateway's sealed thinking blocks (signatures): see `reasoning-seal.ts`. */
  encrypted_content?: string | null;
  status?: string;
}

interface ResponsesItemReference {
  type: 'item_reference';
  id: string;
}

/** An input item after parsing (references not yet resolved). */
type ResponsesInputItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesCustomToolCallItem
  | ResponsesCustomToolCallOutputItem
  | ResponsesReasoningItem
  | ResponsesItemReference;

interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: ResponsesJsonSchema | null;
  strict?: boolean | null;
}

/** A free-form tool: the model writes raw text (a grammar may constrain it; Bedrock cannot enforce one). */
interface ResponsesCustomTool {
  type: 'custom';
  name: string;
  description?: string;
  format?: { type: 'text' } | { type: 'grammar'; syntax: 'lark' | 'regex'; definition: string };
}

/** A group of function and custom tools under one name (Codex declares all its tools this way in its "lite" form). */
interface ResponsesNamespaceTool {
  type: 'namespace';
  name: string;
  description: string;
  tools: (ResponsesFunctionTool | ResponsesCustomTool)[];
}

/** The tools the gateway serves; hosted and unknown tool types are dropped when parsed. */
type ResponsesTool = ResponsesFunctionTool | ResponsesCustomTool | ResponsesNamespaceTool;

type ResponsesToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string } | { type: 'custom'; name: string };

type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: ResponsesJsonSchema; description?: string; strict?: boolean | null };

type ResponsesReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';

interface ResponsesReasoningConfig {
  effort?: ResponsesReasoningEffort | null;
  summary?: 'auto' | 'concise' | 'detailed' | null;
}

/** The body of `POST /v1/responses`, as the gateway understood it. */
interface ResponsesCreateRequest {
  model: string;
  input: ResponsesInputItem[];
  instructions?: string;
  tools: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  text?: { format?: ResponsesTextFormat; verbosity?: string | null };
  reasoning?: ResponsesReasoningConfig;
  metadata?: Record<string, string>;
  user?: string;
  safety_identifier?: string;
  prompt_cache_key?: string;
  store: boolean;
  stream: boolean;
  previous_response_id?: string;
  include: string[];
  service_tier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority';
  truncation?: 'auto' | 'disabled';
}

/** Output items of a response. */
interface ResponsesOutputMessage {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: { type: 'output_text'; text: string; annotations: unknown[] }[];
}

interface ResponsesOutputFunctionCall {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
}

interface ResponsesOutputCustomToolCall {
  id: string;
  type: 'custom_tool_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}

interface ResponsesOutputReasoning {
  id: string;
  type: 'reasoning';
  summary: ResponsesSummaryText[];
  encrypted_content?: string;
}

type ResponsesOutputItem = ResponsesOutputMessage | ResponsesOutputFunctionCall | ResponsesOutputCustomToolCall | ResponsesOutputReasoning;

interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

type ResponsesStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress';

/** The response object. */
interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponsesStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: ResponsesOutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: ResponsesReasoningEffort | null; summary: string | null };
  store: boolean;
  temperature: number | null;
  text: { format: ResponsesTextFormat };
  tool_choice: ResponsesToolChoice;
  tools: ResponsesTool[];
  top_p: number | null;
  truncation: 'auto' | 'disabled';
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, string>;
  /** The tier that served the request, when the request set `service_tier`. */
  service_tier?: OpenAIServiceTier;
}

/** A stream event without its `sequence_number` (the writer numbers them). */
type ResponsesStreamEvent =
  | { type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete' | 'response.failed'; response: ResponsesResponse }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem }
  | {
      type: 'response.content_part.added' | 'response.content_part.done';
      item_id: string;
      output_index: number;
      content_index: number;
      part: { type: 'output_text'; text: string; annotations: unknown[] };
    }
  | { type: 'response.output_text.delta'; item_id: string; output_index: number; content_index: number; delta: string; logprobs: [] }
  | { type: 'response.output_text.done'; item_id: string; output_index: number; content_index: number; text: string; logprobs: [] }
  | { type: 'response.function_call_arguments.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; item_id: string; output_index: number; name: string; arguments: string }
  | { type: 'response.custom_tool_call_input.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.custom_tool_call_input.done'; item_id: string; output_index: number; input: string }
  | { type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done'; item_id: string; output_index: number; summary_index: number; part: ResponsesSummaryText }
  | { type: 'response.reasoning_summary_text.delta'; item_id: string; output_index: number; summary_index: number; delta: string }
  | { type: 'response.reasoning_summary_text.done'; item_id: string; output_index: number; summary_index: number; text: string };

export type {
  ResponsesContentPart,
  ResponsesCreateRequest,
  ResponsesCustomTool,
  ResponsesCustomToolCallItem,
  ResponsesCustomToolCallOutputItem,
  ResponsesFunctionCallItem,
  ResponsesFunctionCallOutputItem,
  ResponsesFunctionTool,
  ResponsesInputItem,
  ResponsesItemReference,
  ResponsesJsonSchema,
  ResponsesMessageItem,
  ResponsesNamespaceTool,
  ResponsesOutputCustomToolCall,
  ResponsesOutputFunctionCall,
  ResponsesOutputItem,
  ResponsesOutputMessage,
  ResponsesOutputReasoning,
  ResponsesReasoningConfig,
  ResponsesReasoningEffort,
  ResponsesReasoningItem,
  ResponsesResponse,
  ResponsesRole,
  ResponsesStatus,
  ResponsesStreamEvent,
  ResponsesSummaryText,
  ResponsesTextFormat,
  ResponsesTool,
  ResponsesToolChoice,
  ResponsesToolOutput,
  ResponsesUsage,
};
