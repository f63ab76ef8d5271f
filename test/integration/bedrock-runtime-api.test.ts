/**
 * Bedrock's runtime API under `/bedrock` through the unmodified `@aws-sdk/client-bedrock-runtime`
 * (bearer token auth, as AWS_BEARER_TOKEN_BEDROCK selects it; HTTP/2 with prior knowledge to the
 * local adapter) against the gateway, the Bedrock emulator and the real ledger: every operation,
 * streams decoded by the SDK itself, every error raised as the SDK's own exception class.
 */
import {
  AccessDeniedException,
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
  type ConverseStreamOutput,
  type ResponseStream,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockClient, GetInferenceProfileCommand, ListFoundationModelsCommand, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { streamingLambdaHandler } from '../../lambda/platform/lambda-adapters';
import { installLambdaRuntimeStandIn, RecordingResponseStream } from '../../local/lambda-runtime-stand-in';
import { startOpenAIGatewayHarness, TEST_KEYS, type OpenAIGatewayHarness } from './openai-gateway-harness';

installLambdaRuntimeStandIn();

let harness: OpenAIGatewayHarness;
let runtime: BedrockRuntimeClient;

const KEY = TEST_KEYS['sk-test'].secret;
const SONNET_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** The runtime client as an AWS SDK user configures it: endpoint at the gateway, the gateway key as bearer token. */
function runtimeClient(token: string = KEY): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: `${harness.url}/bedrock`,
    token: { token },
    authSchemePreference: ['httpBearerAuth'],
    maxAttempts: 1,
  });
}

function controlClient(token: string = KEY): BedrockClient {
  return new BedrockClient({ region: 'us-east-1', endpoint: `${harness.url}/bedrock`, token: { token }, authSchemePreference: ['httpBearerAuth'], maxAttempts: 1 });
}

const HI = [{ role: 'user' as const, content: [{ text: 'Hi' }] }];

/** What the SDK threw, for assertions on its class, name and status. */
async function thrown(promise: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail');
}

function bedrockRequests(operation: string) {
  return harness.emulator.requests.filter((request) => request.operation === operation);
}

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
  runtime = runtimeClient();
});

