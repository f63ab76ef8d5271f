/**
 * @module Validates Claude's Messages body as Bedrock's InvokeModel takes it, and reads it as a
 * Converse body so the reply planner, the model rules and the token count serve both APIs alike.
 *
 * Two layers of errors, as on Bedrock: its JSON schema answers in its own wording ("Malformed input
 * request: #: required key [max_tokens] not found, ..."); checks of Anthropic's own answer with
 * "The model returned the following errors: " and Anthropic's wording. Pure: no I/O.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */

import type { ContentBlock, Message, SystemContentBlock, Tool, ToolChoice, ToolResultContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { malformedInput, validationError } from './bedrock-errors';
import type { BedrockClaudeBody } from './claude-messages-types';
import { MODEL_ERROR_PREFIX, checkModelRules } from './model-rules';
import { isJsonDocumentObject, isJsonObject, type ConverseBody, type JsonObject } from './request-features';
import type { EmulatorModel } from './types';

/** The only `anthropic_version` Bedrock accepts. */
const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * `anthropic_beta` values Bedrock accepts; any other is refused with "invalid beta flag" (Bedrock
 * checks the whole list, whatever the model). Source: the beta list of the Bedrock Claude Messages
 * page, as collected in BerriAI/litellm pull request #19877 (2026-01-27), which filters to it after
 * Claude Code's `mcp-servers-2025-12-04` and `structured-outputs-*` betas were refused.
 * `thinking-token-count-2026-05-13`: Claude Code 2.1.332 sends it to Bedrock itself in Bedrock mode
 * (shared/fixtures/agents/claude-code-bedrock-invoke-stream.json).
 */
const BEDROCK_ANTHROPIC_BETAS: ReadonlySet<string> = new Set([
  'computer-use-2024-10-22',
  'computer-use-2025-01-24',
  'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07',
  'context-management-2025-06-27',
  'effort-2025-11-24',
  'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29',
  'thinking-token-count-2026-05-13',
]);

/** Top-level keys the body may carry (`model` and `stream` are not among them on Bedrock). */
const BODY_KEYS: ReadonlySet<string> = new Set([
  'anthropic_version',
  'anthropic_beta',
  'max_tokens',
  'messages',
  'system',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'tools',
  'tool_choice',
  'thinking',
  'metadata',
  'output_config',
  'context_management',
  'service_tier',
]);

/** Content block types Anthropic accepts in request messages. */
const BLOCK_TYPES: readonly string[] = [
  'text',
  'image',
  'document',
  'search_result',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'tool_search_tool_result',
  'tool_reference',
  'container_upload',
];

/** Blocks only the model writes: Anthropic takes them in assistant turns only. */
const ASSISTANT_ONLY_BLOCK_TYPES: readonly string[] = ['tool_use', 'server_tool_use', 'thinking', 'redacted_thinking'];
/** `metadata.user_id` at most this long (Anthropic's API schema). */
const MAX_USER_ID_LENGTH = 256;

const TOOL_CHOICE_TYPES: readonly string[] = ['auto', 'any', 'tool', 'none'];
const THINKING_TYPES: readonly string[] = ['enabled', 'adaptive', 'disabled'];
const CACHE_TTLS: readonly string[] = ['5m', '1h'];
const MAX_CACHE_BREAKPOINTS = 4;
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,128}$/;

/**
 * Models that take `role: "system"` turns inside `messages`: the Claude models after Opus/Sonnet 4.6
 * (DESIGN.md: mid-conversation system messages work through InvokeModel on some newer models only;
 * Claude Code sends them to Opus 5.5). Older models get Anthropic's role error.
 */
const MID_CONVERSATION_SYSTEM_MODELS = /^anthropic\.claude-(opus|sonnet|haiku|fable)-(4-[7-9]|[5-9])/;

/** A check of Anthropic's own (passed through by Bedrock with its prefix). */
function modelError(message: string): Error {
  return validationError(`${MODEL_ERROR_PREFIX}${message}`);
}

/** Anthropic's model name for a Bedrock Claude id: `anthropic.claude-haiku-4-5-20251001-v1:0` -> `claude-haiku-4-5-20251001`. */
function anthropicModelName(modelId: string): string {
  return modelId.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}

