/** @module Unit tests of the emulator's deterministic reply planning. */

import type { Message } from '@aws-sdk/client-bedrock-runtime';
import { planReply } from '../../../local/bedrock-emulator/reply-planner';
import type { ConverseBody } from '../../../local/bedrock-emulator/request-features';
import type { EmulatorModel } from '../../../local/bedrock-emulator/types';

const MODEL: EmulatorModel = { modelId: 'anthropic.claude-haiku-4-5-20251001-v1:0', provider: 'Anthropic', name: 'Claude Haiku 4.5', kind: 'chat' };
const GREETING = 'Hello from the Bedrock emulator (model anthropic.claude-haiku-4-5-20251001-v1:0). You said: "Hi there"';
const said = (text: string): Message[] => [{ role: 'user', content: [{ text }] }];
const weatherTool = {
  toolSpec: {
    name: 'get_weather',
    inputSchema: { json: { type: 'object', required: ['city', 'unit'], properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] }, days: { type: 'integer' } } } },
  },
};

describe('planReply defaults', () => {
  it('greets, names the model and echoes the last user message', () => {
    const plan = planReply({ body: { messages: said('Hi there') }, model: MODEL });

    expect(plan).toEqual({
      blocks: [{ kind: 'text', text: GREETING }],
      stopReason: 'end_turn',
      usage: { inputTokens: 5, outputTokens: 26, totalTokens: 31 },
    });
  });

  it('describes a message without text', () => {
    const body: ConverseBody = { messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: new Uint8Array([1]) } } }] }] };

    expect(planReply({ body, model: MODEL }).blocks).toEqual([{ kind: 'text', text: 'Hello from the Bedrock emulator (model anthropic.claude-haiku-4-5-20251001-v1:0). You sent 1 image.' }]);
  });

  it('truncates to maxTokens output tokens and stops with max_tokens', () => {
    const plan = planReply({ body: { messages: said('Hi there'), inferenceConfig: { maxTokens: 5 } }, model: MODEL });

    expect(plan.blocks).toEqual([{ kind: 'text', text: GREETING.slice(0, 20) }]);
    expect(plan.stopReason).toBe('max_tokens');
    expect(plan.usage.outputTokens).toBe(5);
  });

  it('cuts the text before a stop sequence and stops with stop_sequence', () => {
    const plan = planReply({ body: { messages: said('Hi there'), inferenceConfig: { stopSequences: ['You said'] } }, model: MODEL });

    expect(plan.blocks).toEqual([{ kind: 'text', text: 'Hello from the Bedrock emulator (model anthropic.claude-haiku-4-5-20251001-v1:0). ' }]);
    expect(plan.stopReason).toBe('stop_sequence');
  });

  it.each([
    { choice: 'toolChoice tool', body: { messages: said('Hi'), toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'get_weather' } } } } },
    { choice: 'toolChoice any', body: { messages: said('Hi'), toolConfig: { tools: [weatherTool], toolChoice: { any: {} } } } },
    { choice: 'a mention of the tool name', body: { messages: said('Please use GET_WEATHER for Paris'), toolConfig: { tools: [weatherTool] } } },
  ])('calls the tool with schema placeholders for $choice', ({ body }) => {
    const plan = planReply({ body, model: MODEL });

    expect(plan.blocks).toEqual([{ kind: 'tool-use', toolUseId: expect.stringMatching(/^tooluse_[A-Za-z0-9_-]{22}$/), name: 'get_weather', input: { city: 'example city', unit: 'celsius' } }]);
    expect(plan.stopReason).toBe('tool_use');
  });

  it('answers with text when tools are offered but neither forced nor named', () => {
    const plan = planReply({ body: { messages: said('Hi there'), toolConfig: { tools: [weatherTool] } }, model: MODEL });

    expect(plan.blocks).toEqual([{ kind: 'text', text: GREETING }]);
  });

  it('reports tool results when the last user turn holds them', () => {
    const body: ConverseBody = {
      messages: [
        { role: 'user', content: [{ text: 'Weather in Paris?' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'tu_1', name: 'get_weather', input: { city: 'Paris' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'tu_1', content: [{ json: { temperature: 21 } }] } }] },
      ],
      toolConfig: { tools: [weatherTool], toolChoice: { any: {} } },
    };

    expect(planReply({ body, model: MODEL }).blocks).toEqual([{ kind: 'text', text: 'Thanks, I used the tool result. The get_weather tool returned: {"temperature":21}.' }]);
  });

  it('answers JSON matching the required properties of an outputConfig schema', () => {
    const schema = { type: 'object', required: ['name', 'age', 'tags'], properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 18 }, tags: { type: 'array', items: { type: 'string' } }, note: { type: 'string' } } };
    const body: ConverseBody = {
      messages: said('Describe a person'),
      outputConfig: { textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'person' } } } },
    };

    const [block] = planReply({ body, model: MODEL }).blocks;

    expect(block?.kind === 'text' && JSON.parse(block.text)).toEqual({ name: 'example name', age: 18, tags: ['example tags'] });
  });

  it('answers a JSON object when the system prompt asks for JSON', () => {
    const [block] = planReply({ body: { messages: said('Hi there'), system: [{ text: 'Reply in JSON.' }] }, model: MODEL }).blocks;

    expect(block?.kind === 'text' && JSON.parse(block.text)).toEqual({ message: 'Hello from the Bedrock emulator (model anthropic.claude-haiku-4-5-20251001-v1:0).', echo: 'Hi there' });
  });

  const reasoningDialects: { dialect: string; fields: NonNullable<ConverseBody['additionalModelRequestFields']> }[] = [
    { dialect: 'Anthropic thinking', fields: { thinking: { type: 'enabled', budget_tokens: 1024 } } },
    { dialect: 'Nova reasoningConfig', fields: { reasoningConfig: { type: 'enabled', maxReasoningEffort: 'low' } } },
    { dialect: 'reasoning_effort', fields: { reasoning_effort: 'low' } },
  ];

  it.each(reasoningDialects)('puts a signed reasoning block before the text for $dialect', ({ fields }) => {
    const plan = planReply({ body: { messages: said('Hi there'), additionalModelRequestFields: fields }, model: MODEL });

    expect(plan.blocks).toEqual([
      { kind: 'reasoning', text: 'The user wrote: "Hi there". A short, friendly answer that names the model will do.', signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) },
      { kind: 'text', text: GREETING },
    ]);
  });

  it('reasons without being asked for a model that always reasons', () => {
    const plan = planReply({ body: { messages: said('Hi') }, model: { ...MODEL, alwaysReasons: true } });

    expect(plan.blocks.map((block) => block.kind)).toEqual(['reasoning', 'text']);
  });

  it('gives the same tool use id for the same request', () => {
    const body: ConverseBody = { messages: said('Hi'), toolConfig: { tools: [weatherTool], toolChoice: { any: {} } } };

    expect(planReply({ body, model: MODEL })).toEqual(planReply({ body, model: MODEL }));
  });
});

