/**
 * @module 1-hour cache writes, service tiers and latency-optimized inference end to end: the `openai`
 * and `@anthropic-ai/sdk` clients against the gateway, the Bedrock emulator (which refuses what
 * Bedrock refuses and reports the TTLs, tier and latency mode it served) and the real ledger; every
 * charge checked to the nano-dollar.
 *
 * Prices (USD per million tokens, nano-USD per token): claude-sonnet-4-5 through its `us.` profile
 * $3.30 in (3300), $16.50 out (16500), 5-minute writes $4.125 (4125), 1-hour writes $6.60 (6600);
 * gpt-oss-120b $0.15/$0.60 (150/600), priced here by the deployment's catalog config at flex
 * $0.075/$0.30 (75/300), priority $0.27/$1.08 (270/1080); nova-pro latency-optimized $1/$4 (1000/4000).
 */
import Anthropic from '@anthropic-ai/sdk';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

const CATALOG = {
  overrides: {
    'gpt-oss-120b': { prices: { serviceTiers: { flex: { inputPerMTok: 0.075, outputPerMTok: 0.3 }, priority: { inputPerMTok: 0.27, outputPerMTok: 1.08 } } } },
    'nova-pro': { prices: { latencyOptimized: { inputPerMTok: 1, outputPerMTok: 4, cacheReadPerMTok: 0.25, cacheWritePerMTok: 1 } } },
  },
};

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness({ env: { GATEWAY_CATALOG: JSON.stringify(CATALOG) } });
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

/** The last body Bedrock received for `operation`. */
function lastBody(operation: string): Record<string, unknown> {
  const request = harness.emulator.requests.filter((entry) => entry.operation === operation).at(-1);
  return request?.body as Record<string, unknown>;
}

const longDocument = (ttl: '5m' | '1h') => ({ type: 'text' as const, text: 'A long document to cache', cache_control: { type: 'ephemeral', ttl } });

describe('1-hour cache writes', () => {
  it('chat: sends a 1-hour cache point to Bedrock and charges the writes at the 1-hour price', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 5, cacheWriteInputTokens: 1000 } });

    const completion = await harness.client().chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: [longDocument('1h'), { type: 'text', text: 'Summarise it.' }] }],
      max_tokens: 100,
    } as never);

    expect(completion.usage).toMatchObject({ prompt_tokens: 1010, cache_creation_input_tokens: 1000 });
    const content = (lastBody('Converse')['messages'] as { content: unknown[] }[])[0]?.content;
    expect(content).toContainEqual({ cachePoint: { type: 'default', ttl: '1h' } });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(10 * 3300 + 5 * 16500 + 1000 * 6600);
  });

  it('chat: a stream charges the 1-hour and 5-minute writes Bedrock reports, each at its price', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 5, cacheWriteInputTokens: 1000, cacheWrite1hInputTokens: 600 } });

    const stream = await harness.client().chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'system', content: [longDocument('1h')] }, { role: 'user', content: [longDocument('5m'), { type: 'text', text: 'Go.' }] }],
      max_tokens: 100,
      stream: true,
    } as never);
    for await (const _chunk of stream as unknown as AsyncIterable<unknown>) void _chunk;

    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(10 * 3300 + 5 * 16500 + 400 * 4125 + 600 * 6600);
  });

  it('Messages API: sends ttl 1h in the Claude body and charges the writes Claude reports per TTL', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 5, cacheWriteInputTokens: 1000 } });
    const anthropic = new Anthropic({ baseURL: harness.url, apiKey: 'sk-integration-default-key-0001', maxRetries: 0 });

    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: [{ type: 'text', text: 'A long system prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: 'Hi' }],
    });

    expect(message.usage).toMatchObject({ cache_creation_input_tokens: 1000, cache_creation: { ephemeral_1h_input_tokens: 1000, ephemeral_5m_input_tokens: 0 } });
    expect(lastBody('InvokeModel')['system']).toEqual([{ type: 'text', text: 'A long system prompt', cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(10 * 3300 + 5 * 16500 + 1000 * 6600);
  });
});

