/** Rules of the Responses request: what is parsed, what is dropped with a warning, what is a 400 naming the parameter. */
import { InvalidRequestError } from '../../../lambda/platform/errors';
import { parseResponsesRequest } from '../../../lambda/responses/responses-request-schema';

function paramOf(body: unknown): string | null | undefined {
  try {
    parseResponsesRequest(body);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.param;
    throw error;
  }
  return undefined;
}

describe('parseResponsesRequest', () => {
  it('reads a string input as one user message, with OpenAI defaults (store true, no stream)', () => {
    expect(parseResponsesRequest({ model: 'nova-pro', input: 'Hi' })).toEqual({
      request: { model: 'nova-pro', input: [{ type: 'message', role: 'user', content: 'Hi' }], tools: [], store: true, stream: false, include: [] },
      warnings: [],
    });
  });

  it.each([
    ['model missing', { input: 'Hi' }, 'model'],
    ['input missing without previous_response_id', { model: 'm' }, 'input'],
    ['input a number', { model: 'm', input: 1 }, 'input'],
    ['item not an object', { model: 'm', input: ['Hi'] }, 'input[0]'],
    ['unknown role', { model: 'm', input: [{ role: 'bot', content: 'x' }] }, 'input[0].role'],
    ['unknown content part', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_video' }] }] }, 'input[0].content[0].type'],
    ['image without URL', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_image' }] }] }, 'input[0].content[0].image_url'],
    ['Files API file', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input[0].content[0].file_id'],
    ['file URL', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_file', file_url: 'https://x' }] }] }, 'input[0].content[0].file_url'],
    ['function_call without call_id', { model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id'],
    ['function_call_output without output', { model: 'm', input: [{ type: 'function_call_output', call_id: 'c' }] }, 'input[0].output'],
    ['custom_tool_call input not a string', { model: 'm', input: [{ type: 'custom_tool_call', call_id: 'c', name: 'x', input: {} }] }, 'input[0].input'],
    ['function tool with a bad name', { model: 'm', input: 'x', tools: [{ type: 'function', name: 'a b' }] }, 'tools[0].name'],
    ['function parameters of type string', { model: 'm', input: 'x', tools: [{ type: 'function', name: 'f', parameters: { type: 'string' } }] }, 'tools[0].parameters.type'],
    ['function parameters whose properties are a string', { model: 'm', input: 'x', tools: [{ type: 'function', name: 'f', parameters: { type: 'object', properties: 'x' } }] }, 'tools[0].parameters.properties'],
    ['a namespace member whose parameters require a non-list', { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'n', description: '', tools: [{ type: 'function', name: 'f', parameters: { type: 'object', required: 'q' } }] }] }, 'tools[0].tools[0].parameters.required'],
    ['a text.format schema whose properties are a number', { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 's', schema: { type: 'object', properties: 5 } } } }, 'text.format.schema.properties'],
    ['a service_tier OpenAI does not have', { model: 'm', input: 'x', service_tier: 'turbo' }, 'service_tier'],
    ['an empty user message', { model: 'm', input: [{ role: 'user', content: '' }] }, 'input[0].content'],
    ['a user message of no parts', { model: 'm', input: [{ role: 'user', content: [] }] }, 'input[0].content'],
    ['a user message of blank text', { model: 'm', input: [{ role: 'user', content: [{ type: 'input_text', text: ' \n' }] }] }, 'input[0].content'],
    ['function_call arguments that are not JSON', { model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{x' }] }, 'input[0].arguments'],
    ['function_call arguments that are a JSON array', { model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '[1]' }] }, 'input[0].arguments'],
    ['tool declared twice', { model: 'm', input: 'x', tools: [{ type: 'function', name: 'a' }, { type: 'custom', name: 'a' }] }, 'tools[1].name'],
    ['tool_choice naming no tool', { model: 'm', input: 'x', tool_choice: { type: 'custom', name: 'a' } }, 'tool_choice.name'],
    ['json_schema without schema', { model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }, 'text.format.schema'],
    ['unknown text format', { model: 'm', input: 'x', text: { format: { type: 'yaml' } } }, 'text.format.type'],
    ['reasoning effort unknown', { model: 'm', input: 'x', reasoning: { effort: 'huge' } }, 'reasoning.effort'],
    ['max_output_tokens below 16', { model: 'm', input: 'x', max_output_tokens: 4 }, 'max_output_tokens'],
    ['top_p above 1', { model: 'm', input: 'x', top_p: 1.5 }, 'top_p'],
    ['metadata value not a string', { model: 'm', input: 'x', metadata: { a: 1 } }, 'metadata.a'],
    ['background mode', { model: 'm', input: 'x', background: true }, 'background'],
    ['a namespace member name Bedrock cannot take', { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'ns', description: '', tools: [{ type: 'function', name: 'ok' }, { type: 'function', name: 'a.b' }] }] }, 'tools[0].tools[1].name'],
    ['a name twice in one namespace', { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'ns', description: '', tools: [{ type: 'function', name: 'f' }, { type: 'custom', name: 'f' }] }] }, 'tools[0].tools[1].name'],
    ['a namespace declared twice', { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'ns', tools: [] }, { type: 'namespace', name: 'ns', tools: [] }] }, 'tools[1].name'],
    ['a namespace without tools', { model: 'm', input: 'x', tools: [{ type: 'namespace', name: 'ns' }] }, 'tools[0].tools'],
    ['additional_tools whose tools are not an array', { model: 'm', input: [{ type: 'additional_tools', tools: 'x' }, { role: 'user', content: 'x' }] }, 'input[0].tools'],
    ['a bad tool inside additional_tools', { model: 'm', input: [{ role: 'user', content: 'x' }, { type: 'additional_tools', tools: [{ type: 'function', name: '' }] }] }, 'input[1].tools[0].name'],
    ['a call item whose namespace is not a string', { model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', namespace: 3, arguments: '{}' }] }, 'input[0].namespace'],
  ])('refuses %s, naming the parameter', (_rule, body, param) => {
    expect(paramOf(body)).toBe(param);
  });

  it('drops hosted tools, tools other than function and custom inside a namespace, and unknown item types with one warning each, never a 400', () => {
    const { request, warnings } = parseResponsesRequest({
      model: 'm',
      input: [{ type: 'compaction_summary', text: 'x' }, { role: 'user', content: 'Hi' }],
      tools: [{ type: 'web_search' }, { type: 'namespace', name: 'ns', tools: [{ type: 'web_search' }] }, { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "a"' } }],
      text: { verbosity: 'low' },
      client_metadata: { turn: '1' },
      some_new_field: true,
    });

    expect(request.tools).toEqual([
      { type: 'namespace', name: 'ns', description: '', tools: [] },
      { type: 'custom', name: 'apply_patch', format: { type: 'grammar', syntax: 'lark', definition: 'start: "a"' } },
    ]);
    expect(request.input).toEqual([{ type: 'message', role: 'user', content: 'Hi' }]);
    expect(warnings).toEqual([
      'some_new_field: unknown parameter; ignored.',
      'input[0]: input items of type "compaction_summary" are not available on this gateway; dropped.',
      'tools[0]: the hosted web_search tool is not available on Amazon Bedrock; dropped.',
      'tools[1].tools[0]: tools of type web_search are not available inside a namespace; dropped.',
      'text.verbosity: ignored, not available on Amazon Bedrock.',
    ]);
  });

  it('reads function_call arguments left empty as {}', () => {
    expect(parseResponsesRequest({ model: 'm', input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '' }] }).request.input).toEqual([{ type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' }]);
  });

  it("reads the tools of Codex's additional_tools input item", () => {
    const { request } = parseResponsesRequest({ model: 'm', input: [{ type: 'additional_tools', role: 'developer', tools: [{ type: 'function', name: 'wait' }] }, { role: 'user', content: 'x' }] });

    expect(request.tools).toEqual([{ type: 'function', name: 'wait' }]);
    expect(request.input).toHaveLength(1);
  });

  it('reads namespace tool groups (as Codex sends them in additional_tools) and the namespace of call items', () => {
    const { request, warnings } = parseResponsesRequest({
      model: 'm',
      input: [
        { type: 'additional_tools', role: 'developer', tools: [{ type: 'namespace', name: 'functions', description: '', tools: [{ type: 'custom', name: 'exec' }, { type: 'function', name: 'wait', strict: false, parameters: { type: 'object', properties: {} } }] }] },
        { type: 'function_call', call_id: 'c1', name: 'spawn_agent', namespace: 'collaboration', arguments: '{}' },
      ],
      tool_choice: { type: 'function', name: 'wait' },
    });

    expect(warnings).toEqual([]);
    expect(request.tools).toEqual([
      { type: 'namespace', name: 'functions', description: '', tools: [{ type: 'custom', name: 'exec', format: { type: 'text' } }, { type: 'function', name: 'wait', strict: false, parameters: { type: 'object', properties: {} } }] },
    ]);
    expect(request.input).toEqual([{ type: 'function_call', call_id: 'c1', name: 'spawn_agent', namespace: 'collaboration', arguments: '{}' }]);
  });
});
