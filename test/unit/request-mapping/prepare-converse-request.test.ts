import { CHAT_PARAMETER_POLICY } from '../../../lambda/bedrock/chat-parameter-policy';
import { prepareConverseRequest, type PrepareConverseOptions } from '../../../lambda/bedrock/prepare-converse-request';
import { mergeRequestMetadata } from '../../../lambda/bedrock/request-metadata';
import { createModelCatalog } from '../../../lambda/catalog';
import type { CatalogEntry } from '../../../lambda/catalog/types';
import type { OpenAIChatCompletionRequest, OpenAIFunctionTool } from '../../../lambda/openai/chat-request-types';
import { GatewayError } from '../../../lambda/platform/errors';
import { chat, claude, entry, fakeFetcher, gptOss, llama, nova, plain } from './fixtures';

function prepare(request: OpenAIChatCompletionRequest, model: CatalogEntry = claude, options: Partial<PrepareConverseOptions> = {}) {
  return prepareConverseRequest(request, model, { fetchImage: fakeFetcher(), ...options });
}

async function errorOf(request: OpenAIChatCompletionRequest, model: CatalogEntry = claude, options: Partial<PrepareConverseOptions> = {}) {
  try {
    await prepare(request, model, options);
  } catch (error) {
    if (GatewayError.isInstance(error)) return { param: error.param, message: error.message };
    throw error;
  }
  throw new Error('expected an error');
}

const weatherTool: OpenAIFunctionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};
const weatherSpec = { toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } };

describe('the prepared request', () => {
  it('maps a minimal request to a literal Converse input', async () => {
    const prepared = await prepare(chat({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }));
    expect(prepared).toEqual({
      input: {
        modelId: 'us.test.claude',
        messages: [{ role: 'user', content: [{ text: 'Hi' }] }],
        system: [{ text: 'Be brief.' }],
        inferenceConfig: { maxTokens: 4096 },
      },
      warnings: [],
      toolNames: new Map(),
      responseFormat: { kind: 'text' },
      maxOutputTokens: 4096,
      estimatedInputTokens: 3 + 4 + 1,
      includeUsageInStream: false,
    });
  });

  it('reports include_usage for streams', async () => {
    expect((await prepare(chat({ stream: true, stream_options: { include_usage: true } }))).includeUsageInStream).toBe(true);
  });
});