describe('service tiers', () => {
  it.each([
    { rule: 'priority asked and served: the priority prices', tier: 'priority', served: undefined, expected: 1000 * 270 + 100 * 1080, echoed: 'priority' },
    { rule: 'flex asked and served: the flex prices', tier: 'flex', served: undefined, expected: 1000 * 75 + 100 * 300, echoed: 'flex' },
    { rule: 'priority asked, Bedrock served it on the default tier: the standard prices', tier: 'priority', served: 'default' as const, expected: 1000 * 150 + 100 * 600, echoed: 'default' },
  ])('$rule, and the completion names the tier that served ($echoed)', async ({ tier, served, expected, echoed }) => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 }, ...(served === undefined ? {} : { serviceTier: served }) });

    const completion = await harness.client().chat.completions.create({ model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 200, service_tier: tier as 'flex' });

    expect(lastBody('Converse')['serviceTier']).toEqual({ type: tier });
    expect(completion.service_tier).toBe(echoed);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(expected);
  });

  it.each([
    { rule: "'auto' is served on the standard tier, and says so", tier: 'auto' as const, echoed: 'default' },
    { rule: 'no service_tier asked: none in the completion', tier: undefined, echoed: undefined },
  ])('$rule', async ({ tier, echoed }) => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 1 } });

    const completion = await harness.client().chat.completions.create({ model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 20, ...(tier === undefined ? {} : { service_tier: tier }) });

    expect(completion.service_tier).toBe(echoed);
    await harness.meter.settled(1);
  });

  it('a streamed priority call is charged at the tier the stream metadata reports', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });

    const stream = await harness.client().chat.completions.create({ model: 'gpt-oss-120b', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 200, service_tier: 'priority', stream: true });
    const tiers = new Set<string | null | undefined>();
    for await (const chunk of stream) tiers.add(chunk.service_tier);

    expect([...tiers]).toEqual(['priority']);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(1000 * 270 + 100 * 1080);
  });

  it('refuses a tier the catalog has no price for with a 400 naming service_tier, before Bedrock is called', async () => {
    const error = await harness
      .client()
      .chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], service_tier: 'priority' })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, param: 'service_tier', code: 'unsupported_value' });
    expect(harness.emulator.requests.filter((entry) => entry.operation === 'Converse')).toEqual([]);
  });
});

describe('service tiers on the Responses API (the chat mapping decides them, as for chat)', () => {
  it.each([
    { rule: 'flex asked and served: the flex prices (JSON)', tier: 'flex' as const, stream: false, expected: 1000 * 75 + 100 * 300 },
    { rule: 'priority asked and served: the priority prices (stream)', tier: 'priority' as const, stream: true, expected: 1000 * 270 + 100 * 1080 },
  ])('$rule, and the response names the tier', async ({ tier, stream, expected }) => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });

    const response = await harness.client().responses.create({ model: 'gpt-oss-120b', input: 'Hi', max_output_tokens: 200, service_tier: tier, store: false, stream });
    const tiers = new Set<string | null | undefined>();
    if (stream) {
      for await (const event of response as AsyncIterable<{ type: string; response?: { service_tier?: string | null } }>) if (event.response !== undefined) tiers.add(event.response.service_tier);
    } else tiers.add((response as { service_tier?: string | null }).service_tier);

    expect([...tiers]).toEqual([tier]);
    expect(lastBody(stream ? 'ConverseStream' : 'Converse')['serviceTier']).toEqual({ type: tier });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(expected);
  });

  it.each([
    { rule: "'auto' and 'default': the standard tier, nothing sent", tier: 'default' as const, warning: undefined },
    { rule: "'scale' (no Bedrock tier): the standard tier with a warning", tier: 'scale' as const, warning: "service_tier: 'scale' ignored" },
  ])('$rule', async ({ tier, warning }) => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });

    const { data, response } = await harness.client().responses.create({ model: 'gpt-oss-120b', input: 'Hi', max_output_tokens: 200, service_tier: tier, store: false }).withResponse();

    expect(lastBody('Converse')).not.toHaveProperty('serviceTier');
    expect(data.service_tier).toBe('default');
    if (warning !== undefined) expect(response.headers.get('x-gateway-warnings')).toContain(warning);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(1000 * 150 + 100 * 600);
  });

  it('refuses a tier the catalog has no price for with a 400 naming service_tier, before Bedrock is called', async () => {
    const error = await harness
      .client()
      .responses.create({ model: 'claude-sonnet-4-5', input: 'Hi', service_tier: 'priority', store: false })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, param: 'service_tier', code: 'unsupported_value' });
    expect(harness.emulator.requests.filter((entry) => entry.operation === 'Converse')).toEqual([]);
  });

  it('refuses a tier OpenAI does not have with a 400 naming service_tier', async () => {
    const error = await harness
      .client()
      .responses.create({ model: 'gpt-oss-120b', input: 'Hi', service_tier: 'turbo' as 'flex', store: false })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, param: 'service_tier' });
  });
});

describe('latency-optimized inference', () => {
  it('is sent where the catalog prices it, and charged at its price', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });

    await harness.client().chat.completions.create({ model: 'nova-pro', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 200, bedrock: { performanceConfig: { latency: 'optimized' } } } as never);

    expect(lastBody('Converse')['performanceConfig']).toEqual({ latency: 'optimized' });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement?.costNanoUsd).toBe(1000 * 1000 + 100 * 4000);
  });

  it('is a 400 naming bedrock.performanceConfig.latency where the catalog has no price for it', async () => {
    const error = await harness
      .client()
      .chat.completions.create({ model: 'nova-micro', messages: [{ role: 'user', content: 'Hi' }], bedrock: { performanceConfig: { latency: 'optimized' } } } as never)
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, param: 'bedrock.performanceConfig.latency' });
  });
});
