/** @module Integration tests: Converse and ConverseStream against the emulator through the real SDK client. */

import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  type ConverseStreamOutput,
  type Message,
} from '@aws-sdk/client-bedrock-runtime';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';

const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const GREETING = `Hello from the Bedrock emulator (model ${HAIKU}). You said: "Hi there"`;
const hi: Message[] = [{ role: 'user', content: [{ text: 'Hi there' }] }];
const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    description: 'Current weather for a city',
    inputSchema: { json: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } },
  },
};

let emulator: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startBedrockEmulator();
  client = new BedrockRuntimeClient({
    endpoint: emulator.runtimeUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<ConverseStreamOutput[]> {
  const events: ConverseStreamOutput[] = [];
  for await (const event of stream ?? []) events.push(event);
  return events;
}

describe('Converse', () => {
  it('answers a plain chat with a greeting that names the model and echoes the user', async () => {
    const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));

    expect(response.output).toEqual({ message: { role: 'assistant', content: [{ text: GREETING }] } });
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual({ inputTokens: 5, outputTokens: 26, totalTokens: 31 });
    expect(response.metrics?.latencyMs).toEqual(expect.any(Number));
  });

  it.each([
    { form: 'a US inference profile', modelId: `us.${HAIKU}` },
    { form: 'a global inference profile', modelId: `global.${HAIKU}` },
    { form: 'a foundation-model ARN', modelId: `arn:aws:bedrock:us-east-1::foundation-model/${HAIKU}` },
    { form: 'an inference-profile ARN', modelId: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.${HAIKU}` },
  ])('accepts $form as model id', async ({ modelId }) => {
    const response = await client.send(new ConverseCommand({ modelId, messages: hi }));

    expect(response.output?.message?.content?.[0]?.text).toBe(GREETING);
    expect(emulator.requests[0]).toMatchObject({ operation: 'Converse', modelId, resolvedModelId: HAIKU });
  });

  it('fails with ValidationException for an unknown model id', async () => {
    const call = client.send(new ConverseCommand({ modelId: 'anthropic.claude-unknown-v1:0', messages: hi }));

    await expect(call).rejects.toMatchObject({ name: 'ValidationException', message: 'The provided model identifier is invalid.', $metadata: { httpStatusCode: 400 } });
  });

  it('calls a forced tool with an input built from its schema', async () => {
    const response = await client.send(
      new ConverseCommand({ modelId: HAIKU, messages: hi, toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'get_weather' } } } }),
    );

    expect(response.stopReason).toBe('tool_use');
    expect(response.output?.message?.content).toEqual([
      { toolUse: { toolUseId: expect.stringMatching(/^tooluse_/), name: 'get_weather', input: { city: 'example city' } } },
    ]);
  });

  it('stops with max_tokens when maxTokens is smaller than the reply', async () => {
    const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi, inferenceConfig: { maxTokens: 3 } }));

    expect(response.output?.message?.content).toEqual([{ text: GREETING.slice(0, 12) }]);
    expect(response.stopReason).toBe('max_tokens');
    expect(response.usage?.outputTokens).toBe(3);
  });

  it('returns scripted text, reasoning and cache usage', async () => {
    emulator.script({
      text: 'Scripted!',
      reasoning: { text: 'Let me think.', signature: 'c2ln' },
      usage: { inputTokens: 10, outputTokens: 4, cacheReadInputTokens: 100, cacheWriteInputTokens: 20 },
    });

    const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));

    expect(response.output?.message?.content).toEqual([
      { reasoningContent: { reasoningText: { text: 'Let me think.', signature: 'c2ln' } } },
      { text: 'Scripted!' },
    ]);
    expect(response.usage).toEqual({ inputTokens: 10, outputTokens: 4, totalTokens: 134, cacheReadInputTokens: 100, cacheWriteInputTokens: 20, cacheDetails: [{ ttl: '5m', inputTokens: 20 }] });
  });

  it('returns redacted reasoning as bytes', async () => {
    emulator.script({ reasoning: { redacted: Buffer.from('secret').toString('base64') }, text: 'ok' });

    const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));

    const redacted = response.output?.message?.content?.[0]?.reasoningContent?.redactedContent;
    expect(Buffer.from(redacted ?? new Uint8Array()).toString()).toBe('secret');
  });

  it.each(['end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'guardrail_intervened', 'content_filtered', 'model_context_window_exceeded'] as const)(
    'sends the scripted stop reason %s',
    async (stopReason) => {
      emulator.script({ text: 'x', stopReason });

      const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));

      expect(response.stopReason).toBe(stopReason);
    },
  );

  it('uses a script filtered by model only for that model', async () => {
    emulator.script({ text: 'for nova', modelId: 'amazon.nova-lite-v1:0' });

    const haiku = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));
    const nova = await client.send(new ConverseCommand({ modelId: 'us.amazon.nova-lite-v1:0', messages: hi }));

    expect(haiku.output?.message?.content?.[0]?.text).toBe(GREETING);
    expect(nova.output?.message?.content?.[0]?.text).toBe('for nova');
  });

  it('logs the parsed body and headers of each call', async () => {
    await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi, inferenceConfig: { maxTokens: 50 } }));

    expect(emulator.requests).toEqual([
      expect.objectContaining({
        operation: 'Converse',
        modelId: HAIKU,
        body: { messages: [{ role: 'user', content: [{ text: 'Hi there' }] }], inferenceConfig: { maxTokens: 50 } },
        headers: expect.objectContaining({ authorization: expect.stringContaining('AWS4-HMAC-SHA256') }),
        receivedAt: expect.any(Date),
        status: 200,
      }),
    ]);
  });

  it('counts input tokens with CountTokens', async () => {
    const response = await client.send(new CountTokensCommand({ modelId: HAIKU, input: { converse: { messages: hi } } }));

    expect(response.inputTokens).toBe(5);
  });
});

describe('Converse validation through the SDK', () => {
  it.each([
    { rule: 'a first assistant turn', input: { messages: [{ role: 'assistant' as const, content: [{ text: 'Hi' }] }] }, message: 'A conversation must start with a user message.' },
    { rule: 'a blank text block', input: { messages: [{ role: 'user' as const, content: [{ text: ' ' }] }] }, message: 'is blank' },
    { rule: 'temperature above 1', input: { messages: hi, inferenceConfig: { temperature: 2 } }, message: "at 'inferenceConfig.temperature'" },
    { rule: 'temperature with topP on Claude 4.5', input: { messages: hi, inferenceConfig: { temperature: 0.2, topP: 0.9 } }, message: '`temperature` and `top_p` cannot both be specified' },
    {
      rule: 'tool blocks without toolConfig',
      input: {
        messages: [
          ...hi,
          { role: 'assistant' as const, content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: { city: 'Paris' } } }] },
          { role: 'user' as const, content: [{ toolResult: { toolUseId: 't1', content: [{ text: '21C' }] } }] },
        ],
      },
      message: 'The toolConfig field must be defined',
    },
  ])('fails with ValidationException for $rule', async ({ input, message }) => {
    await expect(client.send(new ConverseCommand({ modelId: HAIKU, ...input }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(message),
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('ConverseStream', () => {
  it('streams a text reply as word deltas between messageStart and metadata', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Hey' }] }] }));

    const events = await collect(response.stream);

    const words = `Hello from the Bedrock emulator (model ${HAIKU}). You said: "Hey"`.match(/\s*\S+\s*/g) ?? [];
    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      ...words.map((text) => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } })),
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'end_turn' } },
      { metadata: { usage: { inputTokens: 4, outputTokens: 25, totalTokens: 29 }, metrics: { latencyMs: expect.any(Number) } } },
    ]);
  });

  it('streams a tool call as contentBlockStart, input fragments and contentBlockStop', async () => {
    emulator.script({ toolCalls: [{ name: 'get_weather', input: { city: 'Paris', days: 3 }, id: 'tooluse_abc' }] });

    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi, toolConfig: { tools: [weatherTool] } }));
    const events = await collect(response.stream);

    expect(events).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_abc', name: 'get_weather' } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '{"city":"Paris",' } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '"days":3}' } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'tool_use' } },
      { metadata: { usage: expect.objectContaining({ outputTokens: 7 }), metrics: { latencyMs: expect.any(Number) } } },
    ]);
  });

  it('streams reasoning text and its signature before the answer when thinking is requested', async () => {
    emulator.script({ reasoning: { text: 'Quick thought', signature: 'sig==' }, text: 'Answer' });

    const response = await client.send(
      new ConverseStreamCommand({
        modelId: `us.${HAIKU}`,
        messages: hi,
        inferenceConfig: { maxTokens: 4096 },
        additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } },
      }),
    );
    const events = await collect(response.stream);

    expect(events.slice(0, 7)).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Quick ' } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'thought' } } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig==' } } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { contentBlockDelta: { contentBlockIndex: 1, delta: { text: 'Answer' } } },
      { contentBlockStop: { contentBlockIndex: 1 } },
    ]);
  });

  it('records a completed stream with the number of events sent', async () => {
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }));
    const events = await collect(response.stream);
    await emulator.whenIdle();

    expect(emulator.requests[0]?.stream).toEqual({ eventsSent: events.length, completed: true, aborted: false });
  });
});
