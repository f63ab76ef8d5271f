/**
 * @module A Messages request as the body of Bedrock's InvokeModel for Claude: Anthropic's own body
 * with `anthropic_version: "bedrock-2023-05-31"` and `anthropic_beta`, without `model` and `stream`.
 * The call that keeps Claude's features (betas, adaptive thinking, mid-conversation system turns)
 * that Converse drops. What the model or Bedrock would refuse is changed or dropped with a warning,
 * never refused: the rules are in `MESSAGES_PARAMETER_POLICY`.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
import { nearestEffort, planClaudeThinking, rejectedSamplingParameters, type ReasoningAsk } from '../bedrock/claude-thinking';
import type { RequestWarnings } from '../bedrock/request-warnings';
import type { AnthropicEffort, CatalogEntry, ToolChoiceMode } from '../catalog/types';
import { InvalidRequestError } from '../platform/errors';
import { selectBedrockBetas } from './anthropic-betas';
import { CONTEXT_MANAGEMENT_BETA, TOOL_EXAMPLES_BETA, TOOL_SEARCH_BETA } from './bedrock-betas.data';
import { isBlock } from './request-blocks';
import type {
  AnthropicCacheControl,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicRequestBlock,
  AnthropicThinkingConfig,
  AnthropicTool,
  AnthropicToolChoice,
} from './messages-api-types';

/** The only `anthropic_version` Bedrock takes. */
const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * Server tool types Claude on Bedrock runs: computer use, bash and the text editor (with the
 * computer-use betas) and tool search (with its beta). Others (web search and fetch, code
 * execution, MCP) are Anthropic-hosted and are dropped.
 */
const BEDROCK_SERVER_TOOL = /^(computer|bash|text_editor|str_replace_editor|str_replace_based_edit_tool|tool_search_tool_(regex|bm25))_\d+$/;

/** Fields of a client tool Bedrock takes; `defer_loading` and `input_examples` only with their betas. */
const CLIENT_TOOL_FIELDS: ReadonlySet<string> = new Set(['name', 'type', 'description', 'input_schema', 'cache_control']);

