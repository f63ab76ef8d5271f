/**
 * @module Checks that a client's JSON Schema (tool `parameters`, `response_format` schemas) is shaped
 * like one: every keyword the models read holds the kind of value JSON Schema defines for it.
 *
 * Not a full meta-schema validation (that would need a validator library in the bundle): it catches
 * what reaches Bedrock as garbage (`"type": 123`, `"properties": "x"`, `"required": "a"`) and leaves
 * unknown keywords alone, since clients add their own (`x-...`, `defer_loading`).
 * @see https://json-schema.org/draft/2020-12/json-schema-validation
 */

/** A keyword holding the wrong kind of value: where (inside the schema), what was expected, what came. */
interface JsonSchemaProblem {
  readonly path: readonly (string | number)[];
  readonly expected: string;
  readonly received: unknown;
}

const TYPE_NAMES = ['null', 'boolean', 'object', 'array', 'number', 'string', 'integer'] as const;
const TYPE_NAME_SET: ReadonlySet<unknown> = new Set(TYPE_NAMES);

/** Keywords whose value is an object of schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = [
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
  'propertyNames',
  'contains',
  'not',
  'if',
  'then',
  'else',
] as const;
/** Keywords whose value is a non-empty list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const STRING_KEYWORDS = ['title', 'description', '$ref', '$id', '$schema', '$anchor', '$comment', 'pattern', 'format'] as const;
/** Numeric bounds; draft 4 wrote the exclusive ones as booleans, which clients still send. */
const NUMBER_KEYWORDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'] as const;
const COUNT_KEYWORDS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'minContains', 'maxContains'] as const;

const TYPE_EXPECTED = `a JSON Schema type name (${TYPE_NAMES.join(', ')}) or a list of them`;
const SCHEMA_EXPECTED = 'a JSON Schema (an object or a boolean)';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTypeValue(value: unknown): boolean {
  return TYPE_NAME_SET.has(value) || (Array.isArray(value) && value.length > 0 && value.every((item) => TYPE_NAME_SET.has(item)));
}

/** Checks one subschema (an object or a boolean). Depth is bounded by the caller's nesting cap. */
function subschemaProblem(schema: unknown, path: readonly (string | number)[]): JsonSchemaProblem | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (!isObject(schema)) return { path, expected: SCHEMA_EXPECTED, received: schema };
  return keywordsProblem(schema, path);
}

function keywordsProblem(schema: Readonly<Record<string, unknown>>, path: readonly (string | number)[]): JsonSchemaProblem | undefined {
  const at = (...rest: (string | number)[]): (string | number)[] => [...path, ...rest];
  if (schema.type !== undefined && !isTypeValue(schema.type)) return { path: at('type'), expected: TYPE_EXPECTED, received: schema.type };
  if (schema.required !== undefined && !(Array.isArray(schema.required) && schema.required.every((name) => typeof name === 'string'))) {
    return { path: at('required'), expected: 'an array of property names (strings)', received: schema.required };
  }
  if (schema.enum !== undefined && !Array.isArray(schema.enum)) return { path: at('enum'), expected: 'an array', received: schema.enum };
  for (const keyword of STRING_KEYWORDS) {
    if (schema[keyword] !== undefined && typeof schema[keyword] !== 'string') return { path: at(keyword), expected: 'a string', received: schema[keyword] };
  }
  for (const keyword of NUMBER_KEYWORDS) {
    const value = schema[keyword];
    if (value !== undefined && typeof value !== 'number' && typeof value !== 'boolean') return { path: at(keyword), expected: 'a number', received: value };
  }
  for (const keyword of COUNT_KEYWORDS) {
    const value = schema[keyword];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) {
      return { path: at(keyword), expected: 'a non-negative integer', received: value };
    }
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const value = schema[keyword];
    if (value === undefined) continue;
    if (!isObject(value)) return { path: at(keyword), expected: 'an object mapping names to JSON Schemas', received: value };
    for (const [name, child] of Object.entries(value)) {
      const problem = subschemaProblem(child, at(keyword, name));
      if (problem !== undefined) return problem;
    }
  }
  for (const keyword of SCHEMA_KEYWORDS) {
    const problem = schema[keyword] === undefined ? undefined : subschemaProblem(schema[keyword], at(keyword));
    if (problem !== undefined) return problem;
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const value = schema[keyword];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0) return { path: at(keyword), expected: 'a non-empty array of JSON Schemas', received: value };
    for (const [index, child] of value.entries()) {
      const problem = subschemaProblem(child, at(keyword, index));
      if (problem !== undefined) return problem;
    }
  }
  const { items } = schema;
  if (Array.isArray(items)) {
    for (const [index, child] of items.entries()) {
      const problem = subschemaProblem(child, at('items', index));
      if (problem !== undefined) return problem;
    }
  } else if (items !== undefined) {
    return subschemaProblem(items, at('items'));
  }
  return undefined;
}

/**
 * The first keyword of `schema` holding the wrong kind of value, or `undefined` when the schema is
 * well-formed. The root must be an object.
 *
 * @example jsonSchemaProblem({ type: 'object', properties: 'x' }) // { path: ['properties'], expected: 'an object mapping ...', received: 'x' }
 */
function jsonSchemaProblem(schema: unknown): JsonSchemaProblem | undefined {
  if (!isObject(schema)) return { path: [], expected: 'a JSON Schema object', received: schema };
  return keywordsProblem(schema, []);
}

export { jsonSchemaProblem };
export type { JsonSchemaProblem };
