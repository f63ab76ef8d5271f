/** @module Unit tests of the emulator's validation of Claude's InvokeModel body and its Converse reading. */

import { anthropicModelName, validateClaudeBody } from '../../../local/bedrock-emulator/claude-messages-request';
import { DEFAULT_MODELS } from '../../../local/bedrock-emulator/default-models';
import type { EmulatorModel } from '../../../local/bedrock-emulator/types';

function model(modelId: string): EmulatorModel {
  const found = DEFAULT_MODELS.find((candidate) => candidate.modelId === modelId);
  if (!found) throw new Error(`no default model ${modelId}`);
  return found;
}

const HAIKU_4_5 = model('anthropic.claude-haiku-4-5-20251001-v1:0');
/** A Claude model after 4.6, which takes mid-conversation system turns (not in the default list). */
const OPUS_5_5: EmulatorModel = { modelId: 'anthropic.claude-opus-5-5', provider: 'Anthropic', name: 'Claude Opus 5.5', kind: 'chat', maxOutputTokens: 128000 };

const MODEL_ERROR = 'The model returned the following errors: ';
const base = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, messages: [{ role: 'user', content: 'Hi' }] };
const weather = { name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
const toolUse = { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] };
const toolResult = (id = 'toolu_1') => ({ role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: '21C' }] });
const cached = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });

describe('validateClaudeBody: Bedrock schema errors', () => {
  it.each([
    { rule: 'anthropic_version is required', body: { max_tokens: 10, messages: base.messages }, message: 'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.' },
    { rule: 'max_tokens is required', body: { anthropic_version: 'bedrock-2023-05-31', messages: base.messages }, message: 'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.' },
    { rule: 'model is not a body field', body: { ...base, model: 'claude-haiku-4-5' }, message: 'Malformed input request: #: extraneous key [model] is not permitted, please reformat your input and try again.' },
    { rule: 'stream is not a body field', body: { ...base, stream: true }, message: 'Malformed input request: #: extraneous key [stream] is not permitted, please reformat your input and try again.' },
    { rule: 'only the Bedrock API version', body: { ...base, anthropic_version: '2023-06-01' }, message: 'Invalid API version: 2023-06-01' },
    { rule: 'max_tokens is an integer', body: { ...base, max_tokens: 'many' }, message: 'Malformed input request: #/max_tokens: expected type: Integer, found: string, please reformat your input and try again.' },
  ])('throws when $rule', ({ body, message }) => {
    expect(() => validateClaudeBody(body, HAIKU_4_5)).toThrow(message);
  });
});

