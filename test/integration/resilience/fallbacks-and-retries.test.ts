import { APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { computeCostNanoUsd, createModelCatalog } from '../../../lambda/catalog';
import { METRIC } from '../../../lambda/platform/metric-names';
import { TEST_SETTINGS, startResilienceHarness, type ResilienceHarness } from './resilience-harness';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const HI = [{ role: 'user' as const, content: 'Hi' }];
const catalog = createModelCatalog();

let harness: ResilienceHarness;

beforeAll(async () => {
  // No test here means to time out a stream: limits far above a busy machine's first byte (300 ms
  // could time out a fallback's stream and send its retry the emulator's default text).
  harness = await startResilienceHarness({ firstByteTimeoutMs: 2000, streamIdleTimeoutMs: 2000 });
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  harness.reset();
});

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('fallback chains', () => {
  it('serves a JSON completion from the fallback when the primary is throttled, and says which model served', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', modelId: SONNET, times: 'always' });
    harness.emulator.script({ modelId: 'amazon.nova-pro-v1:0', text: 'from nova', usage: { inputTokens: 5, outputTokens: 2 } });

    const { data, response } = await harness.client().chat.completions.create({ model: 'chat-ha', messages: HI }).withResponse();

    expect(data.model).toBe('nova-pro');
    expect(data.choices[0]?.message.content).toBe('from nova');
    expect(response.headers.get('x-gateway-model')).toBe('amazon.nova-pro-v1:0');
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(harness.calls(SONNET)).toBe(2);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, servedModel: 'nova-pro', usage: { inputTokens: 5, outputTokens: 2 } });
    expect(harness.metricNames()).toEqual(expect.arrayContaining([METRIC.retries, METRIC.fallbacks]));
    expect(harness.logged('warn')).toContainEqual({
      message: 'falling back to the next target',
      fields: expect.objectContaining({ from: 'claude-sonnet-4-5', to: 'nova-pro', reason: 'rate_limit_exceeded' }),
    });
  });

  it('serves a stream from the fallback when the primary is throttled, with the served model in every chunk', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', modelId: SONNET, times: 'always' });
    harness.emulator.script({ modelId: 'amazon.nova-pro-v1:0', text: 'streamed by nova' });

    const { data: stream, response } = await harness.client().chat.completions.create({ model: 'chat-ha', messages: HI, stream: true }).withResponse();
    const chunks = await collect(stream);

    expect(response.headers.get('x-gateway-model')).toBe('amazon.nova-pro-v1:0');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('streamed by nova');
    expect(new Set(chunks.map((chunk) => chunk.model))).toEqual(new Set(['nova-pro']));
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, servedModel: 'nova-pro' });
  });

  it('fails with one error listing every attempt, with the status of the last failure, when all targets are down', async () => {
    harness.emulator.fault({ type: 'error', error: 'service-unavailable', times: 'always' });

    const error = await harness.client().chat.completions.create({ model: 'chat-down', messages: HI }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 503, code: 'service_unavailable' });
    // The last target gets the rest of the budget until its circuit opens (threshold 3).
    expect((error as APIError).message).toContain('Attempts: nova-micro: service_unavailable x2; nova-lite: service_unavailable x3.');
    expect((error as APIError).headers?.get('x-gateway-attempts')).toBe('5');
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 503, errorCode: 'service_unavailable', costNanoUsd: 0 });
  });

  it('does not fall back after an error every model would give (an invalid request)', async () => {
    harness.emulator.fault({ type: 'error', error: 'validation', message: 'Malformed input request.', times: 'always' });

    const error = await harness.client().chat.completions.create({ model: 'chat-down', messages: HI }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400 });
    expect(harness.calls('amazon.nova-micro-v1:0') + harness.calls('amazon.nova-lite-v1:0')).toBe(1);
  });

  it('reserves the worst case of the priciest target and settles at the prices of the model that served', async () => {
    harness.emulator.script({ text: 'cheap', usage: { inputTokens: 10, outputTokens: 3 } });

    await harness.client().chat.completions.create({ model: 'chat-cheap-first', messages: HI, max_tokens: 100 });

    const [admission] = harness.meter.admissions;
    const sonnet = catalog.get('claude-sonnet-4-5')!;
    const micro = catalog.get('nova-micro')!;
    const worstCase = (prices: typeof sonnet.prices) =>
      computeCostNanoUsd(prices, { inputTokens: admission!.estimatedInputTokens, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 });
    // Plus, for every call but the last, a timed-out attempt's input estimate at the priciest target.
    const inputCost = computeCostNanoUsd(sonnet.prices, { inputTokens: admission!.estimatedInputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(admission?.maxCostNanoUsd).toBe(worstCase(sonnet.prices) + (TEST_SETTINGS.maxAttempts! - 1) * inputCost);
    expect(admission!.maxCostNanoUsd).toBeGreaterThan(worstCase(micro.prices));
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({
      servedModel: 'nova-micro',
      costNanoUsd: computeCostNanoUsd(micro.prices, { inputTokens: 10, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 }),
    });
  });
});

