import OpenAI, { APIError, BadRequestError, NotFoundError, PermissionDeniedError, RateLimitError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { computeCostNanoUsd, createModelCatalog } from '../../lambda/catalog';
import { startOpenAIGatewayHarness, TEST_KEYS, type OpenAIGatewayHarness } from './openai-gateway-harness';

/** A 1x1 PNG. */
const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

const WEATHER_TOOL: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

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

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function converseBodies(): Record<string, unknown>[] {
  return harness.emulator.requests
    .filter((request) => request.operation === 'Converse' || request.operation === 'ConverseStream')
    .map((request) => request.body as Record<string, unknown>);
}

describe('POST /v1/chat/completions (JSON)', () => {
  it('answers in OpenAI shape with the requested model name and the serving Bedrock model in a header', async () => {
    harness.emulator.script({ text: 'Hello there!', usage: { inputTokens: 11, outputTokens: 4 } });

    const { data, response } = await client.chat.completions
      .create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();

    expect(data).toEqual({
      id: expect.stringMatching(/^chatcmpl-[0-9a-f]{32}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'claude-sonnet-4-5',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there!', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 11, completion_tokens: 4, total_tokens: 15, prompt_tokens_details: { cached_tokens: 0 }, cache_creation_input_tokens: 0 },
    });
    expect(Math.abs(data.created - Date.now() / 1000)).toBeLessThan(60);
    expect(response.headers.get('x-gateway-model')).toBe('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('reserves the input at the cache-write price when the request writes a prompt cache', async () => {
    const system = { role: 'system' as const, content: [{ type: 'text' as const, text: 'Long instructions', cache_control: { type: 'ephemeral' } }] };

    await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [system, { role: 'user', content: 'Hi' }], max_tokens: 500 } as never);

    const [admission] = harness.meter.admissions;
    expect(admission?.maxCostNanoUsd).toBe(
      computeCostNanoUsd(admission!.model.prices, { inputTokens: 0, outputTokens: 500, cacheReadTokens: 0, cacheWriteTokens: admission!.estimatedInputTokens }),
    );
  });

  it('reserves the worst case and settles the actual usage and cost once', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 100 } });

    await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 500 });

    const [admission] = harness.meter.admissions;
    expect(admission).toMatchObject({ requestId: expect.stringMatching(/^req_/), maxOutputTokens: 500 });
    expect(admission?.maxCostNanoUsd).toBe(
      computeCostNanoUsd(admission!.model.prices, {
        inputTokens: admission!.estimatedInputTokens,
        outputTokens: 500,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
      }),
    );
    const [settlement] = await harness.meter.settled(1);
    const usage = { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 };
    const prices = createModelCatalog().get('claude-sonnet-4-5')!.prices;
    expect(settlement).toEqual({
      usage,
      costNanoUsd: computeCostNanoUsd(prices, usage),
      status: 200,
      latencyMs: expect.any(Number),
      servedModel: 'claude-sonnet-4-5',
      clientAborted: false,
    });
  });

  it('reports ignored parameters in x-gateway-warnings', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'nova-micro', messages: [{ role: 'user', content: 'Hi' }], seed: 7 })
      .withResponse();

    expect(response.headers.get('x-gateway-warnings')).toBe('seed: ignored, Bedrock does not support seeded sampling.');
  });

  it('sends no x-gateway-warnings header when nothing was ignored', async () => {
    const { response } = await client.chat.completions.create({ model: 'nova-micro', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();

    expect(response.headers.get('x-gateway-warnings')).toBeNull();
  });

  it('sends an image data URL to Bedrock as png bytes', async () => {
    await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: PNG_DATA_URL } }] }],
    });

    const [body] = converseBodies();
    expect(body?.messages).toEqual([
      {
        role: 'user',
        content: [{ text: 'What is this?' }, { image: { format: 'png', source: { bytes: PNG_DATA_URL.slice('data:image/png;base64,'.length) } } }],
      },
    ]);
  });

  it('returns reasoning_content with its signature', async () => {
    harness.emulator.script({ text: '4', reasoning: { text: 'Two plus two is four.', signature: 'sig-1' } });

    const completion = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: '2+2?' }] });

    expect(completion.choices[0]?.message).toEqual({
      role: 'assistant',
      content: '4',
      refusal: null,
      reasoning_content: 'Two plus two is four.',
      reasoning_signature: 'sig-1',
      thinking_blocks: [{ type: 'thinking', thinking: 'Two plus two is four.', signature: 'sig-1' }],
    });
  });

  it('answers a json_schema request through the schema tool as content with finish reason stop', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Who wrote the first program?' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'person', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
      },
    });

    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.tool_calls).toBeUndefined();
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ name: expect.any(String) });
  });

  it("sends Bedrock the gateway's attribution, never a client's gateway_* metadata, for a caller without a team", async () => {
    await harness.client('sk-limited').chat.completions.create({
      model: 'nova-micro',
      messages: [{ role: 'user', content: 'Hi' }],
      metadata: { gateway_team: 'finance', gateway_principal: 'someone-else', project: 'alpha' },
    });

    const [body] = converseBodies();
    expect(body?.requestMetadata).toEqual({
      project: 'alpha',
      gateway_request_id: expect.any(String),
      gateway_principal: expect.stringMatching(/^key_/),
    });
  });
});

