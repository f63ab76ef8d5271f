import { convertToTokenUsage, convertUsage, estimateTokensFromCharacters } from '../../../lambda/bedrock/convert-usage';

describe('convertUsage', () => {
  it('adds cache reads and writes back into prompt_tokens and names the reads as cached_tokens', () => {
    const converted = convertUsage({
      inputTokens: 10,
      outputTokens: 5,
      totalTokens: 1215,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 200,
    });

    expect(converted.openai).toEqual({
      prompt_tokens: 1210,
      completion_tokens: 5,
      total_tokens: 1215,
      prompt_tokens_details: { cached_tokens: 1000 },
      cache_creation_input_tokens: 200,
    });
    expect(converted.tokens).toEqual({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 1000, cacheWriteTokens: 200 });
  });

  it('counts missing usage as zero tokens', () => {
    expect(convertUsage(undefined).tokens).toEqual({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('keeps the raw Bedrock usage for logs', () => {
    const raw = { inputTokens: 1, outputTokens: 2, totalTokens: 3 };
    expect(convertUsage(raw).raw).toBe(raw);
  });

  it.each([
    { characters: 0, expected: 0 },
    { characters: 1, expected: 1 },
    { characters: 4, expected: 1 },
    { characters: 9, expected: 3 },
  ])('estimates $characters characters as $expected tokens', ({ characters, expected }) => {
    expect(estimateTokensFromCharacters(characters)).toBe(expected);
  });
});

describe('convertToTokenUsage: cache TTLs and the way Bedrock served the call', () => {
  it.each([
    { rule: 'the 1-hour writes come from cacheDetails', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 103, cacheWriteInputTokens: 100, cacheDetails: [{ ttl: '1h' as const, inputTokens: 60 }, { ttl: '5m' as const, inputTokens: 40 }] }, served: undefined, expected: { cacheWriteTokens: 100, cacheWrite1hTokens: 60 } },
    { rule: 'cacheDetails with 5-minute writes only: no 1-hour writes', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 103, cacheWriteInputTokens: 100, cacheDetails: [{ ttl: '5m' as const, inputTokens: 100 }] }, served: undefined, expected: { cacheWriteTokens: 100, cacheWrite1hTokens: 0 } },
    { rule: 'no cacheDetails: no breakdown', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 103, cacheWriteInputTokens: 100 }, served: undefined, expected: { cacheWriteTokens: 100 } },
    { rule: 'the tier and latency mode Bedrock reports', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, served: { serviceTier: 'priority', latency: 'optimized' }, expected: { cacheWriteTokens: 0, serviceTier: 'priority', latency: 'optimized' } },
    { rule: 'a tier name Bedrock does not document is left out', usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, served: { serviceTier: 'turbo', latency: 'fast' }, expected: { cacheWriteTokens: 0 } },
  ])('$rule', ({ usage, served, expected }) => {
    expect(convertToTokenUsage(usage, served)).toEqual({ inputTokens: 1, outputTokens: 2, cacheReadTokens: 0, ...expected });
  });
});