describe("validateClaudeBody: Anthropic's checks", () => {
  it.each([
    { rule: 'betas outside Bedrock list are refused', body: { ...base, anthropic_beta: ['interleaved-thinking-2025-05-14', 'mcp-servers-2025-12-04'] }, message: 'invalid beta flag' },
    { rule: 'max_tokens within the model limit', body: { ...base, max_tokens: 64001 }, message: 'max_tokens: 64001 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001' },
    { rule: 'messages are not empty', body: { ...base, messages: [] }, message: 'messages: at least one message is required' },
    { rule: 'text blocks are not blank', body: { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: ' ' }] }] }, message: 'messages: text content blocks must be non-empty' },
    { rule: 'system turns only on newer models', body: { ...base, messages: [...base.messages, { role: 'system', content: 'note' }] }, message: "messages.1.role: Input should be 'user' or 'assistant'" },
    { rule: 'known block types', body: { ...base, messages: [{ role: 'user', content: [{ type: 'video', data: 'x' }] }] }, message: "messages.0.content.0: Input tag 'video' found using 'type'" },
    { rule: 'each tool_result answers a tool_use', body: { ...base, tools: [weather], messages: [...base.messages, toolUse, toolResult('toolu_2')] }, message: 'messages.2.content.0: unexpected `tool_use_id` found in `tool_result` blocks: toolu_2.' },
    { rule: 'each tool_use is answered next', body: { ...base, tools: [weather], messages: [...base.messages, toolUse, { role: 'user', content: 'go on' }] }, message: 'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1.' },
    { rule: 'tool names are unique', body: { ...base, tools: [weather, weather] }, message: 'tools: Tool names must be unique.' },
    { rule: 'custom tools have an input schema', body: { ...base, tools: [{ name: 'x' }] }, message: 'tools.0.custom.input_schema: Field required' },
    { rule: 'a forced tool is offered', body: { ...base, tools: [weather], tool_choice: { type: 'tool', name: 'other' } }, message: "tool_choice.name: Tool 'other' not found in provided tools" },
    { rule: "tool_choice 'any' comes with tools", body: { ...base, tool_choice: { type: 'any' } }, message: "tool_choice: tool_choice.type 'any' may only be specified while providing tools." },
    { rule: "tool_choice 'tool' comes with tools", body: { ...base, tools: [], tool_choice: { type: 'tool', name: 'x' } }, message: "tool_choice: tool_choice.type 'tool' may only be specified while providing tools." },
    { rule: 'tool names match the pattern', body: { ...base, tools: [{ ...weather, name: 'web.search' }] }, message: "tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'" },
    { rule: 'thinking blocks are in assistant turns', body: { ...base, messages: [{ role: 'user', content: [{ type: 'thinking', thinking: 'x', signature: 's' }, { type: 'text', text: 'Hi' }] }] }, message: 'messages.0.content.0: `thinking` blocks can only be in `assistant` messages.' },
    { rule: 'tool_use blocks are in assistant turns', body: { ...base, tools: [weather], messages: [{ role: 'user', content: [{ type: 'tool_use', id: 't', name: 'get_weather', input: {} }] }] }, message: 'messages.0.content.0: `tool_use` blocks can only be in `assistant` messages.' },
    { rule: 'tool_result blocks are in user turns', body: { ...base, messages: [...base.messages, { role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] }] }, message: 'messages.1.content.0: `tool_result` blocks can only be in `user` messages.' },
    { rule: 'metadata.user_id is at most 256 characters', body: { ...base, metadata: { user_id: 'u'.repeat(257) } }, message: 'metadata.user_id: String should have at most 256 characters' },
    { rule: 'temperature is at most 1', body: { ...base, temperature: 1.5 }, message: 'temperature: Input should be less than or equal to 1' },
    { rule: 'at most four cache breakpoints', body: { ...base, system: [cached('a'), cached('b')], messages: [{ role: 'user', content: [cached('c'), cached('d'), cached('e')] }] }, message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' },
    { rule: 'cache TTL is 5m or 1h', body: { ...base, system: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral', ttl: '2h' } }] }, message: "system.0.cache_control.ttl: Input should be '5m' or '1h'" },
    { rule: 'temperature and top_p are exclusive on Claude 4.5 (model rule)', body: { ...base, temperature: 0.5, top_p: 0.9 }, message: '`temperature` and `top_p` cannot both be specified for this model.' },
    { rule: 'thinking budget is at least 1024 (model rule)', body: { ...base, thinking: { type: 'enabled', budget_tokens: 500 } }, message: 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024' },
  ])('throws when $rule is broken', ({ body, message }) => {
    expect(() => validateClaudeBody(body, HAIKU_4_5)).toThrow(`${MODEL_ERROR}${message}`);
  });

  it('accepts a tool round trip, thinking with signatures, cache_control and Bedrock betas', () => {
    const body = {
      ...base,
      max_tokens: 4000,
      anthropic_beta: ['interleaved-thinking-2025-05-14', 'context-1m-2025-08-07'],
      system: [cached('You are terse.')],
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools: [weather],
      tool_choice: { type: 'auto' },
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'Use the tool.', signature: 'c2ln' }, toolUse.content[0]] },
        toolResult(),
      ],
      metadata: { user_id: 'u1' },
    };

    expect(() => validateClaudeBody(body, HAIKU_4_5)).not.toThrow();
  });

  it("accepts Claude Code's Bedrock-mode body shape (system turn, adaptive thinking, output_config) on a newer model", () => {
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      anthropic_beta: ['interleaved-thinking-2025-05-14', 'tool-search-tool-2025-10-19'],
      max_tokens: 128000,
      thinking: { type: 'adaptive', display: 'omitted' },
      output_config: { effort: 'medium' },
      metadata: { user_id: '{"session_id":"s"}' },
      system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.332' }, cached('You are Claude Code.')],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'say hi' }] },
        { role: 'system', content: [cached('environment listing')] },
      ],
      tools: [{ name: 'Agent', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: {} } }],
    };

    expect(() => validateClaudeBody(body, OPUS_5_5)).not.toThrow();
  });
});

describe('validateClaudeBody: the Converse reading', () => {
  it('maps system, sampling, stop sequences, tools, tool_choice and thinking', () => {
    const { view } = validateClaudeBody(
      { ...base, max_tokens: 4000, system: 'Be brief.', temperature: 1, top_k: 5, stop_sequences: ['END'], tools: [weather], tool_choice: { type: 'auto' }, thinking: { type: 'enabled', budget_tokens: 1024 } },
      HAIKU_4_5,
    );

    expect(view).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 4000, temperature: 1, stopSequences: ['END'] },
      toolConfig: { tools: [{ toolSpec: { name: 'get_weather', description: undefined, inputSchema: { json: weather.input_schema } } }], toolChoice: { auto: {} } },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 }, top_k: 5 },
    });
  });

  it('merges consecutive turns of one role and reads tool blocks', () => {
    const { view } = validateClaudeBody(
      { ...base, tools: [weather], messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }, toolUse, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '21C' }], is_error: true }] }] },
      HAIKU_4_5,
    );

    expect(view.messages).toEqual([
      { role: 'user', content: [{ text: 'a' }, { text: 'b' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 'toolu_1', content: [{ text: '21C' }], status: 'error' } }] },
    ]);
  });

  it('offers no tools when tool_choice is none', () => {
    const { view } = validateClaudeBody({ ...base, tools: [weather], tool_choice: { type: 'none' } }, HAIKU_4_5);

    expect(view.toolConfig).toBeUndefined();
  });
});

describe('anthropicModelName', () => {
  it.each([
    { modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', name: 'claude-haiku-4-5-20251001' },
    { modelId: 'anthropic.claude-sonnet-4-6', name: 'claude-sonnet-4-6' },
    { modelId: 'anthropic.claude-opus-4-6-v1', name: 'claude-opus-4-6' },
  ])('names $modelId as $name', ({ modelId, name }) => {
    expect(anthropicModelName(modelId)).toBe(name);
  });
});
