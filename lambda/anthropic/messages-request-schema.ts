/**
 * @module Validates a Messages (or count_tokens) body with zod. Malformed known fields are 400s
 * naming the field the way Anthropic does (`messages.0.content.1.text: Field required`); fields the
 * gateway does not know are dropped with a warning, never refused (Claude Code answers a 400 by
 * stripping features and retrying).
 */
// A namespace import lets esbuild drop zod's unused locales.
import * as z from 'zod';
import { jsonSchemaProblem } from '../openai/json-schema-shape';
import { InvalidRequestError } from '../platform/errors';
import type { AnthropicMessagesRequest } from './messages-api-types';

const cacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });

const textBlockSchema = z.looseObject({ type: z.literal('text'), text: z.string(), cache_control: cacheControlSchema.optional() });

/** The image types Claude (and Bedrock) read. @see https://docs.claude.com/en/docs/build-with-claude/vision */
const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

/** Base64 of at least one byte: the standard alphabet, padding optional (a length of 4n+1 is never base64). */
const base64DataSchema = z
  .string()
  .min(1, 'Field required')
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'Invalid base64 data')
  .refine((data) => data.replace(/=+$/, '').length % 4 !== 1, 'Invalid base64 data');

const imageSourceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.enum(IMAGE_MEDIA_TYPES), data: base64DataSchema }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);

const documentSourceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('base64'), media_type: z.string().min(1), data: base64DataSchema }),
  z.looseObject({ type: z.literal('text'), media_type: z.string().optional(), data: z.string() }),
  z.looseObject({ type: z.literal('content'), content: z.union([z.string(), z.array(z.lazy(() => blockSchema))]) }),
  z.looseObject({ type: z.literal('url'), url: z.string().min(1) }),
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);

/** Required fields of the block types the gateway reads; other types pass to Claude as they came. */
const KNOWN_BLOCK_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  text: textBlockSchema,
  image: z.looseObject({ type: z.literal('image'), source: imageSourceSchema, cache_control: cacheControlSchema.optional() }),
  document: z.looseObject({ type: z.literal('document'), source: documentSourceSchema, cache_control: cacheControlSchema.optional() }),
  tool_use: z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.record(z.string(), z.unknown()) }),
  tool_result: z.looseObject({
    type: z.literal('tool_result'),
    tool_use_id: z.string(),
    content: z.union([z.string(), z.array(z.lazy(() => blockSchema))]).optional(),
    is_error: z.boolean().optional(),
    cache_control: cacheControlSchema.optional(),
  }),
  thinking: z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.string() }),
  redacted_thinking: z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() }),
};

/**
 * Block types Anthropic takes in a message's content: the union of `BetaContentBlockParam` in
 * @anthropic-ai/sdk 1.17.0 (Claude Code sends beta requests), a superset of the non-beta one.
 */
const MESSAGE_BLOCK_TYPES: readonly string[] = [
  'text',
  'image',
  'document',
  'search_result',
  'thinking',
  'redacted_thinking',
  'tool_use',
  'tool_result',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'advisor_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
  'compaction',
  'tool_addition',
  'tool_removal',
  'mcp_tool_listing',
  'fallback',
];

/** Block types a `tool_result`'s content takes (`BetaToolResultBlockParam.content` in the same SDK). */
const TOOL_RESULT_BLOCK_TYPES: readonly string[] = ['text', 'image', 'search_result', 'document', 'tool_reference', 'browser_state'];

/** Blocks only the model writes: they belong in assistant turns. */
const ASSISTANT_ONLY_BLOCK_TYPES: ReadonlySet<string> = new Set(['tool_use', 'server_tool_use', 'mcp_tool_use', 'thinking', 'redacted_thinking']);

/** Anthropic's client tool name rule. @see https://platform.claude.com/docs/en/agents-and-tools/tool-use/define-tools */
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;

/** `metadata.user_id` at most this long (Anthropic's API schema: `maxLength: 256`). */
const MAX_USER_ID_LENGTH = 256;

/** Anthropic's wording: a missing field is "Field required". */
function issueMessage(issue: z.core.$ZodIssue): string {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'Field required' : issue.message;
}

const blockSchema: z.ZodType<{ type: string }> = z.looseObject({ type: z.string() }).superRefine((block, ctx) => {
  const schema = KNOWN_BLOCK_SCHEMAS[block.type];
  const result = schema?.safeParse(block, { reportInput: true });
  for (const issue of result?.success === false ? result.error.issues : []) {
    ctx.addIssue({ code: 'custom', message: issueMessage(issue), path: issue.path, input: issue.input });
  }
});

const messageSchema = z.looseObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([z.string(), z.array(blockSchema)]),
  output_config: z.record(z.string(), z.unknown()).optional(),
});

const toolSchema = z.looseObject({
  name: z.string().min(1),
  type: z.string().nullish(),
  description: z.string().optional(),
  input_schema: z.record(z.string(), z.unknown()).optional(),
  cache_control: cacheControlSchema.nullish(),
  defer_loading: z.boolean().optional(),
});

const toolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.boolean().optional() }),
  z.object({ type: z.literal('none') }),
]);