/** The InvokeModel body for Claude. */
interface ClaudeInvokeBody {
  anthropic_version: typeof BEDROCK_ANTHROPIC_VERSION;
  anthropic_beta?: string[];
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string | AnthropicRequestBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: Record<string, unknown>;
  context_management?: Record<string, unknown>;
  metadata?: { user_id?: string | null };
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

interface ClaudeBodyInput {
  /** The request, its image URLs already inlined (`resolveImageUrls`). */
  readonly request: AnthropicMessagesRequest;
  /** The client's `anthropic-beta` values. */
  readonly betas: readonly string[];
  readonly model: CatalogEntry;
  readonly warnings: RequestWarnings;
}

/** A prepared body and what the reservation needs to know of it. */
interface PreparedClaudeBody {
  readonly body: ClaudeInvokeBody;
  /** `max_tokens` sent. */
  readonly maxOutputTokens: number;
  /** The body sets a cache breakpoint, so Bedrock may bill input as a cache write. */
  readonly writesCache: boolean;
  /** `1h` when a breakpoint is sent with the 1-hour TTL (writes priced at the 1-hour price). */
  readonly cacheTtl?: '1h';
}

/** A block's `cache_control`, if it has one (the schema checked its shape). */
function cacheControlFor(control: AnthropicCacheControl | null | undefined): AnthropicCacheControl | undefined {
  return control === undefined || control === null ? undefined : control;
}

/**
 * Settles the TTL of every `cache_control` so Bedrock takes them and the ledger can price them: on a
 * model without a 1-hour cache price, 1-hour breakpoints become 5-minute ones (warning); elsewhere
 * TTLs never increase along the prompt (tools, system, then messages, Anthropic's and Bedrock's
 * rule), so a 1-hour breakpoint after a 5-minute one becomes 5-minute (warning). Returns the body
 * unchanged when no TTL moves, and the longest TTL sent.
 */
function settleClaudeCacheTtls(body: ClaudeInvokeBody, oneHour: boolean, warnings: RequestWarnings): { body: ClaudeInvokeBody; longest: '5m' | '1h' | undefined } {
  let allowed: '5m' | '1h' = oneHour ? '1h' : '5m';
  let sent: '5m' | '1h' | undefined;
  let downgraded = false;
  let lowered = false;
  const settle = <T,>(block: T): T => {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) return block;
    const record = block as Record<string, unknown>;
    const nested = Array.isArray(record['content']) ? (record['content'] as unknown[]).map(settle) : undefined;
    let next: Record<string, unknown> = nested === undefined || nested.every((inner, index) => inner === (record['content'] as unknown[])[index]) ? record : { ...record, content: nested };
    const control = cacheControlFor(record['cache_control'] as AnthropicCacheControl | null | undefined);
    if (control !== undefined) {
      const wanted = control.ttl ?? '5m';
      const ttl = wanted === '1h' && allowed === '1h' ? '1h' : '5m';
      if (wanted === '1h' && ttl === '5m') {
        if (oneHour) lowered = true;
        else downgraded = true;
        next = { ...next, cache_control: { type: 'ephemeral' } };
      }
      allowed = ttl;
      sent = sent === '1h' || ttl === '1h' ? '1h' : '5m';
    }
    return next as T;
  };
  const tools = body.tools?.map(settle);
  const system = typeof body.system === 'string' || body.system === undefined ? body.system : body.system.map(settle);
  const messages = body.messages.map((message) => (typeof message.content === 'string' ? message : { ...message, content: message.content.map(settle) }));
  if (downgraded) warnings.add("cache_control: ttl '1h' sent as the 5-minute cache, the model has no 1-hour cache the gateway can price.");
  if (lowered) warnings.add("cache_control: a ttl '1h' breakpoint after a 5-minute one was sent as 5-minute (TTLs must not increase along the prompt: tools, system, messages).");
  if (!downgraded && !lowered) return { body, longest: sent };
  return { body: { ...body, messages, ...(system === undefined ? {} : { system }), ...(tools === undefined ? {} : { tools }) }, longest: sent };
}

/** A block or tool with its cache TTL settled (the schema checked `cache_control`'s shape). */
function withCacheControl<T extends { readonly [field: string]: unknown }>(block: T): T {
  if (block['cache_control'] === undefined) return block;
  const control = cacheControlFor(block['cache_control'] as AnthropicCacheControl | null);
  const { cache_control: _dropped, ...rest } = block;
  return (control === undefined ? rest : { ...rest, cache_control: control }) as T;
}

function convertBlock(block: AnthropicRequestBlock, param: string, warnings: RequestWarnings): AnthropicRequestBlock {
  const source = block['source'] as { type?: unknown } | undefined;
  if ((block.type === 'image' || block.type === 'document') && source?.type === 'file') {
    throw new InvalidRequestError(`${param}.source: Files API sources are not available through Amazon Bedrock; send the ${block.type} as base64.`, { param: `${param}.source` });
  }
  if (block.type === 'document' && source?.type === 'url') {
    throw new InvalidRequestError(`${param}.source: Amazon Bedrock does not fetch document URLs; send the document as base64.`, { param: `${param}.source` });
  }
  const nested = block.type === 'tool_result' ? block['content'] : undefined;
  const settled = withCacheControl(block);
  if (!Array.isArray(nested)) return settled;
  return { ...settled, content: nested.map((inner: AnthropicRequestBlock, index: number) => convertBlock(inner, `${param}.content.${index}`, warnings)) };
}

function convertContent(content: string | AnthropicRequestBlock[], param: string, warnings: RequestWarnings): string | AnthropicRequestBlock[] {
  return typeof content === 'string' ? content : content.map((block, index) => convertBlock(block, `${param}.content.${index}`, warnings));
}

