/** @module Unit tests of the emulator's Converse validation rules. */

import type { ContentBlock, Message } from '@aws-sdk/client-bedrock-runtime';
import { validateConverseBody } from '../../../local/bedrock-emulator/converse-validation';
import { checkRequestFacts, messagesFacts } from '../../../local/bedrock-emulator/model-rules';
import { DEFAULT_MODELS } from '../../../local/bedrock-emulator/default-models';
import type { ConverseBody } from '../../../local/bedrock-emulator/request-features';
import type { EmulatorModel } from '../../../local/bedrock-emulator/types';

function model(modelId: string): EmulatorModel {
  const found = DEFAULT_MODELS.find((candidate) => candidate.modelId === modelId);
  if (!found) throw new Error(`no default model ${modelId}`);
  return found;
}

const SONNET_4_5 = model('anthropic.claude-sonnet-4-5-20250929-v1:0');
const SONNET_4 = model('anthropic.claude-sonnet-4-20250514-v1:0');
const LLAMA = model('meta.llama3-3-70b-instruct-v1:0');
const MISTRAL_7B = model('mistral.mistral-7b-instruct-v0:2');
const TITAN = model('amazon.titan-embed-text-v2:0');

const user = (...content: ContentBlock[]): Message => ({ role: 'user', content });
const assistant = (...content: ContentBlock[]): Message => ({ role: 'assistant', content });
const hello = user({ text: 'Hello' });
const weatherTool = { toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } };
const toolUse = (toolUseId = 'tooluse_1'): ContentBlock => ({ toolUse: { toolUseId, name: 'get_weather', input: { city: 'Paris' } } });
const toolResult = (toolUseId = 'tooluse_1'): ContentBlock => ({ toolResult: { toolUseId, content: [{ text: '21C' }] } });

/** Wire bodies can hold what the SDK types forbid, so the table builds them as plain JSON. */
function wire(body: Record<string, unknown>): unknown {
  return JSON.parse(JSON.stringify(body));
}