const displaySchema = z.enum(['summarized', 'omitted']).nullish();

/** Anthropic's smallest thinking budget. */
const MIN_BUDGET_TOKENS = 1024;

const thinkingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(MIN_BUDGET_TOKENS), display: displaySchema }),
  z.object({ type: z.literal('adaptive'), display: displaySchema }),
  z.object({ type: z.literal('disabled') }),
  z.object({ type: z.literal('between_tools') }),
]);

const effortSchema = z.enum(['low', 'medium', 'high', 'xhigh', 'max']);

/** The top-level fields the gateway maps; every other one is dropped with a warning. */
const requestShape = {
  model: z.string().min(1),
  messages: z.array(messageSchema),
  max_tokens: z.number().int().min(1).optional(),
  system: z.union([z.string(), z.array(textBlockSchema)]).optional(),
  tools: z.array(toolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  thinking: thinkingSchema.optional(),
  output_config: z.looseObject({ effort: effortSchema.nullish(), format: z.unknown().optional() }).optional(),
  context_management: z.record(z.string(), z.unknown()).nullish(),
  metadata: z.object({ user_id: z.string().max(MAX_USER_ID_LENGTH, `String should have at most ${MAX_USER_ID_LENGTH} characters`).nullish() }).optional(),
  stop_sequences: z.array(z.string()).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().min(0).optional(),
  stream: z.boolean().optional(),
  cache_control: cacheControlSchema.nullish(),
  /** Anthropic's values, both served on Bedrock's default (standard) tier: sent without a service tier. */
  service_tier: z.enum(['auto', 'standard_only']).optional(),
};

const messagesRequestSchema = z.object(requestShape);
/** The top-level fields the gateway maps (the README's compatibility table has one row for each). */
const MESSAGES_REQUEST_FIELDS: readonly string[] = Object.keys(requestShape);
const KNOWN_FIELDS: ReadonlySet<string> = new Set(MESSAGES_REQUEST_FIELDS);

/** A parsed request and the fields the gateway dropped. */
interface ParsedMessagesRequest {
  readonly request: AnthropicMessagesRequest;
  /** Top-level fields the gateway does not map (`container`, `mcp_servers`, ...), dropped. */
  readonly droppedFields: readonly string[];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'list' : typeof value;
}

/** `messages.0.content.1.text: Field required`, as Anthropic words it. */
function toInvalidRequestError(issue: z.core.$ZodIssue): InvalidRequestError {
  const path = issue.path.map(String).join('.');
  const message = issueMessage(issue);
  return new InvalidRequestError(path === '' ? message : `${path}: ${message}`, { param: path === '' ? null : path });
}

/** What a value is, in an error message: `123`, `"x"`, `an object`, `a list`. */
function shown(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' && value !== null ? 'an object' : JSON.stringify(value);
}

/**
 * Refuses a client tool whose `input_schema` is not shaped like a JSON Schema of an object (Claude
 * reads it as one). Server tools (a `type` other than `custom`) bring their own schema.
 */
function checkToolSchemas(request: AnthropicMessagesRequest): void {
  for (const [index, tool] of (request.tools ?? []).entries()) {
    const schema = tool.input_schema;
    if (schema === undefined || (tool.type !== undefined && tool.type !== null && tool.type !== 'custom')) continue;
    const param = `tools.${index}.input_schema`;
    if (schema['type'] !== undefined && schema['type'] !== 'object') {
      throw new InvalidRequestError(`${param}.type: Input should be 'object', got ${shown(schema['type'])}`, { param: `${param}.type` });
    }
    const problem = jsonSchemaProblem(schema);
    if (problem !== undefined) {
      const at = [param, ...problem.path.map(String)].join('.');
      throw new InvalidRequestError(`${at}: expected ${problem.expected}, got ${shown(problem.received)}`, { param: at });
    }
  }
}

/** Whether content holds nothing: an empty list, or only empty or whitespace text. */
function isEmptyContent(content: AnthropicMessagesRequest['messages'][number]['content']): boolean {
  if (typeof content === 'string') return content.trim() === '';
  return content.every((block) => block.type === 'text' && typeof block['text'] === 'string' && block['text'].trim() === '');
}

/**
 * Refuses a message with nothing in it, as Anthropic does (only a final assistant message, a
 * prefill, may be empty): Bedrock takes no empty turn, and a placeholder would change the conversation.
 */
function checkEmptyMessages(request: AnthropicMessagesRequest): void {
  const last = request.messages.length - 1;
  for (const [index, message] of request.messages.entries()) {
    // `role: "system"` turns (Claude Code's) join the system prompt; the final assistant turn is a prefill.
    if (message.role === 'system' || (index === last && message.role === 'assistant')) continue;
    if (isEmptyContent(message.content)) {
      throw new InvalidRequestError(
        `messages.${index}.content: all messages must have non-empty content except for the optional final assistant message`,
        { param: `messages.${index}.content` },
      );
    }
  }
}

/** Whether a tool is a client tool (no `type`, or `custom`): its name and schema are the client's. */
function isClientTool(tool: NonNullable<AnthropicMessagesRequest['tools']>[number]): boolean {
  return tool.type === undefined || tool.type === null || tool.type === 'custom';
}

/** Client tool names match Anthropic's pattern; no name is declared twice. */
function checkToolNames(request: AnthropicMessagesRequest): void {
  const names = new Set<string>();
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (isClientTool(tool) && !TOOL_NAME_PATTERN.test(tool.name)) {
      throw new InvalidRequestError(`tools.${index}.name: String should match pattern '${TOOL_NAME_PATTERN.source}'`, { param: `tools.${index}.name` });
    }
    if (names.has(tool.name)) throw new InvalidRequestError(`tools.${index}.name: Tool names must be unique; '${tool.name}' is declared twice.`, { param: `tools.${index}.name` });
    names.add(tool.name);
  }
}

