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

describe('tool definitions are validated like response_format', () => {
  const tool = (fn: Record<string, unknown>) => ({ ...base, tools: [{ type: 'function', function: { name: 'lookup', ...fn } }] });

  it.each([
    {
      title: 'an empty function name',
      body: tool({ name: '' }),
      expected: { message: "Invalid 'tools[0].function.name': must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes.", param: 'tools[0].function.name', code: 'invalid_value' },
    },
    {
      title: 'a function name with a space',
      body: tool({ name: 'look up' }),
      expected: { message: "Invalid 'tools[0].function.name': must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes.", param: 'tools[0].function.name', code: 'invalid_value' },
    },
    {
      title: 'a 65-character function name',
      body: tool({ name: 'f'.repeat(65) }),
      expected: { message: "Invalid 'tools[0].function.name': must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes.", param: 'tools[0].function.name', code: 'invalid_value' },
    },
    {
      title: 'parameters whose type is a number',
      body: tool({ parameters: { type: 123 } }),
      expected: {
        message: 'Invalid \'tools[0].function.parameters\': function parameters must be a JSON Schema of \'type: "object"\', but got \'type: 123\' instead.',
        param: 'tools[0].function.parameters.type',
        code: 'invalid_value',
      },
    },
    {
      title: 'parameters of another type than object',
      body: tool({ parameters: { type: 'string' } }),
      expected: {
        message: 'Invalid \'tools[0].function.parameters\': function parameters must be a JSON Schema of \'type: "object"\', but got \'type: "string"\' instead.',
        param: 'tools[0].function.parameters.type',
        code: 'invalid_value',
      },
    },
    {
      title: 'properties that are a string',
      body: tool({ parameters: { type: 'object', properties: 'x' } }),
      expected: {
        message: "Invalid 'tools[0].function.parameters.properties': expected an object mapping names to JSON Schemas, but got \"x\" instead.",
        param: 'tools[0].function.parameters.properties',
        code: 'invalid_value',
      },
    },
    {
      title: 'a property whose type is unknown',
      body: tool({ parameters: { type: 'object', properties: { city: { type: 'text' } } } }),
      expected: {
        message:
          "Invalid 'tools[0].function.parameters.properties.city.type': expected a JSON Schema type name (null, boolean, object, array, number, string, integer) or a list of them, but got \"text\" instead.",
        param: 'tools[0].function.parameters.properties.city.type',
        code: 'invalid_value',
      },
    },
    {
      title: 'required that is a string',
      body: tool({ parameters: { type: 'object', required: 'city' } }),
      expected: {
        message: "Invalid 'tools[0].function.parameters.required': expected an array of property names (strings), but got \"city\" instead.",
        param: 'tools[0].function.parameters.required',
        code: 'invalid_value',
      },
    },
    {
      title: 'an array item schema that is a number',
      body: tool({ parameters: { type: 'object', properties: { tags: { type: 'array', items: 5 } } } }),
      expected: {
        message: "Invalid 'tools[0].function.parameters.properties.tags.items': expected a JSON Schema (an object or a boolean), but got 5 instead.",
        param: 'tools[0].function.parameters.properties.tags.items',
        code: 'invalid_value',
      },
    },
    {
      title: 'an empty anyOf',
      body: tool({ parameters: { type: 'object', properties: { id: { anyOf: [] } } } }),
      expected: {
        message: "Invalid 'tools[0].function.parameters.properties.id.anyOf': expected a non-empty array of JSON Schemas, but got an array instead.",
        param: 'tools[0].function.parameters.properties.id.anyOf',
        code: 'invalid_value',
      },
    },
    {
      title: 'a response schema with a malformed keyword',
      body: { ...base, response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string', maxLength: -1 } } } } } },
      expected: {
        message: "Invalid 'response_format.json_schema.schema.properties.a.maxLength': expected a non-negative integer, but got -1 instead.",
        param: 'response_format.json_schema.schema.properties.a.maxLength',
        code: 'invalid_value',
      },
    },
  ])('throws for $title', ({ body, expected }) => {
    expect(errorOf(body)).toEqual(expected);
  });

  it('accepts well-formed schemas, with boolean subschemas, draft-4 bounds and vendor keywords', () => {
    const parameters = {
      type: 'object',
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      properties: {
        city: { type: 'string', description: 'City', minLength: 1 },
        units: { enum: ['c', 'f'] },
        when: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        score: { type: ['number', 'null'], minimum: 0, exclusiveMaximum: true },
      },
      required: ['city'],
      additionalProperties: false,
      'x-vendor': { anything: 1 },
    };

    expect(() => parseChatCompletionRequest(tool({ parameters }))).not.toThrow();
    expect(() => parseChatCompletionRequest(tool({}))).not.toThrow();
  });
});

describe('empty content is a 400 naming the message', () => {
  it.each([
    { title: 'an empty user content array', messages: [{ role: 'user', content: [] }], param: 'messages[0].content', code: 'array_below_min_length' },
    { title: 'an empty system content array', messages: [{ role: 'system', content: [] }, { role: 'user', content: 'Hi' }], param: 'messages[0].content', code: 'array_below_min_length' },
    {
      title: 'an empty tool content array',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: [] },
      ],
      param: 'messages[2].content',
      code: 'array_below_min_length',
    },
    { title: 'an empty user string', messages: [{ role: 'user', content: '' }], param: 'messages[0].content', code: 'invalid_value' },
    { title: 'a whitespace-only user string', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Yes?' }, { role: 'user', content: ' \n ' }], param: 'messages[2].content', code: 'invalid_value' },
    { title: 'user parts that are all blank text', messages: [{ role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: ' ' }] }], param: 'messages[0].content', code: 'invalid_value' },
  ])('throws for $title', ({ messages, param, code }) => {
    expect(errorOf({ model: 'claude', messages })).toMatchObject({ param, code });
  });

  it('says what is empty', () => {
    expect(errorOf({ model: 'claude', messages: [{ role: 'user', content: [] }] }).message).toBe(
      "Invalid 'messages[0].content': empty array. Expected an array with minimum length 1, but got an array with length 0 instead.",
    );
    expect(errorOf({ model: 'claude', messages: [{ role: 'user', content: '' }] }).message).toBe("Invalid 'messages[0].content': the user message is empty (no text, image or file).");
  });

  it('keeps empty content where it means something: an assistant turn with tool calls, an empty tool result', () => {
    const messages = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '' },
    ];

    expect(() => parseChatCompletionRequest({ model: 'claude', messages })).not.toThrow();
  });
});