describe('validateConverseBody', () => {
  it('accepts a single user turn and returns the body', () => {
    const body = { messages: [hello] };

    expect(validateConverseBody(body, SONNET_4_5)).toEqual(body);
  });

  it('accepts a full tool round trip with toolConfig', () => {
    const body: ConverseBody = {
      messages: [user({ text: 'Weather?' }), assistant(toolUse()), user(toolResult())],
      toolConfig: { tools: [weatherTool] },
    };

    expect(() => validateConverseBody(body, SONNET_4_5)).not.toThrow();
  });

  it.each([
    { rule: 'no messages', body: { messages: [] }, message: 'A conversation must start with a user message.' },
    { rule: 'first turn is assistant', body: { messages: [assistant({ text: 'Hi' })] }, message: 'A conversation must start with a user message.' },
    { rule: 'same role twice', body: { messages: [hello, user({ text: 'again' })] }, message: 'A conversation must alternate between user and assistant roles.' },
    { rule: 'unknown role', body: { messages: [hello, { role: 'system', content: [{ text: 'x' }] }] }, message: "at 'messages.2.member.role' failed to satisfy constraint" },
    { rule: 'empty content', body: { messages: [{ role: 'user', content: [] }] }, message: 'The content field in the Message object at messages.0 is empty.' },
    { rule: 'empty text block', body: { messages: [user({ text: '' })] }, message: 'The text field in the ContentBlock object at messages.0.content.0 is blank.' },
    { rule: 'whitespace-only text block', body: { messages: [user({ text: '  \n ' })] }, message: 'is blank' },
    { rule: 'two members in one block', body: { messages: [{ role: 'user', content: [{ text: 'a', image: { format: 'png', source: { bytes: 'AA==' } } }] }] }, message: 'must set exactly one of the following keys' },
    { rule: 'no member in a block', body: { messages: [{ role: 'user', content: [{}] }] }, message: 'It sets none.' },
    { rule: 'toolUse input is a string', body: { messages: [hello, { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'get_weather', input: '{"city":"Paris"}' } }] }], toolConfig: { tools: [weatherTool] } }, message: 'The format of the value at messages.1.content.0.toolUse.input is invalid.' },
    { rule: 'tool blocks without toolConfig', body: { messages: [hello, assistant(toolUse()), user(toolResult())] }, message: 'The toolConfig field must be defined when using toolUse and toolResult content blocks.' },
    { rule: 'bad tool name', body: { messages: [hello], toolConfig: { tools: [{ toolSpec: { name: 'get weather', inputSchema: { json: {} } } }] } }, message: "Value 'get weather' at 'toolConfig.tools.1.member.toolSpec.name' failed to satisfy constraint: Member must satisfy regular expression pattern" },
    { rule: 'tool name over 64 characters', body: { messages: [hello], toolConfig: { tools: [{ toolSpec: { name: 'a'.repeat(65), inputSchema: { json: {} } } }] } }, message: 'toolConfig.tools.1.member.toolSpec.name' },
    { rule: 'duplicate tool names', body: { messages: [hello], toolConfig: { tools: [weatherTool, weatherTool] } }, message: 'Tool names must be unique.' },
    { rule: 'forced tool not offered', body: { messages: [hello], toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'other' } } } }, message: "The tool other in toolConfig.toolChoice.tool.name isn't in toolConfig.tools." },
    { rule: 'toolUseId with a dot', body: { messages: [hello, assistant(toolUse('tool.1'))], toolConfig: { tools: [weatherTool] } }, message: "Value 'tool.1' at 'messages.2.member.content.1.member.toolUse.toolUseId'" },
    { rule: 'toolUseId over 64 characters', body: { messages: [hello, assistant(toolUse('t'.repeat(65)))], toolConfig: { tools: [weatherTool] } }, message: 'Member must have length less than or equal to 64' },
    { rule: 'toolResult for an unknown id', body: { messages: [hello, assistant(toolUse('a')), user(toolResult('b'))], toolConfig: { tools: [weatherTool] } }, message: "The toolUseId b in a toolResult block at messages.2.content doesn't match any toolUse block" },
    { rule: 'toolUse without its toolResult', body: { messages: [hello, assistant(toolUse('a')), user({ text: 'ignore it' })], toolConfig: { tools: [weatherTool] } }, message: 'Expected toolResult blocks at messages.2.content for the following Ids: a' },
    { rule: 'bmp image', body: { messages: [{ role: 'user', content: [{ image: { format: 'bmp', source: { bytes: 'AA==' } } }] }] }, message: "Value 'bmp' at 'messages.1.member.content.1.member.image.format' failed to satisfy constraint: Member must satisfy enum value set: [png, jpeg, gif, webp]" },
    { rule: 'image without bytes', body: { messages: [user({ image: { format: 'png', source: { s3Location: { uri: 's3://b/k' } } } })] }, message: 'must contain the image bytes' },
    { rule: 'blank system text', body: { messages: [hello], system: [{ text: ' ' }] }, message: 'The text field in the SystemContentBlock object at system.0 is blank.' },
    { rule: 'maxTokens 0', body: { messages: [hello], inferenceConfig: { maxTokens: 0 } }, message: "Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1" },
    { rule: 'maxTokens above the model limit', body: { messages: [hello], inferenceConfig: { maxTokens: 64001 } }, message: 'exceeds the model limit of 64000' },
    { rule: 'temperature above 1', body: { messages: [hello], inferenceConfig: { temperature: 1.5 } }, message: "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1" },
    { rule: 'negative temperature', body: { messages: [hello], inferenceConfig: { temperature: -0.1 } }, message: 'Member must have value greater than or equal to 0' },
    { rule: 'topP above 1', body: { messages: [hello], inferenceConfig: { topP: 1.2 } }, message: "at 'inferenceConfig.topP'" },
    { rule: 'five stop sequences', body: { messages: [hello], inferenceConfig: { stopSequences: ['a', 'b', 'c', 'd', 'e'] } }, message: 'Member must have length less than or equal to 4' },
    { rule: 'empty stop sequence', body: { messages: [hello], inferenceConfig: { stopSequences: [''] } }, message: "at 'inferenceConfig.stopSequences.1.member'" },
  ])('fails when $rule', ({ body, message }) => {
    expect(() => validateConverseBody(wire(body), SONNET_4_5)).toThrow(expect.objectContaining({ name: 'ValidationException', statusCode: 400, message: expect.stringContaining(message) }));
  });

  it('fails for a body that is not a JSON object', () => {
    expect(() => validateConverseBody('hello', SONNET_4_5)).toThrow('Malformed input request');
  });

  it('fails when Converse is called with an embedding model', () => {
    expect(() => validateConverseBody({ messages: [hello] }, TITAN)).toThrow("This action doesn't support the model that you provided.");
  });

  it('fails when a text-only model gets an image', () => {
    const body = { messages: [{ role: 'user', content: [{ text: 'what is this?' }, { image: { format: 'png', source: { bytes: 'AA==' } } }] }] };

    expect(() => validateConverseBody(wire(body), LLAMA)).toThrow("This model doesn't support the image content block");
  });
});

