/**
 * @module Validates a `POST /v1/responses` body: a 400 naming the parameter for what is malformed;
 * hosted tools, tool types and fields the gateway does not serve are dropped with a warning (Codex
 * sends several by default, so they must never fail a request).
 */
import { jsonSchemaProblem } from '../openai/json-schema-shape';
import { InvalidRequestError } from '../platform/errors';
import type {
  ResponsesContentPart,
  ResponsesCreateRequest,
  ResponsesCustomTool,
  ResponsesFunctionTool,
  ResponsesInputItem,
  ResponsesReasoningConfig,
  ResponsesTextFormat,
  ResponsesTool,
  ResponsesToolChoice,
  ResponsesToolOutput,
} from './responses-types';

/** A parsed request, and what was left out of it. */
interface ParsedResponsesRequest {
  readonly request: ResponsesCreateRequest;
  readonly warnings: readonly string[];
}

type Json = Record<string, unknown>;

/** Fields accepted and ignored without a word: client bookkeeping that means nothing to a model. */
const SILENTLY_IGNORED = new Set(['client_metadata', 'stream_options']);

/** Fields ignored with a warning. */
const IGNORED_WITH_WARNING: Readonly<Record<string, string>> = {
  max_tool_calls: 'not enforced by the gateway',
  top_logprobs: 'log probabilities are not available on Amazon Bedrock',
  conversation: 'conversations are not stored by the gateway; use previous_response_id',
  prompt: 'stored prompt templates are not available; send instructions and input',
};

const KNOWN_FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_output_tokens',
  'temperature',
  'top_p',
  'text',
  'reasoning',
  'metadata',
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'store',
  'stream',
  'previous_response_id',
  'include',
  'service_tier',
  'truncation',
]);

/** Tool types OpenAI runs itself (or that need a client runtime Bedrock lacks). */
const HOSTED_TOOL_TYPES = new Set([
  'web_search',
  'web_search_preview',
  'web_search_2025_08_26',
  'web_search_preview_2025_03_11',
  'file_search',
  'tool_search',
  'code_interpreter',
  'image_generation',
  'computer_use_preview',
  'computer_use',
  'mcp',
  'local_shell',
  'shell',
  'apply_patch',
]);

const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
const REASONING_SUMMARIES = ['auto', 'concise', 'detailed'] as const;
const ROLES = ['user', 'assistant', 'system', 'developer'] as const;
/** OpenAI's tiers; the chat mapping sends `flex` and `priority` where the catalog prices them (else a 400), `scale` with a warning. */
const SERVICE_TIERS = ['auto', 'default', 'flex', 'scale', 'priority'] as const;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function invalidType(param: string, expected: string, value: unknown): InvalidRequestError {
  return new InvalidRequestError(`Invalid type for '${param}': expected ${expected}, but got ${describe(value)} instead.`, { param, code: 'invalid_type' });
}

function invalidValue(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(`Invalid value for '${param}': ${message}`, { param, code: 'invalid_value' });
}

function missing(param: string): InvalidRequestError {
  return new InvalidRequestError(`Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
}

function requireString(value: unknown, param: string): string {
  if (value === undefined) throw missing(param);
  if (typeof value !== 'string') throw invalidType(param, 'a string', value);
  return value;
}

function optionalString(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidType(param, 'a string', value);
  return value;
}

function optionalBoolean(value: unknown, param: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidType(param, 'a boolean', value);
  return value;
}

function optionalNumber(value: unknown, param: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidType(param, 'a number', value);
  if (value < min || value > max) throw invalidValue(param, `expected a value between ${min} and ${max}, but got ${value} instead.`);
  return value;
}

/** `a.b[2].c` from a schema path. */
function pathParam(base: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`), base);
}

/**
 * Refuses a JSON Schema Bedrock could not read, naming the keyword at fault: tool `parameters` must
 * describe an object (`objectRoot`), a `text.format` schema any value.
 */
function checkSchema(schema: Json, param: string, objectRoot: boolean): void {
  if (objectRoot && schema['type'] !== undefined && schema['type'] !== 'object') {
    throw invalidValue(`${param}.type`, `function parameters must be a JSON Schema of 'type: "object"', but got 'type: ${JSON.stringify(schema['type'])}' instead.`);
  }
  const problem = jsonSchemaProblem(schema);
  if (problem !== undefined) throw invalidValue(pathParam(param, problem.path), `expected ${problem.expected}, but got ${describe(problem.received)} instead.`);
}

