/**
 * The requests Claude Code 2.1.332 sends (recorded in shared/fixtures/agents, structure only: the
 * redacted texts are filled with text of the same length), replayed with their headers against the
 * local gateway and emulator: each gets the answer Claude Code accepts, and Bedrock gets what it takes.
 */
import { readFileSync } from 'node:fs';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

const FIXTURES = '/work/shared/fixtures/agents';
const KEY = 'sk-integration-default-key-0001';

interface RecordedRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Record<string, unknown>;
}

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

function fixture(name: string): RecordedRequest {
  return fillRedacted(JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'))) as RecordedRequest;
}

/** Replays a recorded request with its own headers (credential and transport headers replaced). */
async function replay(recorded: RecordedRequest): Promise<Response> {
  const { host: _host, 'content-length': _length, 'accept-encoding': _encoding, connection: _connection, authorization, 'x-api-key': apiKey, ...headers } = recorded.headers;
  const credential: Record<string, string> = authorization === undefined ? { 'x-api-key': KEY } : { authorization: `Bearer ${KEY}` };
  expect(authorization ?? apiKey).toBeDefined();
  return fetch(`${harness.url}${recorded.path}`, { method: 'POST', headers: { ...headers, ...credential }, body: JSON.stringify(recorded.body) });
}

function eventNames(sse: string): string[] {
  return sse.split('\n').filter((line) => line.startsWith('event: ')).map((line) => line.slice('event: '.length));
}

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
});

afterAll(async () => {
  await harness.close();
});

afterEach(async () => {
  // Streams settle after their last byte: every admitted request settles before the next test (and the ledger's close).
  await harness.meter.settled(harness.meter.admissions.length);
  harness.reset();
});

function invokeBody(): Record<string, unknown> {
  const [request] = harness.emulator.requests.filter((recorded) => recorded.operation === 'InvokeModelWithResponseStream');
  return request?.body as Record<string, unknown>;
}

describe('Claude Code requests', () => {
  it('answers the first streamed turn (x-api-key, betas, system turn, deferred tools, adaptive thinking) with a complete SSE stream', async () => {
    harness.emulator.script({ text: 'Hi! How can I help?' });
    const recorded = fixture('claude-code-messages-stream.json');

    const response = await replay(recorded);
    const names = eventNames(await response.text());

    expect(response.status).toBe(200);
    expect(names[0]).toBe('message_start');
    expect(names.at(-1)).toBe('message_stop');
    const body = invokeBody();
    expect(body).toEqual(
      expect.objectContaining({
        anthropic_version: 'bedrock-2023-05-31',
        anthropic_beta: ['interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'thinking-token-count-2026-05-13', 'tool-search-tool-2025-10-19', 'effort-2025-11-24'],
        max_tokens: 128000,
        thinking: { type: 'adaptive', display: 'omitted' },
        output_config: { effort: 'medium' },
        context_management: recorded.body['context_management'],
        metadata: recorded.body['metadata'],
        system: recorded.body['system'],
      }),
    );
    expect(body).not.toHaveProperty('model');
    expect(body).not.toHaveProperty('stream');
    // Opus 5.5 takes system turns inside messages; the per-turn output_config is Anthropic's only.
    expect((body['messages'] as Record<string, unknown>[])[1]).toEqual({ role: 'system', content: (recorded.body['messages'] as { content: unknown }[])[1]?.content });
    expect((body['tools'] as Record<string, unknown>[]).find((tool) => tool['name'] === 'DeferredToolPlaceholder')).toEqual(expect.objectContaining({ defer_loading: true }));
    expect(response.headers.get('x-gateway-warnings')).toContain('claude-code-20250219');
  });

  it('answers the turn after a Bash tool call (Bearer key, tool_result with cache_control)', async () => {
    harness.emulator.script({ text: 'The directory holds a.txt and b.md.' });
    const recorded = fixture('claude-code-messages-tool-result.json');

    const response = await replay(recorded);

    expect(response.status).toBe(200);
    expect(eventNames(await response.text()).at(-1)).toBe('message_stop');
    expect((invokeBody()['messages'] as unknown[]).slice(2)).toEqual((recorded.body['messages'] as unknown[]).slice(2));
  });

  it('answers the non-streaming retry Claude Code makes after a broken stream with a Message', async () => {
    harness.emulator.script({ text: 'Hi!' });
    const recorded = fixture('claude-code-messages-stream.json');

    const response = await replay({ ...recorded, body: { ...recorded.body, stream: false, max_tokens: 64000 } });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(expect.objectContaining({ type: 'message', model: 'claude-opus-5-5', content: [{ type: 'text', text: 'Hi!' }] }));
  });

  it('answers count_tokens with {"input_tokens": N}', async () => {
    const response = await replay(fixture('claude-code-count-tokens.json'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ input_tokens: expect.any(Number) });
  });
});
