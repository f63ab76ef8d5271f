import type OpenAI from 'openai';
import type { APIError } from 'openai';
import { METRIC } from '../../../lambda/platform/metric-names';
import { startResilienceHarness, type ResilienceHarness } from './resilience-harness';

const HI = [{ role: 'user' as const, content: 'Hi' }];
/**
 * The held stream sends a token every 400 ms (2.4 s in all), well inside stream limits of 2 s: long
 * enough for the second request to arrive while it holds its slot, and never mistaken for a silent
 * Bedrock on a busy machine (the harness's 300 ms idle limit could end it early and free the slot).
 */
const HOLD = { tokenGapMs: 400, limits: { firstByteTimeoutMs: 2000, streamIdleTimeoutMs: 2000 } };

/** Starts a slow stream and resolves once its first chunk arrived, so it holds its slots; `finish` reads the rest. */
async function holdSlowStream(client: OpenAI, model: string): Promise<{ finish: () => Promise<void> }> {
  const stream = await client.chat.completions.create({ model, messages: HI, stream: true });
  const iterator = stream[Symbol.asyncIterator]();
  await iterator.next();
  return {
    async finish() {
      while (!(await iterator.next()).done);
    },
  };
}

describe('per-target concurrency limit', () => {
  let harness: ResilienceHarness;

  beforeAll(async () => {
    harness = await startResilienceHarness(HOLD.limits);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('sheds a request with 503 model_overloaded and retry-after while the target is at its limit, without calling Bedrock', async () => {
    harness.emulator.script({ text: 'a b c d e f' });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: HOLD.tokenGapMs });
    const held = await holdSlowStream(harness.client(), 'chat-limited');

    const error = await harness.client().chat.completions.create({ model: 'chat-limited', messages: HI }).catch((caught: unknown) => caught);
    await held.finish();

    expect(error).toMatchObject({ status: 503, code: 'model_overloaded' });
    expect((error as APIError).headers?.get('retry-after')).toBe('1');
    expect(harness.emulator.requests).toHaveLength(1);
    expect(harness.metricNames()).toContain(METRIC.shedRequests);
  });

  it('lets requests through again once the slot is free', async () => {
    await expect(harness.client().chat.completions.create({ model: 'chat-limited', messages: HI })).resolves.toMatchObject({ model: 'nova-lite' });
  });
});

describe('per-instance concurrency limit', () => {
  let harness: ResilienceHarness;

  beforeAll(async () => {
    harness = await startResilienceHarness({ ...HOLD.limits, maxConcurrentRequests: 1, shedRetryAfterSeconds: 3 });
  });

  afterAll(async () => {
    await harness.close();
  });

  it('sheds a request with 503 gateway_overloaded and retry-after before admitting it', async () => {
    harness.emulator.script({ text: 'a b c d e f' });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: HOLD.tokenGapMs });
    const held = await holdSlowStream(harness.client(), 'nova-micro');

    const error = await harness.client().chat.completions.create({ model: 'nova-micro', messages: HI }).catch((caught: unknown) => caught);
    await held.finish();

    expect(error).toMatchObject({ status: 503, code: 'gateway_overloaded' });
    expect((error as APIError).headers?.get('retry-after')).toBe('3');
    expect(harness.meter.admissions).toHaveLength(1);
    expect(harness.logged('warn')).toContainEqual({ message: 'request shed', fields: expect.objectContaining({ reason: 'instance_concurrency' }) });
  });

  it('frees the slot when the request ends', async () => {
    await harness.meter.settled(1);

    await expect(harness.client().chat.completions.create({ model: 'nova-micro', messages: HI })).resolves.toMatchObject({ model: 'nova-micro' });
  });
});