describe('model-specific rules', () => {
  const thinking = (budget: number) => ({ thinking: { type: 'enabled', budget_tokens: budget } });

  it.each([
    { rule: 'temperature with topP on Claude 4.5', model: SONNET_4_5, body: { inferenceConfig: { temperature: 0.5, topP: 0.9 } }, message: 'The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.' },
    { rule: 'thinking budget below 1024', model: SONNET_4_5, body: { inferenceConfig: { maxTokens: 4000 }, additionalModelRequestFields: thinking(1000) }, message: 'budget_tokens: Input should be greater than or equal to 1024' },
    { rule: 'thinking budget equal to maxTokens', model: SONNET_4_5, body: { inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: thinking(2048) }, message: '`max_tokens` must be greater than `thinking.budget_tokens`' },
    { rule: 'thinking with temperature 0.5', model: SONNET_4_5, body: { inferenceConfig: { maxTokens: 4000, temperature: 0.5 }, additionalModelRequestFields: thinking(1024) }, message: '`temperature` may only be set to 1 when thinking is enabled' },
    { rule: 'thinking with topP 0.5', model: SONNET_4_5, body: { inferenceConfig: { maxTokens: 4000, topP: 0.5 }, additionalModelRequestFields: thinking(1024) }, message: '`top_p` must be greater than or equal to 0.95' },
    { rule: 'thinking with a forced tool', model: SONNET_4_5, body: { inferenceConfig: { maxTokens: 4000 }, additionalModelRequestFields: thinking(1024), toolConfig: { tools: [weatherTool], toolChoice: { any: {} } } }, message: 'Thinking may not be enabled when tool_choice forces tool use.' },
    { rule: 'toolChoice any on Llama', model: LLAMA, body: { toolConfig: { tools: [weatherTool], toolChoice: { any: {} } } }, message: "This model doesn't support the toolConfig.toolChoice.any field." },
    { rule: 'system prompt on Mistral 7B', model: MISTRAL_7B, body: { system: [{ text: 'Be brief.' }] }, message: "This model doesn't support system messages." },
    { rule: "Anthropic's tool_choice without tools", model: SONNET_4_5, body: { additionalModelRequestFields: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } } }, message: 'tool_choice may only be specified while providing tools.' },
    { rule: "Anthropic's tool_choice without its type", model: SONNET_4_5, body: { toolConfig: { tools: [weatherTool] }, additionalModelRequestFields: { tool_choice: { disable_parallel_tool_use: true } } }, message: 'tool_choice.type: Field required' },
    {
      rule: "Anthropic's tool_choice.type beside a Converse toolChoice",
      model: SONNET_4_5,
      body: { toolConfig: { tools: [weatherTool], toolChoice: { tool: { name: 'get_weather' } } }, additionalModelRequestFields: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } } },
      message: 'The additional field tool_choice/type conflicts with the existing field toolConfig.toolChoice.tool. Remove tool_choice/type and try again.',
    },
  ])('fails for $rule', ({ model: target, body, message }) => {
    expect(() => validateConverseBody(wire({ messages: [hello], ...body }), target)).toThrow(expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining(message) }));
  });

  it.each([
    { rule: 'temperature with topP on Claude Sonnet 4', model: SONNET_4, body: { inferenceConfig: { temperature: 0.5, topP: 0.9 } } },
    { rule: 'thinking with budget 1024 below maxTokens 2048', model: SONNET_4_5, body: { inferenceConfig: { maxTokens: 2048 }, additionalModelRequestFields: thinking(1024) } },
    { rule: 'toolChoice any on Claude', model: SONNET_4_5, body: { toolConfig: { tools: [weatherTool], toolChoice: { any: {} } } } },
    { rule: "Anthropic's switch with type auto and no Converse toolChoice", model: SONNET_4_5, body: { toolConfig: { tools: [weatherTool] }, additionalModelRequestFields: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } } } },
    { rule: "Anthropic's switch alone beside toolChoice any", model: SONNET_4_5, body: { toolConfig: { tools: [weatherTool], toolChoice: { any: {} } }, additionalModelRequestFields: { tool_choice: { disable_parallel_tool_use: true } } } },
  ])('accepts $rule', ({ model: target, body }) => {
    expect(() => validateConverseBody(wire({ messages: [hello], ...body }), target)).not.toThrow();
  });
});

