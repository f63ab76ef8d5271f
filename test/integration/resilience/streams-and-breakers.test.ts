import { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { METRIC } from '../../../lambda/platform/metric-names';
import { startResilienceHarness, type ResilienceHarness } from './resilience-harness';

const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const LLAMA_8B = 'meta.llama3-1-8b-instruct-v1:0';
const LLAMA_70B = 'meta.llama3-1-70b-instruct-v1:0';
const HI = [{ role: 'user' as const, content: 'Hi' }];

/*
 * Stream limits far from every delay a test does not mean to trip: with the harness's 300 ms, a busy
 * machine's pause between two tokens was taken for a silent Bedrock (a client abort then settled as
 * stream_idle_timeout) and a slow first byte for a failed attempt. A stall is a scripted delay far
 * beyond the limit (the emulator's sleep ends when the gateway aborts the call).
 */
/** First-byte and stream-idle limits in this file. */
const LIMIT_MS = 2000;
/** A delay no limit here waits out. */
const STALL_MS = 60_000;

let harness: ResilienceHarness;

beforeAll(async () => {
  harness = await startResilienceHarness({ firstByteTimeoutMs: LIMIT_MS, streamIdleTimeoutMs: LIMIT_MS });
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  harness.reset();
});

/** Reads a stream until it ends or throws; returns the chunks and the error. */
async function drain(stream: AsyncIterable<ChatCompletionChunk>): Promise<{ chunks: ChatCompletionChunk[]; error: unknown }> {
  const chunks: ChatCompletionChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

function text(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('streams after the first byte', () => {
  it('reports a mid-stream exception after text in-band, does not retry, and settles the output produced', async () => {
    harness.emulator.script({ text: 'This answer will be cut off somewhere in the middle of the sentence.' });
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 3 });

    const stream = await harness.client().chat.completions.create({ model: 'chat-ha', messages: HI, stream: true });
    const { chunks, error } = await drain(stream);

    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('failed while streaming');
    expect(text(chunks)).not.toBe('');
    expect(harness.emulator.requests).toHaveLength(1);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, errorCode: 'model_stream_error', servedModel: 'claude-sonnet-4-5', clientAborted: false });
    expect(settlement?.usage.outputTokens).toBeGreaterThan(0);
    expect(harness.metricNames()).not.toContain(METRIC.retries);
  });

  it('retries an exception that arrives before the first event, since nothing reached the client yet', async () => {
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 0, error: 'service-unavailable' });

    const stream = await harness.client().chat.completions.create({ model: 'nova-micro', messages: HI, stream: true });
    const { chunks, error } = await drain(stream);

    expect(error).toBeUndefined();
    expect(text(chunks)).toContain('Hello from the Bedrock emulator');
    expect(harness.emulator.requests).toHaveLength(2);
  });

  it('ends a stream that goes silent with an in-band stream_idle_timeout error and aborts the Bedrock stream', async () => {
    harness.emulator.script({ text: 'one two three four five six' });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: STALL_MS });

    const stream = await harness.client().chat.completions.create({ model: 'nova-micro', messages: HI, stream: true });
    const { error } = await drain(stream);

    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toBe(`Amazon Bedrock sent nothing for ${LIMIT_MS} ms in the middle of the stream.`);
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, errorCode: 'stream_idle_timeout' });
    await harness.emulator.whenIdle();
    expect(harness.emulator.requests[0]?.stream).toMatchObject({ aborted: true, completed: false });
  });

  it('aborts the Bedrock stream when the client disconnects, and records the usage produced', async () => {
    harness.emulator.script({ text: 'word '.repeat(200) });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 20 });
    const controller = new AbortController();

    const stream = await harness.client().chat.completions.create({ model: 'nova-micro', messages: HI, stream: true }, { signal: controller.signal });
    let seen = 0;
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) seen += 1;
        if (seen === 3) controller.abort();
      }
    })().catch(() => undefined);

    const [settlement] = await harness.meter.settled(1);
    await harness.emulator.whenIdle();
    expect(harness.emulator.requests[0]?.stream).toMatchObject({ aborted: true, completed: false });
    expect(harness.emulator.requests).toHaveLength(1);
    expect(settlement).toMatchObject({ status: 200, clientAborted: true });
    expect(settlement?.usage.outputTokens).toBeGreaterThan(0);
    expect(settlement?.usage.inputTokens).toBeGreaterThan(0);
  });

  it('sends SSE keep-alive comments while the model is silent', async () => {
    harness.emulator.script({ text: 'slow and steady' });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 150 });

    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'nova-micro', messages: HI, stream: true }),
    });
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(body.match(/^: keep-alive$/gm)?.length).toBeGreaterThanOrEqual(2);
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});

