/** @module Deeply nested free-form JSON is a 400 naming the parameter, never a RangeError (500). */
import { prepareConverseRequest } from '../../../lambda/bedrock/prepare-converse-request';
import { parseChatCompletionRequest } from '../../../lambda/openai/chat-request-schema';
import { MAX_JSON_DEPTH, exceedsJsonDepth } from '../../../lambda/openai/json-nesting';
import { GatewayError } from '../../../lambda/platform/errors';
import { chat, claude, fakeFetcher } from './fixtures';

/** JSON text of an object `levels` deep (`{}` is one level), built as a client would send it. */
function nestedJson(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
}
const nested = (levels: number): Record<string, unknown> => JSON.parse(nestedJson(levels)) as Record<string, unknown>;

function rejectionOf(run: () => unknown): { statusCode: number; param: string | null } {
  try {
    run();
  } catch (error) {
    if (GatewayError.isInstance(error)) return { statusCode: error.statusCode, param: error.param };
    throw error;
  }
  throw new Error('expected a rejection');
}

const tool = (parameters: Record<string, unknown>) => ({ type: 'function', function: { name: 'f', parameters } });

describe('exceedsJsonDepth', () => {
  it.each([
    { value: 'text', depth: 0, expected: false },
    { value: {}, depth: 1, expected: false },
    { value: { a: [] }, depth: 1, expected: true },
    { value: { a: [{}] }, depth: 3, expected: false },
    { value: [[[1]]], depth: 2, expected: true },
  ])('$value within $depth levels: exceeds $expected', ({ value, depth, expected }) => {
    expect(exceedsJsonDepth(value, depth)).toBe(expected);
  });

  it('walks a 100,000-level value without overflowing the stack', () => {
    expect(exceedsJsonDepth(nested(100_000))).toBe(true);
  });
});

describe('parseChatCompletionRequest with deeply nested JSON', () => {
  it.each([
    { param: 'bedrock.additionalModelRequestFields', body: (value: Record<string, unknown>) => ({ bedrock: { additionalModelRequestFields: value } }) },
    { param: 'tools[1].function.parameters', body: (value: Record<string, unknown>) => ({ tools: [tool({ type: 'object' }), tool(value)] }) },
    {
      param: 'response_format.json_schema.schema',
      body: (value: Record<string, unknown>) => ({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: value } } }),
    },
  ])('fails with 400 naming $param at 20,000 levels', ({ param, body }) => {
    const request = { model: 'claude', messages: [{ role: 'user', content: 'Hi' }], ...body(nested(20_000)) };
    expect(rejectionOf(() => parseChatCompletionRequest(request))).toEqual({ statusCode: 400, param });
  });

  it(`fails at ${MAX_JSON_DEPTH + 1} levels and accepts ${MAX_JSON_DEPTH}`, () => {
    const withFields = (levels: number) => ({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }], bedrock: { additionalModelRequestFields: nested(levels) } });
    expect(rejectionOf(() => parseChatCompletionRequest(withFields(MAX_JSON_DEPTH + 1)))).toEqual({ statusCode: 400, param: 'bedrock.additionalModelRequestFields' });
    expect(parseChatCompletionRequest(withFields(MAX_JSON_DEPTH)).bedrock?.additionalModelRequestFields).toEqual(nested(MAX_JSON_DEPTH));
  });
});

describe('prepareConverseRequest with deeply nested JSON', () => {
  const prepare = (request: ReturnType<typeof chat>) => prepareConverseRequest(request, claude, { fetchImage: fakeFetcher() });

  it('fails with 400 naming bedrock.additionalModelRequestFields instead of overflowing the stack', async () => {
    await expect(prepare(chat({ bedrock: { additionalModelRequestFields: nested(20_000) } }))).rejects.toMatchObject({
      statusCode: 400,
      param: 'bedrock.additionalModelRequestFields',
    });
  });

  it('fails with 400 naming the tool parameters and the response schema', async () => {
    await expect(prepare(chat({ tools: [{ type: 'function', function: { name: 'f', parameters: nested(3_000) } }] }))).rejects.toMatchObject({
      statusCode: 400,
      param: 'tools[0].function.parameters',
    });
    await expect(prepare(chat({ response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object', properties: nested(3_000) } } } }))).rejects.toMatchObject({
      statusCode: 400,
      param: 'response_format.json_schema.schema',
    });
  });

  it('fails with 400 naming tool call arguments nested too deeply', async () => {
    const request = chat({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: nestedJson(20_000) } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
    });
    await expect(prepare(request)).rejects.toMatchObject({ statusCode: 400, param: 'messages[1].tool_calls[0].function.arguments' });
  });

  it(`passes ${MAX_JSON_DEPTH} levels through unchanged`, async () => {
    const prepared = await prepare(chat({ bedrock: { additionalModelRequestFields: nested(MAX_JSON_DEPTH) } }));
    expect(prepared.input.additionalModelRequestFields).toEqual(nested(MAX_JSON_DEPTH));
  });
});
