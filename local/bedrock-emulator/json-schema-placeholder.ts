/**
 * @module Builds a deterministic value that satisfies a JSON schema's required structure.
 *
 * Used for tool-call inputs and structured output: required properties get placeholders by type
 * (`enum`/`const`/`default` first), optional ones are left out unless nothing is required.
 */

import { isJsonObject, type JsonObject } from './request-features';

/** Nested schemas deeper than this become `null`, so recursive `$ref`s cannot loop. */
const MAX_DEPTH = 8;

function resolveRef(schema: JsonObject, root: JsonObject): JsonObject {
  const ref = schema['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return schema;
  let target: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    target = isJsonObject(target) ? target[segment] : undefined;
  }
  return isJsonObject(target) ? target : {};
}

function firstType(schema: JsonObject): string | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  if (isJsonObject(schema['properties'])) return 'object';
  if (schema['items'] !== undefined) return 'array';
  return undefined;
}

function placeholder(rawSchema: unknown, root: JsonObject, name: string, depth: number): unknown {
  if (!isJsonObject(rawSchema) || depth > MAX_DEPTH) return null;
  const schema = resolveRef(rawSchema, root);
  if (schema['const'] !== undefined) return schema['const'];
  const options = schema['enum'];
  if (Array.isArray(options) && options.length > 0) return options[0];
  if (schema['default'] !== undefined) return schema['default'];
  for (const combinator of ['anyOf', 'oneOf', 'allOf']) {
    const variants = schema[combinator];
    if (Array.isArray(variants) && variants.length > 0) return placeholder(variants[0], root, name, depth + 1);
  }
  switch (firstType(schema)) {
    case 'string':
      return stringPlaceholder(schema, name);
    case 'integer':
      return typeof schema['minimum'] === 'number' ? Math.ceil(schema['minimum']) : 1;
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const count = typeof schema['minItems'] === 'number' ? Math.max(1, schema['minItems']) : 1;
      return Array.from({ length: count }, () => placeholder(schema['items'], root, name, depth + 1));
    }
    case 'object':
      return objectPlaceholder(schema, root, depth);
    default:
      return `example ${name}`;
  }
}

function stringPlaceholder(schema: JsonObject, name: string): string {
  switch (schema['format']) {
    case 'date-time':
      return '2025-01-01T00:00:00Z';
    case 'date':
      return '2025-01-01';
    case 'email':
      return 'user@example.com';
    case 'uri':
      return 'https://example.com';
    default:
      return `example ${name}`;
  }
}

function objectPlaceholder(schema: JsonObject, root: JsonObject, depth: number): JsonObject {
  const properties = isJsonObject(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required'])
    ? schema['required'].filter((entry): entry is string => typeof entry === 'string')
    : [];
  const names = required.length > 0 ? required : Object.keys(properties);
  return Object.fromEntries(names.map((property) => [property, placeholder(properties[property] ?? {}, root, property, depth + 1)]));
}

/**
 * A value for `schema`: an object schema gives an object with its required properties.
 *
 * @example buildSchemaPlaceholder({ type: 'object', required: ['city'], properties: { city: { type: 'string' } } })
 * // => { city: 'example city' }
 */
function buildSchemaPlaceholder(schema: unknown): unknown {
  return placeholder(schema, isJsonObject(schema) ? schema : {}, 'value', 0);
}

export { buildSchemaPlaceholder };
