/**
 * Codex CLI 0.171.0's recorded Responses requests (shared/fixtures/agents, structure only: the
 * redacted texts are filled with text of the same length) replayed with their headers against the
 * gateway with a catalog model: every one is a 200
 * stream ending with `response.completed`, the hosted tools dropped with warnings, function and
 * custom tools (top-level and in namespace groups) sent to Bedrock, tool calls and outputs mapped to
 * Bedrock turns, and a call of Codex's `exec` tool coming back in the shape Codex ran.
 */
import { readFileSync } from 'node:fs';
import { startOpenAIGatewayHarness, TEST_KEYS, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

const FIXTURES = '/work/shared/fixtures/agents';
const REDACTED = /^<redacted: (\d+) chars of (.+)>$/;

/** The recorded value with every redacted text replaced by text of the recorded length. */
function fillRedacted(value: unknown): unknown {
  if (typeof value === 'string') {
    const match = REDACTED.exec(value);
    return match === null ? value : 'Lorem ipsum dolor sit amet. '.repeat(Math.ceil(Number(match[1]) / 28)).slice(0, Number(match[1]));
  }
  if (Array.isArray(value)) return value.map(fillRedacted);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fillRedacted(inner)]));
  return value;
}

interface RecordedRequestFixture {
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

function fixture(name: string): RecordedRequestFixture {
  return fillRedacted(JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'))) as RecordedRequestFixture;
}

interface ReplayedEvent {
  readonly type: string;
  readonly sequence_number: number;
  readonly item?: Record<string, unknown>;
  readonly delta?: string;
  readonly input?: string;
}

/** Replays a recorded request with the test key and a catalog model; returns the status, warnings and SSE events. */
async function replay(name: string, model = 'nova-pro'): Promise<{ status: number; warnings: string; events: ReplayedEvent[] }> {
  const { headers, body } = fixture(name);
  const forwarded = Object.fromEntries(Object.entries(headers).filter(([header]) => !['host', 'content-length', 'authorization', 'accept-encoding'].includes(header)));
  const response = await fetch(`${harness.url}/v1/responses`, {
    method: 'POST',
    headers: { ...forwarded, authorization: `Bearer ${TEST_KEYS['sk-test'].secret}` },
    body: JSON.stringify({ ...body, model }),
  });
  const text = await response.text();
  const events = text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as ReplayedEvent);
  return { status: response.status, warnings: response.headers.get('x-gateway-warnings') ?? '', events };
}

function converseStreamBodies(): Record<string, unknown>[] {
  return harness.emulator.requests.filter((request) => request.operation === 'ConverseStream').map((request) => request.body as Record<string, unknown>);
}

function toolNames(body: Record<string, unknown> | undefined): string[] {
  return ((body?.['toolConfig'] as { tools?: { toolSpec?: { name: string } }[] } | undefined)?.tools ?? []).flatMap((tool) => (tool.toolSpec === undefined ? [] : [tool.toolSpec.name]));
}

describe("Codex CLI's recorded Responses requests", () => {
  it('classic form (gpt-5.5 metadata): function tools and the apply_patch custom tool sent, tool_search and web_search dropped with warnings', async () => {
    harness.emulator.script({ text: 'hi' });

    const { status, warnings, events } = await replay('codex-responses-classic.json');

    expect(status).toBe(200);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(warnings).toContain('the hosted tool_search tool is not available on Amazon Bedrock; dropped.');
    expect(warnings).toContain('the hosted web_search tool is not available on Amazon Bedrock; dropped.');
    expect(toolNames(converseStreamBodies()[0])).toEqual(['exec_command', 'write_stdin', 'request_user_input', 'apply_patch', 'view_image', 'get_goal', 'create_goal', 'update_goal']);
  });

  it('unknown-model form (the one a catalog model gets): the multi_agent_v1 namespace group flattened next to the top-level tools', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_09', name: 'close_agent', input: { id: 'a1' } }] });

    const { status, warnings, events } = await replay('codex-responses-unknown-model.json');

    expect(status).toBe(200);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(warnings).not.toContain('namespace');
    expect(toolNames(converseStreamBodies()[0])).toEqual([
      'exec_command',
      'write_stdin',
      'request_user_input',
      'view_image',
      'get_goal',
      'create_goal',
      'update_goal',
      'close_agent',
      'resume_agent',
      'send_input',
      'spawn_agent',
      'wait_agent',
    ]);
    expect(events.find((event) => event.type === 'response.output_item.done')?.item).toEqual({
      id: expect.stringMatching(/^fc_/),
      type: 'function_call',
      status: 'completed',
      call_id: 'tooluse_09',
      name: 'close_agent',
      namespace: 'multi_agent_v1',
      arguments: '{"id":"a1"}',
    });
  });

  it('the turn after a shell call: function_call and function_call_output become toolUse and toolResult', async () => {
    harness.emulator.script({ text: 'The directory holds a.txt and b.md.' });

    const { status, events } = await replay('codex-responses-tool-output.json');

    expect(status).toBe(200);
    expect(events.at(-1)?.type).toBe('response.completed');
    const messages = converseStreamBodies()[0]?.['messages'] as { role: string; content: Record<string, unknown>[] }[];
    expect(messages.slice(-2)).toEqual([
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_01', name: 'exec_command', input: { cmd: 'ls' } } }] },
      // Codex sends a prompt_cache_key: the last user turn ends with a cache point.
      { role: 'user', content: [{ toolResult: { toolUseId: 'call_01', content: [{ text: expect.stringContaining('a.txt\nb.md') }] } }, { cachePoint: { type: 'default' } }] },
    ]);
  });

  it("lite form (Codex's default OpenAI models): every tool of the namespace groups in additional_tools reaches Bedrock, the custom_tool_call and its output a tool turn", async () => {
    harness.emulator.script({ text: 'Done.' });

    const { status, warnings, events } = await replay('codex-responses-lite.json');

    expect(status).toBe(200);
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(warnings).not.toContain('namespace');
    const body = converseStreamBodies()[0];
    expect(toolNames(body)).toEqual([
      'exec',
      'wait',
      'request_user_input',
      'request_user_input_async',
      'send_message_to_user_async',
      'sleep',
      'followup_task',
      'interrupt_agent',
      'list_agents',
      'send_message',
      'spawn_agent',
      'wait_agent',
    ]);
    const exec = (body?.['toolConfig'] as { tools: { toolSpec: { name: string; description: string; inputSchema: { json: unknown } } }[] }).tools[0]?.toolSpec;
    expect(exec?.description).toContain('Lark grammar');
    expect(exec?.inputSchema.json).toEqual(expect.objectContaining({ properties: { input: expect.objectContaining({ type: 'string' }) }, required: ['input'] }));
    const messages = converseStreamBodies()[0]?.['messages'] as { role: string; content: Record<string, unknown>[] }[];
    expect(messages.slice(-2)).toEqual([
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_01', name: 'exec', input: { input: expect.stringContaining('tools.exec_command') } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'call_01', content: [{ text: expect.stringContaining('Script completed') }] } }, { cachePoint: { type: 'default' } }] },
    ]);
  });

  it('lite form: a call of exec comes back as the custom_tool_call Codex ran (name exec, no namespace, the raw input in custom_tool_call_input events)', async () => {
    const script = 'const r = await tools.exec_command({cmd: "pwd"});\ntext(r);';
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_07', name: 'exec', input: { input: script } }] });

    const { status, events } = await replay('codex-responses-lite.json');

    expect(status).toBe(200);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2]?.item).toEqual({ id: expect.stringMatching(/^ctc_/), type: 'custom_tool_call', status: 'in_progress', call_id: 'tooluse_07', name: 'exec', input: '' });
    expect(events[3]?.delta).toBe(script);
    expect(events[4]?.input).toBe(script);
    expect(events[5]?.item).toEqual({ id: events[2]?.item?.['id'], type: 'custom_tool_call', status: 'completed', call_id: 'tooluse_07', name: 'exec', input: script });
  });

  it('lite form: a call of a collaboration tool comes back with its namespace', async () => {
    harness.emulator.script({ toolCalls: [{ id: 'tooluse_08', name: 'list_agents', input: {} }] });

    const { events } = await replay('codex-responses-lite.json');

    expect(events.find((event) => event.type === 'response.output_item.done')?.item).toEqual(
      expect.objectContaining({ type: 'function_call', name: 'list_agents', namespace: 'collaboration', call_id: 'tooluse_08' }),
    );
  });
});
