import { mapFinishReason } from '../../../lambda/bedrock/map-finish-reason';

describe('mapFinishReason', () => {
  it.each([
    { stopReason: 'end_turn', expected: 'stop' },
    { stopReason: 'stop_sequence', expected: 'stop' },
    { stopReason: 'max_tokens', expected: 'length' },
    { stopReason: 'model_context_window_exceeded', expected: 'length' },
    { stopReason: 'tool_use', expected: 'tool_calls' },
    { stopReason: 'content_filtered', expected: 'content_filter' },
    { stopReason: 'guardrail_intervened', expected: 'content_filter' },
    { stopReason: 'malformed_model_output', expected: 'stop' },
    { stopReason: 'malformed_tool_use', expected: 'stop' },
  ])('maps $stopReason to $expected', ({ stopReason, expected }) => {
    expect(mapFinishReason(stopReason)).toBe(expected);
  });

  it.each([{ stopReason: 'a_reason_added_later' }, { stopReason: undefined }, { stopReason: 'toString' }])(
    'maps an unknown or missing stop reason ($stopReason) leniently to stop',
    ({ stopReason }) => {
      expect(mapFinishReason(stopReason)).toBe('stop');
    },
  );
});