afterAll(async () => {
  runtime.destroy();
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

describe('Converse through /bedrock', () => {
  it('answers in Converse shape, calls the catalog model with the gateway attribution, and charges the key', async () => {
    harness.emulator.script({ text: 'Hello there!', usage: { inputTokens: 11, outputTokens: 4 } });

    const response = await runtime.send(
      new ConverseCommand({ modelId: 'claude-sonnet-4-5', messages: HI, inferenceConfig: { maxTokens: 256 }, requestMetadata: { app: 'docs', gateway_principal: 'forged' } }),
    );

    expect(response.output?.message?.content).toEqual([{ text: 'Hello there!' }]);
    expect(response.stopReason).toBe('end_turn');
    expect(response.usage).toEqual(expect.objectContaining({ inputTokens: 11, outputTokens: 4 }));
    const [sent] = bedrockRequests('Converse');
    expect(sent?.modelId).toBe(SONNET_PROFILE);
    const metadata = (sent?.body as { requestMetadata?: Record<string, string> }).requestMetadata;
    expect(metadata).toEqual(expect.objectContaining({ app: 'docs', gateway_principal: harness.keyIds['sk-test'] }));
    const [admitted] = harness.meter.admissions;
    expect(admitted?.maxOutputTokens).toBe(256);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 11, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(settled?.costNanoUsd).toBeGreaterThan(0);
  });

  it.each([
    ['a Bedrock profile id', SONNET_PROFILE],
    ['an inference-profile ARN (URL-encoded by the SDK)', `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${SONNET_PROFILE}`],
    ['a foundation-model id', 'anthropic.claude-sonnet-4-5-20250929-v1:0'],
  ])('takes %s as modelId', async (_label, modelId) => {
    harness.emulator.script({ text: 'ok' });
    const response = await runtime.send(new ConverseCommand({ modelId, messages: HI }));
    expect(response.output?.message?.content).toEqual([{ text: 'ok' }]);
    expect(bedrockRequests('Converse')).toHaveLength(1);
  });

  it('sends image bytes to Bedrock as the client sent them', async () => {
    harness.emulator.script({ text: 'A pixel.' });
    const png = new Uint8Array(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));
    await runtime.send(new ConverseCommand({ modelId: 'claude-sonnet-4-5', messages: [{ role: 'user', content: [{ text: 'What is it?' }, { image: { format: 'png', source: { bytes: png } } }] }] }));
    const [sent] = bedrockRequests('Converse');
    const content = (sent?.body as { messages: { content: { image?: { source: { bytes: string } } }[] }[] }).messages[0]?.content;
    expect(content?.[1]?.image?.source.bytes).toBe(Buffer.from(png).toString('base64'));
  });

  it('streams the Converse events, decoded by the SDK, and charges the metadata usage', async () => {
    harness.emulator.script({ text: 'Streaming works fine.', usage: { inputTokens: 7, outputTokens: 5 } });

    const response = await runtime.send(new ConverseStreamCommand({ modelId: 'claude-haiku-4-5', messages: HI, inferenceConfig: { maxTokens: 100 } }));
    const events: ConverseStreamOutput[] = [];
    for await (const event of response.stream ?? []) events.push(event);

    const kinds = events.map((event) => Object.keys(event).find((key) => key !== '$unknown'));
    expect(kinds[0]).toBe('messageStart');
    expect(kinds.slice(-2)).toEqual(['messageStop', 'metadata']);
    const text = events.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('');
    expect(text).toBe('Streaming works fine.');
    expect(events.at(-1)?.metadata?.usage).toEqual(expect.objectContaining({ inputTokens: 7, outputTokens: 5 }));
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 7, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('sends a failure after the first event as an exception frame the SDK throws as its class', async () => {
    harness.emulator.script({ text: 'This answer will be cut off before it ends.' });
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 2, error: 'model-stream-error' });

    const response = await runtime.send(new ConverseStreamCommand({ modelId: 'claude-haiku-4-5', messages: HI }));
    const error = await thrown(
      (async () => {
        for await (const _event of response.stream ?? []) void _event;
      })(),
    );

    expect(error).toBeInstanceOf(ModelStreamErrorException);
    await harness.meter.settled(1);
  });

  it('charges a stream the client abandons', async () => {
    harness.emulator.script({ text: 'word '.repeat(200) });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 20 });
    const abort = new AbortController();

    const response = await runtime.send(new ConverseStreamCommand({ modelId: 'claude-haiku-4-5', messages: HI }), { abortSignal: abort.signal });
    let seen = 0;
    try {
      for await (const event of response.stream ?? []) {
        if (event.contentBlockDelta !== undefined && ++seen === 3) abort.abort();
      }
    } catch {
      // The SDK may end the iteration quietly or with the abort error; either way the client left.
    }

    const [settled] = await harness.meter.settled(1);
    expect(seen).toBe(3);
    expect(settled?.clientAborted).toBe(true);
    expect(settled?.costNanoUsd).toBeGreaterThan(0);
  });
});

