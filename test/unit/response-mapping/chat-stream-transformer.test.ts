import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import {
  ChatStreamTransformer,
  type ChatStreamPart,
  type ChatStreamTransformerOptions,
} from '../../../lambda/bedrock/chat-stream-transformer';
import type { OpenAIChatCompletionChunkDelta } from '../../../lambda/openai/chat-response-types';

const options: ChatStreamTransformerOptions = {
  id: 'chatcmpl-stream',
  created: 1_760_000_000,
  model: 'claude-sonnet-4-5',
  toolNames: new Map([['get_weather_v2', 'get.weather/v2']]),
  includeUsage: false,
};

function loadEvents(name: string): ConverseStreamOutput[] {
  return JSON.parse(readFileSync(join(__dirname, '__fixtures__', `${name}.events.json`), 'utf8')) as ConverseStreamOutput[];
}

/** Replays a recorded stream; returns every part, with `end()`'s parts last. */
function replay(name: string, overrides: Partial<ChatStreamTransformerOptions> = {}): { parts: ChatStreamPart[]; transformer: ChatStreamTransformer } {
  const transformer = new ChatStreamTransformer({ ...options, ...overrides });
  const parts = loadEvents(name).flatMap((event) => transformer.transform(event));
  return { parts: [...parts, ...transformer.end()], transformer };
}

function chunk(delta: OpenAIChatCompletionChunkDelta, finishReason: string | null = null): ChatStreamPart {
  return {
    type: 'chunk',
    chunk: {
      id: 'chatcmpl-stream',
      object: 'chat.completion.chunk',
      created: 1_760_000_000,
      model: 'claude-sonnet-4-5',
      choices: [{ index: 0, delta, finish_reason: finishReason as never, logprobs: null }],
    },
  };
}

