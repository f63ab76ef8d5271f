/** @module Tests for exact nano-USD pricing. */
import { createModelCatalog } from '../../../lambda/catalog';
import {
  PricingError,
  computeCostNanoUsd,
  nanoUsdToUsd,
  pricesForServing,
  usdPerMTokToNanoPerToken,
  usdToNanoUsd,
} from '../../../lambda/catalog/pricing';

const NO_TOKENS = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
const SONNET_GLOBAL = { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 };

describe('usdPerMTokToNanoPerToken', () => {
  it.each([
    { usd: 3, expected: 3000 },
    { usd: 0.035, expected: 35 },
    { usd: 4.125, expected: 4125 },
    { usd: 0.3, expected: 300 },
    { usd: 1.1, expected: 1100 },
    { usd: 0, expected: 0 },
    { usd: 1e-3, expected: 1 },
  ])('converts $usd USD/MTok to $expected nano-USD per token', ({ usd, expected }) => {
    expect(usdPerMTokToNanoPerToken(usd, 'test')).toBe(expected);
  });

  it.each([{ usd: 0.00875 }, { usd: 0.0825 }, { usd: -1 }, { usd: Number.NaN }, { usd: 1e-7 }])(
    'throws for $usd, which is not a whole number of nano-USD per token',
    ({ usd }) => {
      expect(() => usdPerMTokToNanoPerToken(usd, 'entry "x" cacheReadPerMTok')).toThrow(PricingError);
      expect(() => usdPerMTokToNanoPerToken(usd, 'entry "x" cacheReadPerMTok')).toThrow(/entry "x" cacheReadPerMTok/);
    },
  );
});