describe('parameter policy', () => {
  it.each([
    { title: 'n > 1', overrides: { n: 2 }, param: 'n' },
    { title: 'logprobs', overrides: { logprobs: true }, param: 'logprobs' },
    { title: 'top_logprobs', overrides: { top_logprobs: 2 }, param: 'top_logprobs' },
    { title: 'a non-empty logit_bias', overrides: { logit_bias: { '50256': -100 } }, param: 'logit_bias' },
    { title: 'audio output modalities', overrides: { modalities: ['text', 'audio'] }, param: 'modalities' },
    { title: 'audio output', overrides: { audio: { voice: 'alloy', format: 'mp3' } }, param: 'audio' },
    { title: 'web search', overrides: { web_search_options: {} }, param: 'web_search_options' },
    { title: 'legacy functions', overrides: { functions: [] }, param: 'functions' },
    { title: 'stream_options without stream', overrides: { stream_options: { include_usage: true } }, param: 'stream_options' },
  ] as { title: string; overrides: Partial<OpenAIChatCompletionRequest>; param: string }[])('throws for $title, naming $param', async ({ overrides, param }) => {
    expect((await errorOf(chat(overrides))).param).toBe(param);
  });

  it.each([
    { title: 'seed', overrides: { seed: 1 }, warning: 'seed: ignored, Bedrock does not support seeded sampling.' },
    { title: 'presence_penalty', overrides: { presence_penalty: 0.5 }, warning: 'presence_penalty: ignored, not supported by Bedrock Converse.' },
    { title: 'store', overrides: { store: true }, warning: 'store: ignored, the gateway does not store completions.' },
    { title: 'service_tier scale', overrides: { service_tier: 'scale' }, warning: "service_tier: 'scale' ignored, Amazon Bedrock has the 'default', 'flex' and 'priority' tiers; sent on the standard tier." },
  ] as { title: string; overrides: Partial<OpenAIChatCompletionRequest>; warning: string }[])('ignores $title with a warning', async ({ overrides, warning }) => {
    expect((await prepare(chat(overrides))).warnings).toEqual([warning]);
  });

  it('has one row per documented parameter', () => {
    const names = CHAT_PARAMETER_POLICY.map((row) => row.parameter);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('inference config', () => {
  it.each([
    { title: 'max_completion_tokens wins over max_tokens', model: claude, overrides: { max_tokens: 100, max_completion_tokens: 200 }, expected: { maxTokens: 200 } },
    { title: 'max_tokens alone', model: claude, overrides: { max_tokens: 100 }, expected: { maxTokens: 100 } },
    { title: 'the default is min(model max, 4096)', model: llama, overrides: {}, expected: { maxTokens: 2048 } },
    { title: 'too large is clamped', model: llama, overrides: { max_completion_tokens: 9999 }, expected: { maxTokens: 2048 } },
    { title: 'temperature above 1 is clamped', model: llama, overrides: { temperature: 1.5 }, expected: { maxTokens: 2048, temperature: 1 } },
    { title: 'temperature and top_p on a permissive model', model: llama, overrides: { temperature: 0.2, top_p: 0.9 }, expected: { maxTokens: 2048, temperature: 0.2, topP: 0.9 } },
    { title: 'top_p dropped on an exclusive model', model: claude, overrides: { temperature: 0.2, top_p: 0.9 }, expected: { maxTokens: 4096, temperature: 0.2 } },
    { title: 'a stop string', model: claude, overrides: { stop: 'END' }, expected: { maxTokens: 4096, stopSequences: ['END'] } },
    { title: 'empty stop sequences dropped', model: claude, overrides: { stop: ['', 'a'] }, expected: { maxTokens: 4096, stopSequences: ['a'] } },
  ] as { title: string; model: CatalogEntry; overrides: Partial<OpenAIChatCompletionRequest>; expected: unknown }[])('$title', async ({ model, overrides, expected }) => {
    expect((await prepare(chat(overrides), model)).input.inferenceConfig).toEqual(expected);
  });
});

describe('tools and tool_choice', () => {
  it.each([
    { title: 'tools without tool_choice', model: claude, overrides: { tools: [weatherTool] }, expected: { tools: [weatherSpec] } },
    { title: 'auto', model: claude, overrides: { tools: [weatherTool], tool_choice: 'auto' }, expected: { tools: [weatherSpec], toolChoice: { auto: {} } } },
    { title: 'required -> any', model: claude, overrides: { tools: [weatherTool], tool_choice: 'required' }, expected: { tools: [weatherSpec], toolChoice: { any: {} } } },
    {
      title: 'named -> tool',
      model: claude,
      overrides: { tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
      expected: { tools: [weatherSpec], toolChoice: { tool: { name: 'get_weather' } } },
    },
    { title: 'required on an auto-only model degrades to auto', model: llama, overrides: { tools: [weatherTool], tool_choice: 'required' }, expected: { tools: [weatherSpec], toolChoice: { auto: {} } } },
    {
      title: 'named on an auto-only model offers only that tool',
      model: llama,
      overrides: { tools: [weatherTool, { type: 'function', function: { name: 'other' } }], tool_choice: { type: 'function', function: { name: 'get_weather' } } },
      expected: { tools: [weatherSpec], toolChoice: { auto: {} } },
    },
    {
      title: 'strict passes the schema as is',
      model: nova,
      overrides: { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', additionalProperties: false }, strict: true } }] },
      expected: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object', additionalProperties: false } }, strict: true } }] },
    },
    {
      title: 'cache_control on a tool adds a cache point',
      model: claude,
      overrides: { tools: [{ ...weatherTool, cache_control: { type: 'ephemeral' } }] },
      expected: { tools: [weatherSpec, { cachePoint: { type: 'default' } }] },
    },
  ] as { title: string; model: CatalogEntry; overrides: Partial<OpenAIChatCompletionRequest>; expected: unknown }[])('$title', async ({ model, overrides, expected }) => {
    expect((await prepare(chat(overrides), model)).input.toolConfig).toEqual(expected);
  });

  it('drops tools for none, keeping a toolConfig derived from history', async () => {
    const prepared = await prepare(
      chat({
        tools: [weatherTool],
        tool_choice: 'none',
        messages: [
          { role: 'user', content: 'Q' },
          { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'done' },
        ],
      }),
    );
    expect(prepared.input.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'lookup', description: 'A tool used earlier in this conversation.', inputSchema: { json: { type: 'object', properties: {} } } } }],
    });
    expect(prepared.warnings).toContain("tool_choice: 'none' has no Converse equivalent; the tools were not sent.");
  });

  it('restores sanitised names through toolNames', async () => {
    const prepared = await prepare(chat({ tools: [{ type: 'function', function: { name: 'web.search' } }] }));
    expect([...prepared.toolNames]).toEqual([['web_search_15f83c80', 'web.search']]);
  });

  it.each([
    { title: 'tools on a model without tools', model: plain, overrides: { tools: [weatherTool] }, param: 'tools' },
    { title: 'a named tool that was not sent', model: claude, overrides: { tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'nope' } } }, param: 'tool_choice' },
    { title: 'required without tools', model: claude, overrides: { tool_choice: 'required' }, param: 'tool_choice' },
    { title: 'duplicate tool names', model: claude, overrides: { tools: [weatherTool, weatherTool] }, param: 'tools[1].function.name' },
  ] as { title: string; model: CatalogEntry; overrides: Partial<OpenAIChatCompletionRequest>; param: string }[])('throws for $title, naming $param', async ({ model, overrides, param }) => {
    expect((await errorOf(chat(overrides), model)).param).toBe(param);
  });
});

