/** Sealed reasoning opens only for the principal it was sealed for, under the key that sealed it, unaltered. */
import { randomBytes } from 'node:crypto';
import { openReasoning, sealReasoning } from '../../../lambda/responses/reasoning-seal';

const KEY = randomBytes(32);
const BLOCKS = [{ type: 'thinking' as const, thinking: 'Let me think.', signature: 'sig-1' }, { type: 'redacted_thinking' as const, data: 'cmVkYWN0ZWQ=' }];

describe('reasoning seal', () => {
  const sealed = sealReasoning(BLOCKS, KEY, 'key_alice');

  it('opens for the same principal and key, and hides the signature', () => {
    expect(openReasoning(sealed, KEY, 'key_alice')).toEqual(BLOCKS);
    expect(sealed).not.toContain('sig-1');
    expect(sealed.startsWith('gwr1.')).toBe(true);
  });

  it.each([
    ['another principal', sealed, KEY, 'key_bob'],
    ['another deployment key', sealed, randomBytes(32), 'key_alice'],
    ['one changed character', `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`, KEY, 'key_alice'],
    ['a truncated value', sealed.slice(0, 30), KEY, 'key_alice'],
    ['a value without the version prefix', sealed.slice(5), KEY, 'key_alice'],
    ['a client-made value', 'gwr1.aGVsbG8gd29ybGQgaGVsbG8gd29ybGQgaGVsbG8', KEY, 'key_alice'],
  ])('refuses %s', (_rule, value, key, principal) => {
    expect(openReasoning(value, key, principal)).toBeUndefined();
  });
});