describe('errors on /bedrock, as the SDK raises them', () => {
  it.each([
    ['throttling', ThrottlingException, 429],
    ['service-unavailable', ServiceUnavailableException, 503],
    ['model-timeout', ModelTimeoutException, 408],
    ['validation', ValidationException, 400],
    ['service-quota-exceeded', ServiceQuotaExceededException, 400],
  ] as const)("Bedrock's %s is the SDK's %p (status %i)", async (fault, exceptionClass, status) => {
    harness.emulator.fault({ type: 'error', error: fault, message: 'injected' });
    const error = await thrown(runtime.send(new ConverseCommand({ modelId: 'claude-haiku-4-5', messages: HI })));
    expect(error).toBeInstanceOf(exceptionClass);
    expect(error.$metadata?.httpStatusCode).toBe(status);
  });

  it('an unknown model is a ResourceNotFoundException', async () => {
    const error = await thrown(runtime.send(new ConverseCommand({ modelId: 'no-such-model', messages: HI })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toMatch(/no-such-model/);
  });

  it("a model outside the key's allow-list is an AccessDeniedException", async () => {
    const limited = runtimeClient(TEST_KEYS['sk-limited'].secret);
    const error = await thrown(limited.send(new ConverseCommand({ modelId: 'claude-haiku-4-5', messages: HI })));
    limited.destroy();
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('a malformed body is a ValidationException naming the member', async () => {
    const error = await thrown(runtime.send(new ConverseCommand({ modelId: 'claude-haiku-4-5', messages: [{ role: 'robot' as 'user', content: [{ text: 'x' }] }] })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toMatch(/messages\[0\]\.role/);
  });

  it("a service tier the catalog has no price for is a ValidationException naming it, before Bedrock is called", async () => {
    const error = await thrown(runtime.send(new ConverseCommand({ modelId: 'nova-lite', messages: HI, serviceTier: { type: 'priority' } })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toMatch(/serviceTier\.type/);
    expect(bedrockRequests('Converse')).toHaveLength(0);
  });

  it('a spent budget is a ServiceQuotaExceededException (not retried by SDKs, unlike a 429)', async () => {
    const { json } = await harness.admin('POST', '/admin/keys', { name: 'tiny', budget: { usd: 0.000001, period: 'day' } });
    const tiny = runtimeClient((json as { key: string }).key);
    const error = await thrown(tiny.send(new ConverseCommand({ modelId: 'claude-haiku-4-5', messages: HI, inferenceConfig: { maxTokens: 1000 } })));
    tiny.destroy();
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(bedrockRequests('Converse')).toHaveLength(0);
    // The refused admission never settles: nothing was reserved.
    harness.meter.reset();
  });

  it('an unknown key is an AccessDeniedException with status 401', async () => {
    const stranger = runtimeClient('sk-not-a-real-key-000000');
    const error = await thrown(stranger.send(new ConverseCommand({ modelId: 'claude-haiku-4-5', messages: HI })));
    stranger.destroy();
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.$metadata?.httpStatusCode).toBe(401);
  });

  it('a SigV4-signed request is a 401 that says to send a gateway key as AWS_BEARER_TOKEN_BEDROCK', async () => {
    const signing = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: `${harness.url}/bedrock`,
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
      authSchemePreference: ['sigv4'],
      maxAttempts: 1,
    });
    const error = await thrown(signing.send(new ConverseCommand({ modelId: 'claude-haiku-4-5', messages: HI })));
    signing.destroy();
    expect(error.$metadata?.httpStatusCode).toBe(401);
    expect(error.message).toMatch(/AWS_BEARER_TOKEN_BEDROCK/);
  });
});

/** A Claude InvokeModel body (Anthropic Messages, as Bedrock takes it). */
const CLAUDE_BODY = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: 'Hi' }] };
/** A Nova InvokeModel body. */
const NOVA_BODY = { schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: 'Hi' }] }], inferenceConfig: { maxTokens: 50 } };