describe('response_format', () => {
  const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
  const jsonSchema = { type: 'json_schema' as const, json_schema: { name: 'answer', schema } };

  it('json_object adds a system instruction', async () => {
    const prepared = await prepare(chat({ response_format: { type: 'json_object' } }));
    expect({ system: prepared.input.system, responseFormat: prepared.responseFormat }).toEqual({
      system: [{ text: 'Respond only with a single valid JSON object. Do not add any text before or after it and do not wrap it in a code block.' }],
      responseFormat: { kind: 'json_object' },
    });
  });

  it('json_schema uses native structured output where supported', async () => {
    const prepared = await prepare(chat({ response_format: jsonSchema }), nova);
    expect({ outputConfig: prepared.input.outputConfig, responseFormat: prepared.responseFormat }).toEqual({
      outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'answer' } } } },
      responseFormat: { kind: 'json_schema', strategy: 'native' },
    });
  });

  it('json_schema falls back to a forced tool', async () => {
    const prepared = await prepare(chat({ response_format: jsonSchema }));
    expect({ toolConfig: prepared.input.toolConfig, responseFormat: prepared.responseFormat }).toEqual({
      toolConfig: { tools: [{ toolSpec: { name: 'answer', description: 'Return the final answer as answer.', inputSchema: { json: schema } } }], toolChoice: { tool: { name: 'answer' } } },
      responseFormat: { kind: 'json_schema', strategy: 'tool', toolName: 'answer' },
    });
  });

  it('names the schema tool apart from a client tool of the same name', async () => {
    const prepared = await prepare(chat({ response_format: jsonSchema, tools: [{ type: 'function', function: { name: 'answer' } }] }));
    expect(prepared.responseFormat).toEqual({ kind: 'json_schema', strategy: 'tool', toolName: 'answer_2' });
    expect(prepared.input.system).toEqual([{ text: "When you have the final answer, give it by calling the 'answer_2' tool." }]);
  });
});

