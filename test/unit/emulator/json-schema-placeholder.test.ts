/** @module Unit tests of schema-driven placeholder values. */

import { buildSchemaPlaceholder } from '../../../local/bedrock-emulator/json-schema-placeholder';

describe('buildSchemaPlaceholder', () => {
  it.each([
    { schema: { type: 'string' }, value: 'example value' },
    { schema: { type: 'string', enum: ['b', 'a'] }, value: 'b' },
    { schema: { type: 'string', format: 'date-time' }, value: '2025-01-01T00:00:00Z' },
    { schema: { type: 'integer', minimum: 3.5 }, value: 4 },
    { schema: { type: 'number' }, value: 1 },
    { schema: { type: 'boolean' }, value: true },
    { schema: { type: ['null', 'string'] }, value: 'example value' },
    { schema: { const: 42 }, value: 42 },
    { schema: { type: 'array', items: { type: 'integer' }, minItems: 2 }, value: [1, 1] },
    { schema: { anyOf: [{ type: 'boolean' }, { type: 'string' }] }, value: true },
  ])('gives $value for $schema', ({ schema, value }) => {
    expect(buildSchemaPlaceholder(schema)).toEqual(value);
  });

  it('fills only the required properties of an object, recursing into nested objects', () => {
    const schema = {
      type: 'object',
      required: ['address'],
      properties: {
        nickname: { type: 'string' },
        address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, zip: { type: 'string' } } },
      },
    };

    expect(buildSchemaPlaceholder(schema)).toEqual({ address: { city: 'example city' } });
  });

  it('fills every property when none is required', () => {
    expect(buildSchemaPlaceholder({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'boolean' } } })).toEqual({ a: 1, b: true });
  });

  it('follows local $refs and stops at recursive ones', () => {
    const schema = {
      type: 'object',
      required: ['node'],
      properties: { node: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', required: ['child'], properties: { child: { $ref: '#/$defs/node' } } } },
    };

    expect(JSON.stringify(buildSchemaPlaceholder(schema))).toContain('{"node":{"child":{"child":');
  });
});