/** `any` and `tool` need tools to choose from; `tool` names one of them. */
function checkToolChoice(request: AnthropicMessagesRequest): void {
  const choice = request.tool_choice;
  if (choice === undefined || (choice.type !== 'any' && choice.type !== 'tool')) return;
  const tools = request.tools ?? [];
  if (tools.length === 0) {
    throw new InvalidRequestError(`tool_choice: tool_choice.type '${choice.type}' may only be specified while providing tools.`, { param: 'tool_choice' });
  }
  if (choice.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) {
    throw new InvalidRequestError(`tool_choice.name: Tool '${choice.name}' not found in provided tools`, { param: 'tool_choice.name' });
  }
}

function unknownTag(param: string, type: string, expected: readonly string[]): InvalidRequestError {
  return new InvalidRequestError(`${param}: Input tag '${type}' found using 'type' does not match any of the expected tags: ${expected.map((tag) => `'${tag}'`).join(', ')}`, {
    param: `${param}.type`,
  });
}

/**
 * Block types are Anthropic's, each in a turn of the role that may hold it: what the model writes
 * (`tool_use`, `thinking`, ...) only in assistant turns, `tool_result` only in user turns.
 */
function checkBlocks(request: AnthropicMessagesRequest): void {
  for (const [index, message] of request.messages.entries()) {
    if (typeof message.content === 'string') continue;
    for (const [blockIndex, block] of message.content.entries()) {
      const param = `messages.${index}.content.${blockIndex}`;
      if (!MESSAGE_BLOCK_TYPES.includes(block.type)) throw unknownTag(param, block.type, MESSAGE_BLOCK_TYPES);
      if (message.role === 'user' && ASSISTANT_ONLY_BLOCK_TYPES.has(block.type)) {
        throw new InvalidRequestError(`${param}: \`${block.type}\` blocks can only be in \`assistant\` messages.`, { param: `${param}.type` });
      }
      if (message.role === 'assistant' && block.type === 'tool_result') {
        throw new InvalidRequestError(`${param}: \`tool_result\` blocks can only be in \`user\` messages.`, { param: `${param}.type` });
      }
      const inner = block.type === 'tool_result' ? block['content'] : undefined;
      if (!Array.isArray(inner)) continue;
      for (const [innerIndex, part] of (inner as { type: string }[]).entries()) {
        if (!TOOL_RESULT_BLOCK_TYPES.includes(part.type)) throw unknownTag(`${param}.content.${innerIndex}`, part.type, TOOL_RESULT_BLOCK_TYPES);
      }
    }
  }
}

/**
 * Parses a Messages body. `requireMaxTokens` is false for count_tokens, which has no `max_tokens`.
 * Image and document sources are checked by type (a base64 image is one of Claude's four types and
 * real base64); an empty message is refused; block types are Anthropic's, in turns of the role that
 * may hold them; client tool names match Anthropic's pattern, once each; `tool_choice` `any` and
 * `tool` need tools (and `tool` one of them); a client tool's `input_schema` must be shaped like a
 * JSON Schema of an object; `metadata.user_id` is at most 256 characters.
 *
 * @throws InvalidRequestError naming the first malformed field.
 */
function parseMessagesRequest(body: unknown, { requireMaxTokens }: { readonly requireMaxTokens: boolean }): ParsedMessagesRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError(`The request body must be a JSON object, not ${describe(body)}.`);
  }
  const result = messagesRequestSchema.safeParse(body, { reportInput: true });
  if (!result.success) {
    const [first] = result.error.issues;
    throw first === undefined ? new InvalidRequestError('Invalid request body.') : toInvalidRequestError(first);
  }
  if (requireMaxTokens && result.data.max_tokens === undefined) {
    throw new InvalidRequestError('max_tokens: Field required', { param: 'max_tokens' });
  }
  // Sound: the schema checked every field the type declares; loose objects keep the rest for Claude.
  const request = result.data as AnthropicMessagesRequest;
  checkEmptyMessages(request);
  checkBlocks(request);
  checkToolNames(request);
  checkToolChoice(request);
  checkToolSchemas(request);
  const droppedFields = Object.keys(body).filter((field) => !KNOWN_FIELDS.has(field));
  return { request, droppedFields };
}

export { MESSAGES_REQUEST_FIELDS, MIN_BUDGET_TOKENS, parseMessagesRequest };
export type { ParsedMessagesRequest };
