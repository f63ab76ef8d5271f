/**
 * The money rules of a model call, one row per rule of the README's "How money is kept exact".
 * Prices per million tokens: CLAUDE $3 in, $15 out, $0.30 cache read, $3.75 cache write (3000,
 * 15000, 300 and 3750 nano-USD per token); NOVA $0.80 in, $3.20 out, no cache prices; TITAN $0.02 in.
 */
import type { ModelPrices } from '../../../lambda/catalog/types';
import type { TokenUsage } from '../../../lambda/ledger/meter-types';
import {
  chargeCall,
  chargeCalls,
  inputEstimateUsage,
  priceUsage,
  reservationCost,
  worstCaseCost,
  type BilledCall,
  type CallEnding,
  type CallEstimate,
} from '../../../lambda/model-call/charging-rules';

const CLAUDE: ModelPrices = { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 };
const NOVA: ModelPrices = { inputPerMTok: 0.8, outputPerMTok: 3.2 };
const TITAN: ModelPrices = { inputPerMTok: 0.02, outputPerMTok: 0 };

function usage(partial: Partial<TokenUsage>): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, ...partial };
}

function call(prices: ModelPrices, estimatedInputTokens: number, maxOutputTokens: number, writesCache = false): CallEstimate {
  return { prices, priceSelection: { writesCache }, estimatedInputTokens, maxOutputTokens };
}

function billed(estimate: CallEstimate, ending: CallEnding): BilledCall {
  return { ...estimate, ending };
}

describe('pricing usage', () => {
  it.each([
    { rule: 'each kind of token is priced at its own price, in integer nano-USD', prices: CLAUDE, tokens: usage({ inputTokens: 1000, outputTokens: 100 }), expected: 4_500_000 },
    { rule: 'cache reads and writes have their own prices', prices: CLAUDE, tokens: usage({ inputTokens: 10, cacheReadTokens: 100, cacheWriteTokens: 20 }), expected: 135_000 },
    { rule: 'cache tokens on a model without cache prices are priced as input', prices: NOVA, tokens: usage({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 100, cacheWriteTokens: 20 }), expected: 120_000 },
  ])('$rule', ({ prices, tokens, expected }) => {
    expect(priceUsage(prices, tokens)).toBe(expected);
  });
});

describe('the input estimate', () => {
  it.each([
    { rule: 'counts as cache writes when the prompt writes a cache and writes cost more', estimate: call(CLAUDE, 1000, 0, true), expected: usage({ cacheWriteTokens: 1000 }) },
    { rule: 'counts as input when the prompt sets no cache point', estimate: call(CLAUDE, 1000, 0, false), expected: usage({ inputTokens: 1000 }) },
    { rule: 'counts as input when the model has no cache-write price', estimate: call(NOVA, 1000, 0, true), expected: usage({ inputTokens: 1000 }) },
  ])('$rule', ({ estimate, expected }) => {
    expect(inputEstimateUsage(estimate)).toEqual(expected);
  });
});

describe('the reservation', () => {
  it.each([
    { rule: 'the worst case of a call is its input estimate plus max_tokens', cost: worstCaseCost(call(CLAUDE, 1000, 500)), expected: 10_500_000 },
    { rule: 'the worst case prices the input at the cache-write price when the prompt writes a cache', cost: worstCaseCost(call(CLAUDE, 1000, 500, true)), expected: 11_250_000 },
    {
      rule: 'covers the dearest candidate, so a fallback to a pricier model fits',
      cost: reservationCost([[call(NOVA, 1000, 500)], [call(CLAUDE, 1000, 500)]], 1),
      expected: 10_500_000,
    },
    {
      rule: 'adds the dearest input estimate for every attempt that may time out before the last',
      cost: reservationCost([[call(NOVA, 1000, 500)], [call(CLAUDE, 1000, 500)]], 4),
      expected: 10_500_000 + 3 * 3_000_000,
    },
    {
      rule: 'counts every call of a candidate together (the texts of an embeddings request)',
      cost: reservationCost([[call(TITAN, 10, 0), call(TITAN, 10, 0), call(TITAN, 10, 0)]], 4),
      expected: 600 + 3 * 600,
    },
  ])('$rule', ({ cost, expected }) => {
    expect(cost).toBe(expected);
  });
});

