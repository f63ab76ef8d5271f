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

/**
 * Enforces the checkpoint limit on explicit markers (kept in prompt order: tools, system, then
 * messages) and, when `auto` is on, adds checkpoints after the system prompt, after the last tool
 * and at the end of the last user turn while the limit allows. The last-user-turn checkpoint is the
 * incremental pattern: the next request's prefix (up to this turn) is then read from the cache.
 */
function applyCachePoints(request: CacheableRequest, auto: boolean, warnings: RequestWarnings): CacheableRequest {
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

  const point = { cachePoint: { type: 'default' as const } };
  let room = left;
  const autoSystem = system.blocks.length > 0 && !endsWithPoint(system.blocks) && room > 0 ? [...system.blocks, point] : system.blocks;
  room -= autoSystem.length - system.blocks.length;
  const autoTools = tools.blocks.length > 0 && !endsWithPoint(tools.blocks) && room > 0 ? [...tools.blocks, point] : tools.blocks;
  room -= autoTools.length - tools.blocks.length;
  const lastUser = messages.map((message) => message.role).lastIndexOf('user');
  const autoMessages = messages.map((message, index) =>
    index === lastUser && room > 0 && !endsWithPoint(message.content) ? { ...message, content: [...message.content, point] } : message,
  );
  return { system: autoSystem, tools: autoTools, messages: autoMessages };
}

export { MAX_CACHE_POINTS, applyCachePoints, toCachePoint };
export type { CacheableRequest };
