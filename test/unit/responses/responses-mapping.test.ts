/** Responses items to chat turns, and chat answers (JSON and chunks) to Responses output and events. */
import type { OpenAIChatCompletion, OpenAIChatCompletionChunk, OpenAIChatCompletionChunkDelta } from '../../../lambda/openai/chat-response-types';
import { InvalidRequestError } from '../../../lambda/platform/errors';
import { convertToChatRequest, customToolInput } from '../../../lambda/responses/convert-to-chat-request';
import { clientView, convertCompletionToResponse, type OutputOptions } from '../../../lambda/responses/response-object';
import { ToolBook } from '../../../lambda/responses/tool-book';
import { parseResponsesRequest } from '../../../lambda/responses/responses-request-schema';
import { ResponsesStreamConverter } from '../../../lambda/responses/responses-stream';
import type { ResponsesCreateRequest } from '../../../lambda/responses/responses-types';

function request(body: Record<string, unknown>): ResponsesCreateRequest {
  return parseResponsesRequest({ model: 'nova-pro', ...body }).request;
}

function chatMessages(body: Record<string, unknown>, open: (sealed: string) => ReturnType<Parameters<typeof convertToChatRequest>[2]['openReasoning']> = () => undefined): unknown[] {
  const parsed = request(body);
  return convertToChatRequest(
    parsed,
    parsed.input.map((item, index) => ({ item, param: `input[${index}]` })),
    { openReasoning: open, warnings: { add: () => undefined } },
  ).messages;
}

describe('Responses items as chat turns', () => {
  it.each([
    ['instructions and a developer message become system turns', { instructions: 'Be brief.', input: [{ role: 'developer', content: 'Use tools.' }, { role: 'user', content: 'Hi' }] }, [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: [{ type: 'text', text: 'Use tools.' }] },
      { role: 'user', content: 'Hi' },
    ]],
    ['images and files become image_url and file parts', { input: [{ role: 'user', content: [{ type: 'input_text', text: 'See' }, { type: 'input_image', image_url: 'https://example.com/a.png' }, { type: 'input_file', file_data: 'data:application/pdf;base64,AA==', filename: 'a.pdf' }] }] }, [
      { role: 'user', content: [{ type: 'text', text: 'See' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }, { type: 'file', file: { file_data: 'data:application/pdf;base64,AA==', filename: 'a.pdf' } }] },
    ]],
    ['an assistant message and the calls after it are one assistant turn; outputs are tool turns', { input: [
      { role: 'user', content: 'Go' },
      { role: 'assistant', content: [{ type: 'output_text', text: 'Running.' }] },
      { type: 'function_call', call_id: 'c1', name: 'exec', arguments: '{"cmd":"ls"}' },
      { type: 'custom_tool_call', call_id: 'c2', name: 'apply_patch', input: '*** Begin Patch' },
      { type: 'function_call_output', call_id: 'c1', output: 'a.txt' },
      { type: 'custom_tool_call_output', call_id: 'c2', output: [{ type: 'input_text', text: 'Done' }, { type: 'input_image', image_url: 'data:image/png;base64,AA==' }] },
    ] }, [
      { role: 'user', content: 'Go' },
      {
        role: 'assistant',
        content: [{ type: 'text', text: 'Running.' }],
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'exec', arguments: '{"cmd":"ls"}' } },
          { id: 'c2', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'c2', content: 'Done' },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] },
    ]],
    ['blank developer and assistant messages say nothing: left out (Bedrock refuses blank text)', { input: [{ role: 'developer', content: '' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'output_text', text: ' ' }] }, { role: 'user', content: 'Again' }] }, [
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Again' },
    ]],
  ])('%s', (_rule, body, expected) => {
    expect(chatMessages(body)).toEqual(expected);
  });

  it.each([
    ['an output without a call before it', [{ role: 'user', content: 'Go' }, { type: 'function_call_output', call_id: 'c9', output: 'x' }], 'input[1].call_id'],
    ['a call without an output', [{ role: 'user', content: 'Go' }, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' }, { role: 'user', content: 'And?' }], 'input[1]'],
    ['a custom tool call without an output', [{ role: 'user', content: 'Go' }, { type: 'custom_tool_call', call_id: 'c1', name: 'exec', input: 'ls' }], 'input[1]'],
  ])('refuses %s, naming the item (Bedrock needs each call answered, each output called)', (_rule, input, param) => {
    expect(() => chatMessages({ input })).toThrow(expect.objectContaining({ param }) as InvalidRequestError);
  });

  it('puts opened reasoning on the assistant turn it precedes, and refuses one that does not open', () => {
    const blocks = [{ type: 'thinking' as const, thinking: 'Hmm.', signature: 's' }];
    const input = [{ role: 'user', content: 'Go' }, { type: 'reasoning', summary: [], encrypted_content: 'gwr1.x' }, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' }, { type: 'function_call_output', call_id: 'c1', output: 'ok' }];

    expect(chatMessages({ input }, () => blocks)[1]).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }], thinking_blocks: blocks });
    expect(() => chatMessages({ input })).toThrow(expect.objectContaining({ param: 'input[1].encrypted_content' }) as InvalidRequestError);
  });

  it('sends custom tools as one-string function tools with the grammar in the description', () => {
    const parsed = request({ input: 'x', tools: [{ type: 'custom', name: 'apply_patch', description: 'Edit.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "a"' } }], tool_choice: { type: 'custom', name: 'apply_patch' } });
    const chat = convertToChatRequest(parsed, [], { openReasoning: () => undefined, warnings: { add: () => undefined } });

    expect(chat.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'apply_patch',
          description: "Edit.\n\nThe 'input' string must follow this Lark grammar:\nstart: \"a\"",
          parameters: { type: 'object', properties: { input: { type: 'string', description: 'The raw input of the tool, as free-form text.' } }, required: ['input'], additionalProperties: false },
        },
      },
    ]);
    expect(chat.tool_choice).toEqual({ type: 'function', function: { name: 'apply_patch' } });
  });

  it.each([
    ['{"input":"raw text"}', 'raw text'],
    ['not json', 'not json'],
    ['{"other":1}', '{"other":1}'],
  ])('reads custom tool input %s as %s', (args, input) => {
    expect(customToolInput(args)).toBe(input);
  });
});

