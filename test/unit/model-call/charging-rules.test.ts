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
