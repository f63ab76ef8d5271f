/**
 * @module Integration tests: InvokeModel and InvokeModelWithResponseStream on chat models (Claude's
 * Messages body, Nova's messages-v1), CountTokens in both input forms, and the TLS listener, all
 * through the unmodified Bedrock runtime client.
 */

import { Agent } from 'node:https';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type ResponseStream,
} from '@aws-sdk/client-bedrock-runtime';
import { NodeHttp2Handler, NodeHttpHandler } from '@smithy/node-http-handler';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';

const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const NOVA = 'amazon.nova-lite-v1:0';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const claudeBody = (extra: Record<string, unknown> = {}) => ({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 500, messages: [{ role: 'user', content: 'Hi there' }], ...extra });
const weather = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } } };

let emulator: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startBedrockEmulator({ tls: {} });
  client = new BedrockRuntimeClient({ endpoint: emulator.runtimeUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

async function invoke(modelId: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json' }));
  return JSON.parse(Buffer.from(response.body).toString('utf8')) as Record<string, unknown>;
}

async function chunksOf(stream: AsyncIterable<ResponseStream> | undefined): Promise<Record<string, unknown>[]> {
  const chunks: Record<string, unknown>[] = [];
  for await (const event of stream ?? []) {
    if (event.chunk?.bytes !== undefined) chunks.push(JSON.parse(Buffer.from(event.chunk.bytes).toString('utf8')) as Record<string, unknown>);
  }
  return chunks;
}

async function invokeStream(modelId: string, body: unknown, abortSignal?: AbortSignal): Promise<AsyncIterable<ResponseStream> | undefined> {
  const response = await client.send(new InvokeModelWithResponseStreamCommand({ modelId, body: JSON.stringify(body) }), { abortSignal });
  return response.body;
}

describe('InvokeModel with Claude', () => {
  it('answers with the Anthropic Message JSON', async () => {
    emulator.script({ text: 'Hello!', usage: { inputTokens: 12, outputTokens: 3 } });

    const message = await invoke(`us.${HAIKU}`, claudeBody());

    expect(message).toEqual({
      id: expect.stringMatching(/^msg_bdrk_01/),
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 3 },
    });
    expect(emulator.requests[0]).toMatchObject({ operation: 'InvokeModel', resolvedModelId: HAIKU, status: 200, body: claudeBody() });
  });

  it('calls a forced tool with a toolu_bdrk id and an input built from the schema', async () => {
    const message = await invoke(HAIKU, claudeBody({ tools: [weather], tool_choice: { type: 'tool', name: 'get_weather' } }));

    expect(message).toMatchObject({ stop_reason: 'tool_use', content: [{ type: 'tool_use', id: expect.stringMatching(/^toolu_bdrk_01/), name: 'get_weather', input: { city: expect.any(String) } }] });
  });

  it("sends Bedrock's token-count headers, cache reads and writes included", async () => {
    emulator.script({ text: 'ok', usage: { inputTokens: 4, outputTokens: 1, cacheReadInputTokens: 100, cacheWriteInputTokens: 50 } });

    const response = await fetch(`${emulator.controlUrl}/model/${HAIKU}/invoke`, { method: 'POST', body: JSON.stringify(claudeBody()) });

    expect(response.status).toBe(200);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('x-amzn-bedrock-') && name !== 'x-amzn-bedrock-invocation-latency'))).toEqual({
      'x-amzn-bedrock-input-token-count': '4',
      'x-amzn-bedrock-output-token-count': '1',
      'x-amzn-bedrock-cache-read-input-token-count': '100',
      'x-amzn-bedrock-cache-write-input-token-count': '50',
    });
    expect(await response.json()).toMatchObject({ usage: { input_tokens: 4, cache_read_input_tokens: 100, cache_creation_input_tokens: 50, output_tokens: 1 } });
  });

  it.each([
    { rule: 'the body has a model field', body: claudeBody({ model: 'claude' }), message: 'Malformed input request: #: extraneous key [model] is not permitted, please reformat your input and try again.' },
    { rule: 'a beta is not one Bedrock takes', body: claudeBody({ anthropic_beta: ['mcp-servers-2025-12-04'] }), message: 'The model returned the following errors: invalid beta flag' },
  ])('raises ValidationException when $rule', async ({ body, message }) => {
    await expect(invoke(HAIKU, body)).rejects.toMatchObject({ name: 'ValidationException', message, $metadata: { httpStatusCode: 400 } });
  });

  it('raises the injected ThrottlingException and logs it', async () => {
    emulator.fault({ type: 'error', error: 'throttling', operations: ['InvokeModel'] });

    await expect(invoke(HAIKU, claudeBody())).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
    expect(emulator.requests[0]).toMatchObject({ operation: 'InvokeModel', status: 429, errorType: 'ThrottlingException' });
  });
});

