/**
 * @module Validates Converse/ConverseStream bodies the way Bedrock does, with Bedrock-like messages.
 *
 * Pure: takes the parsed body and the resolved model, throws a ValidationException-typed
 * BedrockEmulatorError on the first problem. Constraint failures that Bedrock's service model
 * catches use its Smithy wording ("1 validation error detected: Value ... at '...' failed to
 * satisfy constraint: ..."), with 1-based `member` paths; semantic checks use Bedrock's prose.
 */

import type { ContentBlock, Message } from '@aws-sdk/client-bedrock-runtime';
import { validationError } from './bedrock-errors';
import { checkModelRules } from './model-rules';
import { isJsonObject, type ConverseBody } from './request-features';
import type { EmulatorModel } from './types';

/** Members of the ContentBlock union; a block must set exactly one. */
const CONTENT_BLOCK_MEMBERS = [
  'text',
  'image',
  'document',
  'video',
  'audio',
  'toolUse',
  'toolResult',
  'guardContent',
  'cachePoint',
  'reasoningContent',
  'citationsContent',
  'searchResult',
] as const;

const IMAGE_FORMATS = ['png', 'jpeg', 'gif', 'webp'] as const;
const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const TOOL_USE_ID_PATTERN = /^[a-zA-Z0-9_-]+$/;
const TOOL_USE_ID_MAX_LENGTH = 64;
const MAX_STOP_SEQUENCES = 4;

/** Smithy's constraint wording for one failed member. */
function constraintMessage(value: unknown, path: string, constraint: string): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return `1 validation error detected: Value '${shown}' at '${path}' failed to satisfy constraint: ${constraint}`;
}

function validateInferenceConfig(body: ConverseBody, model: EmulatorModel): string | undefined {
  const config = body.inferenceConfig;
  if (config === undefined) return undefined;
  const { maxTokens, temperature, topP, stopSequences } = config;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    return constraintMessage(maxTokens, 'inferenceConfig.maxTokens', 'Member must have value greater than or equal to 1');
  }
  if (maxTokens !== undefined && model.maxOutputTokens !== undefined && maxTokens > model.maxOutputTokens) {
    return `The maximum tokens you requested exceeds the model limit of ${model.maxOutputTokens}. Try again with a maximum tokens value that is lower than ${model.maxOutputTokens}.`;
  }
  for (const [name, value] of [['temperature', temperature], ['topP', topP]] as const) {
    if (value === undefined) continue;
    if (value < 0) return constraintMessage(value, `inferenceConfig.${name}`, 'Member must have value greater than or equal to 0');
    if (value > 1) return constraintMessage(value, `inferenceConfig.${name}`, 'Member must have value less than or equal to 1');
  }
  if (stopSequences !== undefined && stopSequences.length > MAX_STOP_SEQUENCES) {
    return constraintMessage(stopSequences, 'inferenceConfig.stopSequences', `Member must have length less than or equal to ${MAX_STOP_SEQUENCES}`);
  }
  const emptyStop = (stopSequences ?? []).findIndex((sequence) => sequence.length === 0);
  if (emptyStop >= 0) {
    return constraintMessage('', `inferenceConfig.stopSequences.${emptyStop + 1}.member`, 'Member must have length greater than or equal to 1');
  }
  return undefined;
}

function validateToolConfig(body: ConverseBody): string | undefined {
  const seen = new Set<string>();
  for (const [index, tool] of (body.toolConfig?.tools ?? []).entries()) {
    const spec = tool.toolSpec;
    if (spec === undefined) continue;
    if (!TOOL_NAME_PATTERN.test(spec.name ?? '')) {
      return constraintMessage(spec.name ?? '', `toolConfig.tools.${index + 1}.member.toolSpec.name`, `Member must satisfy regular expression pattern: ${TOOL_NAME_PATTERN.source}`);
    }
    if (seen.has(spec.name ?? '')) return `The toolConfig.tools list contains more than one tool named ${spec.name}. Tool names must be unique.`;
    seen.add(spec.name ?? '');
    if (!isJsonObject(spec.inputSchema?.json)) {
      return `The value at toolConfig.tools.${index}.toolSpec.inputSchema.json must be a JSON object.`;
    }
  }
  const forced = body.toolConfig?.toolChoice?.tool?.name;
  if (forced !== undefined && !seen.has(forced)) {
    return `The tool ${forced} in toolConfig.toolChoice.tool.name isn't in toolConfig.tools. Add the tool to toolConfig.tools or choose another tool.`;
  }
  return undefined;
}

function validateBlockShape(block: ContentBlock, at: string): string | undefined {
  const members = Object.entries(block).flatMap(([key, value]) =>
    value !== undefined && (CONTENT_BLOCK_MEMBERS as readonly string[]).includes(key) ? [key] : [],
  );
  if (members.length !== 1) {
    return `The ContentBlock object at ${at} must set exactly one of the following keys: ${CONTENT_BLOCK_MEMBERS.join(', ')}. It sets ${members.length === 0 ? 'none' : members.join(', ')}.`;
  }
  if (block.text !== undefined && block.text.trim() === '') {
    return `The text field in the ContentBlock object at ${at} is blank. Add text to the text field, and try again.`;
  }
  if (block.image !== undefined) {
    const format = block.image.format ?? '';
    if (!(IMAGE_FORMATS as readonly string[]).includes(format)) {
      return constraintMessage(format, `${toMemberPath(at)}.image.format`, `Member must satisfy enum value set: [${IMAGE_FORMATS.join(', ')}]`);
    }
    const bytes: unknown = block.image.source?.bytes;
    if (typeof bytes !== 'string' || bytes.length === 0) {
      return `The image source at ${at}.image.source must contain the image bytes. Provide base64-encoded bytes and try again.`;
    }
  }
  if (block.toolUse !== undefined) {
    const { toolUseId, name } = block.toolUse;
    const input: unknown = block.toolUse.input;
    if (!isJsonObject(input)) return `The format of the value at ${at}.toolUse.input is invalid. Provide a JSON object for the field and try again.`;
    if (!TOOL_NAME_PATTERN.test(name ?? '')) {
      return constraintMessage(name ?? '', `${toMemberPath(at)}.toolUse.name`, `Member must satisfy regular expression pattern: ${TOOL_NAME_PATTERN.source}`);
    }
    const idProblem = toolUseIdProblem(toolUseId, `${toMemberPath(at)}.toolUse.toolUseId`);
    if (idProblem) return idProblem;
  }
  if (block.toolResult !== undefined) {
    return toolUseIdProblem(block.toolResult.toolUseId, `${toMemberPath(at)}.toolResult.toolUseId`);
  }
  return undefined;
}