describe('computeCostNanoUsd', () => {
  it.each([
    { title: 'input only', usage: { ...NO_TOKENS, inputTokens: 1_000 }, expected: 3_000_000 },
    { title: 'output only', usage: { ...NO_TOKENS, outputTokens: 1 }, expected: 15_000 },
    { title: 'cache reads', usage: { ...NO_TOKENS, cacheReadTokens: 10_000 }, expected: 3_000_000 },
    { title: 'cache writes', usage: { ...NO_TOKENS, cacheWriteTokens: 3 }, expected: 11_250 },
    {
      title: 'all four kinds',
      usage: { inputTokens: 1_234, outputTokens: 567, cacheReadTokens: 8_910, cacheWriteTokens: 1_112 },
      // 1234*3000 + 567*15000 + 8910*300 + 1112*3750
      expected: 3_702_000 + 8_505_000 + 2_673_000 + 4_170_000,
    },
    { title: 'one million of each', usage: { inputTokens: 1e6, outputTokens: 1e6, cacheReadTokens: 1e6, cacheWriteTokens: 1e6 }, expected: 22_050_000_000 },
  ])('prices $title to the nano-dollar', ({ usage, expected }) => {
    expect(computeCostNanoUsd(SONNET_GLOBAL, usage)).toBe(expected);
  });

  it('prices sub-cent Nova Micro input exactly (0.035 USD/MTok is 35 nano-USD per token)', () => {
    const cost = computeCostNanoUsd({ inputPerMTok: 0.035, outputPerMTok: 0.14 }, { ...NO_TOKENS, inputTokens: 7, outputTokens: 3 });
    expect(cost).toBe(7 * 35 + 3 * 140);
  });

  it('throws when cache tokens are reported for a model without a cache price', () => {
    expect(() => computeCostNanoUsd({ inputPerMTok: 1, outputPerMTok: 1 }, { ...NO_TOKENS, cacheReadTokens: 1 })).toThrow(
      /cache-read/,
    );
  });

  it('accepts zero cache tokens for a model without a cache price', () => {
    expect(computeCostNanoUsd({ inputPerMTok: 1, outputPerMTok: 2 }, { ...NO_TOKENS, inputTokens: 1 })).toBe(1_000);
  });

  it.each([{ field: 'inputTokens', value: -1 }, { field: 'outputTokens', value: 1.5 }, { field: 'cacheReadTokens', value: Number.NaN }])(
    'throws for $field = $value',
    ({ field, value }) => {
      expect(() => computeCostNanoUsd(SONNET_GLOBAL, { ...NO_TOKENS, [field]: value })).toThrow(new RegExp(`usage.${field}`));
    },
  );

  it('throws when the total exceeds the largest exact number', () => {
    expect(() => computeCostNanoUsd({ inputPerMTok: 75, outputPerMTok: 75 }, { ...NO_TOKENS, inputTokens: Number.MAX_SAFE_INTEGER })).toThrow(
      PricingError,
    );
  });

  describe('1-hour cache writes', () => {
    const OPUS_55_GLOBAL = { inputPerMTok: 4, outputPerMTok: 20, cacheReadPerMTok: 0.2, cacheWritePerMTok: 5, cacheWrite1hPerMTok: 8 };

    it.each([
      { title: 'all writes 5-minute', usage: { ...NO_TOKENS, cacheWriteTokens: 1_000 }, expected: 1_000 * 5_000 },
      { title: 'all writes 1-hour', usage: { ...NO_TOKENS, cacheWriteTokens: 1_000, cacheWrite1hTokens: 1_000 }, expected: 1_000 * 8_000 },
      {
        title: 'a mix (the 1-hour part priced apart from the rest)',
        usage: { inputTokens: 10, outputTokens: 20, cacheReadTokens: 30, cacheWriteTokens: 1_000, cacheWrite1hTokens: 400 },
        // 10*4000 + 20*20000 + 30*200 + 600*5000 + 400*8000
        expected: 40_000 + 400_000 + 6_000 + 3_000_000 + 3_200_000,
      },
    ])('prices $title to the nano-dollar', ({ usage, expected }) => {
      expect(computeCostNanoUsd(OPUS_55_GLOBAL, usage)).toBe(expected);
    });

    it('throws when 1-hour writes are reported for a model without a 1-hour price', () => {
      expect(() => computeCostNanoUsd(SONNET_GLOBAL, { ...NO_TOKENS, cacheWriteTokens: 5, cacheWrite1hTokens: 5 })).toThrow(/1-hour cache-write/);
    });

    it('throws when more 1-hour writes than writes are reported', () => {
      expect(() => computeCostNanoUsd(OPUS_55_GLOBAL, { ...NO_TOKENS, cacheWriteTokens: 1, cacheWrite1hTokens: 2 })).toThrow(/cacheWrite1hTokens/);
    });
  });

  describe('long-context tier', () => {
    const HAIKU_55_GLOBAL = {
      inputPerMTok: 0.1,
      outputPerMTok: 0.5,
      cacheReadPerMTok: 0.01,
      cacheWritePerMTok: 0.125,
      longContext: { inputPerMTok: 0.5, outputPerMTok: 2.5, cacheReadPerMTok: 0.05, cacheWritePerMTok: 0.625, thresholdTokens: 100_000 },
    };

    it.each([
      { title: 'a prompt at the threshold at base prices', usage: { ...NO_TOKENS, inputTokens: 100_000, outputTokens: 10 }, expected: 100_000 * 100 + 10 * 500 },
      { title: 'a prompt one token over, entirely at long-context prices', usage: { ...NO_TOKENS, inputTokens: 100_001, outputTokens: 10 }, expected: 100_001 * 500 + 10 * 2_500 },
      {
        title: 'a prompt pushed over by cache reads and writes',
        usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 60_000, cacheWriteTokens: 40_000 },
        expected: 500 + 2_500 + 60_000 * 50 + 40_000 * 625,
      },
    ])('prices $title', ({ usage, expected }) => {
      expect(computeCostNanoUsd(HAIKU_55_GLOBAL, usage)).toBe(expected);
    });
  });

  it('returns an integer for every catalog entry and every usage mix', () => {
    const usages = [
      { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
      { inputTokens: 999_999, outputTokens: 12_345, cacheReadTokens: 0, cacheWriteTokens: 0 },
      { inputTokens: 7, outputTokens: 13, cacheReadTokens: 17, cacheWriteTokens: 19 },
      { inputTokens: 150_001, outputTokens: 3, cacheReadTokens: 50_000, cacheWriteTokens: 60_000 },
    ];
    for (const entry of createModelCatalog().list()) {
      for (const usage of usages) {
        const cachedUsage = entry.capabilities.promptCaching ? usage : { ...usage, cacheReadTokens: 0, cacheWriteTokens: 0 };
        const cost = computeCostNanoUsd(entry.prices, cachedUsage);
        expect({ id: entry.id, integral: Number.isSafeInteger(cost) && cost >= 0 }).toEqual({ id: entry.id, integral: true });
      }
    }
  });
});