describe('planReply with a script', () => {
  it('sends scripted reasoning, text and tool calls with the scripted usage and stop reason', () => {
    const plan = planReply({
      body: { messages: said('Hi') },
      model: MODEL,
      script: {
        reasoning: { text: 'hmm', signature: 'sig' },
        text: 'Checking.',
        toolCalls: [{ name: 'lookup', input: { q: 1 }, id: 'tooluse_fixed' }],
        usage: { inputTokens: 100, outputTokens: 20, cacheReadInputTokens: 50, cacheWriteInputTokens: 10 },
        stopReason: 'guardrail_intervened',
      },
    });

    expect(plan).toEqual({
      blocks: [
        { kind: 'reasoning', text: 'hmm', signature: 'sig' },
        { kind: 'text', text: 'Checking.' },
        { kind: 'tool-use', toolUseId: 'tooluse_fixed', name: 'lookup', input: { q: 1 } },
      ],
      stopReason: 'guardrail_intervened',
      usage: { inputTokens: 100, outputTokens: 20, totalTokens: 180, cacheReadInputTokens: 50, cacheWriteInputTokens: 10, cacheDetails: [{ ttl: '5m', inputTokens: 10 }] },
    });
  });

  it('sends redacted reasoning when the script gives redacted bytes', () => {
    const plan = planReply({ body: { messages: said('Hi') }, model: MODEL, script: { reasoning: { redacted: 'AQID' }, text: 'ok' } });

    expect(plan.blocks).toEqual([{ kind: 'redacted-reasoning', data: 'AQID' }, { kind: 'text', text: 'ok' }]);
  });

  it.each([
    { rule: 'writes of a request with a 1-hour checkpoint are 1-hour writes', oneHourCache: true, script: { cacheWriteInputTokens: 30 }, details: [{ ttl: '1h', inputTokens: 30 }] },
    { rule: 'writes of a request without one are 5-minute writes', oneHourCache: false, script: { cacheWriteInputTokens: 30 }, details: [{ ttl: '5m', inputTokens: 30 }] },
    { rule: 'a scripted 1-hour share splits the writes, 1h first', oneHourCache: true, script: { cacheWriteInputTokens: 30, cacheWrite1hInputTokens: 12 }, details: [{ ttl: '1h', inputTokens: 12 }, { ttl: '5m', inputTokens: 18 }] },
    { rule: 'no writes, no cacheDetails', oneHourCache: true, script: { cacheWriteInputTokens: 0 }, details: undefined },
  ])('cacheDetails: $rule', ({ oneHourCache, script, details }) => {
    const plan = planReply({ body: { messages: said('Hi') }, model: MODEL, script: { usage: script }, oneHourCache });
    expect(plan.usage.cacheDetails).toEqual(details);
  });

  it.each([
    { rule: 'the tier asked for is reported', serving: { serviceTier: 'priority' }, script: {}, reported: { serviceTier: 'priority' } },
    { rule: 'a scripted tier wins (Bedrock served priority on default)', serving: { serviceTier: 'priority' }, script: { serviceTier: 'default' as const }, reported: { serviceTier: 'default' } },
    { rule: 'the latency mode asked for is reported', serving: { latency: 'optimized' }, script: {}, reported: { latency: 'optimized' } },
    { rule: 'nothing asked, nothing reported', serving: {}, script: {}, reported: undefined },
  ])('serving: $rule', ({ serving, script, reported }) => {
    expect(planReply({ body: { messages: said('Hi') }, model: MODEL, script, serving }).serving).toEqual(reported);
  });

  it('keeps the default content when the script only overrides usage', () => {
    const plan = planReply({ body: { messages: said('Hi there') }, model: MODEL, script: { usage: { inputTokens: 7 } } });

    expect(plan.blocks).toEqual([{ kind: 'text', text: GREETING }]);
    expect(plan.usage).toEqual({ inputTokens: 7, outputTokens: 26, totalTokens: 33 });
  });
});