describe('what a call is charged, by how it ended', () => {
  it.each([
    { rule: 'answered: the usage Bedrock counted, at its model', ending: { kind: 'answered', usage: usage({ inputTokens: 10, outputTokens: 2 }) }, expected: { usage: usage({ inputTokens: 10, outputTokens: 2 }), costNanoUsd: 60_000 } },
    { rule: 'throttled or refused by Bedrock: nothing', ending: { kind: 'refused' }, expected: { usage: usage({}), costNanoUsd: 0 } },
    { rule: 'timed out: its input estimate', ending: { kind: 'timed-out' }, expected: { usage: usage({ inputTokens: 1000 }), costNanoUsd: 3_000_000 } },
    {
      rule: 'in flight (non-streaming) when the client left or the deadline passed: its input estimate plus max_tokens',
      ending: { kind: 'abandoned' },
      expected: { usage: usage({ inputTokens: 1000, outputTokens: 500 }), costNanoUsd: 10_500_000 },
    },
    {
      rule: 'a stream cut without Bedrock usage: its input estimate plus the output sent so far at 4 characters per token',
      ending: { kind: 'cut', outputCharacters: 42 },
      expected: { usage: usage({ inputTokens: 1000, outputTokens: 11 }), costNanoUsd: 3_165_000 },
    },
    { rule: 'a stream cut before its first event: its input estimate', ending: { kind: 'cut', outputCharacters: 0 }, expected: { usage: usage({ inputTokens: 1000 }), costNanoUsd: 3_000_000 } },
  ] satisfies { rule: string; ending: CallEnding; expected: unknown }[])('$rule', ({ ending, expected }) => {
    expect(chargeCall(billed(call(CLAUDE, 1000, 500), ending))).toEqual(expected);
  });

  it('prices an unfinished call that writes a cache at the cache-write price', () => {
    expect(chargeCall(billed(call(CLAUDE, 1000, 500, true), { kind: 'timed-out' }))).toEqual({ usage: usage({ cacheWriteTokens: 1000 }), costNanoUsd: 3_750_000 });
  });
});

describe('what a request is charged', () => {
  it.each([
    { rule: 'a client that leaves during a backoff, with no call in flight: nothing for it', calls: [billed(call(CLAUDE, 1000, 500), { kind: 'refused' })], expected: 0 },
    {
      rule: 'a timed-out attempt is charged on top of the call that served',
      calls: [billed(call(CLAUDE, 1000, 500), { kind: 'timed-out' }), billed(call(CLAUDE, 1000, 500), { kind: 'answered', usage: usage({ inputTokens: 10, outputTokens: 2 }) })],
      expected: 3_000_000 + 60_000,
    },
    {
      rule: 'the fallback in flight is charged at its own model, the refused primary nothing',
      calls: [billed(call(NOVA, 1000, 500), { kind: 'refused' }), billed(call(CLAUDE, 1000, 500), { kind: 'abandoned' })],
      expected: 10_500_000,
    },
    {
      rule: 'calls billed on a model that then failed are charged at that model, beside the model that served',
      calls: [billed(call(CLAUDE, 40, 0), { kind: 'answered', usage: usage({ inputTokens: 40 }) }), billed(call(TITAN, 40, 0), { kind: 'answered', usage: usage({ inputTokens: 40 }) })],
      expected: 120_000 + 800,
    },
  ])('$rule', ({ calls, expected }) => {
    expect(chargeCalls(calls).costNanoUsd).toBe(expected);
  });

  it('adds up the usage of every call', () => {
    const calls = [billed(call(CLAUDE, 1000, 500), { kind: 'timed-out' }), billed(call(NOVA, 1000, 500), { kind: 'answered', usage: usage({ inputTokens: 10, outputTokens: 2, cacheReadTokens: 3 }) })];

    expect(chargeCalls(calls).usage).toEqual(usage({ inputTokens: 1010, outputTokens: 2, cacheReadTokens: 3 }));
  });
});

