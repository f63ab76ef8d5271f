/**
 * The Responses API through the official `openai` client (`client.responses.create`, JSON and
 * stream) against the local gateway, the Bedrock emulator and the real ledger: text, function and
 * custom tool round trips, hosted tools dropped with warnings, reasoning carried in sealed
 * `encrypted_content`, stored responses (GET, DELETE, previous_response_id, other tenants), errors
 * and usage.
 */
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { buildRequest, createCaptureSink } from '../support/capture-sink';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;
let client: OpenAI;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
  client = harness.client();
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

/** The bodies Bedrock received for `operation`. */
function bedrockBodies(operation: string): Record<string, unknown>[] {
  return harness.emulator.requests.filter((request) => request.operation === operation).map((request) => request.body as Record<string, unknown>);
}

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('POST /v1/responses (JSON)', () => {
  it('answers a response object with a message item and usage, and charges the key', async () => {
    harness.emulator.script({ text: 'Hello there!', usage: { inputTokens: 11, outputTokens: 4, cacheReadInputTokens: 20 } });

    const { data: response, response: raw } = await client.responses.create({ model: 'nova-pro', instructions: 'Be brief.', input: 'Hi', store: false }).withResponse();

    expect(response).toEqual(
      expect.objectContaining({
        id: expect.stringMatching(/^resp_[0-9a-f]{48}$/),
        object: 'response',
        status: 'completed',
        model: 'nova-pro',
        instructions: 'Be brief.',
        error: null,
        incomplete_details: null,
        output: [{ id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello there!', annotations: [] }] }],
        usage: { input_tokens: 31, input_tokens_details: { cached_tokens: 20 }, output_tokens: 4, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 35 },
      }),
    );
    expect(response.output_text).toBe('Hello there!');
    expect(raw.headers.get('x-gateway-model')).toBe('amazon.nova-pro-v1:0');
    expect(bedrockBodies('Converse')[0]).toEqual(expect.objectContaining({ system: [{ text: 'Be brief.' }], messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }));
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 11, outputTokens: 4, cacheReadTokens: 20, cacheWriteTokens: 0 });
  });

  it('reserves the budget from max_output_tokens, and reports a cut answer as incomplete', async () => {
    harness.emulator.script({ text: 'A long answer', stopReason: 'max_tokens' });

    const response = await client.responses.create({ model: 'nova-pro', input: 'Tell me everything', max_output_tokens: 64, store: false });

    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(harness.meter.admissions[0]?.maxOutputTokens).toBe(64);
    expect(bedrockBodies('Converse')[0]?.['inferenceConfig']).toEqual(expect.objectContaining({ maxTokens: 64 }));
  });

  it('maps developer and assistant messages, and answers json_schema text formats as JSON text', async () => {
    const response = await client.responses.create({
      model: 'claude-sonnet-4-5',
      store: false,
      input: [
        { role: 'developer', content: 'Answer in JSON.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Who wrote the first program?' }] },
        { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Ada?', annotations: [] }] },
        { role: 'user', content: 'Name only.' },
      ],
      text: { format: { type: 'json_schema', name: 'person', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }, strict: true } },
    });

    expect(JSON.parse(response.output_text)).toEqual({ name: expect.any(String) });
    const [body] = bedrockBodies('Converse');
    expect(body?.['system']).toEqual(expect.arrayContaining([{ text: 'Answer in JSON.' }]));
    expect((body?.['messages'] as { role: string }[]).map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });
});

describe('prompt caching', () => {
  it.each([
    ['adds cache points when a prompt_cache_key is sent (Codex sends one per session)', { prompt_cache_key: 'session-1' }, true],
    ['adds none without one (the deployment default is off)', {}, false],
  ])('%s', async (_rule, extra, cached) => {
    await client.responses.create({ model: 'claude-sonnet-4-5', instructions: 'Be brief.', input: 'Hi', store: false, ...extra });

    expect(JSON.stringify(bedrockBodies('Converse')[0]).includes('cachePoint')).toBe(cached);
  });
});

