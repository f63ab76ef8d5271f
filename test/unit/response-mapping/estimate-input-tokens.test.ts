import { estimateInputTokens, estimateTextTokens, hasCachePoint, TOKENS_PER_IMAGE, TOKENS_PER_MESSAGE } from '../../../lambda/bedrock/estimate-input-tokens';

describe('estimateTextTokens (an upper bound for budget reservations)', () => {
  it('counts ASCII at 4 characters per token', () => {
    expect(estimateTextTokens('a'.repeat(400))).toBe(100);
  });

  it('counts CJK at 1.5 tokens per character, not 4 characters per token', () => {
    expect(estimateTextTokens('漢'.repeat(100))).toBe(150);
  });

  it('counts two-byte letters at 1 token each and an emoji (a surrogate pair) at 2', () => {
    expect(estimateTextTokens('Ж'.repeat(10))).toBe(10);
    expect(estimateTextTokens('😀'.repeat(10))).toBe(20);
  });

  it('mixes both in one pass', () => {
    expect(estimateTextTokens('abcd漢')).toBe(3);
  });
});

describe('estimateInputTokens', () => {
  const pdf = new Uint8Array(1000);

  it('counts a PDF at 1 token per 2 bytes and an image at the largest per-image cost', () => {
    const tokens = estimateInputTokens(
      [],
      [{ role: 'user', content: [{ document: { format: 'pdf', name: 'doc', source: { bytes: pdf } } }, { image: { format: 'png', source: { bytes: new Uint8Array(10) } } }] }],
      [],
    );
    expect(tokens).toBe(TOKENS_PER_MESSAGE + 500 + TOKENS_PER_IMAGE);
  });

  it('counts a plain-text document like text', () => {
    const bytes = Buffer.from('漢'.repeat(10) + 'abcd');
    expect(estimateInputTokens([], [{ role: 'user', content: [{ document: { format: 'txt', name: 'doc', source: { bytes } } }] }], [])).toBe(TOKENS_PER_MESSAGE + 16);
  });
});

describe('hasCachePoint', () => {
  it('finds a cache point in the system prompt, the messages or the tools', () => {
    const cachePoint = { type: 'default' as const };
    expect(hasCachePoint([{ text: 'x' }], [{ role: 'user', content: [{ text: 'hi' }] }], [])).toBe(false);
    expect(hasCachePoint([{ text: 'x' }, { cachePoint }], [], [])).toBe(true);
    expect(hasCachePoint([], [{ role: 'user', content: [{ text: 'hi' }, { cachePoint }] }], [])).toBe(true);
    expect(hasCachePoint([], [], [{ cachePoint }])).toBe(true);
  });
});