describe('namespace tools as chat tools', () => {
  const NAMESPACED = {
    tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object', properties: {} } }],
    input: [
      { type: 'additional_tools', role: 'developer', tools: [
        { type: 'namespace', name: 'functions', description: '', tools: [{ type: 'custom', name: 'exec', description: 'Run code.' }] },
        { type: 'namespace', name: 'collaboration', description: 'Work with other agents.', tools: [{ type: 'function', name: 'spawn_agent', description: 'Start one.' }] },
      ] },
      { role: 'user', content: 'Go' },
      { type: 'custom_tool_call', call_id: 'c1', name: 'exec', input: 'ls' },
      { type: 'function_call', call_id: 'c2', name: 'spawn_agent', namespace: 'collaboration', arguments: '{}' },
      { type: 'function_call', call_id: 'c3', name: 'spawn_agent', arguments: '{}' },
      { type: 'custom_tool_call_output', call_id: 'c1', output: 'a.txt' },
      { type: 'function_call_output', call_id: 'c2', output: 'started' },
      { type: 'function_call_output', call_id: 'c3', output: 'started' },
    ],
  };

  it('flattens every member into a tool of its own; a namespace description follows the tool description', () => {
    const parsed = request(NAMESPACED);
    const chat = convertToChatRequest(parsed, [], { openReasoning: () => undefined, warnings: { add: () => undefined } });

    expect(chat.tools?.map((tool) => [tool.function.name, tool.function.description])).toEqual([
      ['spawn_agent', undefined],
      ['exec', 'Run code.'],
      ['collaboration__spawn_agent', 'Start one.\n\n(collaboration: Work with other agents.)'],
    ]);
    expect(chat.tools?.[1]?.function.parameters).toEqual(expect.objectContaining({ required: ['input'] }));
  });

  it('sends calls of the conversation under the chat name of the tool they named (namespace and name)', () => {
    expect(chatMessages(NAMESPACED)[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'exec', arguments: '{"input":"ls"}' } },
        { id: 'c2', type: 'function', function: { name: 'collaboration__spawn_agent', arguments: '{}' } },
        { id: 'c3', type: 'function', function: { name: 'spawn_agent', arguments: '{}' } },
      ],
    });
  });
});

const OUTPUT: OutputOptions = { tools: ToolBook.of([{ type: 'custom', name: 'apply_patch' }]), seal: () => 'gwr1.sealed', summary: true };
const IDENTITY = { id: 'resp_1', createdAt: 1, request: request({ input: 'x' }) };

describe('chat answers as Responses output', () => {
  it('orders reasoning, message and calls; custom tool calls carry the raw input; length is incomplete', () => {
    const completion: OpenAIChatCompletion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'nova-pro',
      choices: [
        {
          index: 0,
          finish_reason: 'length',
          logprobs: null,
          message: {
            role: 'assistant',
            content: 'Patching.',
            refusal: null,
            thinking_blocks: [{ type: 'thinking', thinking: 'Plan.', signature: 's' }],
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' } },
              { id: 'c2', type: 'function', function: { name: 'exec', arguments: '{}' } },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 4 }, cache_creation_input_tokens: 0 },
    };

    const response = convertCompletionToResponse(completion, IDENTITY, 'nova-pro', OUTPUT);

    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'custom_tool_call', 'function_call']);
    expect(response.output[0]).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: 'gwr1.sealed' });
    expect(response.output[2]).toEqual(expect.objectContaining({ input: '*** Begin Patch', call_id: 'c1' }));
    expect(response.usage).toEqual({ input_tokens: 10, input_tokens_details: { cached_tokens: 4 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 });
    expect(clientView(response, IDENTITY.request).output[0]).not.toHaveProperty('encrypted_content');
  });
});