/** The text blocks of a system prompt or a system turn (whose content the schema allows to be text only). */
function systemBlocks(system: string | readonly AnthropicRequestBlock[]): AnthropicRequestBlock[] {
  if (typeof system === 'string') return system.trim() === '' ? [] : [{ type: 'text', text: system }];
  return system.filter((block) => isBlock(block, 'text'));
}

/**
 * Messages and system for the model: `role: "system"` turns stay where they are on models that take
 * them mid-conversation and move, in order, to the end of the top-level system prompt elsewhere
 * (their text keeps system authority; only its position changes). Per-turn `output_config` (the
 * `per-turn-control` beta, not on Bedrock) is dropped.
 */
function convertTurns(request: AnthropicMessagesRequest, model: CatalogEntry, warnings: RequestWarnings): { messages: AnthropicMessageParam[]; system?: string | AnthropicRequestBlock[] } {
  const keepSystemTurns = model.capabilities.midConversationSystem === true;
  const moved: AnthropicRequestBlock[] = [];
  const messages: AnthropicMessageParam[] = [];
  request.messages.forEach((message, index) => {
    const param = `messages.${index}`;
    if (message.output_config !== undefined) warnings.add(`${param}.output_config: per-turn output settings are not available on Amazon Bedrock; dropped.`);
    const content = convertContent(message.content, param, warnings);
    if (message.role === 'system' && !keepSystemTurns) {
      moved.push(...systemBlocks(content));
      return;
    }
    messages.push({ role: message.role, content });
  });
  const system = request.system === undefined ? undefined : typeof request.system === 'string' ? request.system : request.system.map((block) => withCacheControl(block));
  if (moved.length === 0) return { messages, ...(system === undefined ? {} : { system }) };
  warnings.add(`messages: role 'system' turns moved to the system prompt ('${model.id}' takes no system turns inside messages).`);
  return { messages, system: [...systemBlocks(system ?? []), ...moved] };
}

function convertTool(tool: AnthropicTool, index: number, betas: ReadonlySet<string>, warnings: RequestWarnings): AnthropicTool | undefined {
  const param = `tools.${index}`;
  const type = tool.type ?? 'custom';
  if (type !== 'custom') {
    if (BEDROCK_SERVER_TOOL.test(type)) return withCacheControl(tool);
    warnings.add(`${param}: the ${type} server tool is not available on Amazon Bedrock; dropped.`);
    return undefined;
  }
  const kept: AnthropicTool = { name: tool.name };
  const ignored: string[] = [];
  for (const [field, value] of Object.entries(tool)) {
    if (value === undefined || value === null) continue;
    const allowed =
      CLIENT_TOOL_FIELDS.has(field) || (field === 'defer_loading' && betas.has(TOOL_SEARCH_BETA)) || (field === 'input_examples' && betas.has(TOOL_EXAMPLES_BETA));
    if (allowed) kept[field] = value;
    else ignored.push(field);
  }
  if (ignored.length > 0) warnings.add(`${param}: ${ignored.join(', ')} not sent (not available on Amazon Bedrock without its beta).`);
  return withCacheControl(kept);
}

function supportsChoice(model: CatalogEntry, mode: ToolChoiceMode): boolean {
  return model.capabilities.toolChoice.includes(mode);
}

/** The client's thinking and effort as a surface-neutral ask. */
function reasoningAsk(thinking: AnthropicThinkingConfig | undefined, effort: AnthropicEffort | undefined): ReasoningAsk {
  const withEffort = effort === undefined ? {} : { effort };
  switch (thinking?.type) {
    case undefined:
      return { kind: 'default' };
    case 'enabled':
      return { kind: 'budget', budgetTokens: thinking.budget_tokens, ...withEffort };
    case 'adaptive':
      return { kind: 'adaptive', ...withEffort };
    case 'disabled':
      return { kind: 'off', ...withEffort };
    case 'between_tools':
      return { kind: 'between-tools', ...withEffort };
    default: {
      const _exhaustiveCheck: never = thinking;
      return _exhaustiveCheck;
    }
  }
}