describe('retries', () => {
  it('retries a throttled call on the same target and answers with the requested name', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', times: 1 });

    const { data, response } = await harness.client().chat.completions.create({ model: 'nova-micro', messages: HI }).withResponse();

    expect(data.model).toBe('nova-micro');
    expect(response.headers.get('x-gateway-attempts')).toBe('2');
    expect(harness.emulator.requests.map((request) => request.status)).toEqual([429, 200]);
    expect(harness.metricNames().filter((name) => name === METRIC.retries)).toHaveLength(1);
    expect(harness.logged('info')).toContainEqual({
      message: 'retrying model call',
      fields: expect.objectContaining({ target: 'nova-micro', retry: 1, error: 'rate_limit_exceeded' }),
    });
  });

  it.each([
    { fault: 'service-unavailable' as const },
    { fault: 'model-not-ready' as const },
    { fault: 'model-timeout' as const },
  ])('retries after $fault', async ({ fault }) => {
    harness.emulator.fault({ type: 'error', error: fault, times: 1 });

    await expect(harness.client().chat.completions.create({ model: 'nova-micro', messages: HI })).resolves.toMatchObject({ model: 'nova-micro' });
    expect(harness.emulator.requests).toHaveLength(2);
  });

  it('retries an embeddings call and falls back to the next embedding target', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', modelId: 'amazon.titan-embed-text-v2:0', times: 'always' });

    const { data, response } = await harness.client().embeddings.create({ model: 'embed-ha', input: 'hello' }).withResponse();

    expect(data.model).toBe('cohere-embed-english-v3');
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, servedModel: 'cohere-embed-english-v3' });
  });
});

describe('per-request fallbacks', () => {
  it('falls back to the models named in bedrock.fallbacks', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', modelId: 'amazon.nova-micro-v1:0', times: 'always' });
    const body: ChatCompletionCreateParamsNonStreaming & { bedrock: { fallbacks: string[] } } = {
      model: 'nova-micro',
      messages: HI,
      bedrock: { fallbacks: ['nova-lite'] },
    };

    const completion = await harness.client().chat.completions.create(body);

    expect(completion.model).toBe('nova-lite');
  });

  it('falls back to the models named in the x-gateway-fallbacks header', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', modelId: 'amazon.nova-micro-v1:0', times: 'always' });

    const completion = await harness
      .client()
      .chat.completions.create({ model: 'nova-micro', messages: HI }, { headers: { 'x-gateway-fallbacks': 'nova-pro, nova-lite' } });

    expect(completion.model).toBe('nova-pro');
  });

  it('fails with 404 naming the parameter for an unknown fallback', async () => {
    const body: ChatCompletionCreateParamsNonStreaming & { bedrock: { fallbacks: string[] } } = {
      model: 'nova-micro',
      messages: HI,
      bedrock: { fallbacks: ['nova-lite', 'gpt-9'] },
    };

    await expect(harness.client().chat.completions.create(body)).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'bedrock.fallbacks[1]' });
  });
});

describe('weighted routes', () => {
  it.each([
    { random: 0.1, served: 'nova-micro' },
    { random: 0.74, served: 'nova-micro' },
    { random: 0.76, served: 'nova-lite' },
  ])('serves from $served when the draw is $random (weights 3:1)', async ({ random, served }) => {
    harness.setRandom(random);

    const completion = await harness.client().chat.completions.create({ model: 'chat-weighted', messages: HI });

    expect(completion.model).toBe(served);
  });
});

describe('context-window escalation', () => {
  const LONG_PROMPT = 'lorem ipsum dolor sit amet '.repeat(6000);

  it('skips a target whose context window the prompt does not fit', async () => {
    const completion = await harness.client().chat.completions.create({ model: 'chat-long', messages: [{ role: 'user', content: LONG_PROMPT }] });

    expect(completion.model).toBe('nova-pro');
    expect(harness.calls('mistral.mistral-small-2402-v1:0')).toBe(0);
  });

  it('keeps a short prompt on the first target', async () => {
    const completion = await harness.client().chat.completions.create({ model: 'chat-long', messages: HI });

    expect(completion.model).toBe('mistral-small-2402');
  });

  it('fails with 400 context_length_exceeded when the prompt fits no target', async () => {
    await expect(
      harness.client().chat.completions.create({ model: 'mistral-small-2402', messages: [{ role: 'user', content: LONG_PROMPT }] }),
    ).rejects.toMatchObject({ status: 400, code: 'context_length_exceeded', param: 'messages' });
    expect(harness.emulator.requests).toHaveLength(0);
  });
});
