/** @module Unit tests of the emulator's documented token estimate. */

import { DOCUMENT_TOKENS, IMAGE_TOKENS, MESSAGE_OVERHEAD_TOKENS, countInputTokens, countTextTokens } from '../../../local/bedrock-emulator/token-count';

describe('countTextTokens', () => {
  it.each([
    { text: '', tokens: 0 },
    { text: 'a', tokens: 1 },
    { text: 'abcd', tokens: 1 },
    { text: 'abcde', tokens: 2 },
    { text: 'x'.repeat(400), tokens: 100 },
  ])('counts $tokens tokens for a $text.length-character string', ({ text, tokens }) => {
    expect(countTextTokens(text)).toBe(tokens);
  });
});

describe('countInputTokens', () => {
  it('adds system text, tool specs, per-message overhead and each block', () => {
    const toolSpec = { name: 'f', inputSchema: { json: { type: 'object' } } };
    const tokens = countInputTokens({
      system: [{ text: 'Be brief.' }],
      tools: [{ toolSpec }],
      messages: [
        { role: 'user', content: [{ text: 'Hello there' }, { image: { format: 'png', source: { bytes: new Uint8Array([1]) } } }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'f', input: { a: 1 } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 'done' }, { json: { ok: true } }] } }, { document: { format: 'pdf', name: 'd', source: { bytes: new Uint8Array([1]) } } }] },
      ],
    });

    const expected =
      Math.ceil('Be brief.'.length / 4) +
      Math.ceil(JSON.stringify(toolSpec).length / 4) +
      3 * MESSAGE_OVERHEAD_TOKENS +
      Math.ceil('Hello there'.length / 4) +
      IMAGE_TOKENS +
      Math.ceil('{"a":1}'.length / 4) +
      1 +
      Math.ceil('{"ok":true}'.length / 4) +
      DOCUMENT_TOKENS;
    expect(tokens).toBe(expected);
  });
});