function toolUseIdProblem(id: string | undefined, path: string): string | undefined {
  if (id === undefined || !TOOL_USE_ID_PATTERN.test(id)) {
    return constraintMessage(id ?? '', path, `Member must satisfy regular expression pattern: ${TOOL_USE_ID_PATTERN.source}`);
  }
  if (id.length > TOOL_USE_ID_MAX_LENGTH) {
    return constraintMessage(id, path, `Member must have length less than or equal to ${TOOL_USE_ID_MAX_LENGTH}`);
  }
  return undefined;
}

/** `messages.2.content.1` -> `messages.3.member.content.2.member` (Smithy paths are 1-based). */
function toMemberPath(at: string): string {
  return at.replace(/\.(\d+)/g, (_match, index: string) => `.${Number(index) + 1}.member`);
}

function toolUseIds(message: Message | undefined): string[] {
  return (message?.content ?? []).flatMap((block) => (block.toolUse?.toolUseId === undefined ? [] : [block.toolUse.toolUseId]));
}

function validateToolPairing(messages: readonly Message[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'user') continue;
    const expected = toolUseIds(messages[index - 1]);
    const results = (message.content ?? []).flatMap((block) => (block.toolResult ? [block.toolResult.toolUseId ?? ''] : []));
    const unknown = results.find((id) => !expected.includes(id));
    if (unknown !== undefined) {
      return `The toolUseId ${unknown} in a toolResult block at messages.${index}.content doesn't match any toolUse block in the previous assistant turn. Make sure each toolResult refers to a toolUse of the previous turn.`;
    }
    const missing = expected.filter((id) => !results.includes(id));
    if (missing.length > 0) return `Expected toolResult blocks at messages.${index}.content for the following Ids: ${missing.join(', ')}`;
  }
  return undefined;
}

function validateMessages(body: ConverseBody): string | undefined {
  const messages = body.messages ?? [];
  if (messages.length === 0 || messages[0]?.role !== 'user') {
    return 'A conversation must start with a user message. Try again with a conversation that starts with a user message.';
  }
  let usesTools = false;
  for (const [index, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') {
      return constraintMessage(message.role ?? '', `messages.${index + 1}.member.role`, 'Member must satisfy enum value set: [user, assistant]');
    }
    if (index > 0 && messages[index - 1]?.role === message.role) {
      return 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.';
    }
    const content = message.content ?? [];
    if (content.length === 0) return `The content field in the Message object at messages.${index} is empty. Add a ContentBlock object to the content field and try again.`;
    for (const [blockIndex, block] of content.entries()) {
      const problem = validateBlockShape(block, `messages.${index}.content.${blockIndex}`);
      if (problem) return problem;
      usesTools ||= block.toolUse !== undefined || block.toolResult !== undefined;
    }
  }
  if (usesTools && body.toolConfig === undefined) {
    return 'The toolConfig field must be defined when using toolUse and toolResult content blocks.';
  }
  return validateToolPairing(messages);
}

function validateSystem(body: ConverseBody): string | undefined {
  const blank = (body.system ?? []).findIndex((block) => block.text !== undefined && block.text.trim() === '');
  return blank >= 0 ? `The text field in the SystemContentBlock object at system.${blank} is blank. Add text to the text field, and try again.` : undefined;
}

function validateModalities(body: ConverseBody, model: EmulatorModel): string | undefined {
  const acceptsImages = (model.inputModalities ?? ['TEXT']).includes('IMAGE');
  const hasImage = (body.messages ?? []).some((message) => (message.content ?? []).some((block) => block.image !== undefined));
  return hasImage && !acceptsImages
    ? "This model doesn't support the image content block that you provided. Try again with a compatible model."
    : undefined;
}

/**
 * Validates a Converse body for `model`.
 *
 * @throws BedrockEmulatorError (ValidationException) naming the first problem found.
 */
function validateConverseBody(raw: unknown, model: EmulatorModel): ConverseBody {
  if (!isJsonObject(raw)) throw validationError('Malformed input request, please reformat your input and try again.');
  const body: ConverseBody = raw;
  const checks = [
    () => (model.kind === 'chat' ? undefined : "This action doesn't support the model that you provided. Try again with a supported text or chat model."),
    () => validateMessages(body),
    () => validateSystem(body),
    () => validateInferenceConfig(body, model),
    () => validateToolConfig(body),
    () => validateModalities(body, model),
    () => checkModelRules(body, model),
  ];
  for (const check of checks) {
    const problem = check();
    if (problem !== undefined) throw validationError(problem);
  }
  return body;
}

export { CONTENT_BLOCK_MEMBERS, IMAGE_FORMATS, validateConverseBody };
