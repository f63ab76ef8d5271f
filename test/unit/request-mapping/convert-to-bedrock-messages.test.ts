import { convertToBedrockMessages } from '../../../lambda/bedrock/convert-to-bedrock-messages';
import { RequestWarnings } from '../../../lambda/bedrock/request-warnings';
import { ToolNameRegistry } from '../../../lambda/bedrock/tool-names';
import type { CatalogEntry } from '../../../lambda/catalog/types';
import type { OpenAIChatMessage } from '../../../lambda/openai/chat-request-types';
import { GatewayError } from '../../../lambda/platform/errors';
import { JPEG_BYTES, PNG_BYTES, PNG_DATA_URL, claude, fakeFetcher, llama, plain } from './fixtures';

async function convert(messages: OpenAIChatMessage[], model: CatalogEntry = claude) {
  const warnings = new RequestWarnings();
  const result = await convertToBedrockMessages(messages, { model, fetchImage: fakeFetcher(), toolNames: new ToolNameRegistry(), warnings });
  return { ...result, warnings: warnings.list() };
}

async function paramOf(messages: OpenAIChatMessage[], model: CatalogEntry = claude): Promise<string | null> {
  try {
    await convert(messages, model);
  } catch (error) {
    if (GatewayError.isInstance(error)) return error.param;
    throw error;
  }
  throw new Error('expected an error');
}

describe('system and developer messages', () => {
  it.each([
    {
      title: 'system and developer go to system[] in order',
      messages: [
        { role: 'system', content: 'A' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'B' }] },
      ] as OpenAIChatMessage[],
      expected: { system: [{ text: 'A' }, { text: 'B' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] },
    },
    {
      title: 'blank system text is dropped',
      messages: [
        { role: 'system', content: '  ' },
        { role: 'user', content: 'Hi' },
      ] as OpenAIChatMessage[],
      expected: { system: [], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] },
    },
    {
      title: 'cache_control on a system part adds a cache point',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Long', cache_control: { type: 'ephemeral' } }] },
        { role: 'user', content: 'Hi' },
      ] as OpenAIChatMessage[],
      expected: { system: [{ text: 'Long' }, { cachePoint: { type: 'default' } }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] },
    },
  ])('$title', async ({ messages, expected }) => {
    const result = await convert(messages);
    expect({ system: result.system, messages: result.messages }).toEqual(expected);
  });

  it('prepends system text to the first user turn when the model has no system prompt', async () => {
    const result = await convert([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }], plain);
    expect({ system: result.system, messages: result.messages }).toEqual({
      system: [],
      messages: [{ role: 'user', content: [{ text: 'Be brief.' }, { text: 'Hi' }] }],
    });
    expect(result.warnings).toEqual(['system: the model has no system prompt; system messages were prepended to the first user turn.']);
  });
});

