/** Claude's InvokeModel body from a Messages request: one row per mapping rule, literal input to literal output. */
import { convertToClaudeBody, withoutBetas, type ClaudeInvokeBody } from '../../../lambda/anthropic/convert-to-claude-body';
import type { AnthropicMessagesRequest, AnthropicTool } from '../../../lambda/anthropic/messages-api-types';
import { RequestWarnings } from '../../../lambda/bedrock/request-warnings';
import { createModelCatalog } from '../../../lambda/catalog';
import type { CatalogEntry } from '../../../lambda/catalog/types';

const catalog = createModelCatalog();
function model(name: string): CatalogEntry {
  const entry = catalog.resolve(name);
  if (entry === undefined) throw new Error(`no catalog entry ${name}`);
  return entry;
}

const HELLO = [{ role: 'user' as const, content: 'Hello' }];

function convert(request: Partial<AnthropicMessagesRequest>, name: string, betas: readonly string[] = []): { body: ClaudeInvokeBody; warnings: string[]; writesCache: boolean } {
  const warnings = new RequestWarnings();
  const { body, writesCache } = convertToClaudeBody({ request: { model: name, max_tokens: 1000, messages: HELLO, ...request }, betas, model: model(name), warnings });
  return { body, warnings: warnings.list(), writesCache };
}

