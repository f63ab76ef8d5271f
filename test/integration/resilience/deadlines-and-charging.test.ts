import * as convertToChatCompletionModule from '../../../lambda/bedrock/convert-to-chat-completion';
import { computeCostNanoUsd, createModelCatalog } from '../../../lambda/catalog';
import { createGatewayApp } from '../../../lambda/gateway/app';
import { modelRoutes } from '../../../lambda/gateway/routes';
import type { TokenUsage } from '../../../lambda/ledger/meter-types';
import { SseWriter } from '../../../lambda/openai/sse-writer';
import type { ResponseSink } from '../../../lambda/platform/http-types';
import { LAMBDA_DEADLINE_MARGIN_MS } from '../../../lambda/resilience/request-resilience';
import { buildRequest, createCaptureSink } from '../../support/capture-sink';
import { startResilienceHarness, type ResilienceHarness } from './resilience-harness';

const catalog = createModelCatalog();
const HI = [{ role: 'user' as const, content: 'Hi' }];
const SONNET = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const LONG_TEXT = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');

/*
 * Timing rules of this file: each limit the gateway must reach is far from each delay it must not
 * reach, so a busy machine (a call taking a second instead of a millisecond) cannot change which
 * rule fires. A stall is a scripted delay far beyond every limit (the emulator's sleeps end when the
 * call is aborted); a client leaves on an event (the gateway logging its backoff, the emulator
 * receiving the call), never after a fixed time.
 */
/** First-byte, response and stream-idle limits of the gateway in this file. */
const LIMIT_MS = 2500;
/** A delay no limit or deadline here waits out. */
const STALL_MS = 60_000;
/** Between two tokens of a slow stream: well inside the idle limit, and a 60-word stream outlasts every window here. */
const TOKEN_GAP_MS = 200;

let harness: ResilienceHarness;
/** Spies a test installs, restored after it (`jest.restoreAllMocks()` would also remove the harness's log spies). */
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  // Long backoffs (only with a high random draw: the harness draws 0 by default).
  harness = await startResilienceHarness({
    baseDelayMs: 3000,
    maxDelayMs: 3000,
    responseTimeoutMs: LIMIT_MS,
    firstByteTimeoutMs: LIMIT_MS,
    streamIdleTimeoutMs: LIMIT_MS,
  });
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  harness.setRandom(0);
  harness.reset();
  for (const spy of spies.splice(0)) spy.mockRestore();
});

/** Resolves once `condition` holds; the failure names what never happened. */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The emulator learns of an aborted stream when its HTTP/2 stream closes, a moment after the gateway aborted it. */
async function streamRecord(): Promise<unknown> {
  const deadline = Date.now() + 5000;
  while (harness.emulator.requests[0]?.stream?.aborted !== true && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return harness.emulator.requests[0]?.stream;
}

function cost(modelId: string, usage: Partial<TokenUsage>): number {
  return computeCostNanoUsd(catalog.get(modelId)!.prices, { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, ...usage });
}

/** Calls the pipeline in process, as the Lambda adapter does, with the invocation's deadline. */
async function invoke(body: unknown, options: { deadlineInMs?: number; sink?: ResponseSink; signal?: AbortSignal } = {}) {
  const sink = createCaptureSink();
  const receivedAtMs = Date.now();
  await createGatewayApp(harness.services, modelRoutes)(
    buildRequest({
      method: 'POST',
      path: '/v1/chat/completions',
      json: body,
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      receivedAtMs,
      ...(options.deadlineInMs === undefined ? {} : { deadlineAtMs: receivedAtMs + options.deadlineInMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }),
    options.sink ?? sink,
  );
  return sink;
}

describe('the invocation deadline', () => {
  it('cuts a stream that would outlive the Lambda: in-band error, Bedrock aborted, usage so far settled', async () => {
    // The stream takes 60 x 200 ms; the deadline comes 1.8 s in, after the first tokens.
    harness.emulator.script({ text: LONG_TEXT });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: TOKEN_GAP_MS });

    const sink = await invoke({ model: 'claude-sonnet-4-5', messages: HI, stream: true }, { deadlineInMs: LAMBDA_DEADLINE_MARGIN_MS + 1800 });

    expect(sink.statusCode).toBe(200);
    expect(sink.text()).toContain('"code":"request_deadline_exceeded"');
    expect(sink.text()).not.toContain('[DONE]');
    expect(await streamRecord()).toMatchObject({ aborted: true, completed: false });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, errorCode: 'request_deadline_exceeded', clientAborted: false });
    expect(settlement!.usage.outputTokens).toBeGreaterThan(0);
  });

  it('answers 504 request_deadline_exceeded when no first byte came before it, and charges the call in flight', async () => {
    // The deadline (1.2 s in) comes before the first-byte limit (2.5 s): it, not the limit, ends the call.
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: STALL_MS });

    const sink = await invoke({ model: 'claude-sonnet-4-5', messages: HI, stream: true, max_tokens: 50 }, { deadlineInMs: LAMBDA_DEADLINE_MARGIN_MS + 1200 });

    expect(sink.statusCode).toBe(504);
    expect(sink.json()).toMatchObject({ error: { code: 'request_deadline_exceeded' } });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 504, servedModel: 'claude-sonnet-4-5', usage: { outputTokens: 0 } });
    expect(harness.emulator.requests).toHaveLength(1);
    expect(settlement!.usage.inputTokens).toBeGreaterThan(0);
  });
});

