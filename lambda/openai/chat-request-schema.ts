/** @module Validates a Chat Completions body with zod and reports the first problem the way OpenAI does. */
// A namespace import lets esbuild drop zod's unused locales (~260 KB); `import { z }` keeps them all.
import * as z from 'zod';
import { InvalidRequestError } from '../platform/errors';
import type { OpenAIChatCompletionRequest } from './chat-request-types';
import { MAX_JSON_DEPTH, exceedsJsonDepth } from './json-nesting';
import { jsonSchemaProblem } from './json-schema-shape';

const cacheControlSchema = z.object({ type: z.literal('ephemeral'), ttl: z.enum(['5m', '1h']).optional() });

const textPartSchema = z.object({
  type: z.literal('text'),
  text: z.string(),
  cache_control: cacheControlSchema.optional(),
});

const imagePartSchema = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
  cache_control: cacheControlSchema.optional(),
});

const inputAudioPartSchema = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.string() }),
});

const filePartSchema = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().optional(), file_id: z.string().optional(), filename: z.string().optional() }),
  cache_control: cacheControlSchema.optional(),
});

const refusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() });

const userPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema, inputAudioPartSchema, filePartSchema]);
const assistantPartSchema = z.discriminatedUnion('type', [textPartSchema, refusalPartSchema]);
// Content arrays may not be empty (OpenAI's rule): an empty message is a mistake, not a placeholder.
const textContentSchema = z.union([z.string(), z.array(textPartSchema).min(1)]);

const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});

const thinkingBlockSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().optional() }),
  z.object({ type: z.literal('redacted_thinking'), data: z.string() }),
]);

const messageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: textContentSchema, name: z.string().optional() }),
  z.object({ role: z.literal('developer'), content: textContentSchema, name: z.string().optional() }),
  z.object({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(userPartSchema).min(1)]),
    name: z.string().optional(),
  }),
  z.object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(assistantPartSchema)]).nullish(),
    refusal: z.string().nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCallSchema).nullish(),
    audio: z.object({ id: z.string() }).nullish(),
    reasoning_content: z.string().nullish(),
    reasoning_signature: z.string().nullish(),
    thinking_blocks: z.array(thinkingBlockSchema).nullish(),
  }),
  z.object({ role: z.literal('tool'), content: textContentSchema, tool_call_id: z.string() }),
  // Parsed only to reject it with a pointer to its replacement, not a generic "invalid role".
  z
    .object({ role: z.literal('function'), name: z.string(), content: z.string().nullable() })
    .check((ctx) => {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value.role,
        path: ['role'],
        message:
          "The 'function' role is deprecated and not supported. Send tool results as 'tool' messages with a 'tool_call_id'.",
      });
    }),
]);

/** OpenAI's rule for function and response-schema names, which is also Bedrock's tool name rule. */
const functionNameSchema = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, A-Z, 0-9, underscores or dashes');

const functionToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: functionNameSchema,
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
  cache_control: cacheControlSchema.optional(),
});

const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: functionNameSchema,
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const bedrockExtensionSchema = z.strictObject({
  guardrailConfig: z
    .strictObject({
      guardrailIdentifier: z.string().min(1),
      guardrailVersion: z.string().min(1),
      trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
      streamProcessingMode: z.enum(['sync', 'async']).optional(),
    })
    .optional(),
  additionalModelRequestFields: z.record(z.string(), z.unknown()).optional(),
  performanceConfig: z.strictObject({ latency: z.enum(['standard', 'optimized']) }).optional(),
  fallbacks: z.array(z.string().trim().min(1)).max(5).optional(),
});

const positiveInteger = z.number().int().min(1);
const penalty = z.number().min(-2).max(2).nullish();

/**
 * The request schema. Top-level keys are strict, as OpenAI rejects unknown arguments; nested
 * objects drop unknown keys, as clients add vendor fields there (e.g. `name` on parts).
 */
