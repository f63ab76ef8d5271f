/** @module Prompt-caching checkpoints: `cache_control` markers and the opt-in automatic policy, within Bedrock's limit. */
import type { CachePointBlock, ContentBlock, Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';
import type { OpenAICacheControl } from '../openai/chat-request-types';
import type { RequestWarnings } from './request-warnings';

/**
 * Most checkpoints one request may hold (Anthropic's limit of 4 breakpoints, which Bedrock passes
 * on). Not confirmed in the Bedrock API reference; checked against Anthropic's documentation.
 */
const MAX_CACHE_POINTS = 4;

/** The Converse checkpoint for a `cache_control` marker. */
function toCachePoint(control: OpenAICacheControl): CachePointBlock {
  return control.ttl === undefined ? { type: 'default' } : { type: 'default', ttl: control.ttl };
}

interface CacheableRequest {
  readonly system: SystemContentBlock[];
  readonly tools: Tool[];
  readonly messages: Message[];
}

type Block = { cachePoint?: CachePointBlock | undefined };

function countPoints(blocks: readonly Block[]): number {
  return blocks.filter((block) => block.cachePoint !== undefined).length;
}

/** Keeps the first `budget` checkpoints of a list; returns the list and what is left of the budget. */
function keepFirst<T extends Block>(blocks: readonly T[], budget: number): { blocks: T[]; left: number } {
  let left = budget;
  const kept = blocks.filter((block) => {
    if (block.cachePoint === undefined) return true;
    if (left === 0) return false;
    left -= 1;
    return true;
  });
  return { blocks: kept, left };
}

function endsWithPoint(blocks: readonly Block[]): boolean {
  return blocks[blocks.length - 1]?.cachePoint !== undefined;
}

/** Every checkpoint of a request in Bedrock's order (tools, system, then messages). */
function pointsInOrder(request: CacheableRequest): CachePointBlock[] {
  const points = (blocks: readonly Block[]): CachePointBlock[] => blocks.flatMap((block) => (block.cachePoint === undefined ? [] : [block.cachePoint]));
  return [...points(request.tools), ...points(request.system), ...request.messages.flatMap((message) => points(message.content ?? []))];
}

/** The longest TTL of the request's checkpoints; undefined when it has none. */
function longestCacheTtl(request: CacheableRequest): '5m' | '1h' | undefined {
  const points = pointsInOrder(request);
  if (points.length === 0) return undefined;
  return points.some((point) => point.ttl === '1h') ? '1h' : '5m';
}

/**
 * Settles the TTL of every checkpoint so Bedrock takes them: a model without a priced 1-hour cache
 * gets 5-minute checkpoints (warning), and TTLs never increase along the prompt (Bedrock's rule:
 * tools, then system, then messages), so a 1-hour checkpoint after a 5-minute one becomes 5-minute
 * (warning). Checkpoints the gateway added (`added`) take the longest TTL allowed where they stand.
 */
function settleCacheTtls(request: CacheableRequest, oneHour: boolean, added: ReadonlySet<CachePointBlock>, warnings: RequestWarnings): CacheableRequest {
  const explicit = pointsInOrder(request).filter((point) => !added.has(point));
  if (!explicit.some((point) => point.ttl === '1h')) return request;
  if (!oneHour) warnings.add("cache_control: ttl '1h' sent as the 5-minute cache, the model has no 1-hour cache the gateway can price.");
  let longest: '5m' | '1h' = oneHour ? '1h' : '5m';
  let lowered = false;
  const settled = new Map<CachePointBlock, CachePointBlock>();
  for (const point of pointsInOrder(request)) {
    const wanted = added.has(point) ? longest : (point.ttl ?? '5m');
    if (wanted === '1h' && longest === '5m' && oneHour && !added.has(point)) lowered = true;
    const ttl = wanted === '1h' && longest === '1h' ? '1h' : '5m';
    longest = ttl;
    settled.set(point, ttl === '1h' ? { type: 'default', ttl: '1h' } : { type: 'default' });
  }
  if (lowered) warnings.add("cache_control: a ttl '1h' cache point after a 5-minute one was sent as 5-minute (Bedrock needs TTLs that never increase along the prompt: tools, system, messages).");
  const swap = <T extends Block>(blocks: readonly T[]): T[] =>
    blocks.map((block) => (block.cachePoint === undefined ? block : { ...block, cachePoint: settled.get(block.cachePoint) ?? block.cachePoint }));
  return {
    tools: swap(request.tools),
    system: swap(request.system),
    messages: request.messages.map((message) => ({ ...message, content: swap(message.content ?? []) })),
  };
}

/**
 * Enforces the checkpoint limit on explicit markers (kept in prompt order: tools, system, then
 * messages) and, when `auto` is on, adds checkpoints after the system prompt, after the last tool
 * and at the end of the last user turn while the limit allows. The last-user-turn checkpoint is the
 * incremental pattern: the next request's prefix (up to this turn) is then read from the cache.
 */
function applyCachePoints(request: CacheableRequest, auto: boolean, warnings: RequestWarnings, oneHour = false): CacheableRequest {
  const added = new Set<CachePointBlock>();
  return settleCacheTtls(placeCachePoints(request, auto, warnings, added), oneHour, added, warnings);
}

/** Keeps the first checkpoints within the limit and adds the automatic ones (recorded in `added`). */
function placeCachePoints(request: CacheableRequest, auto: boolean, warnings: RequestWarnings, added: Set<CachePointBlock>): CacheableRequest {
  const explicit = countPoints(request.tools) + countPoints(request.system) + request.messages.reduce((sum, message) => sum + countPoints(message.content ?? []), 0);
  if (explicit > MAX_CACHE_POINTS) {
    warnings.add(`cache_control: ${explicit} cache points requested; only the first ${MAX_CACHE_POINTS} were kept (Bedrock's limit).`);
  }
  const tools = keepFirst(request.tools, MAX_CACHE_POINTS);
  const system = keepFirst(request.system, tools.left);
  let left = system.left;
  const messages = request.messages.map((message) => {
    const kept = keepFirst<ContentBlock>(message.content ?? [], left);
    left = kept.left;
    return { ...message, content: kept.blocks };
  });
  if (!auto) return { tools: tools.blocks, system: system.blocks, messages };

  const newPoint = (): { cachePoint: CachePointBlock } => {
    const cachePoint: CachePointBlock = { type: 'default' };
    added.add(cachePoint);
    return { cachePoint };
  };
  let room = left;
  const autoSystem = system.blocks.length > 0 && !endsWithPoint(system.blocks) && room > 0 ? [...system.blocks, newPoint()] : system.blocks;
  room -= autoSystem.length - system.blocks.length;
  const autoTools = tools.blocks.length > 0 && !endsWithPoint(tools.blocks) && room > 0 ? [...tools.blocks, newPoint()] : tools.blocks;
  room -= autoTools.length - tools.blocks.length;
  const lastUser = messages.map((message) => message.role).lastIndexOf('user');
  const autoMessages = messages.map((message, index) =>
    index === lastUser && room > 0 && !endsWithPoint(message.content) ? { ...message, content: [...message.content, newPoint()] } : message,
  );
  return { system: autoSystem, tools: autoTools, messages: autoMessages };
}

export { MAX_CACHE_POINTS, applyCachePoints, longestCacheTtl, toCachePoint };
export type { CacheableRequest };
