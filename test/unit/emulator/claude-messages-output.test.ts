/** @module Unit tests of Claude's Messages replies built from a plan: the Message JSON and the stream events. */

import { toClaudeMessage, toClaudeStreamEvents } from '../../../local/bedrock-emulator/claude-messages-output';
import type { ReplyPlan } from '../../../local/bedrock-emulator/reply-planner';

const plan: ReplyPlan = {
  blocks: [
    { kind: 'reasoning', text: 'Check the tool.', signature: 'c2ln' },
    { kind: 'redacted-reasoning', data: 'cmVk' },
    { kind: 'text', text: 'Let me look.' },
    { kind: 'tool-use', toolUseId: 'toolu_bdrk_01abc', name: 'get_weather', input: { city: 'Paris' } },
  ],
  stopReason: 'tool_use',
  usage: { inputTokens: 10, outputTokens: 12, totalTokens: 52, cacheReadInputTokens: 20, cacheWriteInputTokens: 10 },
};
const metrics = { inputTokenCount: 10, outputTokenCount: 12, invocationLatency: 5, firstByteLatency: 1, cacheReadInputTokenCount: 20, cacheWriteInputTokenCount: 10 };

describe('toClaudeMessage', () => {
  it('renders every block kind, the stop reason and usage with cache reads and writes', () => {
    expect(toClaudeMessage(plan, 'claude-haiku-4-5-20251001', 'msg_bdrk_01x')).toEqual({
      id: 'msg_bdrk_01x',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5-20251001',
      content: [
        { type: 'thinking', thinking: 'Check the tool.', signature: 'c2ln' },
        { type: 'redacted_thinking', data: 'cmVk' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'toolu_bdrk_01abc', name: 'get_weather', input: { city: 'Paris' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 10, cache_creation_input_tokens: 10, cache_read_input_tokens: 20, output_tokens: 12 },
    });
  });

  it('reports the stop sequence that cut the text', () => {
    const stopped = toClaudeMessage({ ...plan, blocks: [{ kind: 'text', text: 'One' }], stopReason: 'stop_sequence', stopSequence: 'END' }, 'claude-x', 'msg_1');

    expect([stopped.stop_reason, stopped.stop_sequence]).toEqual(['stop_sequence', 'END']);
  });
});

describe('toClaudeStreamEvents', () => {
  it("emits Anthropic's event order without ping, and Bedrock's metrics on message_stop", () => {
    const events = [...toClaudeStreamEvents(plan, 'claude-haiku-4-5-20251001', () => metrics)];

    expect(events.slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Check ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'the ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'tool.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'c2ln' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'cmVk' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Let ' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'me ' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'look.' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_bdrk_01abc', name: 'get_weather', input: {} } },
      { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"city":"Paris"}' } },
      { type: 'content_block_stop', index: 3 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 12 } },
      { type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics },
    ]);
  });

  it('starts with the message and its input usage, output counted as 1 so far', () => {
    const [start] = toClaudeStreamEvents(plan, 'claude-haiku-4-5-20251001', () => metrics);

    expect(start).toMatchObject({
      type: 'message_start',
      message: { type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, cache_creation_input_tokens: 10, cache_read_input_tokens: 20, output_tokens: 1 } },
    });
    expect(start?.type === 'message_start' && start.message.id).toMatch(/^msg_bdrk_01[A-Za-z0-9]{24}$/);
  });
});
