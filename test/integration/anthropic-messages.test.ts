/**
 * The Messages API through the official `@anthropic-ai/sdk` against the local gateway, the Bedrock
 * emulator (real wire protocol, real AWS SDK) and the real ledger: JSON, stream, tool round trip,
 * thinking with signatures, cache_control, count_tokens, other models through Converse, every error type.
 */
import Anthropic from '@anthropic-ai/sdk';
import { buildRequest, createCaptureSink } from '../support/capture-sink';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;
let client: Anthropic;

const KEY = 'sk-integration-default-key-0001';

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
  client = anthropicClient(KEY);
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  // Streams settle after their last byte: every admitted request settles before the next test (and the ledger's close).
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

function anthropicClient(key: string, options: { bearer?: boolean } = {}): Anthropic {
  return new Anthropic({ baseURL: harness.url, maxRetries: 0, ...(options.bearer === true ? { authToken: key, apiKey: null } : { apiKey: key }) });
}

/** The bodies Bedrock received for `operation`. */
function bedrockBodies(operation: string): Record<string, unknown>[] {
  return harness.emulator.requests.filter((request) => request.operation === operation).map((request) => request.body as Record<string, unknown>);
}

describe('POST /v1/messages through InvokeModel (Claude)', () => {
  it('answers a Message with the requested model name, usage with cache counts, and charges the key', async () => {
    harness.emulator.script({ text: 'Hello there!', usage: { inputTokens: 11, outputTokens: 4, cacheReadInputTokens: 20 } });

    const { data: message, response } = await client.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();

    expect(message).toEqual(
      expect.objectContaining({
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: 'Hello there!' }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: expect.objectContaining({ input_tokens: 11, output_tokens: 4, cache_read_input_tokens: 20, cache_creation_input_tokens: 0 }),
      }),
    );
    expect(response.headers.get('x-gateway-model')).toBe('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(bedrockBodies('InvokeModel')).toEqual([{ anthropic_version: 'bedrock-2023-05-31', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] }]);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 11, outputTokens: 4, cacheReadTokens: 20, cacheWriteTokens: 0 });
  });

  it('streams the SSE event sequence Claude Code accepts, ending with message_stop', async () => {
    harness.emulator.script({ text: 'Streaming works fine.', usage: { inputTokens: 7, outputTokens: 5 } });

    const stream = await client.messages.create({ model: 'claude-opus-5-5', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const events: Anthropic.RawMessageStreamEvent[] = [];
    for await (const event of stream) events.push(event);

    const types = events.map((event) => event.type);
    expect(types[0]).toBe('message_start');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(types).toContain('content_block_delta');
    const text = events.flatMap((event) => (event.type === 'content_block_delta' && event.delta.type === 'text_delta' ? [event.delta.text] : [])).join('');
    expect(text).toBe('Streaming works fine.');
    expect(events[0]).toEqual(expect.objectContaining({ message: expect.objectContaining({ model: 'claude-opus-5-5' }) }));
    expect(bedrockBodies('InvokeModelWithResponseStream')[0]).not.toHaveProperty('stream');
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 7, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('puts the SSE ping after the first content block starts, as Anthropic does', async () => {
    harness.emulator.script({ text: 'Pong.' });
    const response = await fetch(`${harness.url}/v1/messages?beta=true`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-opus-5-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'ping' }] }),
    });
    const names = (await response.text()).split('\n').filter((line) => line.startsWith('event: ')).map((line) => line.slice(7));

    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.at(-1)).toBe('message_stop');
  });

  it('completes a tool round trip: tool_use streamed as input_json_delta, the tool_result sent back', async () => {
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    harness.emulator.script({ toolCalls: [{ id: 'toolu_bdrk_01', name: 'get_weather', input: { city: 'Paris' } }] });

    const first = await client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 512, tools, messages: [{ role: 'user', content: 'Weather in Paris?' }] }).finalMessage();

    expect(first.stop_reason).toBe('tool_use');
    expect(first.content).toEqual([{ type: 'tool_use', id: 'toolu_bdrk_01', name: 'get_weather', input: { city: 'Paris' } }]);

    harness.emulator.script({ text: 'It is sunny in Paris.' });
    const second = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 512,
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_bdrk_01', content: 'Sunny, 24C' }] },
      ],
    });

    expect(second.content).toEqual([{ type: 'text', text: 'It is sunny in Paris.' }]);
    expect(bedrockBodies('InvokeModel')[0]?.['messages']).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_bdrk_01', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_bdrk_01', content: 'Sunny, 24C' }] },
    ]);
  });

  it('streams thinking with its signature and takes the signed block back in the next turn', async () => {
    harness.emulator.script({ text: '4', reasoning: { text: 'Two plus two is four.', signature: 'sig-1' } });

    const message = await client.messages
      .stream({ model: 'claude-sonnet-4-5', max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 }, messages: [{ role: 'user', content: '2+2?' }] })
      .finalMessage();

    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'Two plus two is four.', signature: 'sig-1' });
    expect(message.content[1]).toEqual({ type: 'text', text: '4' });

    harness.emulator.script({ text: 'Yes.' });
    await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [
        { role: 'user', content: '2+2?' },
        { role: 'assistant', content: message.content },
        { role: 'user', content: 'Sure?' },
      ],
    });
    expect((bedrockBodies('InvokeModel')[0]?.['messages'] as unknown[])[1]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: 'Two plus two is four.', signature: 'sig-1' }, { type: 'text', text: '4' }] });
  });

  it('passes cache_control markers and reports cache writes, charged as cache writes', async () => {
    harness.emulator.script({ text: 'Cached.', usage: { inputTokens: 5, outputTokens: 2, cacheWriteInputTokens: 1500 } });

    const message = await client.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 64,
      system: [{ type: 'text', text: 'A long system prompt.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Hi' }],
    });

    expect(message.usage.cache_creation_input_tokens).toBe(1500);
    expect(bedrockBodies('InvokeModel')[0]?.['system']).toEqual([{ type: 'text', text: 'A long system prompt.', cache_control: { type: 'ephemeral' } }]);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage.cacheWriteTokens).toBe(1500);
  });

  it('drops betas Bedrock does not take and says so in x-gateway-warnings, never a 400', async () => {
    harness.emulator.script({ text: 'ok' });

    const { response } = await client.beta.messages
      .create({ model: 'claude-opus-5-5', max_tokens: 64, betas: ['claude-code-20250219', 'interleaved-thinking-2025-05-14'], messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();

    expect(response.headers.get('x-gateway-warnings')).toContain('anthropic-beta: claude-code-20250219 not sent');
    expect(bedrockBodies('InvokeModel')[0]?.['anthropic_beta']).toEqual(['interleaved-thinking-2025-05-14']);
  });

  it('sends again without betas when Bedrock refuses one for the model', async () => {
    harness.emulator.fault({ type: 'error', error: 'validation', message: 'The model returned the following errors: invalid beta flag', operations: ['InvokeModel'] });
    harness.emulator.script({ text: 'ok' });

    const { data: message, response } = await client.beta.messages
      .create({ model: 'claude-opus-5-5', max_tokens: 64, betas: ['interleaved-thinking-2025-05-14'], messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();

    expect(message.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(response.headers.get('x-gateway-warnings')).toContain('refused by Amazon Bedrock for this model; sent without betas');
    expect(bedrockBodies('InvokeModel').map((body) => body['anthropic_beta'])).toEqual([['interleaved-thinking-2025-05-14'], undefined]);
  });

  it.each(['auto', 'standard_only'] as const)("serves service_tier '%s' on Bedrock's default tier (no service tier in the Bedrock call), Claude and Converse", async (tier) => {
    harness.emulator.script({ text: 'ok', times: 2 });

    await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, service_tier: tier, messages: [{ role: 'user', content: 'Hi' }] });
    await client.messages.create({ model: 'nova-pro', max_tokens: 16, service_tier: tier, messages: [{ role: 'user', content: 'Hi' }] });

    expect(bedrockBodies('InvokeModel')[0]).not.toHaveProperty('service_tier');
    expect(bedrockBodies('Converse')[0]).not.toHaveProperty('serviceTier');
  });

  it('takes the key in Authorization: Bearer as well as x-api-key, and any anthropic-version', async () => {
    harness.emulator.script({ text: 'ok', times: 2 });
    await anthropicClient(KEY, { bearer: true }).messages.create({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'anthropic-version': '2026-11-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }),
    });

    expect(response.status).toBe(200);
  });
});

describe('POST /iam/v1/messages', () => {
  it('serves a SigV4 caller (API Gateway checked the signature) and attributes the call to its role', async () => {
    harness.emulator.script({ text: 'Signed.' });
    const sink = createCaptureSink();

    await harness.app(
      buildRequest({
        method: 'POST',
        path: '/iam/v1/messages',
        json: { model: 'claude-haiku-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] },
        platformIdentity: { kind: 'iam', userArn: 'arn:aws:sts::123456789012:assumed-role/ci-runner/session-1' },
      }),
      sink,
    );

    expect(sink.statusCode).toBe(200);
    expect(sink.json()).toEqual(expect.objectContaining({ type: 'message', content: [{ type: 'text', text: 'Signed.' }] }));
    expect(harness.meter.admissions[0]?.principal.id).toBe('arn:aws:iam::123456789012:role/ci-runner');
  });

  it('answers a caller without SigV4 identity in Anthropic format', async () => {
    const sink = createCaptureSink();

    await harness.app(buildRequest({ method: 'POST', path: '/iam/v1/messages', json: { model: 'claude-haiku-4-5', max_tokens: 16, messages: [] } }), sink);

    expect(sink.statusCode).toBe(401);
    expect(sink.json()).toEqual({ type: 'error', error: { type: 'authentication_error', message: expect.any(String) } });
  });
});

describe('POST /v1/messages through Converse (other catalog models)', () => {
  it('answers a Message from Nova', async () => {
    harness.emulator.script({ text: 'Hi from Nova.', usage: { inputTokens: 3, outputTokens: 4 } });

    const message = await client.messages.create({ model: 'nova-pro', max_tokens: 128, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi' }] });

    expect(message).toEqual(expect.objectContaining({ model: 'nova-pro', content: [{ type: 'text', text: 'Hi from Nova.' }], stop_reason: 'end_turn', usage: expect.objectContaining({ input_tokens: 3, output_tokens: 4 }) }));
    expect(bedrockBodies('Converse')[0]).toEqual(expect.objectContaining({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }));
  });

  it('streams a tool call from Nova as Anthropic events, names as the client gave them', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_1', name: 'get_weather', input: { city: 'Oslo' } }] });

    const message = await client.messages
      .stream({ model: 'nova-pro', max_tokens: 256, tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }], messages: [{ role: 'user', content: 'Oslo?' }] })
      .finalMessage();

    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'tooluse_1', name: 'get_weather', input: { city: 'Oslo' } }]);
  });
});