function oneOf<T extends string>(value: unknown, param: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidValue(param, `expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, but got ${JSON.stringify(value)} instead.`);
  }
  return value as T;
}

function parseContentPart(value: unknown, param: string): ResponsesContentPart {
  if (!isRecord(value)) throw invalidType(param, 'an object', value);
  switch (value['type']) {
    case 'input_text':
      return { type: 'input_text', text: requireString(value['text'], `${param}.text`) };
    case 'output_text':
      return { type: 'output_text', text: requireString(value['text'], `${param}.text`) };
    case 'refusal':
      return { type: 'refusal', refusal: requireString(value['refusal'], `${param}.refusal`) };
    case 'input_image': {
      const imageUrl = optionalString(value['image_url'], `${param}.image_url`);
      const fileId = optionalString(value['file_id'], `${param}.file_id`);
      if (fileId !== undefined) throw invalidValue(`${param}.file_id`, 'Files API ids are not available on this gateway; send the image as image_url (a URL or a data URL).');
      if (imageUrl === undefined) throw missing(`${param}.image_url`);
      const detail = value['detail'];
      return { type: 'input_image', image_url: imageUrl, ...(detail === 'auto' || detail === 'low' || detail === 'high' ? { detail } : {}) };
    }
    case 'input_file': {
      if (value['file_id'] != null) throw invalidValue(`${param}.file_id`, 'Files API ids are not available on this gateway; send the file as file_data (a data URL).');
      if (value['file_url'] != null) throw invalidValue(`${param}.file_url`, 'file URLs are not fetched by this gateway; send the file as file_data (a data URL).');
      const fileData = requireString(value['file_data'], `${param}.file_data`);
      const filename = optionalString(value['filename'], `${param}.filename`);
      return { type: 'input_file', file_data: fileData, ...(filename === undefined ? {} : { filename }) };
    }
    default:
      throw invalidValue(`${param}.type`, `expected one of 'input_text', 'input_image', 'input_file', 'output_text', 'refusal', but got ${JSON.stringify(value['type'])} instead.`);
  }
}

function parseContent(value: unknown, param: string): string | ResponsesContentPart[] {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) throw invalidType(param, 'a string or an array of content parts', value);
  return value.map((part, index) => parseContentPart(part, `${param}[${index}]`));
}

/** A function call's `arguments`: a string holding a JSON object (what the model's call was, and what Bedrock takes back). */
function requireArgumentsObject(value: unknown, param: string): string {
  const text = requireString(value, param);
  // A call without arguments may come back with none at all.
  if (text.trim() === '') return '{}';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidValue(param, 'expected a JSON object in a string, but the string is not valid JSON.');
  }
  if (!isRecord(parsed)) throw invalidValue(param, `expected a JSON object in a string, but got ${describe(parsed)} instead.`);
  return text;
}

/** Whether message content holds nothing: no parts, or only empty or whitespace text. */
function isBlank(content: string | ResponsesContentPart[]): boolean {
  if (typeof content === 'string') return content.trim() === '';
  return content.every((part) => (part.type === 'input_text' || part.type === 'output_text') && part.text.trim() === '');
}

function parseToolOutput(value: unknown, param: string): ResponsesToolOutput {
  if (value === undefined) throw missing(param);
  return parseContent(value, param);
}

/** One input item; `undefined` for an item type the gateway leaves out (with a warning). */
/** A tool declared somewhere other than `tools`, and the parameter that names it. */
interface LocatedTool {
  readonly value: unknown;
  readonly param: string;
}