describe('POST /v1/responses (stream)', () => {
  it('streams the event sequence Codex accepts, numbered from 0, ending with response.completed', async () => {
    harness.emulator.script({ text: 'Streaming works fine.', usage: { inputTokens: 7, outputTokens: 5 } });

    const events = await collect(await client.responses.create({ model: 'nova-pro', input: 'Hi', stream: true, store: false }));

    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...events.filter((event) => event.type === 'response.output_text.delta').map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const completed = events.at(-1);
    expect(completed?.type === 'response.completed' && completed.response.output).toEqual([
      { id: expect.stringMatching(/^msg_/), type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Streaming works fine.', annotations: [] }] },
    ]);
    expect(completed?.type === 'response.completed' && completed.response.usage).toEqual({
      input_tokens: 7,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 12,
    });
    const [settled] = await harness.meter.settled(1);
    expect(settled?.usage).toEqual({ inputTokens: 7, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 });
  });

  it('completes a function tool round trip (function_call streamed, function_call_output sent back)', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      { type: 'function', name: 'get_weather', description: 'Weather', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ];
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_01', name: 'get_weather', input: { city: 'Paris' } }] });

    const events = await collect(await client.responses.create({ model: 'nova-pro', input: 'Weather in Paris?', tools, stream: true, store: false }));

    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['response.output_item.added', 'response.function_call_arguments.delta', 'response.function_call_arguments.done', 'response.output_item.done']));
    const done = events.find((event) => event.type === 'response.output_item.done');
    expect(done?.type === 'response.output_item.done' && done.item).toEqual({
      id: expect.stringMatching(/^fc_/),
      type: 'function_call',
      status: 'completed',
      call_id: 'tooluse_01',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });

    harness.emulator.script({ text: 'It is sunny in Paris.' });
    const second = await client.responses.create({
      model: 'nova-pro',
      tools,
      store: false,
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'tooluse_01', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'tooluse_01', output: 'Sunny, 24C' },
      ],
    });

    expect(second.output_text).toBe('It is sunny in Paris.');
    expect(bedrockBodies('Converse')[0]?.['messages']).toEqual([
      { role: 'user', content: [{ text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_01', name: 'get_weather', input: { city: 'Paris' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_01', content: [{ text: 'Sunny, 24C' }] } }] },
    ]);
  });

  it('calls a custom (free-form) tool as one string and returns custom_tool_call with the raw input', async () => {
    const patch = '*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch';
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_02', name: 'apply_patch', input: { input: patch } }] });
    const tools: OpenAI.Responses.Tool[] = [{ type: 'custom', name: 'apply_patch', description: 'Edit files', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } }];

    const events = await collect(await client.responses.create({ model: 'nova-pro', input: 'Add a.txt', tools, stream: true, store: false }));

    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done']));
    const done = events.find((event) => event.type === 'response.output_item.done');
    expect(done?.type === 'response.output_item.done' && done.item).toEqual({ id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'completed', call_id: 'tooluse_02', name: 'apply_patch', input: patch });
    const [first] = bedrockBodies('ConverseStream');
    expect(first?.['toolConfig']).toEqual(
      expect.objectContaining({
        tools: [
          {
            toolSpec: expect.objectContaining({
              name: 'apply_patch',
              description: expect.stringContaining('Lark grammar:\nstart: "x"'),
              inputSchema: { json: expect.objectContaining({ properties: { input: expect.objectContaining({ type: 'string' }) }, required: ['input'] }) },
            }),
          },
        ],
      }),
    );

    harness.emulator.script({ text: 'Done.' });
    await client.responses.create({
      model: 'nova-pro',
      tools,
      store: false,
      input: [
        { role: 'user', content: 'Add a.txt' },
        { type: 'custom_tool_call', call_id: 'tooluse_02', name: 'apply_patch', input: patch },
        { type: 'custom_tool_call_output', call_id: 'tooluse_02', output: 'Success' },
      ],
    });
    expect(bedrockBodies('Converse')[0]?.['messages']).toEqual([
      { role: 'user', content: [{ text: 'Add a.txt' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_02', name: 'apply_patch', input: { input: patch } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_02', content: [{ text: 'Success' }] } }] },
    ]);
  });
});