describe('tools', () => {
  it('round-trips a tool call: tool_calls with the client tool name, then the tool result, then the answer', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_abc', name: 'get_weather', input: { city: 'Paris' } }] });

    const first = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [WEATHER_TOOL],
    });

    expect(first.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: [{ id: 'tooluse_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
      },
      finish_reason: 'tool_calls',
      logprobs: null,
    });

    harness.emulator.script({ text: 'It is sunny in Paris.' });
    const second = await client.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        first.choices[0]!.message,
        { role: 'tool', tool_call_id: 'tooluse_abc', content: '{"sky":"sunny"}' },
      ],
      tools: [WEATHER_TOOL],
    });

    expect(second.choices[0]?.message.content).toBe('It is sunny in Paris.');
    const sent = converseBodies()[1]?.messages as { role: string; content: Record<string, unknown>[] }[];
    expect(sent[2]).toEqual({
      role: 'user',
      content: [{ toolResult: { toolUseId: 'tooluse_abc', content: [{ text: '{"sky":"sunny"}' }] } }],
    });
  });

  it('streams tool calls with dense indexes, ids and names first, then argument fragments', async () => {
    harness.emulator.script({
      text: 'Checking.',
      toolCalls: [
        { id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } },
        { id: 'tooluse_2', name: 'get_weather', input: { city: 'Rome' } },
      ],
    });

    const chunks = await collect(
      await client.chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
        tools: [WEATHER_TOOL],
        stream: true,
      }),
    );

    const toolDeltas = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    const starts = toolDeltas.filter((delta) => delta.id !== undefined);
    expect(starts).toEqual([
      { index: 0, id: 'tooluse_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
      { index: 1, id: 'tooluse_2', type: 'function', function: { name: 'get_weather', arguments: '' } },
    ]);
    const argumentsOf = (index: number): string =>
      toolDeltas.filter((delta) => delta.index === index).map((delta) => delta.function?.arguments ?? '').join('');
    expect(JSON.parse(argumentsOf(0))).toEqual({ city: 'Paris' });
    expect(JSON.parse(argumentsOf(1))).toEqual({ city: 'Rome' });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it.each([
    { rule: "Claude 4.5+ is held to one tool call (Anthropic's switch in the additional fields)", model: 'claude-sonnet-4-5', calls: 1, warned: false },
    { rule: 'a model without the switch makes both, and the answer says parallel_tool_calls was ignored', model: 'nova-pro', calls: 2, warned: true },
  ])('parallel_tool_calls false: $rule', async ({ model, calls, warned }) => {
    harness.emulator.script({
      toolCalls: [
        { id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } },
        { id: 'tooluse_2', name: 'get_weather', input: { city: 'Rome' } },
      ],
    });

    const { data, response } = await client.chat.completions
      .create({ model, messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }], tools: [WEATHER_TOOL], parallel_tool_calls: false })
      .withResponse();

    expect(data.choices[0]?.message.tool_calls?.map((call) => call.id)).toEqual(['tooluse_1', 'tooluse_2'].slice(0, calls));
    expect((response.headers.get('x-gateway-warnings') ?? '').includes('parallel_tool_calls')).toBe(warned);
  });
});