describe('Claude thinking and sampling rules of the newer models (Converse and InvokeModel alike)', () => {
  const OPUS_4_6 = model('anthropic.claude-opus-4-6-v1');
  const OPUS_4_7 = model('anthropic.claude-opus-4-7');
  const OPUS_5 = model('anthropic.claude-opus-5');
  const OPUS_5_5 = model('anthropic.claude-opus-5-5');
  const SONNET_5 = model('anthropic.claude-sonnet-5');
  const SONNET_5_5 = model('anthropic.claude-sonnet-5-5');
  const claude = (fields: Record<string, unknown>) => ({ additionalModelRequestFields: fields });
  const forced = { toolConfig: { tools: [weatherTool], toolChoice: { any: {} } } };

  it.each([
    { rule: 'a thinking budget on Opus 4.7 (adaptive only)', model: OPUS_4_7, body: { inferenceConfig: { maxTokens: 4000 }, ...claude({ thinking: { type: 'enabled', budget_tokens: 2048 } }) }, message: '"thinking.type.enabled" is not supported for this model.' },
    { rule: 'thinking disabled on Opus 5.5 (always thinks)', model: OPUS_5_5, body: claude({ thinking: { type: 'disabled' } }), message: '"thinking.type.disabled" is not supported' },
    { rule: 'thinking disabled on Sonnet 5.5 (between_tools instead)', model: SONNET_5_5, body: claude({ thinking: { type: 'disabled' } }), message: '"thinking.type.disabled" is not supported' },
    { rule: 'between_tools on Opus 5', model: OPUS_5, body: claude({ thinking: { type: 'between_tools' } }), message: '"thinking.type.between_tools" is not supported' },
    { rule: 'temperature 0.5 on Opus 4.7 without thinking', model: OPUS_4_7, body: { inferenceConfig: { temperature: 0.5 } }, message: 'temperature must be 1.0 or unset' },
    { rule: 'top_k on Opus 5.5', model: OPUS_5_5, body: claude({ top_k: 5 }), message: 'top_k is not supported' },
    { rule: 'a forced tool on Opus 5.5', model: OPUS_5_5, body: forced, message: 'tool_choice: type "tool" and "any" are not supported for this model.' },
    { rule: 'a forced tool on Sonnet 5, which thinks by default', model: SONNET_5, body: forced, message: 'Thinking may not be enabled when tool_choice forces tool use.' },
    { rule: 'effort xhigh on Claude 4.6', model: OPUS_4_6, body: claude({ thinking: { type: 'adaptive' }, output_config: { effort: 'xhigh' } }), message: "Input should be 'low', 'medium', 'high' or 'max'" },
    { rule: 'effort max with thinking disabled on Opus 5', model: OPUS_5, body: claude({ thinking: { type: 'disabled' }, output_config: { effort: 'max' } }), message: "'max' is not supported with thinking.type 'disabled'" },
  ])('fails for $rule', ({ model: target, body, message }) => {
    expect(() => validateConverseBody(wire({ messages: [hello], ...body }), target)).toThrow(expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining(message) }));
  });

  it.each([
    { rule: 'adaptive thinking with effort xhigh on Opus 4.7', model: OPUS_4_7, body: claude({ thinking: { type: 'adaptive' }, output_config: { effort: 'xhigh' } }) },
    { rule: 'thinking disabled with effort high on Opus 5', model: OPUS_5, body: claude({ thinking: { type: 'disabled' }, output_config: { effort: 'high' } }) },
    { rule: 'between_tools with effort high on Sonnet 5.5', model: SONNET_5_5, body: claude({ thinking: { type: 'between_tools' }, output_config: { effort: 'high' } }) },
    { rule: 'a forced tool on Sonnet 5 with thinking disabled', model: SONNET_5, body: { ...forced, ...claude({ thinking: { type: 'disabled' } }) } },
    { rule: 'a budget on Opus 4.6', model: OPUS_4_6, body: { inferenceConfig: { maxTokens: 4000 }, ...claude({ thinking: { type: 'enabled', budget_tokens: 2048 } }) } },
  ])('accepts $rule', ({ model: target, body }) => {
    expect(() => validateConverseBody(wire({ messages: [hello], ...body }), target)).not.toThrow();
  });

  it.each([
    { rule: 'a budget on Opus 4.7', body: { max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2048 } }, expected: '"thinking.type.enabled" is not supported for this model.' },
    { rule: 'a forced tool on Opus 5.5', body: { tool_choice: { type: 'any' }, tools: [{ name: 'x' }] }, expected: 'tool_choice: type "tool" and "any" are not supported' },
    { rule: 'adaptive thinking (accepted)', body: { thinking: { type: 'adaptive' }, output_config: { effort: 'max' } }, expected: undefined },
  ])('applies the same rules to an InvokeModel Messages body: $rule', ({ body, expected }) => {
    const target = body.tool_choice ? OPUS_5_5 : OPUS_4_7;
    const message = checkRequestFacts(messagesFacts({ anthropic_version: 'bedrock-2023-05-31', messages: [], ...body }), target);
    expect(message === undefined ? undefined : message.includes(expected ?? '\u0000') ? expected : message).toBe(expected);
  });
});