const chatCompletionRequestSchema = z.strictObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  max_tokens: positiveInteger.nullish(),
  max_completion_tokens: positiveInteger.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  n: positiveInteger.max(128).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: penalty,
  frequency_penalty: penalty,
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullish(),
  user: z.string().optional(),
  safety_identifier: z.string().max(64).optional(),
  prompt_cache_key: z.string().optional(),
  metadata: z.record(z.string().max(64), z.string().max(512)).nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional(), include_obfuscation: z.boolean().optional() }).nullish(),
  tools: z.array(functionToolSchema).max(128).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: responseFormatSchema.optional(),
  reasoning_effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  verbosity: z.enum(['low', 'medium', 'high']).nullish(),
  service_tier: z.enum(['auto', 'default', 'flex', 'scale', 'priority']).nullish(),
  modalities: z.array(z.enum(['text', 'audio'])).nullish(),
  audio: z.object({ voice: z.string(), format: z.string() }).nullish(),
  prediction: z.object({ type: z.literal('content'), content: textContentSchema }).nullish(),
  web_search_options: z.record(z.string(), z.unknown()).optional(),
  functions: z.array(z.unknown()).optional(),
  function_call: z.unknown().optional(),
  thinking: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('enabled'), budget_tokens: positiveInteger }),
      z.object({ type: z.literal('disabled') }),
    ])
    .optional(),
  bedrock: bedrockExtensionSchema.optional(),
});

/** `['messages', 1, 'content', 0]` -> `messages[1].content[0]`. */
function formatParam(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

/** Names a JSON value's type the way OpenAI's messages do ("an integer", "an object"). */
function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const EXPECTED_TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  record: 'an object',
  literal: 'a constant',
};

