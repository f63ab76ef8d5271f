/** How deep request JSON may nest: found without recursion, named by its first path segments. */
import { MAX_JSON_DEPTH, describeDeepPath, tooDeepAt } from '../../../lambda/platform/json-depth';

function nested(levels: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
}

describe('tooDeepAt', () => {
  it.each([
    { value: 'text', maxDepth: 1, at: undefined },
    { value: {}, maxDepth: 1, at: undefined },
    { value: { a: {} }, maxDepth: 1, at: ['a'] },
    { value: { a: [[1]] }, maxDepth: 2, at: ['a', '0'] },
    { value: { a: [1, 2], b: { c: [3] } }, maxDepth: 3, at: undefined },
    { value: { ok: [1], deep: [{ x: [{}] }] }, maxDepth: 4, at: ['deep', '0', 'x', '0'] },
  ])('finds $at in $value at most $maxDepth deep', ({ value, maxDepth, at }) => {
    expect(tooDeepAt(value, maxDepth)).toEqual(at);
  });

  it(`accepts ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(tooDeepAt(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(tooDeepAt(nested(MAX_JSON_DEPTH + 1))).toHaveLength(MAX_JSON_DEPTH);
  });

  it('walks 100,000 levels without running out of stack', () => {
    expect(tooDeepAt(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toHaveLength(MAX_JSON_DEPTH);
  });
});

describe('describeDeepPath', () => {
  it.each([
    { path: ['tools', '0', 'input_schema', 'properties', 'a', 'a'], param: 'tools', where: 'tools.0.input_schema.properties...' },
    { path: ['extra', '0'], param: 'extra', where: 'extra.0' },
  ])('names $path as $where', ({ path, param, where }) => {
    expect(describeDeepPath(path)).toEqual({ param, where });
  });
});
