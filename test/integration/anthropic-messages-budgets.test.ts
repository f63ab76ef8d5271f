/**
 * Money and isolation on the Messages API, through the official `@anthropic-ai/sdk`: a key's budget
 * holds under parallel JSON and streaming requests, a refusal is Anthropic's 429 naming a
 * `max_tokens` that fits, token counting stays free, and each key's usage is its own.
 */
import Anthropic from '@anthropic-ai/sdk';
import { nanoUsdToUsd } from '../../lambda/catalog';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => harness.reset());

const ASK = { model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: 'What is the capital of France?' }] };

interface CreatedKey {
  readonly id: string;
  readonly key: string;
}

async function createKey(body: unknown): Promise<CreatedKey> {
  const { status, json } = await harness.admin('POST', '/admin/keys', body);
  expect(status).toBe(201);
  return json as CreatedKey;
}

function anthropic(key: string): Anthropic {
  return new Anthropic({ baseURL: harness.url, apiKey: key, maxRetries: 0 });
}

/** The worst case the gateway reserves for `ASK`, read from one calibration call. */
async function worstCaseNanoUsd(): Promise<number> {
  const calibration = await createKey({ name: 'calibration' });
  await anthropic(calibration.key).messages.create(ASK);
  await harness.meter.settled(1);
  const reserved = harness.meter.admissions[0]?.maxCostNanoUsd;
  if (reserved === undefined) throw new Error('no admission recorded');
  harness.reset();
  return reserved;
}

/** Sends `ASK` (streaming when asked) and reports the status it ended with. */
async function outcome(client: Anthropic, stream: boolean): Promise<{ status: number; error?: unknown }> {
  try {
    if (stream) {
      const events = await client.messages.create({ ...ASK, stream: true });
      for await (const _event of events) {
        // drained to the end, so the stream settles
      }
    } else {
      await client.messages.create(ASK);
    }
    return { status: 200 };
  } catch (error) {
    return { status: (error as { status?: number }).status ?? 0, error };
  }
}

describe('budgets on /v1/messages', () => {
  it('admits exactly as many parallel JSON and streaming requests as the budget covers, and spends what was recorded', async () => {
    const worstCase = await worstCaseNanoUsd();
    const budgetNanoUsd = worstCase * 4 + Math.floor(worstCase / 2);
    const created = await createKey({ name: 'messages-parallel', budget: { usd: Number(nanoUsdToUsd(budgetNanoUsd)), period: 'day' } });
    // Every call is held before its first byte, so all admissions race before any settles.
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: 5000, times: 'always' });
    const client = anthropic(created.key);

    const results = await Promise.all(Array.from({ length: 12 }, (_, index) => outcome(client, index % 2 === 0)));

    expect(results.filter((result) => result.status === 200)).toHaveLength(4);
    const refused = results.filter((result) => result.status !== 200);
    expect(refused).toHaveLength(8);
    for (const { error } of refused) {
      // As Anthropic answers a spend limit: a 400 the SDK does not retry.
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect(error).toMatchObject({ status: 400, error: { type: 'error', error: { type: 'invalid_request_error', message: expect.stringMatching(/Set max_tokens to \d+ or less to fit\./) } } });
    }
    await harness.meter.settled(4, 20_000);
    const settledCost = harness.meter.settlements.reduce((sum, settled) => sum + settled.costNanoUsd, 0);
    const { json: budget } = await harness.admin('GET', `/admin/budgets/key/${created.id}`);
    expect(budget).toMatchObject({ spentNanoUsd: settledCost, reservedUsd: 0 });
    expect(settledCost).toBeLessThanOrEqual(budgetNanoUsd);
  }, 60_000);

  it('keeps count_tokens free and answering once the budget is spent', async () => {
    const worstCase = await worstCaseNanoUsd();
    const created = await createKey({ name: 'messages-spent', budget: { usd: Number(nanoUsdToUsd(worstCase + Math.floor(worstCase / 2))), period: 'day' } });
    const client = anthropic(created.key);
    await client.messages.create(ASK);
    await harness.meter.settled(1);
    await expect(client.messages.create(ASK)).rejects.toBeInstanceOf(Anthropic.BadRequestError);

    const counted = await client.messages.countTokens({ model: ASK.model, messages: ASK.messages });

    expect(counted.input_tokens).toBeGreaterThan(0);
    const settlements = await harness.meter.settled(2);
    expect(settlements.map((settled) => settled.costNanoUsd)).toEqual([expect.any(Number), 0]);
  });
});

describe('isolation on /v1/messages', () => {
  it("records each key's requests under that key and its team only", async () => {
    const alpha = await createKey({ name: 'alpha', team: 'team-alpha' });
    const beta = await createKey({ name: 'beta', team: 'team-beta' });

    // One at a time, each settled before the next (a stream settles after its last byte).
    await anthropic(alpha.key).messages.create(ASK);
    await harness.meter.settled(1);
    await outcome(anthropic(alpha.key), true);
    await harness.meter.settled(2);
    await anthropic(beta.key).messages.create(ASK);
    const settlements = await harness.meter.settled(3);
    const alphaCost = (settlements[0]?.costNanoUsd ?? 0) + (settlements[1]?.costNanoUsd ?? 0);

    const byKey = async (id: string) => (await harness.admin('GET', `/admin/usage?key=${id}`)).json;
    const byTeam = async (team: string) => (await harness.admin('GET', `/admin/usage?team=${team}`)).json;
    expect(await byKey(alpha.id)).toMatchObject({ totals: { requests: 2, costNanoUsd: alphaCost } });
    expect(await byKey(beta.id)).toMatchObject({ totals: { requests: 1, costNanoUsd: settlements[2]?.costNanoUsd } });
    expect(await byTeam('team-alpha')).toMatchObject({ totals: { requests: 2, costNanoUsd: alphaCost } });
    expect(await byTeam('team-beta')).toMatchObject({ totals: { requests: 1 } });
  });
});
