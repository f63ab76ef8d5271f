/**
 * @module The gateway's Bedrock transport over TLS, as on AWS: connections are reused across every
 * operation the API surfaces call (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream,
 * CountTokens), and a client that leaves still stops Bedrock at once. Counts TLS handshakes at the
 * emulator's TLS listener; no timing.
 */
import { startResilienceHarness, type ResilienceHarness } from './resilience-harness';

let harness: ResilienceHarness;

beforeAll(async () => {
  harness = await startResilienceHarness({}, { overTls: true });
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  harness.reset();
});

const HI = [{ role: 'user' as const, content: 'Hi' }];

/** POSTs JSON to the gateway with the harness's key and reads the whole answer. */
async function post(path: string, body: unknown): Promise<{ status: number; text: string }> {
  const response = await fetch(`${harness.url}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

/** One call of each Bedrock operation the gateway makes, through the API that makes it. */
const CALLS: Readonly<Record<string, () => Promise<{ status: number; text: string }>>> = {
  Converse: () => post('/v1/chat/completions', { model: 'nova-micro', messages: HI }),
  ConverseStream: () => post('/v1/chat/completions', { model: 'nova-micro', messages: HI, stream: true }),
  InvokeModel: () => post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 16, messages: HI }),
  InvokeModelWithResponseStream: () => post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 16, messages: HI, stream: true }),
  CountTokens: () => post('/v1/messages/count_tokens', { model: 'claude-sonnet-4-5', messages: HI }),
};

function handshakes(): number {
  const tls = harness.emulator.tls;
  if (tls === undefined) throw new Error('the harness runs without the TLS listener');
  return tls.handshakes().total;
}

describe('Bedrock connections', () => {
  it('takes no TLS handshake per request once warm: every operation reuses the kept-alive connection', async () => {
    // GIVEN a gateway that made one call (its first connection)
    await CALLS.Converse?.();
    harness.emulator.clearRequests();
    const warm = handshakes();

    // WHEN every operation runs three times, one after another
    const operations: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const [operation, call] of Object.entries(CALLS)) {
        const { status, text } = await call();
        expect({ operation, status, text: status === 200 ? 'ok' : text }).toEqual({ operation, status: 200, text: 'ok' });
        operations.push(operation);
      }
    }

    // THEN Bedrock saw all fifteen calls and not one new TLS handshake
    expect(harness.emulator.requests.map((request) => request.operation)).toEqual(expect.arrayContaining(Object.keys(CALLS)));
    expect(harness.emulator.requests).toHaveLength(operations.length);
    expect(handshakes() - warm).toBe(0);
  });

  it('keeps one connection per concurrent call: concurrent rounds after a warm round take no handshake', async () => {
    // GIVEN streams slow enough that the four of a round overlap at Bedrock, and one warm round
    harness.emulator.script({ text: 'word '.repeat(20), times: 'always' });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 5, times: 'always' });
    const round = (): Promise<unknown[]> => Promise.all(Array.from({ length: 4 }, () => CALLS.ConverseStream?.()));
    await round();
    harness.emulator.clearRequests();
    const warm = handshakes();

    // WHEN three more rounds run
    for (let repeat = 0; repeat < 3; repeat++) await round();

    // THEN the four connections of the warm round served them all

    expect(harness.emulator.requests).toHaveLength(12);
    expect(handshakes() - warm).toBe(0);
  });
});

describe('a client that leaves', () => {
  it.each([
    { api: 'chat completions (ConverseStream)', path: '/v1/chat/completions', body: { model: 'nova-micro', messages: HI, stream: true } },
    {
      api: 'messages (InvokeModelWithResponseStream)',
      path: '/v1/messages',
      body: { model: 'claude-haiku-4-5', max_tokens: 1024, messages: HI, stream: true },
    },
  ])('stops the Bedrock stream at once over the kept-alive transport: $api', async ({ path, body }) => {
    harness.emulator.script({ text: 'word '.repeat(400) });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 20 });
    const controller = new AbortController();

    // WHEN the client reads a few chunks and goes away
    const response = await fetch(`${harness.url}${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    for (let chunk = 0; chunk < 4; chunk++) await reader?.read();
    controller.abort();

    // THEN the emulator saw its stream aborted before the end, and the meter settled the call as abandoned
    const [settlement] = await harness.meter.settled(1);
    await harness.emulator.whenIdle();
    expect(harness.emulator.requests).toHaveLength(1);
    expect(harness.emulator.requests[0]?.stream).toMatchObject({ aborted: true, completed: false });
    expect(settlement).toMatchObject({ clientAborted: true });
  });

  it('leaves the next call working on a fresh connection', async () => {
    const { status } = (await CALLS.ConverseStream?.()) ?? { status: 0 };

    expect(status).toBe(200);
  });
});