describe('POST /v1/chat/completions (stream)', () => {
  it('streams the role, the text and the finish reason under one id, then usage when asked', async () => {
    harness.emulator.script({ text: 'Hello there, friend.', usage: { inputTokens: 9, outputTokens: 5 } });

    const chunks = await collect(
      await client.chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    const [first] = chunks;
    expect(first).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion.chunk',
      created: expect.any(Number),
      model: 'claude-sonnet-4-5',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null, logprobs: null }],
      usage: null,
    });
    expect(new Set(chunks.map((chunk) => `${chunk.id}/${chunk.created}`)).size).toBe(1);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Hello there, friend.');
    expect(chunks.at(-2)?.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }]);
    expect(chunks.at(-1)).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 9, completion_tokens: 5, total_tokens: 14, prompt_tokens_details: { cached_tokens: 0 } },
    });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, clientAborted: false, usage: { inputTokens: 9, outputTokens: 5 }, timeToFirstTokenMs: expect.any(Number) });
  });

  it('sends no usage chunk without include_usage and ends with data: [DONE]', async () => {
    harness.emulator.script({ text: 'Short.' });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEYS['sk-test'].secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'nova-micro', messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    });
    const raw = await response.text();

    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-gateway-model')).toBe('amazon.nova-micro-v1:0');
    const events = raw.trim().split('\n\n');
    expect(events.at(-1)).toBe('data: [DONE]');
    const payloads = events.slice(0, -1).map((event) => JSON.parse(event.replace(/^data: /, '')) as ChatCompletionChunk);
    expect(payloads.every((chunk) => chunk.choices.length === 1 && !('usage' in chunk))).toBe(true);
    expect(payloads.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams reasoning deltas as reasoning_content before the answer', async () => {
    harness.emulator.script({ text: 'Four.', reasoning: { text: 'Adding two and two.', signature: 'sig-2' } });

    const chunks = await collect(
      await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: '2+2?' }], stream: true }),
    );

    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as Record<string, unknown> | undefined);
    const reasoning = deltas.map((delta) => (delta?.reasoning_content as string | undefined) ?? '').join('');
    expect(reasoning).toBe('Adding two and two.');
    expect(deltas).toContainEqual({ reasoning_signature: 'sig-2' });
    const firstContent = deltas.findIndex((delta) => typeof delta?.content === 'string' && delta.content !== '');
    const lastReasoning = deltas.map((delta) => delta?.reasoning_content !== undefined).lastIndexOf(true);
    expect(lastReasoning).toBeLessThan(firstContent);
  });

  it('reports a mid-stream Bedrock failure in-band, so the SDK stream throws, and settles the output produced', async () => {
    harness.emulator.script({ text: 'This answer will be cut off somewhere in the middle of the sentence.' });
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 3, operations: ['ConverseStream'] });

    const stream = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const received: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk);
    })().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('failed while streaming');
    expect(received[0]?.choices[0]?.delta.role).toBe('assistant');
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, errorCode: 'model_stream_error', clientAborted: false });
    expect(settlement?.usage.outputTokens).toBeGreaterThan(0);
  });

  it('answers an error Bedrock reports before the stream with its own status, not a 200', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', operations: ['ConverseStream'] });

    const error = await client.chat.completions
      .create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], stream: true })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as APIError).headers?.get('retry-after')).toBe('2');
  });

  it('aborts the Bedrock stream when the client disconnects and settles what was produced', async () => {
    harness.emulator.script({ text: 'word '.repeat(200) });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 20, operations: ['ConverseStream'] });
    const controller = new AbortController();

    const stream = await client.chat.completions.create(
      { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Talk' }], stream: true },
      { signal: controller.signal },
    );
    let seen = 0;
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) seen += 1;
        if (seen === 3) controller.abort();
      }
    })().catch(() => undefined);

    const [settlement] = await harness.meter.settled(1);
    await harness.emulator.whenIdle();
    const record = harness.emulator.requests.find((request) => request.operation === 'ConverseStream');
    expect(record?.stream).toMatchObject({ aborted: true, completed: false });
    expect(settlement).toMatchObject({ status: 200, clientAborted: true });
    expect(settlement?.usage.outputTokens).toBeGreaterThan(0);
    expect(settlement?.usage.inputTokens).toBeGreaterThan(0);
  });
});

describe('errors', () => {
  it.each([
    { title: 'a tool with an empty name', param: 'tools[0].function.name', tools: [{ type: 'function' as const, function: { name: '' } }] },
    {
      title: 'tool parameters that are not a JSON Schema',
      param: 'tools[0].function.parameters.properties',
      tools: [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: 'x' } } }],
    },
  ])('fails with 400 naming $param for $title, without calling Bedrock', async ({ param, tools }) => {
    const error = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], tools }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, param });
    expect(converseBodies()).toHaveLength(0);
  });

  it('fails with 400 naming the message for empty content, without calling Bedrock', async () => {
    const error = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [] }] }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 400, param: 'messages[0].content' });
    expect(converseBodies()).toHaveLength(0);
  });

  it('fails with 404 model_not_found for an unknown model', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).code).toBe('model_not_found');
    expect(harness.meter.admissions).toHaveLength(0);
  });

  it('fails with 400 naming the parameter for an invalid value', async () => {
    const error = await client.chat.completions
      .create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], temperature: 7 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).param).toBe('temperature');
  });

  it('fails with 400 for an embedding model', async () => {
    await expect(client.chat.completions.create({ model: 'titan-embed-text-v2', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it('fails with 403 model_not_allowed for a model the key may not use', async () => {
    const error = await harness
      .client('sk-limited')
      .chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as APIError).code).toBe('model_not_allowed');
  });

  it('fails with OpenAI\'s message for a body that is not JSON', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_KEYS['sk-test'].secret}`, 'content-type': 'application/json' },
      body: '{"model":',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: expect.stringMatching(/^We could not parse the JSON body of your request\./), type: 'invalid_request_error', code: null, param: null },
    });
  });

  it('maps Bedrock throttling to 429 RateLimitError and settles the failure without usage', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', operations: ['Converse'] });

    const error = await client.chat.completions.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as APIError).code).toBe('rate_limit_exceeded');
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 429, errorCode: 'rate_limit_exceeded', costNanoUsd: 0, usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it.each([
    { fault: 'access-denied' as const, status: 403, code: 'model_access_denied' },
    { fault: 'model-timeout' as const, status: 504, code: 'model_timeout' },
    { fault: 'service-unavailable' as const, status: 503, code: 'service_unavailable' },
    { fault: 'internal-error' as const, status: 502, code: 'upstream_server_error' },
  ])('maps the Bedrock $fault fault to $status $code', async ({ fault, status, code }) => {
    harness.emulator.fault({ type: 'error', error: fault, operations: ['Converse'] });

    await expect(client.chat.completions.create({ model: 'nova-micro', messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({ status, code });
  });
});