describe('a client that stops reading', () => {
  it('counts as gone once a write outwaits the idle timeout: Bedrock aborted, settled as aborted', async () => {
    // The stream (60 x 200 ms) outlasts the idle limit the stalled write waits out.
    harness.emulator.script({ text: LONG_TEXT });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: TOKEN_GAP_MS });
    const capture = createCaptureSink();
    let writes = 0;
    const stalled: ResponseSink = {
      get started() {
        return capture.started;
      },
      start: (status, headers) => capture.start(status, headers),
      write: (chunk) => (++writes <= 2 ? capture.write(chunk) : new Promise<void>(() => undefined)),
      end: () => capture.end(),
    };

    await invoke({ model: 'claude-sonnet-4-5', messages: HI, stream: true }, { sink: stalled });

    expect(await streamRecord()).toMatchObject({ aborted: true, completed: false });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, clientAborted: true });
  });
});

describe('cleanup when the response fails after Bedrock answered', () => {
  it('gives the target slot back and aborts Bedrock when the stream cannot be opened', async () => {
    harness.emulator.script({ text: LONG_TEXT });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: TOKEN_GAP_MS });
    spies.push(
      jest.spyOn(SseWriter.prototype, 'open').mockImplementationOnce(() => {
        throw new Error('transport refused the prelude');
      }),
    );

    const failed = await harness
      .client()
      .chat.completions.create({ model: 'chat-limited', messages: HI, stream: true })
      .catch((caught: unknown) => caught);
    expect(failed).toMatchObject({ status: 500 });
    await harness.meter.settled(1);
    expect(await streamRecord()).toMatchObject({ aborted: true });

    // chat-limited allows one call in flight: a leaked slot would shed this one as model_overloaded.
    const answer = await harness.client().chat.completions.create({ model: 'chat-limited', messages: HI });
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });

  it('settles what Bedrock billed when mapping the answer fails', async () => {
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 1000, outputTokens: 200 } });
    spies.push(
      jest.spyOn(convertToChatCompletionModule, 'convertToChatCompletion').mockImplementationOnce(() => {
        throw new Error('mapping bug');
      }),
    );

    const failed = await harness.client().chat.completions.create({ model: 'claude-sonnet-4-5', messages: HI }).catch((caught: unknown) => caught);

    expect(failed).toMatchObject({ status: 500 });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({
      usage: { inputTokens: 1000, outputTokens: 200 },
      costNanoUsd: cost('claude-sonnet-4-5', { inputTokens: 1000, outputTokens: 200 }),
    });
  });
});

describe('charging a client abort', () => {
  it('charges nothing when the client leaves during a backoff, with no call in flight', async () => {
    harness.setRandom(0.99);
    harness.emulator.fault({ type: 'error', error: 'throttling', times: 1 });
    const client = new AbortController();
    const leaves = until(() => harness.logged('info').some(({ message }) => message === 'retrying model call'), 'the gateway backs off').then(() =>
      client.abort(),
    );

    await harness
      .client()
      .chat.completions.create({ model: 'claude-sonnet-4-5', messages: HI }, { signal: client.signal })
      .catch(() => undefined);
    await leaves;

    const [settlement] = await harness.meter.settled(1);
    expect(harness.emulator.requests).toHaveLength(1);
    expect(settlement).toMatchObject({ clientAborted: true, costNanoUsd: 0, usage: { inputTokens: 0, outputTokens: 0 } });
  });

  it('charges the fallback in flight at its own price, non-streaming at its worst case', async () => {
    harness.emulator.fault({ type: 'error', error: 'access-denied', modelId: 'amazon.nova-micro-v1:0' });
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: STALL_MS, modelId: SONNET });
    const client = new AbortController();
    const leaves = until(() => harness.calls(SONNET) === 1, 'the fallback is called').then(() => client.abort());

    await harness
      .client()
      .chat.completions.create({ model: 'chat-cheap-first', messages: HI, max_tokens: 100 }, { signal: client.signal })
      .catch(() => undefined);
    await leaves;

    const [settlement] = await harness.meter.settled(1);
    const [admission] = harness.meter.admissions;
    expect(settlement).toMatchObject({ servedModel: 'claude-sonnet-4-5', clientAborted: true, status: 499 });
    expect(settlement!.usage.outputTokens).toBe(100);
    expect(settlement!.costNanoUsd).toBe(cost('claude-sonnet-4-5', settlement!.usage));
    expect(settlement!.costNanoUsd).toBeLessThanOrEqual(admission!.maxCostNanoUsd);
  });
});