describe('InvokeModelWithResponseStream with Claude', () => {
  it('streams chunks of Anthropic events: thinking with signature, text, tool input, metrics last', async () => {
    emulator.script({ reasoning: { text: 'Look it up.', signature: 'c2ln' }, text: 'Checking.', toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] });

    const chunks = await chunksOf(await invokeStream(HAIKU, claudeBody({ tools: [weather] })));

    const types = chunks.map((chunk) => (chunk['type'] === 'content_block_delta' ? `delta:${(chunk['delta'] as { type: string }).type}` : chunk['type']));
    expect([...new Set(types)]).toEqual(['message_start', 'content_block_start', 'delta:thinking_delta', 'delta:signature_delta', 'content_block_stop', 'delta:text_delta', 'delta:input_json_delta', 'message_delta', 'message_stop']);
    expect(chunks.at(-2)).toEqual({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: expect.any(Number) } });
    expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toEqual({ inputTokenCount: expect.any(Number), outputTokenCount: expect.any(Number), invocationLatency: expect.any(Number), firstByteLatency: expect.any(Number) });
    expect(emulator.requests[0]).toMatchObject({ operation: 'InvokeModelWithResponseStream', status: 200, stream: { eventsSent: chunks.length, completed: true, aborted: false } });
  });

  it('streams redacted thinking as one block without deltas', async () => {
    emulator.script({ reasoning: { redacted: 'cmVkYWN0ZWQ=' }, text: 'Done.' });

    const chunks = await chunksOf(await invokeStream(HAIKU, claudeBody()));

    expect(chunks.slice(1, 3)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'cmVkYWN0ZWQ=' } },
      { type: 'content_block_stop', index: 0 },
    ]);
  });

  it('ends with the injected exception after N events, which the SDK raises', async () => {
    emulator.fault({ type: 'mid-stream-error', afterEvents: 3, error: 'throttling' });

    const stream = await invokeStream(HAIKU, claudeBody());

    await expect(chunksOf(stream)).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(emulator.requests[0]).toMatchObject({ errorType: 'throttlingException', stream: { eventsSent: 4, completed: true } });
  });

  it('records a stream the client aborted as aborted, with the events sent before', async () => {
    emulator.fault({ type: 'slow-tokens', delayMs: 200 });
    const controller = new AbortController();
    const stream = await invokeStream(HAIKU, claudeBody(), controller.signal);

    // The SDK either ends the iteration or throws an AbortError; either way the call is over.
    const reading = chunksOf(stream).catch(() => []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await reading;
    await emulator.whenIdle();

    expect(emulator.requests[0]?.stream).toEqual({ eventsSent: 1, completed: false, aborted: true });
  });
});

