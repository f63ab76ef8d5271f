import type { ConverseResponse } from '@aws-sdk/client-bedrock-runtime';
import { convertToChatCompletion, type ChatCompletionConversionOptions } from '../../../lambda/bedrock/convert-to-chat-completion';

const options: ChatCompletionConversionOptions = {
  id: 'chatcmpl-test',
  created: 1_760_000_000,
  model: 'claude-sonnet-4-5',
  toolNames: new Map([['get_weather_v2', 'get.weather/v2']]),
};

const usage = { inputTokens: 12, outputTokens: 7, totalTokens: 19 };
const openAIUsage = {
  prompt_tokens: 12,
  completion_tokens: 7,
  total_tokens: 19,
  prompt_tokens_details: { cached_tokens: 0 },
  cache_creation_input_tokens: 0,
};
const metrics = { latencyMs: 120 };

describe('convertToChatCompletion', () => {
  describe('text', () => {
    it('joins text blocks into content and echoes id, created and the requested model', () => {
      const response: ConverseResponse = {
        output: { message: { role: 'assistant', content: [{ text: 'Hello' }, { text: ', world' }] } },
        stopReason: 'end_turn',
        usage,
        metrics,
      };

      expect(convertToChatCompletion(response, options).completion).toEqual({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 1_760_000_000,
        model: 'claude-sonnet-4-5',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Hello, world', refusal: null }, finish_reason: 'stop', logprobs: null },
        ],
        usage: openAIUsage,
      });
    });

    it('returns an empty string when the model produced nothing', () => {
      const response: ConverseResponse = {
        output: { message: { role: 'assistant', content: [] } },
        stopReason: 'max_tokens',
        usage,
        metrics,
      };

      expect(convertToChatCompletion(response, options).completion.choices[0]).toEqual({
        index: 0,
        message: { role: 'assistant', content: '', refusal: null },
        finish_reason: 'length',
        logprobs: null,
      });
    });

    it('adds the system fingerprint when given', () => {
      const response: ConverseResponse = { output: { message: { role: 'assistant', content: [{ text: 'x' }] } }, stopReason: 'end_turn', usage, metrics };
      expect(convertToChatCompletion(response, { ...options, systemFingerprint: 'fp_1' }).completion.system_fingerprint).toBe('fp_1');
    });
  });

  describe('tool use', () => {
    it('maps tool use blocks to tool_calls with JSON arguments and the original tool names', () => {
      const response: ConverseResponse = {
        output: {
          message: {
            role: 'assistant',
            content: [
              { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather_v2', input: { city: 'Paris', days: 2 } } },
              { toolUse: { toolUseId: 'tooluse_2', name: 'now', input: {} } },
            ],
          },
        },
        stopReason: 'tool_use',
        usage,
        metrics,
      };

      expect(convertToChatCompletion(response, options).completion.choices).toEqual([
        {
          index: 0,
          message: {
            role: 'assistant',
            content: null,
            refusal: null,
            tool_calls: [
              { id: 'tooluse_1', type: 'function', function: { name: 'get.weather/v2', arguments: '{"city":"Paris","days":2}' } },
              { id: 'tooluse_2', type: 'function', function: { name: 'now', arguments: '{}' } },
            ],
          },
          finish_reason: 'tool_calls',
          logprobs: null,
        },
      ]);
    });

    it('keeps text written before a tool call as content', () => {
      const response: ConverseResponse = {
        output: {
          message: {
            role: 'assistant',
            content: [{ text: 'Let me check.' }, { toolUse: { toolUseId: 't1', name: 'now', input: undefined } }],
          },
        },
        stopReason: 'tool_use',
        usage,
        metrics,
      };

      expect(convertToChatCompletion(response, options).completion.choices[0]?.message).toEqual({
        role: 'assistant',
        content: 'Let me check.',
        refusal: null,
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'now', arguments: '{}' } }],
      });
    });
  });

  describe('structured output through a tool', () => {
    it('returns the forced tool input as content with finish reason stop', () => {
      const response: ConverseResponse = {
        output: {
          message: { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'json_answer', input: { name: 'Ada', age: 36 } } }] },
        },
        stopReason: 'tool_use',
        usage,
        metrics,
      };

      expect(convertToChatCompletion(response, { ...options, structuredOutputToolName: 'json_answer' }).completion.choices[0]).toEqual({
        index: 0,
        message: { role: 'assistant', content: '{"name":"Ada","age":36}', refusal: null },
        finish_reason: 'stop',
        logprobs: null,
      });
    });
  });

  describe('reasoning', () => {
    it('returns reasoning_content with its signature and the exact thinking blocks', () => {
      const response: ConverseResponse = {
        output: {
          message: {
            role: 'assistant',
            content: [
              { reasoningContent: { reasoningText: { text: 'The user wants 2+2.', signature: 'sig-abc' } } },
              { reasoningContent: { redactedContent: new Uint8Array([1, 2, 3]) } },
              { text: '4' },
            ],
          },
        },
        stopReason: 'end_turn',
        usage,
        metrics,
      };

      expect(convertToChatCompletion(response, options).completion.choices[0]?.message).toEqual({
        role: 'assistant',
        content: '4',
        refusal: null,
        reasoning_content: 'The user wants 2+2.',
        reasoning_signature: 'sig-abc',
        thinking_blocks: [
          { type: 'thinking', thinking: 'The user wants 2+2.', signature: 'sig-abc' },
          { type: 'redacted_thinking', data: 'AQID' },
        ],
      });
    });
  });

  describe('usage', () => {
    it('reports cache reads in prompt_tokens_details and returns ledger usage and the raw stop reason', () => {
      const response: ConverseResponse = {
        output: { message: { role: 'assistant', content: [{ text: 'ok' }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 5, outputTokens: 1, totalTokens: 106, cacheReadInputTokens: 100 },
        metrics,
      };

      const conversion = convertToChatCompletion(response, options);

      expect(conversion.completion.usage).toEqual({
        prompt_tokens: 105,
        completion_tokens: 1,
        total_tokens: 106,
        prompt_tokens_details: { cached_tokens: 100 },
        cache_creation_input_tokens: 0,
      });
      expect(conversion.usage.tokens).toEqual({ inputTokens: 5, outputTokens: 1, cacheReadTokens: 100, cacheWriteTokens: 0 });
      expect(conversion.rawStopReason).toBe('end_turn');
    });
  });
});