/** `display` travels with the thinking types that show thinking. */
function thinkingToSend(planned: AnthropicThinkingConfig | undefined, requested: AnthropicThinkingConfig | undefined): AnthropicThinkingConfig | undefined {
  if (planned === undefined) return undefined;
  const display = requested !== undefined && 'display' in requested ? requested.display : undefined;
  if (display === undefined || display === null || (planned.type !== 'adaptive' && planned.type !== 'enabled')) return planned;
  return { ...planned, display };
}

/**
 * Settles `max_tokens` (clamped to the model) and a thinking budget that must stay below it.
 *
 * @throws InvalidRequestError when the client's own budget is not below its `max_tokens` (Anthropic's rule).
 */
function settleMaxTokens(requested: number, thinking: AnthropicThinkingConfig | undefined, model: CatalogEntry, warnings: RequestWarnings): { maxTokens: number; thinking: AnthropicThinkingConfig | undefined } {
  const maxTokens = Math.min(requested, model.maxOutputTokens);
  if (maxTokens < requested) warnings.add(`max_tokens: ${requested} is above the maximum of '${model.id}'; clamped to ${maxTokens}.`);
  if (thinking?.type !== 'enabled' || thinking.budget_tokens < maxTokens) return { maxTokens, thinking };
  if (thinking.budget_tokens >= requested) {
    throw new InvalidRequestError('`max_tokens` must be greater than `thinking.budget_tokens`.', { param: 'thinking.budget_tokens' });
  }
  warnings.add(`thinking.budget_tokens: lowered to ${maxTokens - 1} to stay below the clamped max_tokens.`);
  return { maxTokens, thinking: { ...thinking, budget_tokens: maxTokens - 1 } };
}

function hasCacheControl(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasCacheControl);
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return record['cache_control'] !== undefined || hasCacheControl(record['content']);
}

/**
 * Builds Claude's InvokeModel body for one model. Pure: image URLs must already be inlined.
 *
 * @throws InvalidRequestError for content Bedrock cannot take at all (Files API ids, document URLs)
 *   and for a thinking budget not below the client's own `max_tokens`.
 */