function parseInputItem(value: unknown, param: string, warnings: Warnings, extraTools: LocatedTool[]): ResponsesInputItem | undefined {
  if (!isRecord(value)) throw invalidType(param, 'an object', value);
  const type = value['type'] ?? (value['role'] !== undefined ? 'message' : undefined);
  const id = optionalString(value['id'], `${param}.id`);
  const withId = id === undefined ? {} : { id };
  switch (type) {
    case 'message': {
      const role = oneOf(value['role'], `${param}.role`, ROLES);
      const content = parseContent(value['content'], `${param}.content`);
      if (role === 'user' && isBlank(content)) throw invalidValue(`${param}.content`, 'a user message must have content (text, an image or a file).');
      return { type: 'message', ...withId, role, content };
    }
    case 'function_call': {
      const namespace = optionalString(value['namespace'], `${param}.namespace`);
      return {
        type: 'function_call',
        ...withId,
        call_id: requireString(value['call_id'], `${param}.call_id`),
        name: requireString(value['name'], `${param}.name`),
        ...(namespace === undefined ? {} : { namespace }),
        arguments: requireArgumentsObject(value['arguments'], `${param}.arguments`),
      };
    }
    case 'function_call_output':
      return { type: 'function_call_output', ...withId, call_id: requireString(value['call_id'], `${param}.call_id`), output: parseToolOutput(value['output'], `${param}.output`) };
    case 'custom_tool_call': {
      const namespace = optionalString(value['namespace'], `${param}.namespace`);
      return {
        type: 'custom_tool_call',
        ...withId,
        call_id: requireString(value['call_id'], `${param}.call_id`),
        name: requireString(value['name'], `${param}.name`),
        ...(namespace === undefined ? {} : { namespace }),
        input: requireString(value['input'], `${param}.input`),
      };
    }
    case 'custom_tool_call_output':
      return { type: 'custom_tool_call_output', ...withId, call_id: requireString(value['call_id'], `${param}.call_id`), output: parseToolOutput(value['output'], `${param}.output`) };
    case 'reasoning': {
      const summary = value['summary'] ?? [];
      if (!Array.isArray(summary)) throw invalidType(`${param}.summary`, 'an array', summary);
      const encrypted = optionalString(value['encrypted_content'], `${param}.encrypted_content`);
      return {
        type: 'reasoning',
        ...withId,
        summary: summary.map((part, index) => ({ type: 'summary_text' as const, text: requireString(isRecord(part) ? part['text'] : undefined, `${param}.summary[${index}].text`) })),
        ...(encrypted === undefined ? {} : { encrypted_content: encrypted }),
      };
    }
    case 'item_reference':
      return { type: 'item_reference', id: requireString(value['id'], `${param}.id`) };
    case 'additional_tools': {
      // Codex's "responses-lite" form declares its tools in the input.
      const tools = value['tools'];
      if (!Array.isArray(tools)) throw tools === undefined ? missing(`${param}.tools`) : invalidType(`${param}.tools`, 'an array', tools);
      tools.forEach((tool, index) => extraTools.push({ value: tool, param: `${param}.tools[${index}]` }));
      return undefined;
    }
    default:
      warnings.add(`${param}: input items of type ${JSON.stringify(type)} are not available on this gateway; dropped.`);
      return undefined;
  }
}

/** Warnings in order, without duplicates. */
class Warnings {
  private readonly messages = new Set<string>();

  add(message: string): void {
    this.messages.add(message);
  }

  list(): string[] {
    return [...this.messages];
  }
}

