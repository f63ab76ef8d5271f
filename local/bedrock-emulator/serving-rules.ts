/**
 * @module How Bedrock serves a call beyond its body: cache-checkpoint TTLs (1-hour caches only on
 * the models that have them, never increasing along the prompt), the service tier and the latency
 * mode, checked per model the way Bedrock refuses them.
 */

import { isJsonObject, type ConverseBody } from './request-features';
import type { EmulatorModel, PricedTier } from './types';

type CacheTtl = '5m' | '1h';

function ttlOf(value: unknown): CacheTtl {
  return isJsonObject(value) && value['ttl'] === '1h' ? '1h' : '5m';
}

/** The TTL of every Converse checkpoint in Bedrock's order: tools, system, then messages. */
function converseCacheTtls(body: ConverseBody): CacheTtl[] {
  const tools = (body.toolConfig?.tools ?? []).flatMap((tool) => (tool.cachePoint === undefined ? [] : [ttlOf(tool.cachePoint)]));
  const system = (body.system ?? []).flatMap((block) => (block.cachePoint === undefined ? [] : [ttlOf(block.cachePoint)]));
  const messages = (body.messages ?? []).flatMap((message) => (message.content ?? []).flatMap((block) => (block.cachePoint === undefined ? [] : [ttlOf(block.cachePoint)])));
  return [...tools, ...system, ...messages];
}

/** The TTL of every `cache_control` of a Claude Messages body, in the same order (nested tool results first). */
function claudeCacheTtls(body: unknown): CacheTtl[] {
  if (!isJsonObject(body)) return [];
  const ofBlock = (block: unknown): CacheTtl[] => {
    if (!isJsonObject(block)) return [];
    const nested = Array.isArray(block['content']) ? block['content'].flatMap(ofBlock) : [];
    return block['cache_control'] === undefined || block['cache_control'] === null ? nested : [...nested, ttlOf(block['cache_control'])];
  };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return [
    ...list(body['tools']).flatMap(ofBlock),
    ...list(body['system']).flatMap(ofBlock),
    ...list(body['messages']).flatMap((message) => (isJsonObject(message) ? list(message['content']).flatMap(ofBlock) : [])),
  ];
}

/** Bedrock's refusal of the checkpoints' TTLs, or undefined when they are fine. */
function checkCacheTtls(ttls: readonly CacheTtl[], model: EmulatorModel): string | undefined {
  if (ttls.includes('1h') && model.oneHourCache !== true) return `The model ${model.modelId} doesn't support a 1h cache TTL. Use the default 5m TTL and try again.`;
  const increase = ttls.findIndex((ttl, index) => ttl === '1h' && ttls.slice(0, index).includes('5m'));
  return increase >= 0 ? 'Cache checkpoint TTLs must not increase along the prompt (tools, system, messages): a 1h checkpoint cannot follow a 5m one.' : undefined;
}

/** The tier and latency mode a call asks for. */
interface RequestedServing {
  readonly serviceTier?: string;
  readonly latency?: string;
}

/** Converse's `serviceTier.type` and `performanceConfig.latency`. */
function converseServing(body: ConverseBody): RequestedServing {
  const tier = body.serviceTier?.type;
  const latency = body.performanceConfig?.latency;
  return { ...(tier === undefined ? {} : { serviceTier: tier }), ...(latency === undefined ? {} : { latency }) };
}

/** InvokeModel's `X-Amzn-Bedrock-Service-Tier` and `X-Amzn-Bedrock-PerformanceConfig-Latency` headers. */
function invokeServing(headers: Readonly<Record<string, string>>): RequestedServing {
  const tier = headers['x-amzn-bedrock-service-tier'];
  const latency = headers['x-amzn-bedrock-performanceconfig-latency'];
  return { ...(tier === undefined ? {} : { serviceTier: tier }), ...(latency === undefined ? {} : { latency }) };
}

/** Bedrock's refusal of the tier or latency mode for this model, or undefined. */
function checkServing(serving: RequestedServing, model: EmulatorModel): string | undefined {
  const { serviceTier, latency } = serving;
  if (serviceTier !== undefined && serviceTier !== 'default') {
    if (serviceTier !== 'flex' && serviceTier !== 'priority') return `The service tier '${serviceTier}' isn't available for this account and model.`;
    if (!(model.serviceTiers ?? []).includes(serviceTier as PricedTier)) return `The model ${model.modelId} doesn't support the ${serviceTier} service tier.`;
  }
  if (latency !== undefined && latency !== 'standard' && latency !== 'optimized') return `1 validation error detected: Value '${latency}' at 'performanceConfig.latency' failed to satisfy constraint: Member must satisfy enum value set: [standard, optimized]`;
  if (latency === 'optimized' && model.latencyOptimized !== true) return `The model ${model.modelId} doesn't support latency-optimized inference.`;
  return undefined;
}

export { checkCacheTtls, checkServing, claudeCacheTtls, converseCacheTtls, converseServing, invokeServing };
export type { CacheTtl, RequestedServing };