function checkSchema(body: JsonObject): void {
  const extraneous = Object.keys(body).find((key) => !BODY_KEYS.has(key));
  if (extraneous !== undefined) throw malformedInput(`#: extraneous key [${extraneous}] is not permitted`);
  for (const key of ['anthropic_version', 'max_tokens', 'messages'] as const) {
    if (body[key] === undefined) throw malformedInput(`#: required key [${key}] not found`);
  }
  if (body['anthropic_version'] !== BEDROCK_ANTHROPIC_VERSION) {
    throw validationError(`Invalid API version: ${String(body['anthropic_version'])}`);
  }
  const maxTokens = body['max_tokens'];
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens)) throw malformedInput(`#/max_tokens: expected type: Integer, found: ${typeof maxTokens}`);
  if (maxTokens < 1) throw malformedInput(`#/max_tokens: ${maxTokens} is not greater or equal to 1`);
  if (!Array.isArray(body['messages'])) throw malformedInput(`#/messages: expected type: JSONArray, found: ${typeof body['messages']}`);
  const betas = body['anthropic_beta'];
  if (betas !== undefined && (!Array.isArray(betas) || betas.some((beta) => typeof beta !== 'string'))) {
    throw malformedInput('#/anthropic_beta: expected type: JSONArray of String');
  }
}

function checkBetas(betas: readonly string[]): void {
  if (betas.some((beta) => !BEDROCK_ANTHROPIC_BETAS.has(beta))) throw modelError('invalid beta flag');
}

function checkCacheControl(value: unknown, path: string): number {
  if (value === undefined) return 0;
  if (!isJsonObject(value) || value['type'] !== 'ephemeral') throw modelError(`${path}.type: Input should be 'ephemeral'`);
  const ttl = value['ttl'];
  if (ttl !== undefined && (typeof ttl !== 'string' || !CACHE_TTLS.includes(ttl))) throw modelError(`${path}.ttl: Input should be '5m' or '1h'`);
  return 1;
}

/** Checks one block; returns how many cache breakpoints it sets. */
function checkBlock(block: unknown, path: string): number {
  if (!isJsonObject(block)) throw modelError(`${path}: Input should be a valid dictionary or object to extract fields from`);
  const type = block['type'];
  if (typeof type !== 'string' || !BLOCK_TYPES.includes(type)) {
    throw modelError(`${path}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${BLOCK_TYPES.map((tag) => `'${tag}'`).join(', ')}`);
  }
  if (type === 'text' && (typeof block['text'] !== 'string' || block['text'].trim() === '')) throw modelError('messages: text content blocks must be non-empty');
  if (type === 'tool_use' && (typeof block['id'] !== 'string' || typeof block['name'] !== 'string' || !isJsonObject(block['input']))) {
    throw modelError(`${path}: tool_use blocks need an id, a name and an input object`);
  }
  if (type === 'tool_result' && typeof block['tool_use_id'] !== 'string') throw modelError(`${path}.tool_use_id: Field required`);
  if (type === 'thinking' && (typeof block['thinking'] !== 'string' || typeof block['signature'] !== 'string')) {
    throw modelError(`${path}.signature: Field required`);
  }
  if (type === 'redacted_thinking' && typeof block['data'] !== 'string') throw modelError(`${path}.data: Field required`);
  let breakpoints = checkCacheControl(block['cache_control'], `${path}.cache_control`);
  const nested = block['content'];
  if (type === 'tool_result' && Array.isArray(nested)) {
    nested.forEach((inner, index) => {
      breakpoints += checkBlock(inner, `${path}.content.${index}`);
    });
  }
  return breakpoints;
}

function blocksOf(content: unknown): unknown[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
}

function toolUseIds(message: unknown): string[] {
  if (!isJsonObject(message) || message['role'] !== 'assistant') return [];
  return blocksOf(message['content']).flatMap((block) => (isJsonObject(block) && block['type'] === 'tool_use' && typeof block['id'] === 'string' ? [block['id']] : []));
}

function toolResultIds(message: unknown): string[] {
  if (!isJsonObject(message)) return [];
  return blocksOf(message['content']).flatMap((block) =>
    isJsonObject(block) && block['type'] === 'tool_result' && typeof block['tool_use_id'] === 'string' ? [block['tool_use_id']] : [],
  );
}