function parseInput(value: unknown, warnings: Warnings, extraTools: LocatedTool[]): ResponsesInputItem[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [{ type: 'message', role: 'user', content: value }];
  if (!Array.isArray(value)) throw invalidType('input', 'a string or an array of input items', value);
  return value.flatMap((item, index) => parseInputItem(item, `input[${index}]`, warnings, extraTools) ?? []);
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** A function or custom tool, top-level or in a namespace; `undefined` for other types (dropped with a warning). */
function parseCallableTool(value: Json, param: string): ResponsesFunctionTool | ResponsesCustomTool | undefined {
  const type = value['type'];
  if (type === 'function') {
    const name = requireString(value['name'], `${param}.name`);
    if (!TOOL_NAME.test(name)) throw invalidValue(`${param}.name`, `'${name}' must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes.`);
    const parameters = value['parameters'];
    if (parameters !== undefined && parameters !== null && !isRecord(parameters)) throw invalidType(`${param}.parameters`, 'an object', parameters);
    if (isRecord(parameters)) checkSchema(parameters, `${param}.parameters`, true);
    const description = optionalString(value['description'], `${param}.description`);
    const strict = optionalBoolean(value['strict'], `${param}.strict`);
    return { type: 'function', name, ...(description === undefined ? {} : { description }), ...(isRecord(parameters) ? { parameters } : {}), ...(strict === undefined ? {} : { strict }) };
  }
  if (type === 'custom') {
    const name = requireString(value['name'], `${param}.name`);
    if (!TOOL_NAME.test(name)) throw invalidValue(`${param}.name`, `'${name}' must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes.`);
    const description = optionalString(value['description'], `${param}.description`);
    const format = value['format'];
    let parsedFormat: NonNullable<ResponsesCustomTool['format']>;
    if (isRecord(format) && format['type'] === 'grammar') {
      parsedFormat = {
        type: 'grammar',
        syntax: format['syntax'] === 'regex' ? 'regex' : 'lark',
        definition: requireString(format['definition'], `${param}.format.definition`),
      };
    } else {
      parsedFormat = { type: 'text' };
    }
    return { type: 'custom', name, ...(description === undefined ? {} : { description }), format: parsedFormat };
  }
  return undefined;
}

/** A namespace group: its function and custom tools (other member types dropped with a warning), names unique within it. */
function parseNamespaceTool(value: Json, param: string, warnings: Warnings): ResponsesTool {
  const name = requireString(value['name'], `${param}.name`);
  if (name.trim() === '') throw invalidValue(`${param}.name`, 'expected a namespace name.');
  const description = optionalString(value['description'], `${param}.description`) ?? '';
  const members = value['tools'];
  if (!Array.isArray(members)) throw members === undefined ? missing(`${param}.tools`) : invalidType(`${param}.tools`, 'an array', members);
  const seen = new Set<string>();
  const tools = members.flatMap((member, index) => {
    const memberParam = `${param}.tools[${index}]`;
    if (!isRecord(member)) throw invalidType(memberParam, 'an object', member);
    const tool = parseCallableTool(member, memberParam);
    if (tool === undefined) {
      warnings.add(`${memberParam}: tools of type ${typeof member['type'] === 'string' ? member['type'] : describe(member['type'])} are not available inside a namespace; dropped.`);
      return [];
    }
    if (seen.has(tool.name)) throw invalidValue(`${memberParam}.name`, `the tool name '${tool.name}' is declared twice in namespace '${name}'.`);
    seen.add(tool.name);
    return [tool];
  });
  return { type: 'namespace', name, description, tools };
}

function parseTool(value: unknown, param: string, warnings: Warnings): ResponsesTool | undefined {
  if (!isRecord(value)) throw invalidType(param, 'an object', value);
  const type = value['type'];
  if (type === 'namespace') return parseNamespaceTool(value, param, warnings);
  const callable = parseCallableTool(value, param);
  if (callable !== undefined) return callable;
  const label = typeof type === 'string' ? type : describe(type);
  const name = typeof value['name'] === 'string' ? ` '${value['name']}'` : '';
  if (typeof type === 'string' && HOSTED_TOOL_TYPES.has(type)) warnings.add(`${param}: the hosted ${label} tool is not available on Amazon Bedrock; dropped.`);
  else warnings.add(`${param}: tools of type ${label}${name} are not served by the gateway; dropped.`);
  return undefined;
}

function parseToolChoice(value: unknown, warnings: Warnings): ResponsesToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'none' || value === 'auto' || value === 'required') return value;
  if (isRecord(value) && (value['type'] === 'function' || value['type'] === 'custom')) {
    return { type: value['type'], name: requireString(value['name'], 'tool_choice.name') };
  }
  if (isRecord(value) && value['type'] === 'allowed_tools') {
    warnings.add('tool_choice: allowed_tools is not available; every declared tool is offered.');
    return value['mode'] === 'required' ? 'required' : 'auto';
  }
  if (isRecord(value) && typeof value['type'] === 'string') {
    warnings.add(`tool_choice: the ${value['type']} tool is not available on Amazon Bedrock; 'auto' used.`);
    return 'auto';
  }
  throw invalidValue('tool_choice', `expected 'none', 'auto', 'required' or a tool object, but got ${JSON.stringify(value)} instead.`);
}