function json(bytes: Uint8Array | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(bytes ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>;
}

/** The decoded JSON of each chunk of an InvokeModelWithResponseStream. */
async function chunksOf(stream: AsyncIterable<ResponseStream> | undefined): Promise<Record<string, unknown>[]> {
  const chunks: Record<string, unknown>[] = [];
  for await (const frame of stream ?? []) if (frame.chunk?.bytes !== undefined) chunks.push(json(frame.chunk.bytes));
  return chunks;
}

describe('InvokeModel through /bedrock', () => {
  it("passes Claude's body through byte for byte, answers Claude's Message, reserves max_tokens and charges its usage", async () => {
    harness.emulator.script({ text: 'Hello from Claude.', usage: { inputTokens: 9, outputTokens: 3, cacheReadInputTokens: 5 } });
    const body = JSON.stringify(CLAUDE_BODY);

    const response = await runtime.send(new InvokeModelCommand({ modelId: 'claude-sonnet-4-5', contentType: 'application/json', body }));

    const message = json(response.body);
    expect(message).toEqual(expect.objectContaining({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Hello from Claude.' }] }));
    expect(response.contentType).toBe('application/json');
    const [sent] = bedrockRequests('InvokeModel');
    expect(sent?.modelId).toBe(SONNET_PROFILE);
    expect(sent?.body).toEqual(CLAUDE_BODY);
    expect(harness.meter.admissions[0]?.maxOutputTokens).toBe(200);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 9, outputTokens: 3, cacheReadTokens: 5, cacheWriteTokens: 0 });
  });

  it("passes Nova's body through and charges Nova's usage", async () => {
    harness.emulator.script({ text: 'Hello from Nova.', usage: { inputTokens: 6, outputTokens: 4 } });

    const response = await runtime.send(new InvokeModelCommand({ modelId: 'nova-lite', contentType: 'application/json', body: JSON.stringify(NOVA_BODY) }));

    expect(json(response.body)).toEqual(expect.objectContaining({ output: { message: { role: 'assistant', content: [{ text: 'Hello from Nova.' }] } } }));
    expect(harness.meter.admissions[0]?.maxOutputTokens).toBe(50);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 6, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it("streams Claude's events as chunks the SDK decodes, the last with Bedrock's invocation metrics", async () => {
    harness.emulator.script({ text: 'Streaming from Claude.', usage: { inputTokens: 7, outputTokens: 5 } });

    const response = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'claude-opus-5-5', contentType: 'application/json', body: JSON.stringify(CLAUDE_BODY) }));
    const chunks = await chunksOf(response.body);

    expect(chunks[0]?.type).toBe('message_start');
    expect(chunks.at(-1)).toEqual(expect.objectContaining({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': expect.objectContaining({ inputTokenCount: 7, outputTokenCount: 5 }) }));
    const text = chunks.map((chunk) => ((chunk.delta as { text?: string } | undefined)?.text ?? '')).join('');
    expect(text).toBe('Streaming from Claude.');
    // The model's answer type, not the event stream the SDK accepts, is what Bedrock is asked for.
    expect(bedrockRequests('InvokeModelWithResponseStream')[0]?.headers['x-amzn-bedrock-accept']).toBe('application/json');
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 7, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it("streams Nova's chunks and charges the metadata chunk's usage", async () => {
    harness.emulator.script({ text: 'Streaming from Nova.', usage: { inputTokens: 8, outputTokens: 6 } });

    const response = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'nova-pro', contentType: 'application/json', body: JSON.stringify(NOVA_BODY) }));
    const chunks = await chunksOf(response.body);

    expect(Object.keys(chunks[0] ?? {})).toEqual(['messageStart']);
    expect(chunks.at(-1)).toEqual(expect.objectContaining({ metadata: expect.objectContaining({ usage: expect.objectContaining({ inputTokens: 8, outputTokens: 6 }) }) }));
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 8, outputTokens: 6, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it("passes another family's own body through (Llama's prompt), reserves its max_gen_len and charges Bedrock's token counts", async () => {
    harness.emulator.script({ text: 'Hello from Llama.', usage: { inputTokens: 12, outputTokens: 4 } });
    const body = { prompt: '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\nHi<|eot_id|>', max_gen_len: 64, temperature: 0.2 };

    const response = await runtime.send(new InvokeModelCommand({ modelId: 'llama3-3-70b', contentType: 'application/json', body: JSON.stringify(body) }));

    expect(json(response.body)).toEqual({ generation: 'Hello from Llama.', prompt_token_count: 12, generation_token_count: 4, stop_reason: 'stop' });
    expect(bedrockRequests('InvokeModel')[0]?.body).toEqual(body);
    expect(harness.meter.admissions[0]?.maxOutputTokens).toBe(64);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 12, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it("streams another family's chunks as Bedrock sent them and charges the invocation metrics of the last", async () => {
    harness.emulator.script({ text: 'Streaming from Llama now.', usage: { inputTokens: 10, outputTokens: 6 } });

    const response = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'llama3-3-70b', contentType: 'application/json', body: JSON.stringify({ prompt: 'Hi' }) }));
    const chunks = await chunksOf(response.body);

    expect(chunks.map((chunk) => chunk['generation']).join('')).toBe('Streaming from Llama now.');
    expect(chunks.at(-1)).toEqual(expect.objectContaining({ stop_reason: 'stop', 'amazon-bedrock-invocationMetrics': expect.objectContaining({ inputTokenCount: 10, outputTokenCount: 6 }) }));
    // No max_gen_len: the model's largest output is reserved.
    expect(harness.meter.admissions[0]?.maxOutputTokens).toBe(harness.services.catalog.resolve('llama3-3-70b')?.maxOutputTokens);
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 10, outputTokens: 6, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('ends a stream failing mid-way with an exception frame the SDK throws as its class', async () => {
    harness.emulator.script({ text: 'This answer will be cut off before it ends.' });
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 2, error: 'throttling' });

    const response = await runtime.send(new InvokeModelWithResponseStreamCommand({ modelId: 'claude-haiku-4-5', contentType: 'application/json', body: JSON.stringify(CLAUDE_BODY) }));
    const error = await thrown(chunksOf(response.body));

    expect(error).toBeInstanceOf(ThrottlingException);
    await harness.meter.settled(1);
  });

  it.each([
    ['an embedding model (served by /v1/embeddings)', 'titan-embed-text-v2', { inputText: 'Hi' }, /is a embedding model/],
    ['a Claude body without max_tokens', 'claude-haiku-4-5', { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: 'Hi' }] }, /max_tokens/],
    ['a body that is not a JSON object', 'claude-haiku-4-5', [1, 2], /body/],
  ])('refuses %s with a ValidationException', async (_label, modelId, body, message) => {
    const error = await thrown(runtime.send(new InvokeModelCommand({ modelId, contentType: 'application/json', body: JSON.stringify(body) })));
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toMatch(message);
    expect(bedrockRequests('InvokeModel')).toHaveLength(0);
  });
});

describe('CountTokens through /bedrock', () => {
  it.each([
    ['a Converse input', { converse: { messages: HI } }],
    ['an InvokeModel body', { invokeModel: { body: new TextEncoder().encode(JSON.stringify(CLAUDE_BODY)) } }],
  ])("counts %s with Bedrock's CountTokens on the bare model id, free of charge", async (_label, input) => {
    const response = await runtime.send(new CountTokensCommand({ modelId: 'claude-sonnet-4-5', input }));

    expect(response.inputTokens).toBeGreaterThan(0);
    expect(bedrockRequests('CountTokens')[0]?.modelId).toBe('anthropic.claude-sonnet-4-5-20250929-v1:0');
    const [settled] = await harness.meter.settled(1);
    expect(settled?.costNanoUsd).toBe(0);
  });

  it('refuses a model Bedrock cannot count with a ValidationException', async () => {
    const error = await thrown(runtime.send(new CountTokensCommand({ modelId: 'nova-lite', input: { converse: { messages: HI } } })));
    expect(error).toBeInstanceOf(ValidationException);
  });
});

describe('listings through /bedrock (the control-plane client pointed at the gateway)', () => {
  it('lists the inference profiles of the caller\'s models, as Claude Code asks for them', async () => {
    const control = controlClient();
    const { inferenceProfileSummaries = [] } = await control.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));
    control.destroy();

    const ids = inferenceProfileSummaries.map((profile) => profile.inferenceProfileId);
    expect(ids).toEqual(expect.arrayContaining(['us.anthropic.claude-opus-5-5', 'us.anthropic.claude-haiku-4-5-20251001-v1:0', 'us.amazon.nova-micro-v1:0']));
    expect(inferenceProfileSummaries[0]).toEqual(expect.objectContaining({ status: 'ACTIVE', type: 'SYSTEM_DEFINED', createdAt: expect.any(Date) }));
  });

  it('filters every listing by the key\'s allow-list', async () => {
    const control = controlClient(TEST_KEYS['sk-limited'].secret);
    const { inferenceProfileSummaries = [] } = await control.send(new ListInferenceProfilesCommand({}));
    const { modelSummaries = [] } = await control.send(new ListFoundationModelsCommand({}));
    const hidden = await thrown(control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us.anthropic.claude-opus-5-5' })));
    control.destroy();

    expect(new Set(inferenceProfileSummaries.map((profile) => profile.models?.[0]?.modelArn?.split('/')[1]))).toEqual(new Set(['amazon.nova-micro-v1:0']));
    expect(modelSummaries.map((model) => model.modelName).sort()).toEqual(['nova-micro', 'titan-embed-text-v2']);
    expect(hidden.name).toBe('ResourceNotFoundException');
  });

  it('gets one profile by id or by ARN', async () => {
    const control = controlClient();
    const byId = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us.anthropic.claude-opus-5-5' }));
    const byArn = await control.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: byId.inferenceProfileArn }));
    control.destroy();

    expect(byId.models).toEqual([{ modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-5-5' }]);
    expect(byArn.inferenceProfileId).toBe('us.anthropic.claude-opus-5-5');
  });

  it('lists foundation models with the byProvider filter', async () => {
    const control = controlClient();
    const { modelSummaries = [] } = await control.send(new ListFoundationModelsCommand({ byProvider: 'anthropic' }));
    control.destroy();

    expect(modelSummaries.length).toBeGreaterThan(5);
    expect(new Set(modelSummaries.map((model) => model.providerName))).toEqual(new Set(['Anthropic']));
    expect(modelSummaries.map((model) => model.modelId)).toContain('anthropic.claude-sonnet-4-5-20250929-v1:0');
  });

  it("refuses a filter value Bedrock would refuse with the SDK's ValidationException, naming it", async () => {
    const control = controlClient();
    const modality = await thrown(control.send(new ListFoundationModelsCommand({ byOutputModality: 'AUDIO' as never })));
    const type = await thrown(control.send(new ListInferenceProfilesCommand({ typeEquals: 'CUSTOM' as never })));
    control.destroy();

    expect(modality).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(modality.message).toContain("at 'byOutputModality'");
    expect(type).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(type.message).toContain("at 'type'");
  });
});

describe('/bedrock through the Lambda streaming entry (as API Gateway invokes it)', () => {
  /** Splits an event-stream body into its frames' types and JSON payloads. */
  function framesOf(body: Buffer): { type: string; payload: Record<string, unknown> }[] {
    const codec = new EventStreamCodec((bytes) => Buffer.from(bytes).toString('utf8'), (text) => new Uint8Array(Buffer.from(text, 'utf8')));
    const frames: { type: string; payload: Record<string, unknown> }[] = [];
    let offset = 0;
    while (offset < body.length) {
      const length = body.readUInt32BE(offset);
      const message = codec.decode(new Uint8Array(body.subarray(offset, offset + length)));
      frames.push({ type: String(message.headers[':event-type']?.value), payload: JSON.parse(Buffer.from(message.body).toString('utf8')) as Record<string, unknown> });
      offset += length;
    }
    return frames;
  }

  it('streams ConverseStream frames intact, with a model ARN whose slash API Gateway handed over decoded', async () => {
    harness.emulator.script({ text: 'From Lambda.', usage: { inputTokens: 3, outputTokens: 2 } });
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0';
    const stream = new RecordingResponseStream();
    const event = {
      httpMethod: 'POST',
      path: `/bedrock/model/${arn}/converse-stream`,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      multiValueHeaders: {},
      body: JSON.stringify({ messages: HI }),
      isBase64Encoded: false,
      requestContext: { identity: { sourceIp: '10.0.0.9' } },
    } as unknown as APIGatewayProxyEvent;

    await streamingLambdaHandler(harness.app)(event, stream, {} as Context);

    const { metadata, body } = stream.captured();
    expect(metadata?.statusCode).toBe(200);
    expect(metadata?.headers?.['content-type']).toBe('application/vnd.amazon.eventstream');
    const frames = framesOf(body);
    expect(frames.map((frame) => frame.type)).toEqual(expect.arrayContaining(['messageStart', 'contentBlockDelta', 'messageStop', 'metadata']));
    expect(frames.map((frame) => (frame.payload['delta'] as { text?: string } | undefined)?.text ?? '').join('')).toBe('From Lambda.');
    expect(bedrockRequests('ConverseStream')[0]?.modelId).toBe(arn);
    await harness.meter.settled(1);
  });

  it('answers a usage report that lists the /bedrock calls under the key', async () => {
    harness.emulator.script({ text: 'Counted.', usage: { inputTokens: 5, outputTokens: 1 } });
    await runtime.send(new ConverseCommand({ modelId: 'nova-micro', messages: HI }));
    await harness.meter.settled(1);

    const { status, json: report } = await harness.admin('GET', `/admin/usage?key=${harness.keyIds['sk-test']}&model=nova-micro`);

    expect(status).toBe(200);
    expect((report as { totals: { requests: number; inputTokens: number } }).totals).toEqual(expect.objectContaining({ requests: 1, inputTokens: 5 }));
  });
});