describe('user messages', () => {
  it.each([
    { title: 'string content', content: 'Hi', expected: [{ text: 'Hi' }] },
    { title: 'text parts, blank ones dropped', content: [{ type: 'text', text: 'a' }, { type: 'text', text: ' \n' }], expected: [{ text: 'a' }] },
    {
      title: 'a PNG data URL',
      content: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }],
      expected: [{ image: { format: 'png', source: { bytes: PNG_BYTES } } }],
    },
    {
      title: 'image/jpg means jpeg, and the bytes decide the format',
      content: [{ type: 'image_url', image_url: { url: `data:image/jpg;base64,${Buffer.from(JPEG_BYTES).toString('base64')}` } }],
      expected: [{ image: { format: 'jpeg', source: { bytes: JPEG_BYTES } } }],
    },
    {
      title: 'a PNG mislabelled as JPEG is sent as PNG',
      content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${Buffer.from(PNG_BYTES).toString('base64')}` } }],
      expected: [{ image: { format: 'png', source: { bytes: PNG_BYTES } } }],
    },
    {
      title: 'an http image through the fetcher',
      content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
      expected: [{ image: { format: 'png', source: { bytes: PNG_BYTES } } }],
    },
    {
      title: 'a PDF file with text stays as a document with a sanitised name',
      content: [
        { type: 'text', text: 'Summarise' },
        { type: 'file', file: { filename: 'Q3 report.v2 (final).pdf', file_data: `data:application/pdf;base64,${Buffer.from('%PDF-1.4').toString('base64')}` } },
      ],
      expected: [
        { text: 'Summarise' },
        { document: { name: 'Q3 report-v2 (final)', format: 'pdf', source: { bytes: new Uint8Array(Buffer.from('%PDF-1.4')) } } },
      ],
    },
    {
      title: 'a document alone gets a text block',
      content: [{ type: 'file', file: { filename: 'notes.md', file_data: `data:text/markdown;base64,${Buffer.from('# x').toString('base64')}` } }],
      expected: [
        { document: { name: 'notes', format: 'md', source: { bytes: new Uint8Array(Buffer.from('# x')) } } },
        { text: 'See the attached document.' },
      ],
    },
    {
      title: 'duplicate document names are made unique',
      content: [
        { type: 'text', text: 'Compare' },
        { type: 'file', file: { filename: 'a.txt', file_data: 'data:text/plain;base64,eA==' } },
        { type: 'file', file: { filename: 'a.csv', file_data: 'data:text/csv;base64,eA==' } },
      ],
      expected: [
        { text: 'Compare' },
        { document: { name: 'a', format: 'txt', source: { bytes: new Uint8Array([0x78]) } } },
        { document: { name: 'a (2)', format: 'csv', source: { bytes: new Uint8Array([0x78]) } } },
      ],
    },
    {
      title: 'cache_control on a part adds a cache point after it',
      content: [{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral', ttl: '1h' } }, { type: 'text', text: 'Q' }],
      expected: [{ text: 'Doc' }, { cachePoint: { type: 'default', ttl: '1h' } }, { text: 'Q' }],
    },
  ] as { title: string; content: OpenAIChatMessage['content']; expected: unknown[] }[])('$title', async ({ content, expected }) => {
    const result = await convert([{ role: 'user', content } as OpenAIChatMessage]);
    expect(result.messages).toEqual([{ role: 'user', content: expected }]);
  });

  it.each([
    { title: 'input_audio', model: claude, content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }], param: 'messages[0].content[0]' },
    { title: 'an image on a model without vision', model: llama, content: [{ type: 'image_url', image_url: { url: PNG_DATA_URL } }], param: 'messages[0].content[0]' },
    { title: 'a document on a model without documents', model: llama, content: [{ type: 'file', file: { file_data: 'data:text/plain;base64,eA==' } }], param: 'messages[0].content[0]' },
    { title: 'a data URL that is not an image', model: claude, content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,aGVsbG8=' } }], param: 'messages[0].content[0].image_url.url' },
    { title: 'a file id', model: claude, content: [{ type: 'file', file: { file_id: 'file-1' } }], param: 'messages[0].content[0].file.file_id' },
    { title: 'an unsupported document type', model: claude, content: [{ type: 'file', file: { filename: 'a.zip', file_data: 'data:application/zip;base64,eA==' } }], param: 'messages[0].content[0].file.file_data' },
  ] as { title: string; model: CatalogEntry; content: OpenAIChatMessage['content']; param: string }[])('throws for $title, naming $param', async ({ model, content, param }) => {
    expect(await paramOf([{ role: 'user', content } as OpenAIChatMessage], model)).toBe(param);
  });
});

describe('assistant messages', () => {
  const toolCall = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });

  it.each([
    {
      title: 'text and tool calls become text and toolUse blocks',
      assistant: { role: 'assistant', content: 'Checking', tool_calls: [toolCall('call_1', 'get_weather', '{"city":"Paris"}')] },
      expected: [{ text: 'Checking' }, { toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } }],
    },
    {
      title: 'empty arguments become an empty object',
      assistant: { role: 'assistant', content: null, tool_calls: [toolCall('call_1', 'now', '')] },
      expected: [{ toolUse: { toolUseId: 'call_1', name: 'now', input: {} } }],
    },
    {
      title: 'invalid tool names and ids are sanitised deterministically',
      assistant: { role: 'assistant', tool_calls: [toolCall('functions.lookup:0', 'web.search', '{}')] },
      expected: [{ toolUse: { toolUseId: 'functions_lookup_0_f70e5c75', name: 'web_search_15f83c80', input: {} } }],
    },
    {
      title: 'signed reasoning comes first; unsigned is dropped',
      assistant: {
        role: 'assistant',
        content: 'Answer',
        thinking_blocks: [
          { type: 'thinking', thinking: 'Hmm', signature: 'sig' },
          { type: 'thinking', thinking: 'unsigned' },
          { type: 'redacted_thinking', data: 'AQI=' },
        ],
      },
      expected: [
        { reasoningContent: { reasoningText: { text: 'Hmm', signature: 'sig' } } },
        { reasoningContent: { redactedContent: new Uint8Array([1, 2]) } },
        { text: 'Answer' },
      ],
    },
    {
      title: 'reasoning_content with a signature round-trips',
      assistant: { role: 'assistant', content: 'Answer', reasoning_content: 'Think', reasoning_signature: 's1' },
      expected: [{ reasoningContent: { reasoningText: { text: 'Think', signature: 's1' } } }, { text: 'Answer' }],
    },
    {
      title: 'a refusal becomes text',
      assistant: { role: 'assistant', content: null, refusal: 'I cannot help with that.' },
      expected: [{ text: 'I cannot help with that.' }],
    },
  ] as { title: string; assistant: OpenAIChatMessage; expected: unknown[] }[])('$title', async ({ assistant, expected }) => {
    const result = await convert([{ role: 'user', content: 'Q' }, assistant]);
    expect(result.messages[1]).toEqual({ role: 'assistant', content: expected });
  });

  it('drops an assistant turn that is empty and merges the user turns around it', async () => {
    const result = await convert([
      { role: 'user', content: 'A' },
      { role: 'assistant', content: '   ' },
      { role: 'user', content: 'B' },
    ]);
    expect(result.messages).toEqual([{ role: 'user', content: [{ text: 'A' }, { text: 'B' }] }]);
  });

  it('inserts a user turn when the conversation starts with the assistant', async () => {
    const result = await convert([{ role: 'assistant', content: 'Hello!' }, { role: 'user', content: 'Hi' }]);
    expect(result.messages).toEqual([
      { role: 'user', content: [{ text: '(conversation start)' }] },
      { role: 'assistant', content: [{ text: 'Hello!' }] },
      { role: 'user', content: [{ text: 'Hi' }] },
    ]);
  });

  it.each([
    { title: 'invalid JSON arguments', args: '{oops', param: 'messages[1].tool_calls[0].function.arguments' },
    { title: 'array arguments', args: '[1]', param: 'messages[1].tool_calls[0].function.arguments' },
  ])('throws for $title, naming $param', async ({ args, param }) => {
    expect(await paramOf([{ role: 'user', content: 'Q' }, { role: 'assistant', tool_calls: [toolCall('c', 'f', args)] }])).toBe(param);
  });
});

describe('tool messages', () => {
  const history: OpenAIChatMessage[] = [
    { role: 'user', content: 'Weather in Paris and Rome?' },
    {
      role: 'assistant',
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call.b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
      ],
    },
  ];

  it('merges consecutive tool results into one user turn, JSON-looking content as text', async () => {
    const result = await convert([
      ...history,
      { role: 'tool', tool_call_id: 'call_a', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call.b', content: [{ type: 'text', text: 'Sunny' }] },
      { role: 'user', content: 'Thanks' },
    ]);
    expect(result.messages[2]).toEqual({
      role: 'user',
      content: [
        { toolResult: { toolUseId: 'call_a', content: [{ text: '{"temp":21}' }] } },
        { toolResult: { toolUseId: 'call_b_fd7bc11c', content: [{ text: 'Sunny' }] } },
        { text: 'Thanks' },
      ],
    });
    expect(result.messages[1]?.content?.[1]).toEqual({ toolUse: { toolUseId: 'call_b_fd7bc11c', name: 'get_weather', input: { city: 'Rome' } } });
    expect({ hasToolBlocks: result.hasToolBlocks, historyToolNames: result.historyToolNames }).toEqual({ hasToolBlocks: true, historyToolNames: ['get_weather'] });
  });

  it('sends an empty tool result as a placeholder text', async () => {
    const result = await convert([...history.slice(0, 1), { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, { role: 'tool', tool_call_id: 'c', content: '' }]);
    expect(result.messages[2]).toEqual({ role: 'user', content: [{ toolResult: { toolUseId: 'c', content: [{ text: '(empty)' }] } }] });
  });

  it('throws for tool results on a model without tools, naming the message', async () => {
    expect(await paramOf([{ role: 'user', content: 'Q' }, { role: 'tool', tool_call_id: 'c', content: 'x' }], plain)).toBe('messages[1]');
  });
});