/**
 * 1-hour cache writes, service tiers and latency-optimized inference. CLAUDE_1H is CLAUDE with 1-hour
 * writes at $6 (6000 nano-USD per token). TIERED (gpt-oss-like): standard $0.15/$0.60 (150/600),
 * flex $0.075/$0.30 (75/300), priority $0.27/$1.08 (270/1080), latency-optimized $0.20/$0.80 (200/800).
 */
const CLAUDE_1H: ModelPrices = { ...CLAUDE, cacheWrite1hPerMTok: 6 };
const TIERED: ModelPrices = {
  inputPerMTok: 0.15,
  outputPerMTok: 0.6,
  serviceTiers: { flex: { inputPerMTok: 0.075, outputPerMTok: 0.3 }, priority: { inputPerMTok: 0.27, outputPerMTok: 1.08 } },
  latencyOptimized: { inputPerMTok: 0.2, outputPerMTok: 0.8 },
};
const PRIORITY_ONLY: ModelPrices = { inputPerMTok: 0.15, outputPerMTok: 0.6, serviceTiers: { priority: { inputPerMTok: 0.27, outputPerMTok: 1.08 } } };

function selected(prices: ModelPrices, selection: Partial<CallEstimate['priceSelection']>, estimatedInputTokens = 1000, maxOutputTokens = 500): CallEstimate {
  return { prices, priceSelection: { writesCache: false, ...selection }, estimatedInputTokens, maxOutputTokens };
}

const answered = (tokens: Partial<TokenUsage>): CallEnding => ({ kind: 'answered', usage: usage(tokens) });

describe('1-hour cache writes', () => {
  it.each([
    {
      rule: 'writes Bedrock breaks down by TTL are priced each at its TTL (5-minute 3750, 1-hour 6000)',
      call: billed(selected(CLAUDE_1H, { writesCache: true, cacheTtl: '1h' }), answered({ inputTokens: 10, cacheWriteTokens: 100, cacheWrite1hTokens: 60 })),
      expected: 10 * 3000 + 40 * 3750 + 60 * 6000,
    },
    {
      rule: 'writes reported without a breakdown are 1-hour writes when the prompt asked for a 1-hour cache',
      call: billed(selected(CLAUDE_1H, { writesCache: true, cacheTtl: '1h' }), answered({ cacheWriteTokens: 100 })),
      expected: 100 * 6000,
    },
    {
      rule: 'writes reported without a breakdown are 5-minute writes when the prompt asked for none',
      call: billed(selected(CLAUDE_1H, { writesCache: true }), answered({ cacheWriteTokens: 100 })),
      expected: 100 * 3750,
    },
    {
      rule: '1-hour writes on a model without a 1-hour price are priced as 5-minute writes',
      call: billed(selected(CLAUDE, { writesCache: true }), answered({ cacheWriteTokens: 100, cacheWrite1hTokens: 60 })),
      expected: 100 * 3750,
    },
    {
      rule: 'an unfinished call whose prompt writes a 1-hour cache is charged its input at the 1-hour price',
      call: billed(selected(CLAUDE_1H, { writesCache: true, cacheTtl: '1h' }), { kind: 'timed-out' }),
      expected: 1000 * 6000,
    },
  ])('$rule', ({ call: billedCall, expected }) => {
    expect(chargeCall(billedCall).costNanoUsd).toBe(expected);
  });

  it('reserves the input of a prompt with a 1-hour cache point at the 1-hour price', () => {
    expect(worstCaseCost(selected(CLAUDE_1H, { writesCache: true, cacheTtl: '1h' }))).toBe(1000 * 6000 + 500 * 15000);
  });

  it('records the 1-hour writes it charged', () => {
    expect(chargeCall(billed(selected(CLAUDE_1H, { writesCache: true, cacheTtl: '1h' }), answered({ cacheWriteTokens: 100 }))).usage).toEqual(usage({ cacheWriteTokens: 100, cacheWrite1hTokens: 100 }));
  });
});

