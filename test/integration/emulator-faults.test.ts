/** @module Integration tests: injected faults, mid-stream exceptions, delays, aborts and the `/_emulator` HTTP API. */

import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, type ConverseStreamOutput, type Message } from '@aws-sdk/client-bedrock-runtime';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';

const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const NOVA = 'amazon.nova-micro-v1:0';
const hi: Message[] = [{ role: 'user', content: [{ text: 'Hi there' }] }];
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: BedrockEmulator;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  emulator = await startBedrockEmulator();
  client = new BedrockRuntimeClient({ endpoint: emulator.runtimeUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  client.destroy();
  await emulator.close();
});

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined, into: ConverseStreamOutput[] = []): Promise<ConverseStreamOutput[]> {
  for await (const event of stream ?? []) into.push(event);
  return into;
}

describe('injected errors', () => {
  it.each([
    { error: 'throttling', name: 'ThrottlingException', status: 429 },
    { error: 'service-unavailable', name: 'ServiceUnavailableException', status: 503 },
    { error: 'model-not-ready', name: 'ModelNotReadyException', status: 429 },
    { error: 'model-timeout', name: 'ModelTimeoutException', status: 408 },
    { error: 'model-error', name: 'ModelErrorException', status: 424 },
    { error: 'access-denied', name: 'AccessDeniedException', status: 403 },
    { error: 'validation', name: 'ValidationException', status: 400 },
    { error: 'internal-error', name: 'InternalServerException', status: 500 },
    { error: 'resource-not-found', name: 'ResourceNotFoundException', status: 404 },
    { error: 'service-quota-exceeded', name: 'ServiceQuotaExceededException', status: 400 },
  ] as const)('makes the SDK throw $name (HTTP $status) for a $error fault', async ({ error, name, status }) => {
    emulator.fault({ type: 'error', error });

    await expect(client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }))).rejects.toMatchObject({ name, $metadata: { httpStatusCode: status } });
    expect(emulator.requests[0]).toMatchObject({ status, errorType: name });
  });

  it('uses the fault message when one is given', async () => {
    emulator.fault({ type: 'error', error: 'throttling', message: 'Slow down, test.' });

    await expect(client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }))).rejects.toThrow('Slow down, test.');
  });

  it('fails ConverseStream before the stream starts', async () => {
    emulator.fault({ type: 'error', error: 'service-unavailable' });

    await expect(client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }))).rejects.toMatchObject({ name: 'ServiceUnavailableException' });
  });

  it('fails InvokeModel too', async () => {
    emulator.fault({ type: 'error', error: 'throttling' });

    const call = client.send(new InvokeModelCommand({ modelId: 'amazon.titan-embed-text-v2:0', body: JSON.stringify({ inputText: 'x' }) }));

    await expect(call).rejects.toMatchObject({ name: 'ThrottlingException' });
  });

  it('affects only as many calls as `times` says', async () => {
    emulator.fault({ type: 'error', error: 'throttling', times: 2 });

    const outcomes = await Promise.all(
      [0, 1, 2].map(() => client.send(new ConverseCommand({ modelId: HAIKU, messages: hi })).then(() => 'ok', (error: Error) => error.name)),
    );

    expect(outcomes.sort()).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
  });

  it('affects only the model it names', async () => {
    emulator.fault({ type: 'error', error: 'model-not-ready', modelId: NOVA });

    await expect(client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }))).resolves.toBeDefined();
    await expect(client.send(new ConverseCommand({ modelId: `us.${NOVA}`, messages: hi }))).rejects.toMatchObject({ name: 'ModelNotReadyException' });
  });

  it('lets the SDK retry through a count-limited throttle', async () => {
    const retrying = new BedrockRuntimeClient({ endpoint: emulator.runtimeUrl, region: 'us-east-1', credentials, maxAttempts: 3 });
    emulator.fault({ type: 'error', error: 'throttling', times: 2 });

    const response = await retrying.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));
    retrying.destroy();

    expect(response.$metadata.attempts).toBe(3);
    expect(emulator.requests.map((request) => request.status)).toEqual([429, 429, 200]);
  });
});