describe('usdToNanoUsd', () => {
  it.each([
    { usd: 50, expected: 50_000_000_000 },
    { usd: '12.5', expected: 12_500_000_000 },
    { usd: '0.000000001', expected: 1 },
    { usd: 0.1, expected: 100_000_000 },
  ])('converts $usd USD to $expected nano-USD', ({ usd, expected }) => {
    expect(usdToNanoUsd(usd)).toBe(expected);
  });

  it.each([{ usd: '0.0000000001' }, { usd: '-1' }, { usd: 'ten' }, { usd: Number.POSITIVE_INFINITY }])(
    'throws for $usd',
    ({ usd }) => {
      expect(() => usdToNanoUsd(usd)).toThrow(PricingError);
    },
  );
});

describe('nanoUsdToUsd', () => {
  it.each([
    { nano: 4_500_000, decimals: undefined, expected: '0.004500000' },
    { nano: 4_500_000, decimals: 2, expected: '0.00' },
    { nano: 5_000_000, decimals: 2, expected: '0.01' },
    { nano: 12_345_678_901, decimals: 2, expected: '12.35' },
    { nano: 12_345_678_901, decimals: 6, expected: '12.345679' },
    { nano: 12_345_678_901, decimals: 0, expected: '12' },
    { nano: -1_500_000_000, decimals: 2, expected: '-1.50' },
    { nano: -1, decimals: 2, expected: '0.00' },
    { nano: 0, decimals: 9, expected: '0.000000000' },
  ])('formats $nano nano-USD with $decimals decimals as $expected', ({ nano, decimals, expected }) => {
    expect(nanoUsdToUsd(nano, decimals)).toBe(expected);
  });

  it.each([{ nano: 1.5, decimals: 2 }, { nano: 1, decimals: 10 }])('throws for nano=$nano decimals=$decimals', ({ nano, decimals }) => {
    expect(() => nanoUsdToUsd(nano, decimals)).toThrow(PricingError);
  });
});

describe('pricesForServing', () => {
  const flex = { inputPerMTok: 1.5, outputPerMTok: 7.5 };
  const priority = { inputPerMTok: 5.25, outputPerMTok: 26.25 };
  const optimized = { inputPerMTok: 3.75, outputPerMTok: 18.75 };
  const tiered = { ...SONNET_GLOBAL, serviceTiers: { flex, priority }, latencyOptimized: optimized };

  it.each([
    { rule: 'the standard tier is the standard prices, without the tier tables', prices: tiered, serving: {}, expected: SONNET_GLOBAL },
    { rule: 'flex is the flex table', prices: tiered, serving: { serviceTier: 'flex' as const }, expected: flex },
    { rule: 'priority is the priority table', prices: tiered, serving: { serviceTier: 'priority' as const }, expected: priority },
    { rule: 'latency-optimized is its own table', prices: tiered, serving: { latency: 'optimized' as const }, expected: optimized },
    { rule: 'a tier with latency-optimized inference has no price', prices: tiered, serving: { serviceTier: 'flex' as const, latency: 'optimized' as const }, expected: undefined },
    { rule: 'a tier the model has no table for has no price', prices: SONNET_GLOBAL, serving: { serviceTier: 'priority' as const }, expected: undefined },
    { rule: 'latency-optimized on a model without its table has no price', prices: SONNET_GLOBAL, serving: { latency: 'optimized' as const }, expected: undefined },
  ])('$rule', ({ prices, serving, expected }) => {
    expect(pricesForServing(prices, serving)).toEqual(expected);
  });
});