/** Anthropic's pairing rule: each tool_use is answered by a tool_result in the very next message, and only then. */
function checkToolPairing(messages: readonly unknown[]): void {
  messages.forEach((message, index) => {
    const expected = toolUseIds(messages[index - 1]);
    const unexpected = toolResultIds(message).find((id) => !expected.includes(id));
    if (unexpected !== undefined) {
      throw modelError(
        `messages.${index}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unexpected}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
      );
    }
  });
  messages.slice(0, -1).forEach((message, index) => {
    const answered = toolResultIds(messages[index + 1]);
    const missing = toolUseIds(message).filter((id) => !answered.includes(id));
    if (missing.length > 0) {
      throw modelError(
        `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
}

function checkMessages(messages: readonly unknown[], model: EmulatorModel): number {
  if (messages.length === 0) throw modelError('messages: at least one message is required');
  const systemAllowed = MID_CONVERSATION_SYSTEM_MODELS.test(model.modelId);
  let breakpoints = 0;
  messages.forEach((message, index) => {
    if (!isJsonObject(message)) throw modelError(`messages.${index}: Input should be a valid dictionary or object to extract fields from`);
    const role = message['role'];
    if (role !== 'user' && role !== 'assistant' && !(role === 'system' && systemAllowed)) {
      throw modelError(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    }
    const content = message['content'];
    if (typeof content === 'string') {
      if (content.trim() === '' && !(role === 'assistant' && index === messages.length - 1)) {
        throw modelError(`messages.${index}: all messages must have non-empty content except for the optional final assistant message`);
      }
      return;
    }
    if (!Array.isArray(content)) throw modelError(`messages.${index}.content: Input should be a valid list or a valid string`);
    content.forEach((block, blockIndex) => {
      const path = `messages.${index}.content.${blockIndex}`;
      breakpoints += checkBlock(block, path);
      const type = isJsonObject(block) ? block['type'] : undefined;
      if (role === 'user' && typeof type === 'string' && ASSISTANT_ONLY_BLOCK_TYPES.includes(type)) throw modelError(`${path}: \`${type}\` blocks can only be in \`assistant\` messages.`);
      if (role === 'assistant' && type === 'tool_result') throw modelError(`${path}: \`tool_result\` blocks can only be in \`user\` messages.`);
    });
  });
  checkToolPairing(messages);
  return breakpoints;
}

function checkSystem(system: unknown): number {
  if (system === undefined || typeof system === 'string') return 0;
  if (!Array.isArray(system)) throw modelError('system: Input should be a valid string or a valid list');
  return system.reduce<number>((sum, block, index) => {
    if (!isJsonObject(block) || block['type'] !== 'text' || typeof block['text'] !== 'string') throw modelError(`system.${index}: Input should be a text block`);
    if (block['text'].trim() === '') throw modelError('system: text content blocks must be non-empty');
    return sum + checkCacheControl(block['cache_control'], `system.${index}.cache_control`);
  }, 0);
}

function checkTools(body: JsonObject): number {
  const tools = body['tools'] ?? [];
  if (!Array.isArray(tools)) throw modelError('tools: Input should be a valid list');
  const names = new Set<string>();
  let breakpoints = 0;
  tools.forEach((tool, index) => {
    if (!isJsonObject(tool)) throw modelError(`tools.${index}: Input should be a valid dictionary or object to extract fields from`);
    const name = tool['name'];
    if (typeof name !== 'string') throw modelError(`tools.${index}.name: Field required`);
    const custom = tool['type'] === undefined || tool['type'] === 'custom';
    if (custom && !TOOL_NAME_PATTERN.test(name)) throw modelError(`tools.${index}.custom.name: String should match pattern '${TOOL_NAME_PATTERN.source}'`);
    if (custom && !isJsonObject(tool['input_schema'])) throw modelError(`tools.${index}.custom.input_schema: Field required`);
    if (names.has(name)) throw modelError('tools: Tool names must be unique.');
    names.add(name);
    breakpoints += checkCacheControl(tool['cache_control'], `tools.${index}.cache_control`);
  });
  const choice = body['tool_choice'];
  if (choice !== undefined) {
    if (!isJsonObject(choice) || typeof choice['type'] !== 'string' || !TOOL_CHOICE_TYPES.includes(choice['type'])) {
      throw modelError(`tool_choice: Input tag '${isJsonObject(choice) ? String(choice['type']) : String(choice)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`);
    }
    if ((choice['type'] === 'any' || choice['type'] === 'tool') && names.size === 0) {
      throw modelError(`tool_choice: tool_choice.type '${choice['type']}' may only be specified while providing tools.`);
    }
    if (choice['type'] === 'tool' && (typeof choice['name'] !== 'string' || !names.has(choice['name']))) {
      throw modelError(`tool_choice.name: Tool '${String(choice['name'])}' not found in provided tools`);
    }
  }
  return breakpoints;
}

function checkMetadata(metadata: unknown): void {
  if (metadata === undefined) return;
  if (!isJsonObject(metadata)) throw modelError('metadata: Input should be a valid dictionary');
  const userId = metadata['user_id'];
  if (userId === undefined || userId === null) return;
  if (typeof userId !== 'string') throw modelError('metadata.user_id: Input should be a valid string');
  if (userId.length > MAX_USER_ID_LENGTH) throw modelError(`metadata.user_id: String should have at most ${MAX_USER_ID_LENGTH} characters`);
}

function checkSampling(body: JsonObject, model: EmulatorModel): void {
  const maxTokens = body['max_tokens'] as number;
  if (model.maxOutputTokens !== undefined && maxTokens > model.maxOutputTokens) {
    throw modelError(`max_tokens: ${maxTokens} > ${model.maxOutputTokens}, which is the maximum allowed number of output tokens for ${anthropicModelName(model.modelId)}`);
  }
  for (const key of ['temperature', 'top_p'] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number') throw modelError(`${key}: Input should be a valid number`);
    if (value < 0) throw modelError(`${key}: Input should be greater than or equal to 0`);
    if (value > 1) throw modelError(`${key}: Input should be less than or equal to 1`);
  }
  const stops = body['stop_sequences'];
  if (stops !== undefined && (!Array.isArray(stops) || stops.some((stop) => typeof stop !== 'string'))) throw modelError('stop_sequences: Input should be a valid list of strings');
  const thinking = body['thinking'];
  if (thinking !== undefined) {
    if (!isJsonObject(thinking) || typeof thinking['type'] !== 'string' || !THINKING_TYPES.includes(thinking['type'])) {
      throw modelError("thinking: Input tag found using 'type' does not match any of the expected tags: 'enabled', 'adaptive', 'disabled'");
    }
    if (thinking['type'] === 'enabled' && (typeof thinking['budget_tokens'] !== 'number' || !Number.isInteger(thinking['budget_tokens']))) {
      throw modelError('thinking.enabled.budget_tokens: Field required');
    }
  }
}

function textBlocks(content: unknown): ContentBlock[] {
  return blocksOf(content).flatMap((block): ContentBlock[] => (isJsonObject(block) && typeof block['text'] === 'string' && block['text'].trim() !== '' ? [{ text: block['text'] }] : []));
}

function toToolResultContent(content: unknown): ToolResultContentBlock[] {
  return blocksOf(content).flatMap((block): ToolResultContentBlock[] => {
    if (!isJsonObject(block)) return [];
    if (block['type'] === 'text' && typeof block['text'] === 'string') return [{ text: block['text'] }];
    if (block['type'] === 'image') return [{ image: { format: 'png', source: { bytes: new Uint8Array() } } }];
    if (block['type'] === 'document') return [{ document: { format: 'pdf', name: 'document', source: { bytes: new Uint8Array() } } }];
    return [];
  });
}

/** One request block as the Converse block that counts and plans the same (images and documents by kind only). */
function toConverseBlock(block: unknown): ContentBlock[] {
  if (!isJsonObject(block)) return [];
  switch (block['type']) {
    case 'text':
      return typeof block['text'] === 'string' ? [{ text: block['text'] }] : [];
    case 'image':
      return [{ image: { format: 'png', source: { bytes: new Uint8Array() } } }];
    case 'document':
      return [{ document: { format: 'pdf', name: 'document', source: { bytes: new Uint8Array() } } }];
    case 'tool_use':
      return isJsonDocumentObject(block['input']) ? [{ toolUse: { toolUseId: String(block['id']), name: String(block['name']), input: block['input'] } }] : [];
    case 'tool_result':
      return [{ toolResult: { toolUseId: String(block['tool_use_id']), content: toToolResultContent(block['content']), status: block['is_error'] === true ? 'error' : 'success' } }];
    case 'thinking':
      return [{ reasoningContent: { reasoningText: { text: String(block['thinking']), signature: String(block['signature']) } } }];
    case 'redacted_thinking':
      return [{ reasoningContent: { redactedContent: Buffer.from(String(block['data']), 'base64') } }];
    default:
      return [];
  }
}

/** User and assistant turns, consecutive same-role turns merged (Anthropic merges them too). */
function toConverseMessages(messages: readonly unknown[]): Message[] {
  const merged: Message[] = [];
  for (const message of messages) {
    if (!isJsonObject(message) || (message['role'] !== 'user' && message['role'] !== 'assistant')) continue;
    const content = blocksOf(message['content']).flatMap(toConverseBlock);
    const last = merged.at(-1);
    if (last !== undefined && last.role === message['role']) last.content = [...(last.content ?? []), ...content];
    else merged.push({ role: message['role'], content });
  }
  return merged;
}

/** The system prompt, followed by any mid-conversation system turns (they count as system text). */
function toConverseSystem(body: JsonObject): SystemContentBlock[] {
  const midConversation = (body['messages'] as unknown[]).filter((message) => isJsonObject(message) && message['role'] === 'system');
  return [...textBlocks(body['system']), ...midConversation.flatMap((message) => textBlocks(isJsonObject(message) ? message['content'] : undefined))].flatMap(
    (block): SystemContentBlock[] => (block.text === undefined ? [] : [{ text: block.text }]),
  );
}

function toConverseTools(body: JsonObject): { tools: Tool[]; toolChoice?: ToolChoice } {
  const choice = isJsonObject(body['tool_choice']) ? body['tool_choice'] : {};
  if (choice['type'] === 'none') return { tools: [] };
  const tools = (Array.isArray(body['tools']) ? body['tools'] : []).flatMap((tool): Tool[] =>
    isJsonObject(tool) && typeof tool['name'] === 'string' && isJsonDocumentObject(tool['input_schema'])
      ? [{ toolSpec: { name: tool['name'], description: typeof tool['description'] === 'string' ? tool['description'] : undefined, inputSchema: { json: tool['input_schema'] } } }]
      : [],
  );
  const toolChoice: ToolChoice | undefined =
    choice['type'] === 'any' ? { any: {} } : choice['type'] === 'tool' ? { tool: { name: String(choice['name']) } } : choice['type'] === 'auto' ? { auto: {} } : undefined;
  return { tools, ...(toolChoice === undefined ? {} : { toolChoice }) };
}

/** The Converse body that asks the same: what the planner, the model rules and the token count read. */
function toConverseView(body: JsonObject): ConverseBody {
  const { tools, toolChoice } = toConverseTools(body);
  const thinking = body['thinking'];
  const topK = body['top_k'];
  const additional = {
    ...(isJsonDocumentObject(thinking) ? { thinking } : {}),
    ...(typeof topK === 'number' ? { top_k: topK } : {}),
  };
  const stops = body['stop_sequences'];
  return {
    messages: toConverseMessages(body['messages'] as unknown[]),
    system: toConverseSystem(body),
    inferenceConfig: {
      maxTokens: body['max_tokens'] as number,
      ...(typeof body['temperature'] === 'number' ? { temperature: body['temperature'] } : {}),
      ...(typeof body['top_p'] === 'number' ? { topP: body['top_p'] } : {}),
      ...(Array.isArray(stops) ? { stopSequences: stops.filter((stop): stop is string => typeof stop === 'string') } : {}),
    },
    ...(tools.length > 0 ? { toolConfig: { tools, ...(toolChoice === undefined ? {} : { toolChoice }) } } : {}),
    ...(Object.keys(additional).length > 0 ? { additionalModelRequestFields: additional } : {}),
  };
}

/** A validated Claude body and its Converse reading. */
interface ValidatedClaudeRequest {
  readonly body: BedrockClaudeBody;
  readonly view: ConverseBody;
}

/**
 * Validates an InvokeModel body for a Claude `model` as Bedrock and Anthropic do.
 *
 * @throws BedrockEmulatorError (ValidationException) naming the first problem found.
 */
function validateClaudeBody(raw: unknown, model: EmulatorModel): ValidatedClaudeRequest {
  if (!isJsonObject(raw)) throw malformedInput('#: expected type: JSONObject');
  checkSchema(raw);
  checkBetas((raw['anthropic_beta'] as string[] | undefined) ?? []);
  checkSampling(raw, model);
  checkMetadata(raw['metadata']);
  const breakpoints = checkSystem(raw['system']) + checkTools(raw) + checkMessages(raw['messages'] as unknown[], model);
  if (breakpoints > MAX_CACHE_BREAKPOINTS) throw modelError(`A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints}.`);
  const view = toConverseView(raw);
  const ruleProblem = checkModelRules(view, model);
  if (ruleProblem !== undefined) throw validationError(ruleProblem);
  return { body: raw as unknown as BedrockClaudeBody, view };
}

/** True for the models whose InvokeModel body is Claude's Messages body. */
function isClaudeModel(model: EmulatorModel): boolean {
  return model.kind === 'chat' && model.modelId.startsWith('anthropic.claude');
}

export { BEDROCK_ANTHROPIC_BETAS, BEDROCK_ANTHROPIC_VERSION, anthropicModelName, isClaudeModel, validateClaudeBody };
export type { ValidatedClaudeRequest };