describe('the Claude body', () => {
  it('is the Messages body with anthropic_version, without model and stream', () => {
    const { body, warnings } = convert({ stream: true, metadata: { user_id: 'u-1' }, stop_sequences: ['END'] }, 'claude-sonnet-4-5');

    expect(body).toEqual({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, messages: HELLO, metadata: { user_id: 'u-1' }, stop_sequences: ['END'] });
    expect(warnings).toEqual([]);
  });

  it.each([
    { rule: 'known betas pass under their Bedrock names, the rest are dropped', betas: ['interleaved-thinking-2025-05-14', 'claude-code-20250219', 'advanced-tool-use-2025-11-20'], sent: ['interleaved-thinking-2025-05-14', 'tool-search-tool-2025-10-19'], warning: 'anthropic-beta: claude-code-20250219 not sent' },
    { rule: 'a beta named twice (once by its first-party name) is sent once', betas: ['tool-search-tool-2025-10-19', 'advanced-tool-use-2025-11-20'], sent: ['tool-search-tool-2025-10-19'], warning: undefined },
    { rule: 'no beta Bedrock takes: no anthropic_beta at all', betas: ['prompt-caching-scope-2026-01-05'], sent: undefined, warning: 'anthropic-beta: prompt-caching-scope-2026-01-05 not sent' },
  ])('betas: $rule', ({ betas, sent, warning }) => {
    const { body, warnings } = convert({}, 'claude-sonnet-4-5', betas);

    expect(body.anthropic_beta).toEqual(sent);
    if (warning === undefined) expect(warnings).toEqual([]);
    else expect(warnings.join('\n')).toContain(warning);
  });

  it.each([
    { rule: 'max_tokens above the model maximum is clamped', name: 'claude-sonnet-4-5', max: 128000, sent: 64000, warning: 'max_tokens: 128000 is above the maximum' },
    { rule: 'max_tokens within the model maximum passes', name: 'claude-opus-5-5', max: 128000, sent: 128000, warning: undefined },
  ])('$rule', ({ name, max, sent, warning }) => {
    const { body, warnings } = convert({ max_tokens: max }, name);

    expect(body.max_tokens).toBe(sent);
    expect(warnings.join('\n')).toContain(warning ?? '');
  });

  it.each([
    { rule: 'adaptive thinking with display and effort passes to a model that takes it', name: 'claude-opus-5-5', thinking: { type: 'adaptive', display: 'omitted' }, effort: 'medium', sentThinking: { type: 'adaptive', display: 'omitted' }, sentEffort: 'medium' },
    { rule: 'a budget becomes adaptive thinking on an adaptive-only model', name: 'claude-opus-4-7', thinking: { type: 'enabled', budget_tokens: 8192 }, effort: undefined, sentThinking: { type: 'adaptive' }, sentEffort: 'high' },
    { rule: 'adaptive thinking becomes a budget on a budget-only model', name: 'claude-sonnet-4-5', thinking: { type: 'adaptive' }, effort: undefined, sentThinking: { type: 'enabled', budget_tokens: 8192 }, sentEffort: undefined },
    { rule: 'a budget passes to a model that takes budgets', name: 'claude-sonnet-4-5', thinking: { type: 'enabled', budget_tokens: 2048 }, effort: undefined, sentThinking: { type: 'enabled', budget_tokens: 2048 }, sentEffort: undefined },
    { rule: 'no thinking and an effort: the effort alone, at the nearest level the model has', name: 'claude-opus-5-5', thinking: undefined, effort: 'high', sentThinking: undefined, sentEffort: 'high' },
    { rule: 'an effort on a model without effort levels is dropped', name: 'claude-sonnet-4-5', thinking: undefined, effort: 'high', sentThinking: undefined, sentEffort: undefined },
  ] as const)('thinking: $rule', ({ name, thinking, effort, sentThinking, sentEffort }) => {
    const { body } = convert({ max_tokens: 20000, ...(thinking === undefined ? {} : { thinking }), ...(effort === undefined ? {} : { output_config: { effort } }) }, name);

    expect(body.thinking).toEqual(sentThinking);
    expect(body.output_config?.['effort']).toBe(sentEffort);
  });

  it('lowers a thinking budget below a max_tokens the gateway clamped, and refuses one the client set too high', () => {
    const clamped = convert({ max_tokens: 100000, thinking: { type: 'enabled', budget_tokens: 80000 } }, 'claude-sonnet-4-5');
    expect(clamped.body.thinking).toEqual({ type: 'enabled', budget_tokens: 63999 });

    expect(() => convert({ max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 4000 } }, 'claude-sonnet-4-5')).toThrow('`max_tokens` must be greater than `thinking.budget_tokens`');
  });

  it.each([
    { rule: 'sampling passes to a model that takes it', name: 'claude-sonnet-4-5', request: { temperature: 0.5, top_k: 10 }, sent: { temperature: 0.5, top_k: 10 } },
    { rule: 'temperature and top_p together: top_p dropped on Claude 4.5+', name: 'claude-sonnet-4-5', request: { temperature: 0.5, top_p: 0.9 }, sent: { temperature: 0.5 } },
    { rule: 'sampling dropped while Claude thinks', name: 'claude-sonnet-4-5', request: { temperature: 0.5, thinking: { type: 'enabled' as const, budget_tokens: 2048 } }, sent: {} },
    { rule: 'sampling dropped on models that reject it', name: 'claude-opus-4-7', request: { temperature: 0.5, top_p: 0.9, top_k: 5 }, sent: {} },
  ])('sampling: $rule', ({ name, request, sent }) => {
    const { body } = convert({ max_tokens: 8000, ...request }, name);

    expect({ temperature: body.temperature, top_p: body.top_p, top_k: body.top_k }).toEqual({ temperature: undefined, top_p: undefined, top_k: undefined, ...sent });
  });

  it.each([
    { rule: 'a forced tool passes to a model that takes it', name: 'claude-sonnet-4-5', choice: { type: 'tool', name: 'get' }, sent: { type: 'tool', name: 'get' } },
    { rule: 'a forced tool becomes auto on a model that refuses forcing', name: 'claude-opus-5-5', choice: { type: 'any', disable_parallel_tool_use: true }, sent: { type: 'auto', disable_parallel_tool_use: true } },
    { rule: 'none passes', name: 'claude-opus-5-5', choice: { type: 'none' }, sent: { type: 'none' } },
  ] as const)('tool_choice: $rule', ({ name, choice, sent }) => {
    const tools = [{ name: 'get', input_schema: { type: 'object' } }];
    const { body } = convert({ tools, tool_choice: choice }, name);

    expect(body.tool_choice).toEqual(sent);
  });

  it('turns thinking off on a model that can, when a tool is forced', () => {
    const { body, warnings } = convert({ tools: [{ name: 'get', input_schema: { type: 'object' } }], tool_choice: { type: 'any' }, thinking: { type: 'enabled', budget_tokens: 2048 } }, 'claude-sonnet-4-5');

    expect(body.thinking).toBeUndefined();
    expect(body.tool_choice).toEqual({ type: 'any' });
    expect(warnings.join('\n')).toContain('thinking turned off');
  });

  it.each([
    {
      rule: 'client tools keep name, description, schema ($schema included) and cache_control; other fields are dropped',
      betas: [],
      tool: { name: 'Bash', description: 'Run', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }, cache_control: { type: 'ephemeral' }, strict: true, eager_input_streaming: true },
      sent: { name: 'Bash', description: 'Run', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }, cache_control: { type: 'ephemeral' } },
    },
    { rule: 'defer_loading passes with the tool-search beta', betas: ['advanced-tool-use-2025-11-20'], tool: { name: 'Later', input_schema: { type: 'object' }, defer_loading: true }, sent: { name: 'Later', input_schema: { type: 'object' }, defer_loading: true } },
    { rule: 'defer_loading is dropped without it', betas: [], tool: { name: 'Later', input_schema: { type: 'object' }, defer_loading: true }, sent: { name: 'Later', input_schema: { type: 'object' } } },
    { rule: 'server tools Claude runs on Bedrock pass', betas: ['computer-use-2025-01-24'], tool: { type: 'bash_20250124', name: 'bash' }, sent: { type: 'bash_20250124', name: 'bash' } },
  ])('tools: $rule', ({ betas, tool, sent }) => {
    const { body } = convert({ tools: [tool as AnthropicTool] }, 'claude-sonnet-4-5', betas);

    expect(body.tools).toEqual([sent]);
  });

  it('drops Anthropic-hosted server tools', () => {
    const { body, warnings } = convert({ tools: [{ type: 'web_search_20250305', name: 'web_search' }] }, 'claude-sonnet-4-5');

    expect(body.tools).toBeUndefined();
    expect(warnings.join('\n')).toContain('tools.0: the web_search_20250305 server tool is not available on Amazon Bedrock');
  });

  it.each([
    {
      rule: 'system turns stay in messages on models that take them',
      name: 'claude-opus-5-5',
      sent: { system: 'Base', messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: [{ type: 'text', text: 'Env', cache_control: { type: 'ephemeral' } }] }] },
    },
    {
      rule: 'system turns move to the end of the system prompt elsewhere',
      name: 'claude-sonnet-4-5',
      sent: { system: [{ type: 'text', text: 'Base' }, { type: 'text', text: 'Env', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'Hi' }] },
    },
  ])('messages: $rule', ({ name, sent }) => {
    const messages = [
      { role: 'user' as const, content: 'Hi' },
      { role: 'system' as const, content: [{ type: 'text', text: 'Env', cache_control: { type: 'ephemeral' } }], output_config: { effort: 'medium' } },
    ];
    const { body, warnings } = convert({ system: 'Base', messages }, name);

    expect({ system: body.system, messages: body.messages }).toEqual(sent);
    expect(warnings.join('\n')).toContain('messages.1.output_config: per-turn output settings are not available on Amazon Bedrock');
  });

  it('passes tool_use, tool_result (is_error, blocks), thinking with signature and redacted thinking unchanged', () => {
    const messages = [
      { role: 'user' as const, content: 'List files' },
      {
        role: 'assistant' as const,
        content: [
          { type: 'thinking', thinking: 'I will run ls.', signature: 'sig-1' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
        ],
      },
      { role: 'user' as const, content: [{ type: 'tool_result', tool_use_id: 'toolu_01', is_error: true, content: [{ type: 'text', text: 'denied' }] }] },
    ];
    const { body } = convert({ messages }, 'claude-sonnet-4-5');

    expect(body.messages).toEqual(messages);
  });

  it.each([
    { rule: 'a 5-minute cache marker passes and the body writes a cache', control: { type: 'ephemeral' }, sent: { type: 'ephemeral' }, warning: undefined },
    { rule: 'a 1-hour TTL is sent on a model with a 1-hour cache price', control: { type: 'ephemeral', ttl: '1h' }, sent: { type: 'ephemeral', ttl: '1h' }, warning: undefined },
  ] as const)('cache_control: $rule', ({ control, sent, warning }) => {
    const { body, warnings, writesCache } = convert({ system: [{ type: 'text', text: 'Base', cache_control: control }] }, 'claude-sonnet-4-5');

    expect(body.system).toEqual([{ type: 'text', text: 'Base', cache_control: sent }]);
    expect(writesCache).toBe(true);
    expect(warnings.join('\n')).toContain(warning ?? '');
  });

  it.each([
    {
      rule: 'a 1-hour breakpoint after a 5-minute one becomes 5-minute (TTLs never increase: tools, system, messages)',
      request: { system: [{ type: 'text', text: 'Base', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral', ttl: '1h' } }] }] },
      system: [{ type: 'text', text: 'Base', cache_control: { type: 'ephemeral' } }],
      content: [{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral' } }],
      cacheTtl: undefined,
      warning: "cache_control: a ttl '1h' breakpoint after a 5-minute one was sent as 5-minute",
    },
    {
      rule: 'a 1-hour system breakpoint before a 5-minute message one stays 1-hour, and the writes are priced at 1 hour',
      request: { system: [{ type: 'text', text: 'Base', cache_control: { type: 'ephemeral', ttl: '1h' } }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral', ttl: '5m' } }] }] },
      system: [{ type: 'text', text: 'Base', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      content: [{ type: 'text', text: 'Doc', cache_control: { type: 'ephemeral', ttl: '5m' } }],
      cacheTtl: '1h',
      warning: undefined,
    },
  ] as const)('cache_control: $rule', ({ request, system, content, cacheTtl, warning }) => {
    const warnings = new RequestWarnings();
    const prepared = convertToClaudeBody({ request: { model: 'claude-sonnet-4-5', max_tokens: 1000, ...(request as unknown as Partial<AnthropicMessagesRequest>), messages: request.messages as unknown as AnthropicMessagesRequest['messages'] }, betas: [], model: model('claude-sonnet-4-5'), warnings });

    expect(prepared.body.system).toEqual(system);
    expect(prepared.body.messages[0]?.content).toEqual(content);
    expect(prepared.cacheTtl).toBe(cacheTtl);
    if (warning === undefined) expect(warnings.list()).toEqual([]);
    else expect(warnings.list().join('\n')).toContain(warning);
  });

  it('sends a 1-hour breakpoint as 5-minute on a model without a 1-hour cache price', () => {
    const base = model('claude-sonnet-4-5');
    const { cacheWrite1hPerMTok: _oneHour, ...prices } = base.prices;
    const warnings = new RequestWarnings();
    const prepared = convertToClaudeBody({
      request: { model: 'x', max_tokens: 1000, messages: HELLO, system: [{ type: 'text', text: 'Base', cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      betas: [],
      model: { ...base, prices },
      warnings,
    });

    expect(prepared.body.system).toEqual([{ type: 'text', text: 'Base', cache_control: { type: 'ephemeral' } }]);
    expect(prepared.cacheTtl).toBeUndefined();
    expect(warnings.list()).toEqual(["cache_control: ttl '1h' sent as the 5-minute cache, the model has no 1-hour cache the gateway can price."]);
  });

  it('adds the context-management beta that context_management needs', () => {
    const { body } = convert({ context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] } }, 'claude-opus-5-5');

    expect(body.anthropic_beta).toEqual(['context-management-2025-06-27']);
    expect(body.context_management).toEqual({ edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] });
  });

  it.each([
    { rule: 'Files API images', block: { type: 'image', source: { type: 'file', file_id: 'file_1' } }, error: 'messages.0.content.0.source: Files API sources are not available' },
    { rule: 'document URLs', block: { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } }, error: 'messages.0.content.0.source: Amazon Bedrock does not fetch document URLs' },
  ])('refuses $rule with a 400 naming the block', ({ block, error }) => {
    expect(() => convert({ messages: [{ role: 'user', content: [block] }] }, 'claude-sonnet-4-5')).toThrow(error);
  });

  it('without betas: no anthropic_beta, context_management, defer_loading or input_examples', () => {
    const { body } = convert(
      { tools: [{ name: 'Later', input_schema: { type: 'object' }, defer_loading: true, input_examples: [{}] }], context_management: { edits: [] } },
      'claude-opus-5-5',
      ['advanced-tool-use-2025-11-20', 'tool-examples-2025-10-29'],
    );

    expect(withoutBetas(body)).toEqual({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 1000, messages: HELLO, tools: [{ name: 'Later', input_schema: { type: 'object' } }] });
  });
});