describe('InvokeModel with Nova (messages-v1)', () => {
  const novaBody = { schemaVersion: 'messages-v1', system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }], inferenceConfig: { max_new_tokens: 100 } };

  it("answers in Nova's native shape", async () => {
    emulator.script({ text: 'Hello from Nova.', usage: { inputTokens: 8, outputTokens: 4 } });

    expect(await invoke(`us.${NOVA}`, novaBody)).toEqual({
      output: { message: { role: 'assistant', content: [{ text: 'Hello from Nova.' }] } },
      stopReason: 'end_turn',
      usage: { inputTokens: 8, outputTokens: 4, totalTokens: 12, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 },
    });
  });

  it('streams one chunk per Converse-style event, metrics on the last', async () => {
    emulator.script({ text: 'Two words' });

    const chunks = await chunksOf(await invokeStream(NOVA, novaBody));

    expect(chunks.map((chunk) => Object.keys(chunk)[0])).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    expect(chunks.at(-1)).toMatchObject({ metadata: { usage: { outputTokens: 3 } }, 'amazon-bedrock-invocationMetrics': { outputTokenCount: 3 } });
  });

  it('refuses an unknown schemaVersion', async () => {
    await expect(invoke(NOVA, { ...novaBody, schemaVersion: 'messages-v9' })).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('#/schemaVersion') });
  });
});

describe('CountTokens', () => {
  it('counts the same input alike in its converse and invokeModel forms', async () => {
    const body = claudeBody({ system: 'Be brief.', tools: [weather] });
    const converse = {
      system: [{ text: 'Be brief.' }],
      messages: [{ role: 'user' as const, content: [{ text: 'Hi there' }] }],
      toolConfig: { tools: [{ toolSpec: { name: weather.name, description: weather.description, inputSchema: { json: weather.input_schema } } }] },
    };

    const [viaInvoke, viaConverse] = await Promise.all([
      client.send(new CountTokensCommand({ modelId: HAIKU, input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify(body)) } } })),
      client.send(new CountTokensCommand({ modelId: HAIKU, input: { converse } })),
    ]);

    expect(viaInvoke.inputTokens).toBeGreaterThan(30);
    expect(viaInvoke.inputTokens).toBe(viaConverse.inputTokens);
  });
});

describe('the TLS listener', () => {
  function tlsClient(requestHandler: NodeHttp2Handler | NodeHttpHandler): BedrockRuntimeClient {
    return new BedrockRuntimeClient({ endpoint: emulator.tls?.url, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler });
  }

  async function handshakesDuring(run: () => Promise<void>): Promise<{ total: number; byProtocol: Record<string, number> }> {
    const before = emulator.tls?.handshakes() ?? { total: 0, byProtocol: {} };
    await run();
    const after = emulator.tls?.handshakes() ?? { total: 0, byProtocol: {} };
    const protocols = Object.keys(after.byProtocol);
    return { total: after.total - before.total, byProtocol: Object.fromEntries(protocols.map((name) => [name, (after.byProtocol[name] ?? 0) - (before.byProtocol[name] ?? 0)])) };
  }

  it('serves HTTP/2 and counts one handshake per connection: a pooled session takes one for many calls', async () => {
    const pooled = tlsClient(new NodeHttp2Handler({ disableConcurrentStreams: false, nodeHttp2ConnectOptions: { ca: emulator.tls?.certificatePem } }));

    const counts = await handshakesDuring(async () => {
      for (let call = 0; call < 3; call++) await pooled.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }));
    });
    pooled.destroy();

    expect(counts).toEqual({ total: 1, byProtocol: { h2: 1 } });
  });

  it('serves HTTP/1.1 keep-alive clients by ALPN', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: emulator.tls?.certificatePem });
    const keepAlive = tlsClient(new NodeHttpHandler({ httpsAgent: agent }));

    const counts = await handshakesDuring(async () => {
      for (let call = 0; call < 3; call++) await chunksOf(await keepAlive.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body: JSON.stringify(claudeBody()) })).then((response) => response.body));
    });
    keepAlive.destroy();
    agent.destroy();

    expect(counts.total).toBe(1);
    expect(counts.byProtocol['http/1.1']).toBe(1);
  });
});
