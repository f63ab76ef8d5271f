/** @module Unit tests of the Converse response and stream event layout. */

import { splitFragments, splitWords, toConverseResponse, toStreamEvents } from '../../../local/bedrock-emulator/converse-output';
import type { ReplyPlan } from '../../../local/bedrock-emulator/reply-planner';

const usage = { inputTokens: 5, outputTokens: 7, totalTokens: 12 };
const plan: ReplyPlan = {
  blocks: [
    { kind: 'reasoning', text: 'think hard', signature: 'sig' },
    { kind: 'text', text: 'Hi there' },
    { kind: 'tool-use', toolUseId: 'tooluse_a', name: 'lookup', input: { query: 'emulator streaming' } },
  ],
  stopReason: 'tool_use',
  usage,
};

describe('splitWords', () => {
  it.each([
    { text: 'Hello big world', parts: ['Hello ', 'big ', 'world'] },
    { text: '  lead and trail  ', parts: ['  lead ', 'and ', 'trail  '] },
    { text: '   ', parts: ['   '] },
  ])('splits "$text" into parts that join back to it', ({ text, parts }) => {
    expect(splitWords(text)).toEqual(parts);
    expect(splitWords(text).join('')).toBe(text);
  });
});

describe('splitFragments', () => {
  it('cuts a string into fixed-size fragments', () => {
    expect(splitFragments('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
  });
});

describe('toConverseResponse', () => {
  it('maps every planned block to its Converse content block', () => {
    expect(toConverseResponse(plan, 12)).toEqual({
      output: {
        message: {
          role: 'assistant',
          content: [
            { reasoningContent: { reasoningText: { text: 'think hard', signature: 'sig' } } },
            { text: 'Hi there' },
            { toolUse: { toolUseId: 'tooluse_a', name: 'lookup', input: { query: 'emulator streaming' } } },
          ],
        },
      },
      stopReason: 'tool_use',
      usage,
      metrics: { latencyMs: 12 },
    });
  });
});

describe('toStreamEvents', () => {
  it('emits Bedrock\'s event order with contentBlockStart for tool use only', () => {
    const events = [...toStreamEvents(plan, () => 3)];

    expect(events).toEqual([
      { eventType: 'messageStart', payload: { role: 'assistant' } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'think ' } } } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hard' } } } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig' } } } },
      { eventType: 'contentBlockStop', payload: { contentBlockIndex: 0 } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 1, delta: { text: 'Hi ' } } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 1, delta: { text: 'there' } } },
      { eventType: 'contentBlockStop', payload: { contentBlockIndex: 1 } },
      { eventType: 'contentBlockStart', payload: { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'tooluse_a', name: 'lookup' } } } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 2, delta: { toolUse: { input: '{"query":"emulat' } } } },
      { eventType: 'contentBlockDelta', payload: { contentBlockIndex: 2, delta: { toolUse: { input: 'or streaming"}' } } } },
      { eventType: 'contentBlockStop', payload: { contentBlockIndex: 2 } },
      { eventType: 'messageStop', payload: { stopReason: 'tool_use' } },
      { eventType: 'metadata', payload: { usage, metrics: { latencyMs: 3 } } },
    ]);
  });
});