/** "a, b or c" lists, quoted when they are values. */
function listAlternatives(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function quoteValue(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Joins a union's branch path to the issue path, so messages name the full parameter. */
function rebase(issue: z.core.$ZodIssue, base: readonly PropertyKey[]): z.core.$ZodIssue {
  return { ...issue, path: [...base, ...issue.path] };
}

/**
 * Picks the union branch that got furthest (its first issue has the longest path): that is the
 * branch the caller meant, so its issue is the useful one.
 */
function pickUnionIssue(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue {
  const branches = issue.errors.filter((branch) => branch.length > 0);
  const rootTypeErrors = branches.every(
    (branch) => branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0,
  );
  if (rootTypeErrors || branches.length === 0) return issue;
  // A branch that failed on a value rather than on its type is the one the caller meant.
  const progress = (branch: readonly z.core.$ZodIssue[]): number =>
    (branch[0]?.path.length ?? 0) + (branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? 0 : 0.5);
  const best = branches.reduce((left, right) => (progress(right) > progress(left) ? right : left));
  const first = best[0];
  return first === undefined ? issue : rebase(first, issue.path);
}

/** Turns one zod issue into an OpenAI-style 400. */
function toInvalidRequestError(rawIssue: z.core.$ZodIssue): InvalidRequestError {
  const issue = rawIssue.code === 'invalid_union' ? pickUnionIssue(rawIssue) : rawIssue;
  if (issue !== rawIssue && issue.code === 'invalid_union') return toInvalidRequestError(issue);
  const param = formatParam(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const name = formatParam([...issue.path, key]);
      return new InvalidRequestError(`Unrecognized request argument supplied: ${name}`, { param: name, code: 'unknown_parameter' });
    }
    case 'invalid_type': {
      if (issue.input === undefined) {
        return new InvalidRequestError(`Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
      }
      const expected = EXPECTED_TYPE_WORDS[issue.expected] ?? issue.expected;
      return new InvalidRequestError(
        `Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(issue.input)} instead.`,
        { param, code: 'invalid_type' },
      );
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator !== undefined) {
        const received = isRecord(issue.input) ? issue.input[issue.discriminator] : issue.input;
        if (received === undefined) {
          return new InvalidRequestError(`Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
        }
        const options = ('options' in issue ? (issue.options ?? []) : []).map(quoteValue);
        return new InvalidRequestError(
          `Invalid value for '${param}': expected one of ${listAlternatives(options)}, but got ${quoteValue(received)} instead.`,
          { param, code: 'invalid_value' },
        );
      }
      const expected = issue.errors.flatMap((branch) =>
        branch[0]?.code === 'invalid_type' ? [EXPECTED_TYPE_WORDS[branch[0].expected] ?? branch[0].expected] : [],
      );
      if (issue.input === undefined) {
        return new InvalidRequestError(`Missing required parameter: '${param}'.`, { param, code: 'missing_required_parameter' });
      }
      return new InvalidRequestError(
        `Invalid type for '${param}': expected one of ${listAlternatives([...new Set(expected)])}, but got ${describeJsonType(issue.input)} instead.`,
        { param, code: 'invalid_type' },
      );
    }
    case 'invalid_value': {
      const options = issue.values.map(quoteValue);
      return new InvalidRequestError(
        `Invalid value for '${param}': expected one of ${listAlternatives(options)}, but got ${quoteValue(issue.input)} instead.`,
        { param, code: 'invalid_value' },
      );
    }
    case 'too_small':
    case 'too_big': {
      const above = issue.code === 'too_big';
      const limit = above ? issue.maximum : issue.minimum;
      const comparator = above ? '<=' : '>=';
      if (issue.origin === 'array') {
        const detail = !above && issue.input !== undefined && Array.isArray(issue.input) && issue.input.length === 0 ? 'empty array' : `array too ${above ? 'long' : 'short'}`;
        return new InvalidRequestError(
          `Invalid '${param}': ${detail}. Expected an array with ${above ? 'maximum' : 'minimum'} length ${String(limit)}, but got ${
            Array.isArray(issue.input) ? `an array with length ${issue.input.length}` : 'a shorter array'
          } instead.`,
          { param, code: above ? 'array_above_max_length' : 'array_below_min_length' },
        );
      }
      if (issue.origin === 'string') {
        return new InvalidRequestError(
          `Invalid '${param}': string too ${above ? 'long' : 'short'}. Expected a string with ${above ? 'maximum' : 'minimum'} length ${String(limit)}.`,
          { param, code: above ? 'string_above_max_length' : 'string_below_min_length' },
        );
      }
      return new InvalidRequestError(
        `Invalid '${param}': ${above ? 'number above maximum' : 'number below minimum'} value. Expected a value ${comparator} ${String(limit)}, but got ${quoteValue(issue.input)} instead.`,
        { param, code: 'invalid_value' },
      );
    }
    case 'invalid_format':
    case 'custom':
      return new InvalidRequestError(issue.code === 'custom' ? issue.message : `Invalid '${param}': ${issue.message}.`, {
        param,
        code: 'invalid_value',
      });
    case 'not_multiple_of':
    case 'invalid_key':
    case 'invalid_element':
      return new InvalidRequestError(`Invalid '${param}': ${issue.message}.`, { param, code: 'invalid_value' });
    default: {
      const _exhaustiveCheck: never = issue;
      return _exhaustiveCheck;
    }
  }
}

/** The free-form JSON parameters, by name, whose nesting is capped at `MAX_JSON_DEPTH`. */
function freeFormJson(request: OpenAIChatCompletionRequest): [string, unknown][] {
  return [
    ...(request.tools ?? []).map((tool, index): [string, unknown] => [`tools[${index}].function.parameters`, tool.function.parameters]),
    ['response_format.json_schema.schema', request.response_format?.type === 'json_schema' ? request.response_format.json_schema.schema : undefined],
    ['bedrock.additionalModelRequestFields', request.bedrock?.additionalModelRequestFields],
  ];
}

/** Rejects a schema or model-field value nested deeper than `MAX_JSON_DEPTH`, naming it. */
function checkJsonNesting(request: OpenAIChatCompletionRequest): void {
  for (const [param, value] of freeFormJson(request)) {
    if (value !== undefined && exceedsJsonDepth(value)) {
      throw new InvalidRequestError(`Invalid '${param}': JSON nested deeper than ${MAX_JSON_DEPTH} levels is not accepted.`, { param, code: 'invalid_value' });
    }
  }
}

/** The client's JSON Schemas, by parameter name: tool parameters must describe an object, a response schema any value. */
function clientSchemas(request: OpenAIChatCompletionRequest): { param: string; schema: Record<string, unknown>; objectRoot: boolean }[] {
  const tools = (request.tools ?? []).flatMap((tool, index) =>
    tool.function.parameters === undefined ? [] : [{ param: `tools[${index}].function.parameters`, schema: tool.function.parameters, objectRoot: true }],
  );
  const format = request.response_format?.type === 'json_schema' ? request.response_format.json_schema.schema : undefined;
  return [...tools, ...(format === undefined ? [] : [{ param: 'response_format.json_schema.schema', schema: format, objectRoot: false }])];
}

/** Rejects a tool's `parameters` or a response schema that is not a JSON Schema, naming the keyword at fault. */
function checkClientSchemas(request: OpenAIChatCompletionRequest): void {
  for (const { param, schema, objectRoot } of clientSchemas(request)) {
    if (objectRoot && schema.type !== undefined && schema.type !== 'object') {
      throw new InvalidRequestError(
        `Invalid '${param}': function parameters must be a JSON Schema of 'type: "object"', but got 'type: ${JSON.stringify(schema.type)}' instead.`,
        { param: `${param}.type`, code: 'invalid_value' },
      );
    }
    const problem = jsonSchemaProblem(schema);
    if (problem !== undefined) {
      const at = formatParam([param, ...problem.path]);
      const received = typeof problem.received === 'object' && problem.received !== null ? describeJsonType(problem.received) : JSON.stringify(problem.received);
      throw new InvalidRequestError(`Invalid '${at}': expected ${problem.expected}, but got ${received} instead.`, {
        param: at,
        code: 'invalid_value',
      });
    }
  }
}

/** Whether a user message holds nothing to send: only empty or whitespace text. */
function isBlankUserContent(content: OpenAIChatCompletionRequest['messages'][number]['content']): boolean {
  if (typeof content === 'string') return content.trim() === '';
  return Array.isArray(content) && content.every((part) => part.type === 'text' && part.text.trim() === '');
}

/** Rejects a user message with nothing in it: Bedrock accepts no empty turn, and a placeholder would change the conversation. */
function checkBlankUserMessages(request: OpenAIChatCompletionRequest): void {
  for (const [index, message] of request.messages.entries()) {
    if (message.role === 'user' && isBlankUserContent(message.content)) {
      const param = `messages[${index}].content`;
      throw new InvalidRequestError(`Invalid '${param}': the user message is empty (no text, image or file).`, { param, code: 'invalid_value' });
    }
  }
}

/**
 * Validates an untrusted JSON body as a Chat Completions request.
 *
 * Unknown top-level arguments are rejected (as OpenAI does) so that typos do not pass silently;
 * what the gateway then does with each known parameter is decided in `CHAT_PARAMETER_POLICY`.
 *
 * Free-form JSON (tool parameters, the response schema, additional model fields) may nest at most
 * `MAX_JSON_DEPTH` levels; tool parameters and the response schema must be shaped like JSON Schemas.
 * Empty content arrays and blank user messages are refused, naming the message.
 *
 * @throws InvalidRequestError naming the first bad parameter in OpenAI's notation (`messages[1].content[0].image_url.url`).
 * @example parseChatCompletionRequest(JSON.parse(body))
 */
function parseChatCompletionRequest(body: unknown): OpenAIChatCompletionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError(
      `Invalid type for the request body: expected an object, but got ${describeJsonType(body)} instead.`,
      { param: null, code: 'invalid_type' },
    );
  }
  const result = chatCompletionRequestSchema.safeParse(body, { reportInput: true });
  if (result.success) {
    checkJsonNesting(result.data);
    checkClientSchemas(result.data);
    checkBlankUserMessages(result.data);
    return result.data;
  }
  const [first] = result.error.issues;
  throw first === undefined ? new InvalidRequestError('Invalid request body.') : toInvalidRequestError(first);
}

export { chatCompletionRequestSchema, parseChatCompletionRequest };
