/** Claude's stream from Bedrock: relayed as Anthropic's SSE events, and metered for the ledger. */
import { createClaudeStreamMeter, type MessagesStreamEvent } from '../../../lambda/anthropic/claude-invoke-answer';
import { ClaudeStreamRelay } from '../../../lambda/anthropic/claude-stream-relay';

const START: MessagesStreamEvent = {
  type: 'message_start',
  message: { id: 'msg_bdrk_1', type: 'message', role: 'assistant', model: 'claude-opus-5-5-20261101', content: [], usage: { input_tokens: 12, cache_read_input_tokens: 100, output_tokens: 1 } },
};
const BLOCK: MessagesStreamEvent = { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } };
const DELTA: MessagesStreamEvent = { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } };
const MESSAGE_DELTA: MessagesStreamEvent = { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 7 } };
const STOP: MessagesStreamEvent = { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 12, outputTokenCount: 7 } };

describe('ClaudeStreamRelay', () => {
  it('names the model as the client asked, completes usage, pings once after the first block starts and removes Bedrock metrics', () => {
    const relay = new ClaudeStreamRelay('claude-opus-5-5');
    const events = [START, BLOCK, DELTA, { type: 'content_block_stop', index: 0 }, MESSAGE_DELTA, STOP].flatMap((event) => relay.relay(event).events ?? []);

    expect(events.map((event) => event.type)).toEqual(['message_start', 'content_block_start', 'ping', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
    expect(events[0]).toEqual({
      type: 'message_start',
      message: expect.objectContaining({ model: 'claude-opus-5-5', usage: { input_tokens: 12, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 } }),
    });
    expect(events[6]).toEqual({ type: 'message_stop' });
    expect(relay.end()).toBeUndefined();
    expect(relay.rawStopReason).toBe('end_turn');
  });

  it('fails a stream that ended without message_stop, so clients retry it', () => {
    const relay = new ClaudeStreamRelay('m');
    relay.relay(START);
    relay.relay(DELTA);

    expect(relay.end()).toEqual(expect.objectContaining({ statusCode: 502, message: 'The model stream ended before message_stop.' }));
  });

  it("turns Claude's in-stream error event into an in-band error", () => {
    expect(new ClaudeStreamRelay('m').relay({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }).error?.message).toBe('Overloaded');
  });
});

describe('the Claude stream meter', () => {
  it('takes input and cache counts from message_start and the final output from message_delta', () => {
    const meter = createClaudeStreamMeter();
    [START, BLOCK, DELTA].forEach((event) => meter.observe(event));
    expect(meter.usage).toBeUndefined();
    expect(meter.outputCharacters).toBe(5);

    meter.observe(MESSAGE_DELTA);
    meter.observe(STOP);
    expect(meter.usage).toEqual({ inputTokens: 12, outputTokens: 7, cacheReadTokens: 100, cacheWriteTokens: 0 });
  });

  it("falls back to Bedrock's invocation metrics when no message_delta came", () => {
    const meter = createClaudeStreamMeter();
    meter.observe(START);
    meter.observe({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 12, outputTokenCount: 3, cacheWriteInputTokenCount: 40 } });

    expect(meter.usage).toEqual({ inputTokens: 12, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 40 });
  });

  it('takes the 1-hour writes from cache_creation when Claude breaks the writes down by TTL', () => {
    const meter = createClaudeStreamMeter();
    meter.observe({ type: 'message_start', message: { usage: { input_tokens: 12, cache_creation_input_tokens: 100, cache_creation: { ephemeral_5m_input_tokens: 30, ephemeral_1h_input_tokens: 70 } } } });
    meter.observe({ type: 'message_delta', usage: { output_tokens: 4 } });

    expect(meter.usage).toEqual({ inputTokens: 12, outputTokens: 4, cacheReadTokens: 0, cacheWriteTokens: 100, cacheWrite1hTokens: 70 });
  });
});