describe('reasoning', () => {
  it.each([
    {
      title: 'Claude effort -> thinking budget, sampling dropped',
      model: claude,
      overrides: { reasoning_effort: 'medium', temperature: 0.5 },
      expected: { fields: { thinking: { type: 'enabled', budget_tokens: 4096 } }, inference: { maxTokens: 8192 } },
    },
    {
      title: 'an explicit budget above max_completion_tokens raises maxTokens',
      model: claude,
      overrides: { thinking: { type: 'enabled', budget_tokens: 3000 }, max_completion_tokens: 2000 },
      expected: { fields: { thinking: { type: 'enabled', budget_tokens: 3000 } }, inference: { maxTokens: 4024 } },
    },
    {
      title: 'Nova 2 -> reasoningConfig',
      model: nova,
      overrides: { reasoning_effort: 'minimal' },
      expected: { fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } }, inference: { maxTokens: 4096 } },
    },
    {
      title: 'gpt-oss -> reasoning_effort',
      model: gptOss,
      overrides: { reasoning_effort: 'high' },
      expected: { fields: { reasoning_effort: 'high' }, inference: { maxTokens: 4096 } },
    },
    { title: 'a non-reasoning model ignores it', model: llama, overrides: { reasoning_effort: 'high' }, expected: { fields: undefined, inference: { maxTokens: 2048 } } },
    {
      title: 'a forced tool disables Claude thinking',
      model: claude,
      overrides: { reasoning_effort: 'high', tools: [weatherTool], tool_choice: 'required' },
      expected: { fields: undefined, inference: { maxTokens: 4096 } },
    },
  ] as { title: string; model: CatalogEntry; overrides: Partial<OpenAIChatCompletionRequest>; expected: unknown }[])('$title', async ({ model, overrides, expected }) => {
    const prepared = await prepare(chat(overrides), model);
    expect({ fields: prepared.input.additionalModelRequestFields, inference: prepared.input.inferenceConfig }).toEqual(expected);
  });

  it('throws for a thinking budget below 1024', async () => {
    expect((await errorOf(chat({ thinking: { type: 'enabled', budget_tokens: 500 } }))).param).toBe('thinking.budget_tokens');
  });

  it('lets the gateway thinking setting win over client additional fields', async () => {
    const prepared = await prepare(chat({ reasoning_effort: 'low', bedrock: { additionalModelRequestFields: { thinking: { type: 'disabled' }, anthropic_beta: ['x'] } } }));
    expect(prepared.input.additionalModelRequestFields).toEqual({ anthropic_beta: ['x'], thinking: { type: 'enabled', budget_tokens: 2048 } });
  });

  it('drops a client top_k while Claude thinks, with a warning', async () => {
    const prepared = await prepare(chat({ reasoning_effort: 'low', bedrock: { additionalModelRequestFields: { top_k: 5 } } }));
    expect(prepared.input.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    expect(prepared.warnings).toContain('bedrock.additionalModelRequestFields.top_k: dropped, Claude thinking does not allow it.');
  });
});

describe('reasoning on the catalog models (thinking as each takes it, no Bedrock 400)', () => {
  const catalog = createModelCatalog();
  const model = (id: string): CatalogEntry => catalog.get(id)!;

  it.each([
    {
      title: 'Opus 4.7: reasoning_effort -> adaptive thinking with that effort; temperature and top_p dropped',
      id: 'claude-opus-4-7',
      overrides: { reasoning_effort: 'high', temperature: 0.2, top_p: 0.9 },
      expected: {
        fields: { thinking: { type: 'adaptive' }, output_config: { effort: 'high' } },
        inference: { maxTokens: 12288 },
        warnings: ['temperature: dropped, Claude thinking does not allow it.', 'top_p: dropped, Claude thinking does not allow it.'],
      },
    },
    {
      title: 'Opus 4.7 without reasoning: no thinking sent, sampling still dropped (the model rejects it)',
      id: 'claude-opus-4-7',
      overrides: { temperature: 0.2 },
      expected: { fields: undefined, inference: { maxTokens: 4096 }, warnings: ["temperature: dropped, the model 'claude-opus-4-7' does not accept it."] },
    },
    {
      title: 'Sonnet 5: thinks by default, so the default max tokens leaves room for it',
      id: 'claude-sonnet-5',
      overrides: {},
      expected: { fields: undefined, inference: { maxTokens: 12288 }, warnings: [] },
    },
    {
      title: 'Sonnet 5: reasoning_effort none -> thinking disabled',
      id: 'claude-sonnet-5',
      overrides: { reasoning_effort: 'none' },
      expected: { fields: { thinking: { type: 'disabled' } }, inference: { maxTokens: 4096 }, warnings: [] },
    },
    {
      title: 'Opus 5.5: max effort as asked (default effort medium otherwise)',
      id: 'claude-opus-5-5',
      overrides: { reasoning_effort: 'max' },
      expected: { fields: { thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }, inference: { maxTokens: 36864 }, warnings: [] },
    },
    {
      title: 'Haiku 4.5: xhigh -> a 16K budget',
      id: 'claude-haiku-4-5',
      overrides: { reasoning_effort: 'xhigh' },
      expected: { fields: { thinking: { type: 'enabled', budget_tokens: 16384 } }, inference: { maxTokens: 20480 }, warnings: [] },
    },
  ] as { title: string; id: string; overrides: Partial<OpenAIChatCompletionRequest>; expected: unknown }[])('$title', async ({ id, overrides, expected }) => {
    const prepared = await prepare(chat(overrides), model(id));
    expect({ fields: prepared.input.additionalModelRequestFields, inference: prepared.input.inferenceConfig, warnings: prepared.warnings }).toEqual(expected);
  });

  it('degrades a forced tool to auto on Opus 5.5 (which rejects forced tool choice) and keeps thinking', async () => {
    const prepared = await prepare(chat({ tools: [weatherTool], tool_choice: 'required' }), model('claude-opus-5-5'));
    expect(prepared.input.toolConfig?.toolChoice).toEqual({ auto: {} });
  });
});

