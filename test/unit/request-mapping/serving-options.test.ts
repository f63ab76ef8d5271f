/**
 * @module Options Bedrock bills at their own prices (1-hour cache writes, service tiers,
 * latency-optimized inference): sent where the catalog prices them for the model, refused with a
 * 400 naming the parameter (or degraded with a warning) where it cannot.
 */
import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { prepareConverseRequest } from '../../../lambda/bedrock/prepare-converse-request';
import type { CatalogEntry, ModelPrices } from '../../../lambda/catalog/types';
import type { OpenAIChatCompletionRequest } from '../../../lambda/openai/chat-request-types';
import { parseChatCompletionRequest } from '../../../lambda/openai/chat-request-schema';
import { chat, claude, fakeFetcher, gptOss } from './fixtures';

const priced = (model: CatalogEntry, prices: Partial<ModelPrices>): CatalogEntry => ({ ...model, prices: { ...model.prices, ...prices } });

/** Claude with 5-minute and 1-hour cache prices. */
const claudeOneHour = priced(claude, { cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25, cacheWrite1hPerMTok: 2 });
/** Claude with a 5-minute cache only. */
const claudeFiveMinutes = priced(claude, { cacheReadPerMTok: 0.1, cacheWritePerMTok: 1.25 });
/** gpt-oss with flex and priority prices, and a latency-optimized price. */
const gptOssTiers = priced(gptOss, {
  serviceTiers: { flex: { inputPerMTok: 0.5, outputPerMTok: 0.5 }, priority: { inputPerMTok: 1.75, outputPerMTok: 1.75 } },
  latencyOptimized: { inputPerMTok: 1.25, outputPerMTok: 1.25 },
});

const prepare = (request: OpenAIChatCompletionRequest, model: CatalogEntry) => prepareConverseRequest(parseChatCompletionRequest(request), model, { fetchImage: fakeFetcher() });
const oneHour = { type: 'ephemeral' as const, ttl: '1h' as const };
const fiveMinutes = { type: 'ephemeral' as const, ttl: '5m' as const };
const text = (cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' }) => ({ type: 'text' as const, text: 'Long document', ...(cache_control ? { cache_control } : {}) });

/** The cache points of every part of the prompt, in Bedrock's order (tools, system, messages). */
function cachePoints(input: { toolConfig?: { tools?: { cachePoint?: unknown }[] }; system?: { cachePoint?: unknown }[]; messages?: { content?: ContentBlock[] }[] }): unknown[] {
  const points = (blocks: readonly { cachePoint?: unknown }[]) => blocks.flatMap((block) => (block.cachePoint === undefined ? [] : [block.cachePoint]));
  return [...points(input.toolConfig?.tools ?? []), ...points(input.system ?? []), ...(input.messages ?? []).flatMap((message) => points(message.content ?? []))];
}

describe('1-hour cache checkpoints', () => {
  it.each([
    {
      rule: 'a 1-hour marker is sent as a 1-hour checkpoint on a model with a 1-hour price',
      model: claudeOneHour,
      request: chat({ messages: [{ role: 'user', content: [text(oneHour), { type: 'text', text: 'Q' }] }] }),
      points: [{ type: 'default', ttl: '1h' }],
      warnings: [],
    },
    {
      rule: 'a 1-hour marker becomes 5-minute on a model without a 1-hour price',
      model: claudeFiveMinutes,
      request: chat({ messages: [{ role: 'user', content: [text(oneHour), { type: 'text', text: 'Q' }] }] }),
      points: [{ type: 'default' }],
      warnings: ["cache_control: ttl '1h' sent as the 5-minute cache, the model has no 1-hour cache the gateway can price."],
    },
    {
      rule: 'a 1-hour marker after a 5-minute one becomes 5-minute (TTLs never increase along the prompt)',
      model: claudeOneHour,
      request: chat({ messages: [{ role: 'system', content: [text(fiveMinutes)] }, { role: 'user', content: [text(oneHour), { type: 'text', text: 'Q' }] }] }),
      points: [{ type: 'default' }, { type: 'default' }],
      warnings: ["cache_control: a ttl '1h' cache point after a 5-minute one was sent as 5-minute (Bedrock needs TTLs that never increase along the prompt: tools, system, messages)."],
    },
    {
      rule: 'a 1-hour tool marker before 5-minute message markers stays 1-hour',
      model: claudeOneHour,
      request: chat({ tools: [{ type: 'function', function: { name: 'f' }, cache_control: oneHour }], messages: [{ role: 'user', content: [text(fiveMinutes), { type: 'text', text: 'Q' }] }] }),
      points: [{ type: 'default', ttl: '1h' }, { type: 'default' }],
      warnings: [],
    },
    {
      rule: '5-minute markers pass as they are',
      model: claudeOneHour,
      request: chat({ messages: [{ role: 'user', content: [text(fiveMinutes), text({ type: 'ephemeral' }), { type: 'text', text: 'Q' }] }] }),
      points: [{ type: 'default', ttl: '5m' }, { type: 'default' }],
      warnings: [],
    },
  ])('$rule', async ({ model, request, points, warnings }) => {
    const prepared = await prepare(request, model);
    expect(cachePoints(prepared.input)).toEqual(points);
    expect(prepared.warnings).toEqual(warnings);
  });

  it('gives the automatic checkpoints before a 1-hour marker the 1-hour TTL, so TTLs never increase', async () => {
    const request = chat({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [text(oneHour), { type: 'text', text: 'Q' }] }] });
    const prepared = await prepareConverseRequest(parseChatCompletionRequest(request), claudeOneHour, { fetchImage: fakeFetcher(), autoCachePoints: true });

    expect(cachePoints(prepared.input)).toEqual([{ type: 'default', ttl: '1h' }, { type: 'default', ttl: '1h' }, { type: 'default', ttl: '1h' }]);
    expect(prepared.warnings).toEqual([]);
  });
});