describe('ChatStreamTransformer', () => {
  describe('text', () => {
    it('sends the role first, then text deltas, then the finish chunk', () => {
      const { parts } = replay('text');

      expect(parts).toEqual([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Hello' }),
        chunk({ content: ', world' }),
        chunk({}, 'stop'),
      ]);
    });

    it('keeps the metadata usage and counts the characters produced', () => {
      const { transformer } = replay('text');

      expect(transformer.usage?.tokens).toEqual({ inputTokens: 12, outputTokens: 3, cacheReadTokens: 0, cacheWriteTokens: 0 });
      expect(transformer.outputCharacters).toBe(12);
      expect(transformer.completed).toBe(true);
      expect(transformer.rawStopReason).toBe('end_turn');
    });
  });

  describe('include_usage', () => {
    it('adds usage null to every chunk and ends with a usage chunk without choices', () => {
      const { parts } = replay('text', { includeUsage: true });

      const withNullUsage = (part: ChatStreamPart): ChatStreamPart =>
        part.type === 'chunk' ? { type: 'chunk', chunk: { ...part.chunk, usage: null } } : part;
      expect(parts).toEqual([
        withNullUsage(chunk({ role: 'assistant', content: '' })),
        withNullUsage(chunk({ content: 'Hello' })),
        withNullUsage(chunk({ content: ', world' })),
        withNullUsage(chunk({}, 'stop')),
        {
          type: 'chunk',
          chunk: {
            id: 'chatcmpl-stream',
            object: 'chat.completion.chunk',
            created: 1_760_000_000,
            model: 'claude-sonnet-4-5',
            choices: [],
            usage: {
              prompt_tokens: 12,
              completion_tokens: 3,
              total_tokens: 15,
              prompt_tokens_details: { cached_tokens: 0 },
              cache_creation_input_tokens: 0,
            },
          },
        },
      ]);
    });
  });

  describe('tool calls', () => {
    it('numbers tool calls densely, restores names, streams argument fragments and sends {} for a tool without input', () => {
      const { parts } = replay('tools');

      expect(parts).toEqual([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: 'Checking both.' }),
        chunk({ tool_calls: [{ index: 0, id: 'tooluse_weather', type: 'function', function: { name: 'get.weather/v2', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'tooluse_time', type: 'function', function: { name: 'now', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
        chunk({}, 'tool_calls'),
      ]);
    });

    it('streams the structured-output tool as content and finishes with stop', () => {
      const { parts } = replay('structured-output', { structuredOutputToolName: 'json_answer' });

      expect(parts).toEqual([
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: '{"name":' }),
        chunk({ content: '"Ada"}' }),
        chunk({}, 'stop'),
      ]);
    });

    it('fails when tool input arrives for a block that never started', () => {
      const transformer = new ChatStreamTransformer(options);
      transformer.transform({ messageStart: { role: 'assistant' } });

      const parts = transformer.transform({ contentBlockDelta: { contentBlockIndex: 3, delta: { toolUse: { input: '{}' } } } });

      expect(parts).toHaveLength(1);
      expect(parts[0]).toMatchObject({ type: 'error', error: { statusCode: 502, code: 'model_stream_error' } });
    });
  });

  describe('reasoning', () => {
    it('streams reasoning as reasoning_content, then the signature, then the answer', () => {
      const { parts, transformer } = replay('reasoning');

      expect(parts).toEqual([
        chunk({ role: 'assistant', content: '' }),
        chunk({ reasoning_content: '2+2 is ' }),
        chunk({ reasoning_content: '4.' }),
        chunk({ reasoning_signature: 'sig-xyz' }),
        chunk({ content: '4' }),
        chunk({}, 'stop'),
      ]);
      expect(transformer.usage?.tokens).toEqual({ inputTokens: 20, outputTokens: 30, cacheReadTokens: 100, cacheWriteTokens: 0 });
    });

    it('sends redacted reasoning as a redacted thinking block in base64', () => {
      const transformer = new ChatStreamTransformer(options);
      transformer.transform({ messageStart: { role: 'assistant' } });

      const parts = transformer.transform({
        contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: new Uint8Array([255, 0]) } } },
      });

      expect(parts).toEqual([chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: '/wA=' }] })]);
    });
  });

  describe('failures', () => {
    it('returns a mid-stream exception as an error part after the content already sent, and no usage', () => {
      const { parts, transformer } = replay('mid-stream-error');

      expect(parts.slice(0, 2)).toEqual([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Once upon' })]);
      expect(parts[2]).toMatchObject({ type: 'error', error: { statusCode: 502, code: 'model_stream_error' } });
      expect(transformer.usage).toBeUndefined();
      expect(transformer.outputCharacters).toBe(9);
    });

    it.each([
      { member: 'throttlingException', status: 429, code: 'rate_limit_exceeded' },
      { member: 'serviceUnavailableException', status: 503, code: 'service_unavailable' },
      { member: 'internalServerException', status: 502, code: 'upstream_server_error' },
      { member: 'validationException', status: 400, code: null },
    ])('maps a $member event to $status $code', ({ member, status, code }) => {
      const transformer = new ChatStreamTransformer(options);

      const parts = transformer.transform({ [member]: { message: 'failed' } } as unknown as ConverseStreamOutput);

      expect(parts).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ statusCode: status, code }) })]);
    });

    it('reports a stream that ended before messageStop as an error', () => {
      const transformer = new ChatStreamTransformer(options);
      transformer.transform({ messageStart: { role: 'assistant' } });
      transformer.transform({ contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'cut' } } });

      expect(transformer.end()).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ statusCode: 502 }) })]);
    });

    it('skips events it does not know', () => {
      const transformer = new ChatStreamTransformer(options);
      transformer.transform({ messageStart: { role: 'assistant' } });

      expect(transformer.transform({ $unknown: ['somethingNew', {}] })).toEqual([]);
    });
  });

  describe('a stream that stops without a metadata event', () => {
    const events: ConverseStreamOutput[] = [
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hello world!' } } },
      { messageStop: { stopReason: 'end_turn' } },
    ];

    it('still sends the include_usage chunk, estimated, before [DONE]', () => {
      const transformer = new ChatStreamTransformer({ ...options, includeUsage: true, estimatedInputTokens: 42 });
      events.forEach((event) => transformer.transform(event));
      const [last, ...rest] = transformer.end();
      expect(rest).toEqual([]);
      expect(last).toEqual({
        type: 'chunk',
        chunk: expect.objectContaining({
          choices: [],
          usage: expect.objectContaining({ prompt_tokens: 42, completion_tokens: 3, total_tokens: 45 }),
        }),
      });
    });

    it('sends nothing more without include_usage', () => {
      const transformer = new ChatStreamTransformer({ ...options, estimatedInputTokens: 42 });
      events.forEach((event) => transformer.transform(event));
      expect(transformer.end()).toEqual([]);
    });
  });
});
