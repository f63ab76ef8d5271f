/** @module The openai client against the gateway and emulator: the newest Claude models answer, thinking as each takes it, never a Bedrock 400. */
import OpenAI from 'openai';
import { computeCostNanoUsd, createModelCatalog } from '../../lambda/catalog';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
  client = harness.client();
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  harness.reset();
});

function lastConverseBody(): Record<string, unknown> {
  const request = harness.emulator.requests.filter((entry) => entry.operation === 'Converse' || entry.operation === 'ConverseStream').at(-1);
  return request?.body as Record<string, unknown>;
}

const WEATHER_TOOL: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('the newest Claude models through the openai client', () => {
  it('answers from claude-sonnet-5, dropping the temperature it rejects (with a warning)', async () => {
    harness.emulator.script({ text: 'Hi from Sonnet 5' });

    const { data, response } = await client.chat.completions
      .create({ model: 'claude-sonnet-5', messages: [{ role: 'user', content: 'Hi' }], temperature: 0.3 })
      .withResponse();

    expect(data.choices[0]?.message.content).toBe('Hi from Sonnet 5');
    expect(response.headers.get('x-gateway-model')).toBe('us.anthropic.claude-sonnet-5');
    expect(response.headers.get('x-gateway-warnings')).toContain('temperature: dropped, Claude thinking does not allow it.');
    expect(lastConverseBody()['inferenceConfig']).toEqual({ maxTokens: 12288 });
  });

  it('answers from us.anthropic.claude-opus-4-7 with adaptive thinking for reasoning_effort xhigh', async () => {
    harness.emulator.script({ text: 'Thought about it', reasoning: { text: 'Let me think.' } });

    const data = await client.chat.completions.create({
      model: 'us.anthropic.claude-opus-4-7',
      messages: [{ role: 'user', content: 'Hi' }],
      reasoning_effort: 'xhigh' as never,
    });

    expect(data.choices[0]?.message.content).toBe('Thought about it');
    expect(lastConverseBody()['additionalModelRequestFields']).toEqual({ thinking: { type: 'adaptive' }, output_config: { effort: 'xhigh' } });
  });

  it('answers from global.anthropic.claude-opus-5-5 with a forced tool degraded to auto, charged at the global price', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });

    const { response } = await client.chat.completions
      .create({ model: 'global.anthropic.claude-opus-5-5', messages: [{ role: 'user', content: 'Weather?' }], tools: [WEATHER_TOOL], tool_choice: 'required' })
      .withResponse();

    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-model')).toBe('global.anthropic.claude-opus-5-5');
    expect((lastConverseBody()['toolConfig'] as { toolChoice?: unknown }).toolChoice).toEqual({ auto: {} });
    const [settlement] = await harness.meter.settled(1);
    const globalPrices = createModelCatalog().resolve('global.anthropic.claude-opus-5-5')!.prices;
    expect(settlement?.costNanoUsd).toBe(computeCostNanoUsd(globalPrices, { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 }));
    expect(settlement?.costNanoUsd).toBe(1000 * 4000 + 100 * 20000);
  });

  it('turns thinking off on claude-sonnet-5 for reasoning_effort none', async () => {
    await client.chat.completions.create({ model: 'claude-sonnet-5', messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'none' as never });

    expect(lastConverseBody()['additionalModelRequestFields']).toEqual({ thinking: { type: 'disabled' } });
  });
});