function parseTextFormat(value: unknown): ResponsesTextFormat | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidType('text.format', 'an object', value);
  switch (value['type']) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema': {
      const schema = value['schema'];
      if (!isRecord(schema)) throw schema === undefined ? missing('text.format.schema') : invalidType('text.format.schema', 'an object', schema);
      checkSchema(schema, 'text.format.schema', false);
      const name = requireString(value['name'], 'text.format.name');
      if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) throw invalidValue('text.format.name', `'${name}' must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes.`);
      const description = optionalString(value['description'], 'text.format.description');
      const strict = optionalBoolean(value['strict'], 'text.format.strict');
      return { type: 'json_schema', name, schema, ...(description === undefined ? {} : { description }), ...(strict === undefined ? {} : { strict }) };
    }
    default:
      throw invalidValue('text.format.type', `expected one of 'text', 'json_object', 'json_schema', but got ${JSON.stringify(value['type'])} instead.`);
  }
}

function parseReasoning(value: unknown): ResponsesReasoningConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidType('reasoning', 'an object', value);
  const effort = value['effort'] == null ? undefined : oneOf(value['effort'], 'reasoning.effort', REASONING_EFFORTS);
  const summary = value['summary'] == null ? undefined : oneOf(value['summary'], 'reasoning.summary', REASONING_SUMMARIES);
  return { ...(effort === undefined ? {} : { effort }), ...(summary === undefined ? {} : { summary }) };
}

function parseMetadata(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalidType('metadata', 'an object', value);
  const entries = Object.entries(value);
  if (entries.length > 16) throw invalidValue('metadata', `expected at most 16 keys, but got ${entries.length} instead.`);
  for (const [key, entry] of entries) {
    if (typeof entry !== 'string') throw invalidType(`metadata.${key}`, 'a string', entry);
    if (key.length > 64) throw invalidValue('metadata', `keys are at most 64 characters, but '${key.slice(0, 20)}...' has ${key.length}.`);
    if (entry.length > 512) throw invalidValue(`metadata.${key}`, `values are at most 512 characters, but got ${entry.length}.`);
  }
  return value as Record<string, string>;
}

/**
 * Parses the body of `POST /v1/responses`.
 *
 * @throws InvalidRequestError naming the parameter for what is malformed.
 * @example parseResponsesRequest({ model: 'nova-pro', input: 'Hi' }).request.input // [{ type: 'message', role: 'user', content: 'Hi' }]
 */