describe('failures and disconnects', () => {
  it('ends a stream Bedrock breaks off with response.failed naming the error (Codex shows its message)', async () => {
    harness.emulator.fault({ type: 'mid-stream-error', afterEvents: 3 });
    harness.emulator.script({ text: 'This answer will break off somewhere in the middle.' });

    const response = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-integration-default-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'nova-pro', input: 'Hi', stream: true, store: false }),
    });
    const events = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as { type: string; sequence_number: number; response?: { status: string; error: { code: string; message: string } | null } });

    expect(events[0]?.type).toBe('response.created');
    expect(events.map((event) => event.type)).not.toContain('response.completed');
    const failed = events.at(-1);
    expect(failed?.type).toBe('response.failed');
    expect(failed?.response).toEqual(expect.objectContaining({ status: 'failed', error: { code: expect.any(String), message: expect.any(String) } }));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  });

  it('aborts the Bedrock stream when the client disconnects and settles what was produced', async () => {
    harness.emulator.script({ text: 'word '.repeat(200) });
    harness.emulator.fault({ type: 'slow-tokens', delayMs: 20, operations: ['ConverseStream'] });
    const controller = new AbortController();

    const stream = await client.responses.create({ model: 'nova-pro', input: 'Talk', stream: true, store: false }, { signal: controller.signal });
    let seen = 0;
    await (async () => {
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') seen += 1;
        if (seen === 3) controller.abort();
      }
    })().catch(() => undefined);

    const [settlement] = await harness.meter.settled(1);
    await harness.emulator.whenIdle();
    expect(harness.emulator.requests.find((request) => request.operation === 'ConverseStream')?.stream).toMatchObject({ aborted: true, completed: false });
    expect(settlement).toMatchObject({ status: 200, clientAborted: true });
    expect(settlement?.usage.outputTokens).toBeGreaterThan(0);
  });

  it("reserves the model's maximum output when max_output_tokens is absent", async () => {
    await client.responses.create({ model: 'nova-pro', input: 'Hi', store: false });

    const maxTokens = (bedrockBodies('Converse')[0]?.['inferenceConfig'] as { maxTokens: number }).maxTokens;
    expect(maxTokens).toBeGreaterThan(1000);
    expect(harness.meter.admissions[0]?.maxOutputTokens).toBe(maxTokens);
  });

  it('serves /iam/v1/responses to a SigV4 caller (API Gateway checked the signature), its stored responses scoped to its role', async () => {
    harness.emulator.script({ text: 'Signed.' });
    const sink = createCaptureSink();
    const platformIdentity = { kind: 'iam' as const, userArn: 'arn:aws:sts::123456789012:assumed-role/ci-runner/session-1' };

    await harness.app(buildRequest({ method: 'POST', path: '/iam/v1/responses', json: { model: 'nova-micro', input: 'Hi' }, platformIdentity }), sink);

    expect(sink.statusCode).toBe(200);
    const created = sink.json() as { id: string; output: unknown[] };
    expect(created.output).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: 'Signed.' })] })]);
    expect(harness.meter.admissions[0]?.principal.id).toBe('arn:aws:iam::123456789012:role/ci-runner');
    const fetched = createCaptureSink();
    await harness.app(buildRequest({ method: 'GET', path: `/iam/v1/responses/${created.id}`, platformIdentity }), fetched);
    expect(fetched.statusCode).toBe(200);
    await expect(client.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('serves /iam/v1/responses to SigV4 callers only: a bearer key there is a 401 in OpenAI format', async () => {
    const response = await fetch(`${harness.url}/iam/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-integration-default-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'nova-pro', input: 'Hi' }),
    });

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: expect.objectContaining({ type: 'authentication_error' }) });
  });
});

describe('hosted tools and namespace tool groups', () => {
  it('drops web_search and tool_search with an x-gateway-warnings entry each, never a 400', async () => {
    const response = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-integration-default-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'nova-pro',
        input: 'Hi',
        store: false,
        tools: [
          { type: 'function', name: 'exec_command', parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
          { type: 'web_search', external_web_access: false },
          { type: 'tool_search', execution: 'client', description: 'x', parameters: {} },
        ],
      }),
    });

    expect(response.status).toBe(200);
    const warnings = response.headers.get('x-gateway-warnings') ?? '';
    expect(warnings).toContain('tools[1]: the hosted web_search tool is not available on Amazon Bedrock; dropped.');
    expect(warnings).toContain('tools[2]: the hosted tool_search tool is not available on Amazon Bedrock; dropped.');
    const [body] = bedrockBodies('Converse');
    expect((body?.['toolConfig'] as { tools: { toolSpec: { name: string } }[] }).tools.map((tool) => tool.toolSpec.name)).toEqual(['exec_command']);
  });

  it('serves the members of namespace tools: a call comes back with its namespace, and goes back to Bedrock under the same tool', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      { type: 'function', name: 'spawn_agent', strict: false, parameters: { type: 'object', properties: {} } },
      {
        type: 'namespace',
        name: 'crm',
        description: 'The customer database.',
        tools: [
          { type: 'function', name: 'spawn_agent', description: 'Starts a CRM agent.', parameters: { type: 'object', properties: { task: { type: 'string' } } } },
          { type: 'function', name: 'lookup', description: 'Finds a customer.', parameters: { type: 'object', properties: { email: { type: 'string' } } } },
        ],
      },
    ];
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_11', name: 'crm__spawn_agent', input: { task: 'find bob' } }] });

    const first = await client.responses.create({ model: 'nova-pro', input: 'Find Bob.', tools, store: false });

    expect(first.output).toEqual([
      { id: expect.stringMatching(/^fc_/), type: 'function_call', status: 'completed', call_id: 'tooluse_11', name: 'spawn_agent', namespace: 'crm', arguments: '{"task":"find bob"}' },
    ]);
    expect((bedrockBodies('Converse')[0]?.['toolConfig'] as { tools: { toolSpec: { name: string; description?: string } }[] }).tools.map((tool) => [tool.toolSpec.name, tool.toolSpec.description])).toEqual([
      ['spawn_agent', undefined],
      ['crm__spawn_agent', 'Starts a CRM agent.\n\n(crm: The customer database.)'],
      ['lookup', 'Finds a customer.\n\n(crm: The customer database.)'],
    ]);

    harness.emulator.script({ text: 'Bob is a customer.' });
    await client.responses.create({
      model: 'nova-pro',
      tools,
      store: false,
      input: [{ role: 'user', content: 'Find Bob.' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: 'tooluse_11', output: 'agent a1 started' }],
    });
    expect(bedrockBodies('Converse')[1]?.['messages']).toEqual([
      { role: 'user', content: [{ text: 'Find Bob.' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_11', name: 'crm__spawn_agent', input: { task: 'find bob' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_11', content: [{ text: 'agent a1 started' }] } }] },
    ]);
  });
});

describe('reasoning', () => {
  it('carries the thinking signature in a sealed encrypted_content and sends it back to Bedrock on the next turn', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_03', name: 'get_time', input: {} }], reasoning: { text: 'I should check the clock.', signature: 'sig-abc' } });
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'get_time', strict: false, parameters: { type: 'object', properties: {} } }];

    const first = await client.responses.create({
      model: 'claude-sonnet-4-5',
      input: 'What time is it?',
      tools,
      reasoning: { effort: 'low', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      store: false,
    });

    const [reasoning, call] = first.output;
    expect(reasoning).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [{ type: 'summary_text', text: 'I should check the clock.' }], encrypted_content: expect.stringMatching(/^gwr1\./) });
    expect(JSON.stringify(reasoning)).not.toContain('sig-abc');
    expect(call).toEqual(expect.objectContaining({ type: 'function_call', call_id: 'tooluse_03', name: 'get_time' }));

    harness.emulator.script({ text: 'It is noon.' });
    await client.responses.create({
      model: 'claude-sonnet-4-5',
      input: [{ role: 'user', content: 'What time is it?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: 'tooluse_03', output: '12:00' }],
      tools,
      reasoning: { effort: 'low' },
      store: false,
    });

    const assistant = (bedrockBodies('Converse')[1]?.['messages'] as { role: string; content: unknown[] }[])[1];
    expect(assistant?.content[0]).toEqual({ reasoningContent: { reasoningText: { text: 'I should check the clock.', signature: 'sig-abc' } } });
  });

  it('refuses a tampered or another tenant’s encrypted_content with a 400 naming the item', async () => {
    harness.emulator.script({ text: 'ok', reasoning: { text: 'Thinking.', signature: 'sig-x' } });
    const first = await client.responses.create({ model: 'claude-sonnet-4-5', input: 'Hi', reasoning: { effort: 'low' }, include: ['reasoning.encrypted_content'], store: false });
    const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
    const sealed = reasoning.encrypted_content ?? '';
    const tampered = `${sealed.slice(0, -4)}${sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;

    for (const [caller, encrypted] of [
      [client, tampered],
      [harness.client('sk-limited'), sealed],
    ] as const) {
      const failure = await caller.responses
        .create({ model: 'nova-micro', store: false, input: [{ role: 'user', content: 'Hi' }, { ...reasoning, encrypted_content: encrypted }, { role: 'assistant', content: 'ok' }, { role: 'user', content: 'Again' }] })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OpenAI.BadRequestError);
      expect((failure as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input[1].encrypted_content');
    }
  });
});

describe('stored responses', () => {
  it('stores by default: GET returns it, previous_response_id continues it, DELETE removes it', async () => {
    harness.emulator.script({ text: 'My name is Nova.' });
    const first = await client.responses.create({ model: 'nova-micro', input: 'What is your name?' });
    expect(first).toEqual(expect.objectContaining({ store: true }));

    const fetched = await client.responses.retrieve(first.id);
    expect(fetched.output_text).toBe('My name is Nova.');

    harness.emulator.script({ text: 'I said Nova.' });
    const second = await client.responses.create({ model: 'nova-micro', input: 'What did you say?', previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    expect(bedrockBodies('Converse')[1]?.['messages']).toEqual([
      { role: 'user', content: [{ text: 'What is your name?' }] },
      { role: 'assistant', content: [{ text: 'My name is Nova.' }] },
      { role: 'user', content: [{ text: 'What did you say?' }] },
    ]);

    await client.responses.delete(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await client.responses.delete(second.id);
  });

  it('keeps nothing with store: false, and answers 404 to another tenant', async () => {
    const unstored = await client.responses.create({ model: 'nova-micro', input: 'Hi', store: false });
    await expect(client.responses.retrieve(unstored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const stored = await client.responses.create({ model: 'nova-micro', input: 'Hi' });
    const other = harness.client('sk-limited');
    await expect(other.responses.retrieve(stored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(other.responses.delete(stored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const continued = await other.responses.create({ model: 'nova-micro', input: 'Hi', previous_response_id: stored.id }).catch((error: unknown) => error);
    expect(continued).toBeInstanceOf(OpenAI.NotFoundError);
    expect((continued as InstanceType<typeof OpenAI.NotFoundError>).param).toBe('previous_response_id');
    await expect(client.responses.retrieve(stored.id)).resolves.toEqual(expect.objectContaining({ id: stored.id }));
  });
});

describe('errors in OpenAI format naming the parameter', () => {
  it.each([
    ['a missing model', { input: 'Hi' }, 400, 'model'],
    ['an unknown model', { model: 'no-such-model', input: 'Hi' }, 404, 'model'],
    ['an input of the wrong type', { model: 'nova-pro', input: 42 }, 400, 'input'],
    ['a bad role', { model: 'nova-pro', input: [{ role: 'robot', content: 'Hi' }] }, 400, 'input[0].role'],
    ['a bad content part', { model: 'nova-pro', input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }, 400, 'input[0].content[0].type'],
    ['a Files API image', { model: 'nova-pro', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }, 400, 'input[0].content[0].file_id'],
    ['a temperature out of range', { model: 'nova-pro', input: 'Hi', temperature: 3 }, 400, 'temperature'],
    ['a bad reasoning effort', { model: 'nova-pro', input: 'Hi', reasoning: { effort: 'extreme' } }, 400, 'reasoning.effort'],
    ['a tool choice naming no tool', { model: 'nova-pro', input: 'Hi', tool_choice: { type: 'function', name: 'nope' } }, 400, 'tool_choice.name'],
    ['an unknown previous response', { model: 'nova-pro', input: 'Hi', previous_response_id: 'resp_nope' }, 404, 'previous_response_id'],
    ['background mode', { model: 'nova-pro', input: 'Hi', background: true }, 400, 'background'],
    ['function parameters that are not a schema of an object', { model: 'nova-pro', input: 'Hi', tools: [{ type: 'function', name: 'f', parameters: { type: 'string' } }] }, 400, 'tools[0].parameters.type'],
    ['a text.format schema with a bad keyword', { model: 'nova-pro', input: 'Hi', text: { format: { type: 'json_schema', name: 's', schema: { type: 'object', required: 'a' } } } }, 400, 'text.format.schema.required'],
    ['an empty user message', { model: 'nova-pro', input: [{ role: 'user', content: [] }] }, 400, 'input[0].content'],
    ['function_call arguments that are not JSON', { model: 'nova-pro', input: [{ role: 'user', content: 'Hi' }, { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{oops' }, { type: 'function_call_output', call_id: 'c1', output: 'x' }] }, 400, 'input[1].arguments'],
  ])('%s', async (_label, body, status, param) => {
    const response = await fetch(`${harness.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-integration-default-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as { error: { param: string; type: string; message: string } };

    expect(response.status).toBe(status);
    expect(json.error.param).toBe(param);
    expect(json.error.message).toEqual(expect.any(String));
    expect(harness.emulator.requests).toEqual([]);
  });
});
