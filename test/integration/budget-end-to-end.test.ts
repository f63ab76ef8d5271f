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

const ask = { model: 'nova-micro', max_tokens: 200, messages: [{ role: 'user' as const, content: 'What is the capital of France?' }] };

interface CreatedKey {
  id: string;
  key: string;
}

async function createKey(body: unknown): Promise<CreatedKey> {
  const { status, json } = await harness.admin('POST', '/admin/keys', body);
  expect(status).toBe(201);
  return json as CreatedKey;
}

/** The worst case the gateway reserves for `ask`, read from one calibration call. */
async function worstCaseNanoUsd(): Promise<number> {
  await harness.client().chat.completions.create(ask);
  const reserved = harness.meter.admissions[0]?.maxCostNanoUsd;
  if (reserved === undefined) throw new Error('no admission recorded');
  harness.reset();
  return reserved;
}

describe('a key created through the admin API, used with the openai client', () => {
  it('admits exactly as many parallel requests as its budget covers and never overspends', async () => {
    const worstCase = await worstCaseNanoUsd();
    const budgetNanoUsd = worstCase * 10 + Math.floor(worstCase / 2);
    const created = await createKey({ name: 'parallel', budget: { usd: Number(nanoUsdToUsd(budgetNanoUsd)), period: 'day' } });
    // Every call is held before its first byte, so all 30 admissions race before any settles; the hold is
    // long because on a loaded machine the 30 admissions alone can take more than a second or two.
    harness.emulator.fault({ type: 'slow-first-byte', delayMs: 5000, times: 'always' });
    const client = harness.client(created.key);

    const results = await Promise.allSettled(Array.from({ length: 30 }, () => client.chat.completions.create(ask)));

    const admitted = results.filter((result) => result.status === 'fulfilled');
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(admitted).toHaveLength(10);
    expect(refused).toHaveLength(20);
    for (const { reason } of refused) expect(reason).toMatchObject({ status: 429, code: 'insufficient_quota' });
    await harness.meter.settled(10);
    const { json: budget } = await harness.admin('GET', `/admin/budgets/key/${created.id}`);
    const spent = (budget as { spentNanoUsd?: number; spentUsd?: number }).spentNanoUsd;
    const settledCost = harness.meter.settlements.reduce((sum, outcome) => sum + outcome.costNanoUsd, 0);
    expect(spent).toBe(settledCost);
    expect(settledCost).toBeLessThanOrEqual(budgetNanoUsd);
  });

  it('shows its spend in the usage report to the nano-dollar', async () => {
    const created = await createKey({ name: 'reporting', team: 'finance' });
    const client = harness.client(created.key);
    for (let i = 0; i < 3; i++) await client.chat.completions.create(ask);
    const settlements = await harness.meter.settled(3);
    const expectedNanoUsd = settlements.reduce((sum, outcome) => sum + outcome.costNanoUsd, 0);
    const expectedInput = settlements.reduce((sum, outcome) => sum + outcome.usage.inputTokens, 0);

    const { status, json } = await harness.admin('GET', `/admin/usage?key=${created.id}&groupBy=model`);

    expect(status).toBe(200);
    expect(json).toMatchObject({
      totals: { requests: 3, inputTokens: expectedInput, costNanoUsd: expectedNanoUsd, costUsd: Number(nanoUsdToUsd(expectedNanoUsd)) },
      rows: [expect.objectContaining({ model: 'nova-micro', requests: 3, costNanoUsd: expectedNanoUsd })],
    });
  });

  it('refuses a request whose default max_tokens does not fit, naming the max_tokens that does', async () => {
    // GIVEN a budget that covers "ask" with max_tokens 200, but not with the model's default
    const budgetNanoUsd = await worstCaseNanoUsd();
    const created = await createKey({ name: 'small', budget: { usd: Number(nanoUsdToUsd(budgetNanoUsd)), period: 'day' } });
    const client = harness.client(created.key);
    const { max_tokens: _omitted, ...withoutMaxTokens } = ask;

    // WHEN the request leaves max_tokens to the default
    const refused = await client.chat.completions.create(withoutMaxTokens).then(
      () => undefined,
      (error: { status?: number; code?: string; message?: string }) => error,
    );

    // THEN it is refused with the worst case, what remains, and a max_tokens that fits, which then works
    expect(refused).toMatchObject({ status: 429, code: 'insufficient_quota' });
    const suggested = /Set max_tokens to (\d+) or less to fit\./.exec(refused?.message ?? '');
    expect(refused?.message).toMatch(/may cost up to [\d.]+ USD \(its input plus \d+ output tokens\), and [\d.]+ USD of the [\d.]+ USD budget for day/);
    expect(Number(suggested?.[1])).toBeGreaterThanOrEqual(200);
    await expect(client.chat.completions.create({ ...withoutMaxTokens, max_tokens: Number(suggested?.[1]) })).resolves.toMatchObject({ object: 'chat.completion' });
  });

  it('stops working on the very next request after it is revoked', async () => {
    const created = await createKey({ name: 'revoked' });
    const client = harness.client(created.key);
    await expect(client.chat.completions.create(ask)).resolves.toMatchObject({ object: 'chat.completion' });

    const { status } = await harness.admin('DELETE', `/admin/keys/${created.id}`);

    expect(status).toBe(200);
    await expect(client.chat.completions.create(ask)).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });
});