function parseResponsesRequest(body: unknown): ParsedResponsesRequest {
  if (!isRecord(body)) throw invalidType('body', 'a JSON object', body);
  const warnings = new Warnings();
  for (const key of Object.keys(body)) {
    if (KNOWN_FIELDS.has(key) || SILENTLY_IGNORED.has(key)) continue;
    const reason = IGNORED_WITH_WARNING[key];
    if (key === 'background' && body[key] === true) throw invalidValue('background', 'background responses are not available on this gateway; send the request without it.');
    if (key === 'background') continue;
    if (reason !== undefined) {
      if (body[key] != null) warnings.add(`${key}: ignored, ${reason}.`);
    } else {
      warnings.add(`${key}: unknown parameter; ignored.`);
    }
  }
  const model = requireString(body['model'], 'model');
  if (model === '') throw invalidValue('model', 'expected a model name.');
  const extraTools: LocatedTool[] = [];
  const input = parseInput(body['input'], warnings, extraTools);
  const rawTools = body['tools'] ?? [];
  if (!Array.isArray(rawTools)) throw invalidType('tools', 'an array', rawTools);
  const locatedTools = [...rawTools.map((tool, index): LocatedTool => ({ value: tool, param: `tools[${index}]` })), ...extraTools].flatMap(({ value, param }) => {
    const tool = parseTool(value, param, warnings);
    return tool === undefined ? [] : [{ tool, param }];
  });
  const tools = locatedTools.map(({ tool }) => tool);
  const text = body['text'];
  if (text !== undefined && text !== null && !isRecord(text)) throw invalidType('text', 'an object', text);
  const format = isRecord(text) ? parseTextFormat(text['format']) : undefined;
  if (isRecord(text) && text['verbosity'] != null) warnings.add('text.verbosity: ignored, not available on Amazon Bedrock.');
  const include = body['include'] ?? [];
  if (!Array.isArray(include) || include.some((entry) => typeof entry !== 'string')) throw invalidType('include', 'an array of strings', include);
  for (const entry of include as string[]) {
    if (entry !== 'reasoning.encrypted_content') warnings.add(`include: '${entry}' is not available; ignored.`);
  }
  const maxOutputTokens = optionalNumber(body['max_output_tokens'], 'max_output_tokens', 16, Number.MAX_SAFE_INTEGER);
  if (maxOutputTokens !== undefined && !Number.isInteger(maxOutputTokens)) throw invalidType('max_output_tokens', 'an integer', maxOutputTokens);
  const truncation = body['truncation'] == null ? undefined : oneOf(body['truncation'], 'truncation', ['auto', 'disabled'] as const);
  if (truncation === 'auto') warnings.add("truncation: 'auto' is not available; a prompt over the context window fails instead.");
  const serviceTier = body['service_tier'] == null ? undefined : oneOf(body['service_tier'], 'service_tier', SERVICE_TIERS);
  const instructions = optionalString(body['instructions'], 'instructions');
  const toolChoice = parseToolChoice(body['tool_choice'], warnings);
  const parallel = optionalBoolean(body['parallel_tool_calls'], 'parallel_tool_calls');
  const temperature = optionalNumber(body['temperature'], 'temperature', 0, 2);
  const topP = optionalNumber(body['top_p'], 'top_p', 0, 1);
  const reasoning = parseReasoning(body['reasoning']);
  const metadata = parseMetadata(body['metadata']);
  const user = optionalString(body['user'], 'user');
  const safetyIdentifier = optionalString(body['safety_identifier'], 'safety_identifier');
  const promptCacheKey = optionalString(body['prompt_cache_key'], 'prompt_cache_key');
  const previous = optionalString(body['previous_response_id'], 'previous_response_id');
  if (input.length === 0 && previous === undefined) throw missing('input');
  const request: ResponsesCreateRequest = {
    model,
    input,
    tools,
    store: optionalBoolean(body['store'], 'store') ?? true,
    stream: optionalBoolean(body['stream'], 'stream') ?? false,
    include: include as string[],
    ...(instructions === undefined ? {} : { instructions }),
    ...(toolChoice === undefined ? {} : { tool_choice: toolChoice }),
    ...(parallel === undefined ? {} : { parallel_tool_calls: parallel }),
    ...(maxOutputTokens === undefined ? {} : { max_output_tokens: maxOutputTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { top_p: topP }),
    ...(format === undefined ? {} : { text: { format } }),
    ...(reasoning === undefined ? {} : { reasoning }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(user === undefined ? {} : { user }),
    ...(safetyIdentifier === undefined ? {} : { safety_identifier: safetyIdentifier }),
    ...(promptCacheKey === undefined ? {} : { prompt_cache_key: promptCacheKey }),
    ...(previous === undefined ? {} : { previous_response_id: previous }),
    ...(serviceTier === undefined ? {} : { service_tier: serviceTier }),
    ...(truncation === undefined ? {} : { truncation }),
  };
  const toolNames = new Set<string>();
  const namespaces = new Set<string>();
  const memberNames = new Set<string>();
  for (const { tool, param } of locatedTools) {
    if (tool.type === 'namespace') {
      if (namespaces.has(tool.name)) throw invalidValue(`${param}.name`, `the namespace '${tool.name}' is declared twice.`);
      namespaces.add(tool.name);
      for (const member of tool.tools) memberNames.add(member.name);
      continue;
    }
    if (toolNames.has(tool.name)) throw invalidValue(`${param}.name`, `the tool name '${tool.name}' is declared twice.`);
    toolNames.add(tool.name);
  }
  if (typeof request.tool_choice === 'object' && !toolNames.has(request.tool_choice.name) && !memberNames.has(request.tool_choice.name)) {
    throw invalidValue('tool_choice.name', `no tool named '${request.tool_choice.name}' is declared in tools.`);
  }
  return { request, warnings: warnings.list() };
}

export { parseResponsesRequest };
export type { ParsedResponsesRequest };