describe('service tiers and latency-optimized inference', () => {
  it.each([
    { rule: 'auto is the standard tier', model: gptOssTiers, overrides: { service_tier: 'auto' }, sent: {}, warnings: [] },
    { rule: 'default is the standard tier', model: gptOssTiers, overrides: { service_tier: 'default' }, sent: {}, warnings: [] },
    { rule: 'flex is sent where the model prices it', model: gptOssTiers, overrides: { service_tier: 'flex' }, sent: { serviceTier: { type: 'flex' } }, warnings: [] },
    { rule: 'priority is sent where the model prices it', model: gptOssTiers, overrides: { service_tier: 'priority' }, sent: { serviceTier: { type: 'priority' } }, warnings: [] },
    { rule: "OpenAI's scale tier is ignored with a warning", model: gptOssTiers, overrides: { service_tier: 'scale' }, sent: {}, warnings: ["service_tier: 'scale' ignored, Amazon Bedrock has the 'default', 'flex' and 'priority' tiers; sent on the standard tier."] },
    { rule: 'standard latency passes', model: claude, overrides: { bedrock: { performanceConfig: { latency: 'standard' } } }, sent: { performanceConfig: { latency: 'standard' } }, warnings: [] },
    { rule: 'optimized latency is sent where the model prices it', model: gptOssTiers, overrides: { bedrock: { performanceConfig: { latency: 'optimized' } } }, sent: { performanceConfig: { latency: 'optimized' } }, warnings: [] },
  ] as { rule: string; model: CatalogEntry; overrides: Partial<OpenAIChatCompletionRequest>; sent: object; warnings: string[] }[])('$rule', async ({ model, overrides, sent, warnings }) => {
    const prepared = await prepare(chat(overrides), model);
    expect({ serviceTier: prepared.input.serviceTier, performanceConfig: prepared.input.performanceConfig }).toEqual({ serviceTier: undefined, performanceConfig: undefined, ...sent });
    expect(prepared.warnings).toEqual(warnings);
  });

  it.each([
    { rule: 'a tier the model has no price for', model: claude, overrides: { service_tier: 'priority' }, param: 'service_tier', message: "the 'priority' tier of 'claude' has no price in the gateway's catalog" },
    { rule: 'flex on a model with only a priority price', model: priced(gptOss, { serviceTiers: { priority: { inputPerMTok: 2, outputPerMTok: 2 } } }), overrides: { service_tier: 'flex' }, param: 'service_tier', message: "the 'flex' tier of 'gpt-oss' has no price" },
    { rule: 'latency-optimized inference the model has no price for', model: claude, overrides: { bedrock: { performanceConfig: { latency: 'optimized' } } }, param: 'bedrock.performanceConfig.latency', message: "'claude' has no latency-optimized price" },
    { rule: 'latency-optimized inference on a tier', model: gptOssTiers, overrides: { service_tier: 'flex', bedrock: { performanceConfig: { latency: 'optimized' } } }, param: 'bedrock.performanceConfig.latency', message: "latency-optimized inference has no price on the 'flex' tier" },
  ] as { rule: string; model: CatalogEntry; overrides: Partial<OpenAIChatCompletionRequest>; param: string; message: string }[])('refuses $rule with a 400 naming $param', async ({ model, overrides, param, message }) => {
    await expect(prepare(chat(overrides), model)).rejects.toMatchObject({ statusCode: 400, param, code: 'unsupported_value', message: expect.stringContaining(message) });
  });
});
