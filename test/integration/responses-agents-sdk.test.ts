/**
 * The OpenAI Agents SDK (`@openai/agents`, its own openai client) running an agent with a function
 * tool through the gateway's Responses API, against the Bedrock emulator and the real ledger.
 */
import { Agent, OpenAIProvider, Runner, tool } from '@openai/agents';
import { startOpenAIGatewayHarness, TEST_KEYS, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;
let runner: Runner;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
  const modelProvider = new OpenAIProvider({ apiKey: TEST_KEYS['sk-test'].secret, baseURL: `${harness.url}/v1`, useResponses: true });
  runner = new Runner({ modelProvider, tracingDisabled: true });
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

function weatherAgent(calls: string[]): Agent {
  const getWeather = tool({
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    strict: true,
    execute: async (input) => {
      calls.push(JSON.stringify(input));
      return 'Sunny, 24C';
    },
  });
  return new Agent({ name: 'Weather', instructions: 'Answer with the weather.', model: 'nova-pro', tools: [getWeather] });
}

/** The tool results Bedrock received, as text. */
function toolResultsSent(): string[] {
  return harness.emulator.requests.flatMap((request) =>
    ((request.body as { messages?: { content: { toolResult?: { content: { text?: string }[] } }[] }[] }).messages ?? []).flatMap((message) =>
      message.content.flatMap((block) => (block.toolResult === undefined ? [] : block.toolResult.content.map((part) => part.text ?? ''))),
    ),
  );
}

describe('an Agents SDK agent with a function tool', () => {
  it('runs the tool the model called and answers with the model text, charged twice to the key', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_agents_1', name: 'get_weather', input: { city: 'Paris' } }] });
    harness.emulator.script({ text: 'It is sunny in Paris.' });
    const calls: string[] = [];

    const result = await runner.run(weatherAgent(calls), 'Weather in Paris?');

    expect(result.finalOutput).toBe('It is sunny in Paris.');
    expect(calls).toEqual(['{"city":"Paris"}']);
    expect(toolResultsSent()).toEqual(['Sunny, 24C']);
    const settled = await harness.meter.settled(2);
    expect(settled.map((outcome) => outcome.status)).toEqual([200, 200]);
  });

  it('streams the same run', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_agents_2', name: 'get_weather', input: { city: 'Oslo' } }] });
    harness.emulator.script({ text: 'Cold in Oslo.' });
    const calls: string[] = [];

    const result = await runner.run(weatherAgent(calls), 'Weather in Oslo?', { stream: true });
    for await (const _event of result) {
      // drain
    }
    await result.completed;

    expect(result.finalOutput).toBe('Cold in Oslo.');
    expect(calls).toEqual(['{"city":"Oslo"}']);
    expect(harness.emulator.requests.map((request) => request.operation)).toEqual(['ConverseStream', 'ConverseStream']);
  });
});