describe('prompt caching', () => {
  const model = entry('cache', {});
  it('adds automatic cache points after system, tools and the last user turn', async () => {
    const prepared = await prepare(
      chat({ messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'A' }, { role: 'assistant', content: 'B' }, { role: 'user', content: 'C' }], tools: [weatherTool] }),
      model,
      { autoCachePoints: true },
    );
    const point = { cachePoint: { type: 'default' } };
    expect({ system: prepared.input.system, tools: prepared.input.toolConfig?.tools, messages: prepared.input.messages }).toEqual({
      system: [{ text: 'S' }, point],
      tools: [weatherSpec, point],
      messages: [
        { role: 'user', content: [{ text: 'A' }] },
        { role: 'assistant', content: [{ text: 'B' }] },
        { role: 'user', content: [{ text: 'C' }, point] },
      ],
    });
  });

  it('keeps at most 4 cache points', async () => {
    const marked = (text: string) => ({ type: 'text' as const, text, cache_control: { type: 'ephemeral' as const } });
    const prepared = await prepare(chat({ messages: [{ role: 'user', content: [marked('a'), marked('b'), marked('c'), marked('d'), marked('e')] }] }), model);
    expect(prepared.input.messages?.[0]?.content?.filter((block) => block.cachePoint !== undefined)).toHaveLength(4);
  });

  it('drops cache_control with a warning on models without caching', async () => {
    const prepared = await prepare(chat({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] }] }), llama);
    expect({ messages: prepared.input.messages, warnings: prepared.warnings }).toEqual({
      messages: [{ role: 'user', content: [{ text: 'a' }] }],
      warnings: ['cache_control: ignored, the model does not support prompt caching.'],
    });
  });
});

describe('request metadata', () => {
  it('maps user and valid metadata, dropping pairs Bedrock would reject', async () => {
    const prepared = await prepare(chat({ user: 'alice@example.com', metadata: { team: 'search', bad: 'line\u0000break' } }));
    expect({ metadata: prepared.input.requestMetadata, warnings: prepared.warnings }).toEqual({
      metadata: { user: 'alice@example.com', team: 'search' },
      warnings: ['metadata.bad: not sent to Bedrock request metadata (only letters, digits, whitespace and ._:/=+$@- are allowed).'],
    });
  });

  it("never forwards a client key with the gateway's attribution prefix, in any case", async () => {
    const prepared = await prepare(chat({ metadata: { gateway_team: 'finance', GATEWAY_principal: 'someone', team: 'search' } }));
    expect({ metadata: prepared.input.requestMetadata, warnings: prepared.warnings }).toEqual({
      metadata: { team: 'search' },
      warnings: [
        "metadata.gateway_team: not sent to Bedrock request metadata (keys starting with 'gateway_' are reserved for the gateway's attribution).",
        "metadata.GATEWAY_principal: not sent to Bedrock request metadata (keys starting with 'gateway_' are reserved for the gateway's attribution).",
      ],
    });
  });

  it('drops client keys with the gateway prefix when merging, even those the gateway does not set', () => {
    expect(mergeRequestMetadata({ gateway_team: 'finance', user: 'alice' }, { gateway_request_id: 'r1', gateway_principal: 'key_1' })).toEqual({
      user: 'alice',
      gateway_request_id: 'r1',
      gateway_principal: 'key_1',
    });
  });

  it('merges gateway keys over client keys within 16 pairs', () => {
    const client = Object.fromEntries(Array.from({ length: 14 }, (_, index) => [`k${index}`, 'v']));
    const merged = mergeRequestMetadata(client, { k0: 'gateway', gateway_key: 'key_1', gateway_team: 't' });
    expect({ size: Object.keys(merged).length, k0: merged.k0, key: merged.gateway_key }).toEqual({ size: 16, k0: 'gateway', key: 'key_1' });
  });
});