describe('mid-stream exceptions', () => {
  it.each([
    { error: 'model-stream-error', name: 'ModelStreamErrorException' },
    { error: 'throttling', name: 'ThrottlingException' },
    { error: 'service-unavailable', name: 'ServiceUnavailableException' },
    { error: 'internal-error', name: 'InternalServerException' },
    { error: 'validation', name: 'ValidationException' },
  ] as const)('throws $name from the stream after the events sent before it', async ({ error, name }) => {
    emulator.script({ text: 'one two three four' });
    emulator.fault({ type: 'mid-stream-error', afterEvents: 3, error, message: 'stream broke' });
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }));
    const received: ConverseStreamOutput[] = [];

    await expect(collect(response.stream, received)).rejects.toMatchObject({ name, message: 'stream broke' });
    expect(received).toEqual([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'one ' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'two ' } } },
    ]);
    await emulator.whenIdle();
    expect(emulator.requests[0]).toMatchObject({ errorType: expect.stringMatching(/Exception$/), stream: { eventsSent: 4, completed: true, aborted: false } });
  });

  it('can fail after the metadata event, once all text and usage were sent', async () => {
    emulator.script({ text: 'done' });
    emulator.fault({ type: 'mid-stream-error', afterEvents: 100 });
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }));
    const received: ConverseStreamOutput[] = [];

    await expect(collect(response.stream, received)).rejects.toMatchObject({ name: 'ModelStreamErrorException' });
    expect(received.at(-1)).toEqual({ metadata: expect.objectContaining({ usage: expect.objectContaining({ outputTokens: 1 }) }) });
  });
});

describe('delays and aborts', () => {
  it('delays the response by the slow-first-byte delay', async () => {
    emulator.fault({ type: 'slow-first-byte', delayMs: 150 });
    const started = Date.now();

    await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));

    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('spaces stream events by the slow-tokens delay', async () => {
    emulator.script({ text: 'a b c' });
    emulator.fault({ type: 'slow-tokens', delayMs: 20 });
    const started = Date.now();

    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }));
    const events = await collect(response.stream);

    expect(events).toHaveLength(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6 * 20 - 5);
  });

  it('records that the client aborted a stream before its end', async () => {
    emulator.fault({ type: 'slow-tokens', delayMs: 30 });
    const abort = new AbortController();
    const response = await client.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }), { abortSignal: abort.signal });
    const received: ConverseStreamOutput[] = [];

    const reading = collect(response.stream, received).catch((error: Error) => error.name);
    while (received.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    abort.abort();
    await reading;
    await emulator.whenIdle();

    const stream = emulator.requests[0]?.stream;
    expect(stream).toMatchObject({ completed: false, aborted: true });
    expect(stream?.eventsSent).toBeLessThan(10);
  });
});

describe('close', () => {
  it('closes promptly while a client leaves a stream unread', async () => {
    const own = await startBedrockEmulator();
    const ownClient = new BedrockRuntimeClient({ endpoint: own.runtimeUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
    own.fault({ type: 'slow-tokens', delayMs: 30 });
    const response = await ownClient.send(new ConverseStreamCommand({ modelId: HAIKU, messages: hi }));
    for await (const event of response.stream ?? []) {
      if (event.contentBlockDelta) break;
    }
    await own.whenIdle();
    await (await fetch(`${own.controlUrl}/_emulator/requests`)).text();
    ownClient.destroy();
    const started = Date.now();

    await own.close();

    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('the /_emulator HTTP API', () => {
  const api = (path: string, init?: RequestInit): Promise<Response> =>
    fetch(`${emulator.controlUrl}/_emulator/${path}`, { ...init, headers: { 'content-type': 'application/json' } });

  it('queues scripted replies posted as JSON', async () => {
    const posted = await api('scripts', { method: 'POST', body: JSON.stringify([{ text: 'from HTTP', usage: { outputTokens: 9 } }]) });

    const response = await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));

    expect(posted.status).toBe(204);
    expect(response.output?.message?.content).toEqual([{ text: 'from HTTP' }]);
    expect(response.usage?.outputTokens).toBe(9);
  });

  it('queues faults posted as JSON', async () => {
    await api('faults', { method: 'POST', body: JSON.stringify({ type: 'error', error: 'model-timeout' }) });

    await expect(client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }))).rejects.toMatchObject({ name: 'ModelTimeoutException' });
  });

  it('fails with 400 and a message for an invalid fault', async () => {
    const response = await api('faults', { method: 'POST', body: JSON.stringify({ type: 'error', error: 'meltdown' }) });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.stringContaining('faults[0] is not a valid fault') });
  });

  it('lists, clears and resets the request log', async () => {
    await client.send(new ConverseCommand({ modelId: HAIKU, messages: hi }));
    await api('faults', { method: 'POST', body: JSON.stringify({ type: 'error', error: 'throttling', times: 'always' }) });

    const listed = (await (await api('requests')).json()) as { requests: { operation: string; modelId: string; status: number }[] };
    await api('reset', { method: 'POST' });
    const status = (await (await api('status')).json()) as { pending: unknown };

    expect(listed.requests).toEqual([expect.objectContaining({ operation: 'Converse', modelId: HAIKU, status: 200 })]);
    expect(status.pending).toEqual({ replies: 0, faults: 0 });
    expect(emulator.requests).toEqual([]);
  });
});
