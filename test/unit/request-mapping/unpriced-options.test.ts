/** @module Options Bedrock bills above the catalog prices (1-hour cache writes, latency-optimized inference) are a 400 naming the param. */
import { prepareConverseRequest } from '../../../lambda/bedrock/prepare-converse-request';
import type { OpenAIChatCompletionRequest } from '../../../lambda/openai/chat-request-types';
import { parseChatCompletionRequest } from '../../../lambda/openai/chat-request-schema';
import { chat, claude, fakeFetcher } from './fixtures';

const prepare = (request: OpenAIChatCompletionRequest) => prepareConverseRequest(request, claude, { fetchImage: fakeFetcher() });
const oneHour = { type: 'ephemeral' as const, ttl: '1h' as const };
const text = (cache_control?: { type: 'ephemeral'; ttl?: '5m' | '1h' }) => ({ type: 'text' as const, text: 'Long document', ...(cache_control ? { cache_control } : {}) });

describe('unpriced options', () => {
  it.each([
    { title: 'a user part', request: chat({ messages: [{ role: 'user', content: [text(), text(oneHour)] }] }), param: 'messages[0].content[1].cache_control.ttl' },
    { title: 'a system part', request: chat({ messages: [{ role: 'system', content: [text(oneHour)] }, { role: 'user', content: 'Hi' }] }), param: 'messages[0].content[0].cache_control.ttl' },
    {
      title: 'a tool',
      request: chat({ tools: [{ type: 'function', function: { name: 'f' } }, { type: 'function', function: { name: 'g' }, cache_control: oneHour }] }),
      param: 'tools[1].cache_control.ttl',
    },
  ])('fails with 400 for a 1-hour cache TTL on $title, naming $param', async ({ request, param }) => {
    await expect(prepare(parseChatCompletionRequest(request))).rejects.toMatchObject({
      statusCode: 400,
      param,
      code: 'unsupported_value',
      message: expect.stringContaining('cannot account for the price of 1-hour prompt caching'),
    });
  });

  it('fails with 400 for latency-optimized inference, naming bedrock.performanceConfig.latency', async () => {
    await expect(prepare(parseChatCompletionRequest(chat({ bedrock: { performanceConfig: { latency: 'optimized' } } })))).rejects.toMatchObject({
      statusCode: 400,
      param: 'bedrock.performanceConfig.latency',
      message: expect.stringContaining('cannot account for the price of latency-optimized inference'),
    });
  });

  it('keeps the priced defaults: 5-minute cache points and standard latency', async () => {
    const prepared = await prepare(
      chat({ messages: [{ role: 'user', content: [text({ type: 'ephemeral', ttl: '5m' }), text({ type: 'ephemeral' }), { type: 'text', text: 'Q' }] }], bedrock: { performanceConfig: { latency: 'standard' } } }),
    );
    expect(prepared.input.messages?.[0]?.content).toEqual([
      { text: 'Long document' },
      { cachePoint: { type: 'default', ttl: '5m' } },
      { text: 'Long document' },
      { cachePoint: { type: 'default' } },
      { text: 'Q' },
    ]);
    expect(prepared.input.performanceConfig).toEqual({ latency: 'standard' });
  });
});