function convertToClaudeBody({ request, betas: requestedBetas, model, warnings }: ClaudeBodyInput): PreparedClaudeBody {
  const selection = selectBedrockBetas(requestedBetas);
  if (selection.dropped.length > 0) warnings.add(`anthropic-beta: ${selection.dropped.join(', ')} not sent (not available on Amazon Bedrock).`);
  const betas = new Set(selection.betas);
  const contextManagement = request.context_management ?? undefined;
  if (contextManagement !== undefined) betas.add(CONTEXT_MANAGEMENT_BETA);

  let toolChoice = request.tool_choice;
  if ((toolChoice?.type === 'any' || toolChoice?.type === 'tool') && !supportsChoice(model, toolChoice.type)) {
    warnings.add(`tool_choice: '${model.id}' cannot be forced to use a tool; sent 'auto'.`);
    toolChoice = { type: 'auto', ...(toolChoice.disable_parallel_tool_use === undefined ? {} : { disable_parallel_tool_use: toolChoice.disable_parallel_tool_use }) };
  }
  const forcesTool = toolChoice?.type === 'any' || toolChoice?.type === 'tool';
  const requestedEffort = request.output_config?.effort ?? undefined;
  const plan = planClaudeThinking({
    ask: reasoningAsk(request.thinking, requestedEffort),
    model,
    forcesTool,
    params: { ask: 'thinking', effort: 'output_config.effort' },
    warnings,
  });
  if (plan.thinks && forcesTool) {
    warnings.add(`tool_choice: '${model.id}' always thinks, and thinking cannot force a tool; sent 'auto'.`);
    toolChoice = { type: 'auto' };
  }
  let effort = plan.effort;
  if (request.thinking === undefined && requestedEffort !== undefined) {
    const levels = model.capabilities.thinking?.effortLevels ?? [];
    effort = levels.length === 0 ? undefined : nearestEffort(requestedEffort, levels);
    if (effort !== requestedEffort) warnings.add(`output_config.effort: '${requestedEffort}' ${effort === undefined ? 'dropped' : `sent as '${effort}'`} for '${model.id}'.`);
  }
  const { maxTokens, thinking } = settleMaxTokens(request.max_tokens ?? model.maxOutputTokens, thinkingToSend(plan.thinking, request.thinking), model, warnings);

  const sampling: Pick<ClaudeInvokeBody, 'temperature' | 'top_p' | 'top_k'> = {};
  const rejected = rejectedSamplingParameters(model, plan.thinks);
  for (const name of ['temperature', 'top_p', 'top_k'] as const) {
    const value = request[name];
    if (value === undefined) continue;
    if (rejected.includes(name)) warnings.add(`${name}: not sent ('${model.id}' ${plan.thinks ? 'is thinking' : 'rejects it'}).`);
    else sampling[name] = value;
  }
  if (sampling.temperature !== undefined && sampling.top_p !== undefined && model.capabilities.exclusiveTemperatureTopP) {
    warnings.add(`top_p: not sent ('${model.id}' takes temperature or top_p, not both).`);
    delete sampling.top_p;
  }

  const tools = request.tools?.flatMap((tool, index) => convertTool(tool, index, betas, warnings) ?? []);
  const { messages, system } = convertTurns(request, model, warnings);
  if (request.cache_control !== undefined && request.cache_control !== null) warnings.add('cache_control: top-level automatic caching is not available on Amazon Bedrock; mark blocks instead.');
  const outputConfig = { ...(effort === undefined ? {} : { effort }), ...(request.output_config?.format === undefined ? {} : { format: request.output_config.format }) };

  const body: ClaudeInvokeBody = {
    anthropic_version: BEDROCK_ANTHROPIC_VERSION,
    ...(betas.size === 0 ? {} : { anthropic_beta: [...betas] }),
    max_tokens: maxTokens,
    messages,
    ...(system === undefined ? {} : { system }),
    ...(tools === undefined || tools.length === 0 ? {} : { tools }),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(thinking === undefined ? {} : { thinking }),
    ...(Object.keys(outputConfig).length === 0 ? {} : { output_config: outputConfig }),
    ...(contextManagement === undefined ? {} : { context_management: contextManagement }),
    ...(request.metadata === undefined ? {} : { metadata: request.metadata }),
    ...(request.stop_sequences === undefined ? {} : { stop_sequences: request.stop_sequences }),
    ...sampling,
  };
  const settled = settleClaudeCacheTtls(body, model.prices.cacheWrite1hPerMTok !== undefined, warnings);
  return {
    body: settled.body,
    maxOutputTokens: maxTokens,
    writesCache: hasCacheControl(body.system) || hasCacheControl(body.messages) || hasCacheControl(body.tools),
    ...(settled.longest === '1h' ? { cacheTtl: '1h' as const } : {}),
  };
}

/**
 * The same body without betas and the fields that need them, for a model that refuses betas Bedrock
 * lists ("invalid beta flag"): Opus 4.7 refused every beta at launch.
 */
function withoutBetas(body: ClaudeInvokeBody): ClaudeInvokeBody {
  const { anthropic_beta: _betas, context_management: _contextManagement, ...rest } = body;
  const tools = rest.tools?.map(({ defer_loading: _defer, input_examples: _examples, ...tool }) => tool);
  return { ...rest, ...(tools === undefined ? {} : { tools }) };
}

export { BEDROCK_ANTHROPIC_VERSION, convertToClaudeBody, withoutBetas };
export type { ClaudeBodyInput, ClaudeInvokeBody, PreparedClaudeBody };