describe('first-byte timeout', () => {
  it('times out a slow first byte and falls back (stream)', async () => {
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: STALL_MS, modelId: SONNET, times: 2 });
    harness.emulator.script({ modelId: 'amazon.nova-pro-v1:0', text: 'quick answer' });

    const { data: stream, response } = await harness.client().chat.completions.create({ model: 'chat-ha', messages: HI, stream: true }).withResponse();
    const { chunks, error } = await drain(stream);

    expect(error).toBeUndefined();
    expect(text(chunks)).toBe('quick answer');
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(harness.logged('warn')).toContainEqual({
      message: 'falling back to the next target',
      fields: expect.objectContaining({ from: 'claude-sonnet-4-5', to: 'nova-pro', reason: 'first_byte_timeout' }),
    });
  });

  it('fails with 504 first_byte_timeout listing the attempts when no target answers in time', async () => {
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: STALL_MS, times: 'always' });

    const error = await harness.client().chat.completions.create({ model: 'nova-micro', messages: HI, stream: true }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 504, code: 'first_byte_timeout' });
    expect((error as APIError).message).toContain('Attempts: nova-micro: first_byte_timeout x3.');
  });
});

describe('circuit breaker', () => {
  it('opens after repeated failures so requests skip the target, and closes after a successful probe once cooled down', async () => {
    harness.emulator.fault({ type: 'error', error: 'model-error', modelId: LLAMA_8B, times: 'always' });
    await harness.client().chat.completions.create({ model: 'chat-breaker', messages: HI });
    await harness.client().chat.completions.create({ model: 'chat-breaker', messages: HI });
    expect(harness.calls(LLAMA_8B)).toBe(3);
    expect(harness.metricNames()).toContain(METRIC.breakerOpened);
    expect(harness.logged('warn')).toContainEqual({ message: 'circuit breaker opened', fields: expect.objectContaining({ key: `us.${LLAMA_8B}@default`, failures: 3 }) });

    const skipped = await harness.client().chat.completions.create({ model: 'chat-breaker', messages: HI });
    expect(skipped.model).toBe('llama3-1-70b');
    expect(harness.calls(LLAMA_8B)).toBe(3);

    harness.emulator.reset();
    harness.advanceClock(60_000);
    const probed = await harness.client().chat.completions.create({ model: 'chat-breaker', messages: HI });
    expect(probed.model).toBe('llama3-1-8b');
    expect(harness.calls(LLAMA_8B)).toBe(1);
    expect(harness.calls(LLAMA_70B)).toBe(0);
    expect(harness.logged('info')).toContainEqual({ message: 'circuit breaker state changed', fields: expect.objectContaining({ from: 'half-open', to: 'closed' }) });
  });

  it.each([
    { fault: 'model-error' as const, status: 502, code: 'model_error' },
    { fault: 'model-timeout' as const, status: 504, code: 'model_timeout' },
  ])("answers $fault with $status, never a 503 of the gateway's own, once the only target's circuit is open: it is still probed", async ({ fault, status, code }) => {
    harness.emulator.fault({ type: 'error', error: fault, modelId: LLAMA_8B, times: 'always' });
    const first = await harness.client().chat.completions.create({ model: 'llama3-1-8b', messages: HI }).catch((caught: unknown) => caught);
    expect(harness.calls(LLAMA_8B)).toBe(3);
    expect(harness.metricNames()).toContain(METRIC.breakerOpened);

    const probed = await harness.client().chat.completions.create({ model: 'llama3-1-8b', messages: HI }).catch((caught: unknown) => caught);

    expect([first, probed]).toEqual([expect.objectContaining({ status, code }), expect.objectContaining({ status, code })]);
    expect(harness.calls(LLAMA_8B)).toBe(4);
    expect(harness.logged('info')).toContainEqual({ message: 'probing target although every circuit is open', fields: expect.objectContaining({ target: 'llama3-1-8b' }) });

    harness.emulator.reset();
    await expect(harness.client().chat.completions.create({ model: 'llama3-1-8b', messages: HI })).resolves.toMatchObject({ model: 'llama3-1-8b' });
  });

  it('survives a burst of throttling on a single-target model without a 503 and without opening its circuit', async () => {
    // Five throttles: more than the breaker threshold (3), fewer than one request's budget (6).
    harness.emulator.fault({ type: 'error', error: 'throttling', modelId: LLAMA_8B, times: 5 });

    const results = await Promise.all(
      Array.from({ length: 6 }, () => harness.client().chat.completions.create({ model: 'llama3-1-8b', messages: HI }).catch((caught: unknown) => caught)),
    );

    expect(results).toEqual(Array.from({ length: 6 }, () => expect.objectContaining({ model: 'llama3-1-8b' })));
    expect(harness.calls(LLAMA_8B)).toBe(11);
    expect(harness.metricNames()).not.toContain(METRIC.breakerOpened);
  });
});