describe('guardrails', () => {
  const guardrail = { guardrailIdentifier: 'gr-default', guardrailVersion: '1' };
  it.each([
    { title: 'the deployment default', overrides: {}, options: { guardrail }, expected: guardrail },
    {
      title: 'a request override with stream processing when streaming',
      overrides: { stream: true, bedrock: { guardrailConfig: { guardrailIdentifier: 'gr-2', guardrailVersion: 'DRAFT', streamProcessingMode: 'async' } } },
      options: { guardrail },
      expected: { guardrailIdentifier: 'gr-2', guardrailVersion: 'DRAFT', streamProcessingMode: 'async' },
    },
    {
      title: 'stream processing mode left out when not streaming',
      overrides: { bedrock: { guardrailConfig: { guardrailIdentifier: 'gr-2', guardrailVersion: '3', streamProcessingMode: 'async' } } },
      options: {},
      expected: { guardrailIdentifier: 'gr-2', guardrailVersion: '3' },
    },
  ] as { title: string; overrides: Partial<OpenAIChatCompletionRequest>; options: Partial<PrepareConverseOptions>; expected: unknown }[])('$title', async ({ overrides, options, expected }) => {
    expect((await prepare(chat(overrides), claude, options)).input.guardrailConfig).toEqual(expected);
  });

  it('throws when a request names another guardrail than an enforced one', async () => {
    const options = { guardrail: { ...guardrail, enforced: true } };
    const request = chat({ bedrock: { guardrailConfig: { guardrailIdentifier: 'weak', guardrailVersion: '1' } } });
    expect((await errorOf(request, claude, options)).param).toBe('bedrock.guardrailConfig');
  });
});

describe('parallel_tool_calls: false on Converse', () => {
  const catalog = createModelCatalog();
  const model = (id: string): CatalogEntry => {
    const found = catalog.resolve(id);
    if (found === undefined) throw new Error(`no catalog model ${id}`);
    return found;
  };
  const SWITCH_ONLY = { disable_parallel_tool_use: true };
  const WITH_AUTO = { type: 'auto', disable_parallel_tool_use: true };

  it.each([
    { rule: 'Claude 4.5+, no tool choice: the switch with its type', id: 'claude-sonnet-4-5', choice: undefined, field: WITH_AUTO, toolChoice: undefined, warning: undefined },
    { rule: "Claude 4.5+, tool_choice 'auto': the choice moves into the field (type auto)", id: 'claude-opus-5-5', choice: 'auto' as const, field: WITH_AUTO, toolChoice: undefined, warning: undefined },
    { rule: "Claude 4.5+, tool_choice 'required': only the switch beside Converse's any", id: 'claude-sonnet-5', choice: 'required' as const, field: SWITCH_ONLY, toolChoice: { any: {} }, warning: undefined },
    {
      rule: 'Claude 4.5+, a named tool: only the switch beside Converse\'s tool',
      id: 'claude-haiku-4-5',
      choice: { type: 'function' as const, function: { name: 'get_weather' } },
      field: SWITCH_ONLY,
      toolChoice: { tool: { name: 'get_weather' } },
      warning: undefined,
    },
    { rule: 'Claude 4: no switch on Converse, a warning', id: 'claude-sonnet-4', choice: undefined, field: undefined, toolChoice: undefined, warning: "parallel_tool_calls: ignored, 'claude-sonnet-4' on Converse cannot be kept to one tool call per turn." },
    { rule: 'Nova: a warning', id: 'nova-pro', choice: undefined, field: undefined, toolChoice: undefined, warning: "parallel_tool_calls: ignored, 'nova-pro' on Converse cannot be kept to one tool call per turn." },
  ])('$rule', async ({ id, choice, field, toolChoice, warning }) => {
    const prepared = await prepare(chat({ tools: [weatherTool], parallel_tool_calls: false, ...(choice === undefined ? {} : { tool_choice: choice }) }), model(id));
    expect((prepared.input.additionalModelRequestFields as Record<string, unknown> | undefined)?.['tool_choice']).toEqual(field);
    expect(prepared.input.toolConfig?.toolChoice).toEqual(toolChoice);
    expect(prepared.warnings.filter((text) => text.startsWith('parallel_tool_calls'))).toEqual(warning === undefined ? [] : [warning]);
  });

  it.each([
    { rule: 'without tools there is nothing to hold back', overrides: { parallel_tool_calls: false } },
    { rule: 'true is the default', overrides: { tools: [weatherTool], parallel_tool_calls: true } },
  ] as { rule: string; overrides: Partial<OpenAIChatCompletionRequest> }[])('$rule: no field, no warning', async ({ overrides }) => {
    const prepared = await prepare(chat(overrides), model('claude-sonnet-4-5'));
    expect((prepared.input.additionalModelRequestFields as Record<string, unknown> | undefined)?.['tool_choice']).toBeUndefined();
    expect(prepared.warnings.filter((text) => text.startsWith('parallel_tool_calls'))).toEqual([]);
  });
});