describe('service tiers and latency-optimized inference', () => {
  it.each([
    { rule: 'the standard tier at the standard prices', call: billed(selected(TIERED, {}), answered({ inputTokens: 1000, outputTokens: 100 })), expected: 1000 * 150 + 100 * 600 },
    { rule: 'flex asked, no tier reported: the flex prices', call: billed(selected(TIERED, { serviceTier: 'flex' }), answered({ inputTokens: 1000, outputTokens: 100 })), expected: 1000 * 75 + 100 * 300 },
    { rule: 'priority asked and reported: the priority prices', call: billed(selected(TIERED, { serviceTier: 'priority' }), answered({ inputTokens: 1000, outputTokens: 100, serviceTier: 'priority' })), expected: 1000 * 270 + 100 * 1080 },
    { rule: 'priority asked, Bedrock reports it served default: the standard prices', call: billed(selected(TIERED, { serviceTier: 'priority' }), answered({ inputTokens: 1000, outputTokens: 100, serviceTier: 'default' })), expected: 1000 * 150 + 100 * 600 },
    { rule: 'the reserved tier reported: the standard prices', call: billed(selected(TIERED, {}), answered({ inputTokens: 1000, outputTokens: 100, serviceTier: 'reserved' })), expected: 1000 * 150 + 100 * 600 },
    { rule: 'a reported tier the catalog has no price for: the prices of the tier asked for', call: billed(selected(PRIORITY_ONLY, { serviceTier: 'priority' }), answered({ inputTokens: 1000, outputTokens: 100, serviceTier: 'flex' })), expected: 1000 * 270 + 100 * 1080 },
    { rule: 'latency-optimized asked and served: the latency-optimized prices', call: billed(selected(TIERED, { latency: 'optimized' }), answered({ inputTokens: 1000, outputTokens: 100, latency: 'optimized' })), expected: 1000 * 200 + 100 * 800 },
    { rule: 'latency-optimized asked, served at standard latency (quota reached): the standard prices', call: billed(selected(TIERED, { latency: 'optimized' }), answered({ inputTokens: 1000, outputTokens: 100, latency: 'standard' })), expected: 1000 * 150 + 100 * 600 },
    { rule: 'a call that timed out on the flex tier: its input estimate at the flex price', call: billed(selected(TIERED, { serviceTier: 'flex' }), { kind: 'timed-out' }), expected: 1000 * 75 },
  ])('$rule', ({ call: billedCall, expected }) => {
    expect(chargeCall(billedCall).costNanoUsd).toBe(expected);
  });

  it.each([
    { rule: 'the worst case of a priority call is priced at the priority tier', cost: worstCaseCost(selected(TIERED, { serviceTier: 'priority' })), expected: 1000 * 270 + 500 * 1080 },
    { rule: 'the worst case of a latency-optimized call is priced at its prices', cost: worstCaseCost(selected(TIERED, { latency: 'optimized' })), expected: 1000 * 200 + 500 * 800 },
    { rule: 'the reservation covers a priority primary with a flex fallback', cost: reservationCost([[selected(TIERED, { serviceTier: 'priority' })], [selected(TIERED, { serviceTier: 'flex' })]], 1), expected: 1000 * 270 + 500 * 1080 },
  ])('$rule', ({ cost, expected }) => {
    expect(cost).toBe(expected);
  });
});