describe('charging attempts that failed after reaching Bedrock', () => {
  it('charges a timed-out attempt its input estimate on top of the call that served', async () => {
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: STALL_MS, operations: ['Converse'] });
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 2 } });

    await harness.client().chat.completions.create({ model: 'claude-sonnet-4-5', messages: HI });

    const [settlement] = await harness.meter.settled(1);
    const [admission] = harness.meter.admissions;
    const timedOut = admission!.estimatedInputTokens;
    expect(settlement).toMatchObject({ status: 200, usage: { inputTokens: 10 + timedOut, outputTokens: 2 } });
    expect(settlement!.costNanoUsd).toBe(cost('claude-sonnet-4-5', { inputTokens: 10, outputTokens: 2 }) + cost('claude-sonnet-4-5', { inputTokens: timedOut }));
    expect(settlement!.costNanoUsd).toBeLessThanOrEqual(admission!.maxCostNanoUsd);
  });

  it('charges nothing for an attempt Bedrock refused itself', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', times: 1 });
    harness.emulator.script({ text: 'ok', usage: { inputTokens: 10, outputTokens: 2 } });

    await harness.client().chat.completions.create({ model: 'claude-sonnet-4-5', messages: HI });

    const [settlement] = await harness.meter.settled(1);
    expect(settlement!.costNanoUsd).toBe(cost('claude-sonnet-4-5', { inputTokens: 10, outputTokens: 2 }));
  });
});

describe('embeddings: calls that succeeded before an attempt failed', () => {
  // Twenty calls per attempt: the harness's default limits, not this file's deadlines.
  let embeddings: ResilienceHarness;

  beforeAll(async () => {
    embeddings = await startResilienceHarness();
  });

  afterAll(async () => {
    await embeddings.close();
  });

  afterEach(() => {
    embeddings.reset();
  });

  const TITAN = 'amazon.titan-embed-text-v2:0';
  const input = Array.from({ length: 20 }, (_, index) => `text number ${index}`);
  const titanCalls = (): number => embeddings.emulator.requests.filter((request) => request.resolvedModelId === TITAN).length;

  it('are reused by the retry instead of being called (and billed) again', async () => {
    embeddings.emulator.fault({ type: 'error', error: 'throttling', times: 1, modelId: TITAN });

    const { usage } = await embeddings.client().embeddings.create({ model: 'embed-ha', input });

    // One throttled call, then each of the 20 texts embedded exactly once.
    expect(titanCalls()).toBe(21);
    const [settlement] = await embeddings.meter.settled(1);
    expect(settlement).toMatchObject({ servedModel: 'titan-embed-text-v2', usage: { inputTokens: usage.prompt_tokens } });
    expect(settlement!.costNanoUsd).toBe(cost('titan-embed-text-v2', { inputTokens: usage.prompt_tokens }));
  });

  it('are charged at their own model when another model serves', async () => {
    embeddings.emulator.fault({ type: 'error', error: 'access-denied', times: 1, modelId: TITAN });

    const { usage } = await embeddings.client().embeddings.create({ model: 'embed-ha', input });

    const [settlement] = await embeddings.meter.settled(1);
    const [admission] = embeddings.meter.admissions;
    const billedByTitan = settlement!.usage.inputTokens - usage.prompt_tokens;
    expect(settlement).toMatchObject({ servedModel: 'cohere-embed-english-v3' });
    expect(titanCalls()).toBeGreaterThan(1);
    expect(billedByTitan).toBeGreaterThan(0);
    expect(settlement!.costNanoUsd).toBe(cost('cohere-embed-english-v3', { inputTokens: usage.prompt_tokens }) + cost('titan-embed-text-v2', { inputTokens: billedByTitan }));
    expect(settlement!.costNanoUsd).toBeLessThanOrEqual(admission!.maxCostNanoUsd);
  });
});
