import { convertUsage, estimateTokensFromCharacters } from '../../../lambda/bedrock/convert-usage';

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