describe('POST /v1/messages/count_tokens', () => {
  it("counts with Bedrock's CountTokens where the model has it, free of charge", async () => {
    const count = await client.messages.countTokens({ model: 'claude-sonnet-4-5', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello there' }] });

    expect(count.input_tokens).toBeGreaterThan(0);
    expect(harness.emulator.requests.map((request) => request.operation)).toEqual(['CountTokens']);
    const [settled] = await harness.meter.settled(1);
    expect(settled).toEqual(expect.objectContaining({ costNanoUsd: 0, status: 200 }));
  });

  it("answers with the gateway's estimate (and a warning) for models without CountTokens", async () => {
    const { data: count, response } = await client.messages.countTokens({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'Hello there' }] }).withResponse();

    expect(count.input_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-gateway-warnings')).toContain("input_tokens: the gateway's estimate");
    expect(harness.emulator.requests).toEqual([]);
  });
});

describe('malformed requests: a 400 in Anthropic format naming the field, before Bedrock, never a 500', () => {
  /** `{"a":{"a":...}}` nested `levels` deep, as raw JSON (deeper than JSON.stringify itself can write). */
  const nestedJson = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  const HI = [{ role: 'user', content: 'Hi' }];
  const bodyWith = (extra: string, base: Record<string, unknown> = { model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI }): string =>
    `${JSON.stringify(base).slice(0, -1)},${extra}}`;

  it.each([
    { case: 'a tool schema nested 5,000 deep', path: '/v1/messages', body: bodyWith(`"tools":[{"name":"t","input_schema":{"type":"object","properties":${nestedJson(5000)}}}]`), names: 'tools.0.input_schema.properties' },
    { case: 'a tool_use input nested 50,000 deep', path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: { x: 'DEEP' } }] }] }).replace('"DEEP"', nestedJson(50_000)), names: 'messages.1.content.0' },
    { case: 'an unknown field nested 100,000 deep', path: '/v1/messages', body: bodyWith(`"extra":${nestedJson(100_000)}`), names: 'extra.a.a.a' },
    { case: 'count_tokens with a deep tool schema', path: '/v1/messages/count_tokens', body: bodyWith(`"tools":[{"name":"t","input_schema":{"type":"object","properties":${nestedJson(5000)}}}]`, { model: 'claude-sonnet-4-5', messages: HI }), names: 'tools.0.input_schema' },
    { case: 'an image that is not base64', path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: '!!' } }] }] }), names: 'messages.0.content.0.source.data' },
    { case: 'an empty user message to a Converse model', path: '/v1/messages', body: JSON.stringify({ model: 'nova-micro', max_tokens: 16, messages: [{ role: 'user', content: [] }] }), names: 'messages.0.content' },
    { case: 'a tool schema of type 123 to a Converse model', path: '/v1/messages', body: JSON.stringify({ model: 'nova-micro', max_tokens: 16, messages: HI, tools: [{ name: 't', input_schema: { type: 123 } }] }), names: 'tools.0.input_schema.type' },
    // Rules Bedrock's Claude enforces (the emulator too): refused by the gateway in Anthropic's words.
    { case: 'a tool name Claude refuses', path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI, tools: [{ name: 'web.search', input_schema: { type: 'object' } }] }), names: "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'" },
    { case: "tool_choice 'any' without tools", path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI, tool_choice: { type: 'any' } }), names: "tool_choice: tool_choice.type 'any' may only be specified while providing tools." },
    { case: "tool_choice 'tool' naming no declared tool", path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI, tools: [{ name: 'a', input_schema: { type: 'object' } }], tool_choice: { type: 'tool', name: 'b' } }), names: "tool_choice.name: Tool 'b' not found in provided tools" },
    { case: 'a thinking block in a user turn', path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'thinking', thinking: 'x', signature: 's' }, { type: 'text', text: 'Hi' }] }] }), names: 'messages.0.content.0: `thinking` blocks can only be in `assistant` messages.' },
    { case: 'a tool_use block in a user turn to a Converse model', path: '/v1/messages', body: JSON.stringify({ model: 'nova-micro', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'tool_use', id: 't', name: 'n', input: {} }, { type: 'text', text: 'Hi' }] }] }), names: 'messages.0.content.0: `tool_use` blocks can only be in `assistant` messages.' },
    { case: 'an unknown block type', path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }), names: "messages.0.content.0: Input tag 'video' found using 'type'" },
    { case: 'a metadata.user_id of 10,000 characters', path: '/v1/messages', body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: HI, metadata: { user_id: 'u'.repeat(10_000) } }), names: 'metadata.user_id: String should have at most 256 characters' },
    { case: "count_tokens with tool_choice 'any' and no tools", path: '/v1/messages/count_tokens', body: JSON.stringify({ model: 'claude-sonnet-4-5', messages: HI, tool_choice: { type: 'any' } }), names: 'tool_choice' },
  ])('$case', async ({ path, body, names }) => {
    const response = await fetch(`${harness.url}${path}`, { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining(names) } });
    expect(harness.emulator.requests).toEqual([]);
  });

  it('refuses deep JSON on the OpenAI routes too, in their format', async () => {
    const body = JSON.stringify({ model: 'claude-sonnet-4-5', messages: HI, metadata: 'DEEP' }).replace('"DEEP"', nestedJson(100_000));
    const response = await fetch(`${harness.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', code: 'json_too_deep', param: 'metadata' }) });
  });
});

describe('errors in Anthropic format', () => {
  it.each([
    { situation: 'a malformed body', request: { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] }, key: KEY, status: 400, type: 'invalid_request_error', Class: Anthropic.BadRequestError },
    { situation: 'a wrong key', request: { model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] }, key: 'sk-wrong', status: 401, type: 'authentication_error', Class: Anthropic.AuthenticationError },
    { situation: 'a model the key may not use', request: { model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] }, key: 'sk-integration-limited-key-0001', status: 403, type: 'permission_error', Class: Anthropic.PermissionDeniedError },
    { situation: 'an unknown model', request: { model: 'claude-nope', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] }, key: KEY, status: 404, type: 'not_found_error', Class: Anthropic.NotFoundError },
  ])('answers $situation with $status $type', async ({ request, key, status, type, Class }) => {
    const error = await anthropicClient(key)
      .messages.create(request as Anthropic.MessageCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Class);
    expect(error).toEqual(expect.objectContaining({ status, error: expect.objectContaining({ type: 'error', error: expect.objectContaining({ type }) }) }));
  });

  it.each([
    { fault: 'throttling', status: 429, type: 'rate_limit_error', Class: Anthropic.RateLimitError },
    { fault: 'service-unavailable', status: 529, type: 'overloaded_error', Class: Anthropic.InternalServerError },
    { fault: 'internal-error', status: 502, type: 'api_error', Class: Anthropic.InternalServerError },
  ] as const)('answers a Bedrock $fault with $status $type', async ({ fault, status, type, Class }) => {
    harness.emulator.fault({ type: 'error', error: fault });

    const error = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(Class);
    expect(error).toEqual(expect.objectContaining({ status, error: expect.objectContaining({ error: expect.objectContaining({ type }) }) }));
  });

  it('answers a body over the limit with 413 request_too_large', async () => {
    const response = await fetch(`${harness.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'x'.repeat(6 * 1024 * 1024) }] }),
    });

    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'request_too_large', message: expect.any(String) } });
  });

  it('sends a failure after the first byte as an in-band error event', async () => {
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 3 });
    harness.emulator.script({ text: 'This answer will break off somewhere in the middle.' });

    const stream = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    const seen: string[] = [];
    const consumed = (async () => {
      for await (const event of stream) seen.push(event.type);
    })();

    await expect(consumed).rejects.toEqual(expect.objectContaining({ error: expect.objectContaining({ type: 'error', error: expect.objectContaining({ type: 'api_error' }) }) }));
    expect(seen[0]).toBe('message_start');
    expect(seen).not.toContain('message_stop');
  });
});
