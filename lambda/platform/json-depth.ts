/**
 * @module How deep a request's JSON may nest. `JSON.parse` takes any depth, but the recursive code
 * after it (schema checks, token estimates, the AWS SDK's serializer) runs out of stack on a few
 * thousand levels: a request nested deeper than any real one is refused first, naming where.
 */

/** Nesting levels (objects and arrays) a request body may have; JSON Schemas of real tools use a few dozen at most. */
const MAX_JSON_DEPTH = 128;

/** Path segments an error names: enough to find the field, short enough to read. */
const NAMED_SEGMENTS = 4;

/**
 * The path of the first value nested deeper than `maxDepth` (the body itself is level 1), or
 * `undefined` when none is. Iterative, so it never runs out of stack itself.
 *
 * @example tooDeepAt({ a: [[1]] }, 2) // ['a', '0']
 */
function tooDeepAt(value: unknown, maxDepth: number = MAX_JSON_DEPTH): readonly string[] | undefined {
  interface Node {
    readonly value: object;
    readonly depth: number;
    readonly key?: string;
    readonly parent?: Node;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const stack: Node[] = [{ value, depth: 1 }];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.depth > maxDepth) {
      const path: string[] = [];
      for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) path.unshift(at.key);
      return path;
    }
    const entries = Array.isArray(node.value) ? node.value.map((item: unknown, index) => [String(index), item] as const) : Object.entries(node.value);
    for (const [key, item] of entries) {
      if (typeof item === 'object' && item !== null) stack.push({ value: item as object, depth: node.depth + 1, key, parent: node });
    }
  }
  return undefined;
}

/** The path of a too-deep value as an error names it: its first segments, dot-separated. */
function describeDeepPath(path: readonly string[]): { readonly param: string; readonly where: string } {
  const named = path.slice(0, NAMED_SEGMENTS).join('.');
  return { param: path[0] ?? '', where: path.length > NAMED_SEGMENTS ? `${named}...` : named };
}

export { MAX_JSON_DEPTH, describeDeepPath, tooDeepAt };
