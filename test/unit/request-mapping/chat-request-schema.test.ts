import { parseChatCompletionRequest } from '../../../lambda/openai/chat-request-schema';
import { GatewayError } from '../../../lambda/platform/errors';

function errorOf(body: unknown): { message: string; param: string | null; code: string | null } {
  try {
    parseChatCompletionRequest(body);
  } catch (error) {
    if (GatewayError.isInstance(error)) return { message: error.message, param: error.param, code: error.code };
    throw error;
  }
  throw new Error('expected a validation error');
}

const base = { model: 'claude', messages: [{ role: 'user', content: 'Hi' }] };

describe('parseChatCompletionRequest', () => {
  it('accepts a minimal request and keeps extensions', () => {
    const body = { ...base, thinking: { type: 'enabled', budget_tokens: 2048 }, bedrock: { performanceConfig: { latency: 'optimized' } } };
    expect(parseChatCompletionRequest(body)).toEqual(body);
  });

  it('drops unknown keys inside nested objects', () => {
    const parsed = parseChatCompletionRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi', vendor_field: 1 }] });
    expect(parsed.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it.each([
    {
      title: 'an unknown top-level argument',
      body: { ...base, foo: 1 },
      expected: { message: 'Unrecognized request argument supplied: foo', param: 'foo', code: 'unknown_parameter' },
    },
    {
      title: 'a missing messages array',
      body: { model: 'claude' },
      expected: { message: "Missing required parameter: 'messages'.", param: 'messages', code: 'missing_required_parameter' },
    },
    {
      title: 'an empty messages array',
      body: { model: 'claude', messages: [] },
      expected: {
        message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an array with length 0 instead.",
        param: 'messages',
        code: 'array_below_min_length',
      },
    },
    {
      title: 'an unknown role',
      body: { model: 'claude', messages: [{ role: 'user', content: 'a' }, { role: 'bob', content: 'x' }] },
      expected: {
        message: "Invalid value for 'messages[1].role': expected one of 'system', 'developer', 'user', 'assistant', 'tool' or 'function', but got 'bob' instead.",
        param: 'messages[1].role',
        code: 'invalid_value',
      },
    },
    {
      title: 'a message without a role',
      body: { model: 'claude', messages: [{ content: 'x' }] },
      expected: { message: "Missing required parameter: 'messages[0].role'.", param: 'messages[0].role', code: 'missing_required_parameter' },
    },
    {
      title: 'the legacy function role',
      body: { model: 'claude', messages: [{ role: 'function', name: 'f', content: 'x' }] },
      expected: {
        message: "The 'function' role is deprecated and not supported. Send tool results as 'tool' messages with a 'tool_call_id'.",
        param: 'messages[0].role',
        code: 'invalid_value',
      },
    },
    {
      title: 'content of the wrong type',
      body: { model: 'claude', messages: [{ role: 'user', content: 3 }] },
      expected: {
        message: "Invalid type for 'messages[0].content': expected one of a string or an array, but got an integer instead.",
        param: 'messages[0].content',
        code: 'invalid_type',
      },
    },
    {
      title: 'an image URL of the wrong type',
      body: { model: 'claude', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'image_url', image_url: { url: 5 } }] }] },
      expected: {
        message: "Invalid type for 'messages[1].content[1].image_url.url': expected a string, but got an integer instead.",
        param: 'messages[1].content[1].image_url.url',
        code: 'invalid_type',
      },
    },
    {
      title: 'an unknown content part type',
      body: { model: 'claude', messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] },
      expected: {
        message: "Invalid value for 'messages[0].content[0].type': expected one of 'text', 'image_url', 'input_audio' or 'file', but got 'video' instead.",
        param: 'messages[0].content[0].type',
        code: 'invalid_value',
      },
    },
    {
      title: 'a temperature above 2',
      body: { ...base, temperature: 3 },
      expected: { message: "Invalid 'temperature': number above maximum value. Expected a value <= 2, but got 3 instead.", param: 'temperature', code: 'invalid_value' },
    },
    {
      title: 'more than 4 stop sequences',
      body: { ...base, stop: ['a', 'b', 'c', 'd', 'e'] },
      expected: {
        message: "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.",
        param: 'stop',
        code: 'array_above_max_length',
      },
    },
    {
      title: 'a tool call without an id',
      body: { model: 'claude', messages: [{ role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] }] },
      expected: { message: "Missing required parameter: 'messages[0].tool_calls[0].id'.", param: 'messages[0].tool_calls[0].id', code: 'missing_required_parameter' },
    },
    {
      title: 'an unknown bedrock extension field',
      body: { ...base, bedrock: { promptVariables: {} } },
      expected: { message: 'Unrecognized request argument supplied: bedrock.promptVariables', param: 'bedrock.promptVariables', code: 'unknown_parameter' },
    },
    {
      title: 'a non-object body',
      body: 'hello',
      expected: { message: 'Invalid type for the request body: expected an object, but got a string instead.', param: null, code: 'invalid_type' },
    },
  ])('throws for $title', ({ body, expected }) => {
    expect(errorOf(body)).toEqual(expected);
  });
});