describe('calls of namespace members as Responses output', () => {
  const tools = ToolBook.of(request({ input: 'x', tools: [
    { type: 'namespace', name: 'functions', description: '', tools: [{ type: 'custom', name: 'exec' }] },
    { type: 'namespace', name: 'collaboration', description: '', tools: [{ type: 'function', name: 'spawn_agent' }] },
  ] }).tools);
  const options: OutputOptions = { ...OUTPUT, tools };

  it('a functions member comes back without namespace, another member with its namespace (JSON)', () => {
    const completion: OpenAIChatCompletion = {
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, finish_reason: 'tool_calls', logprobs: null, message: { role: 'assistant', content: null, refusal: null, tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'exec', arguments: '{"input":"ls"}' } },
        { id: 'c2', type: 'function', function: { name: 'spawn_agent', arguments: '{"task":"x"}' } },
      ] } }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2, prompt_tokens_details: { cached_tokens: 0 }, cache_creation_input_tokens: 0 },
    };

    expect(convertCompletionToResponse(completion, IDENTITY, 'm', options).output).toEqual([
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'c1', name: 'exec', input: 'ls' },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'c2', name: 'spawn_agent', namespace: 'collaboration', arguments: '{"task":"x"}' },
    ]);
  });

  it('the same in the stream: added and done items carry the namespace', () => {
    const converter = new ResponsesStreamConverter(IDENTITY, 'm', options);
    const events = [
      ...converter.start(),
      ...converter.chunk(chunk({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'exec', arguments: '{"input":"ls"}' } }] })),
      ...converter.chunk(chunk({ tool_calls: [{ index: 1, id: 'c2', type: 'function', function: { name: 'spawn_agent', arguments: '{}' } }] }, 'tool_calls')),
      ...converter.end().events,
    ];

    expect(events.filter((event) => event.type === 'response.output_item.added' || event.type === 'response.output_item.done').map((event) => ('item' in event ? event.item : undefined))).toEqual([
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'in_progress', call_id: 'c1', name: 'exec', input: '' },
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'c1', name: 'exec', input: 'ls' },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'in_progress', call_id: 'c2', name: 'spawn_agent', namespace: 'collaboration', arguments: '' },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'c2', name: 'spawn_agent', namespace: 'collaboration', arguments: '{}' },
    ]);
  });
});

function chunk(delta: OpenAIChatCompletionChunkDelta, finish: OpenAIChatCompletionChunk['choices'][number]['finish_reason'] = null): OpenAIChatCompletionChunk {
  return { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] };
}

describe('chat chunks as Responses events', () => {
  it('emits each item from added to done, the custom input decoded when its call ends, and response.completed last', () => {
    const converter = new ResponsesStreamConverter(IDENTITY, 'nova-pro', OUTPUT);
    const events = [
      ...converter.start(),
      ...converter.chunk(chunk({ reasoning_content: 'Plan.' })),
      ...converter.chunk(chunk({ reasoning_signature: 's' })),
      ...converter.chunk(chunk({ content: 'Hi' })),
      ...converter.chunk(chunk({ tool_calls: [{ index: 0, id: 'c1', type: 'function', function: { name: 'apply_patch', arguments: '' } }] })),
      ...converter.chunk(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"input":"a\\nb"}' } }] })),
      ...converter.chunk(chunk({ tool_calls: [{ index: 1, id: 'c2', type: 'function', function: { name: 'exec', arguments: '{"cmd"' } }] })),
      ...converter.chunk(chunk({ tool_calls: [{ index: 1, function: { arguments: ':"ls"}' } }] })),
      ...converter.chunk(chunk({}, 'tool_calls')),
      ...converter.chunk({ ...chunk({}), choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, prompt_tokens_details: { cached_tokens: 0 }, cache_creation_input_tokens: 0 } }),
    ];
    const { events: last, response } = converter.end();

    expect([...events, ...last].map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(response.output).toEqual([
      { id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: 'gwr1.sealed' },
      { id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hi', annotations: [] }] },
      { id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'c1', name: 'apply_patch', input: 'a\nb' },
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'c2', name: 'exec', arguments: '{"cmd":"ls"}' },
    ]);
    expect(response.usage?.total_tokens).toBe(5);
  });
});
