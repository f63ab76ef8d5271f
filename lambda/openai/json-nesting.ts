/** @module How deeply client-supplied JSON (schemas, tool arguments, model fields) may nest. */

/**
 * Deepest nesting of objects and arrays accepted in free-form JSON parameters. Real JSON schemas
 * and model fields stay far below it; the cap keeps the gateway's recursive copies and
 * `JSON.stringify` clear of the stack limit (a 20,000-level value would throw `RangeError`).
 */
const MAX_JSON_DEPTH = 64;

/**
 * Whether `value` nests objects or arrays deeper than `maxDepth` (`{}` is one level, `{"a":[]}`
 * two). Iterative, so it is itself safe on any depth, and it stops at the first level too deep.
 * @example exceedsJsonDepth({ a: { b: {} } }, 2) // true
 */
function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > maxDepth) return true;
    const children: readonly unknown[] = Array.isArray(next.value) ? next.value : Object.values(next.value);
    for (const child of children) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

export { MAX_JSON_DEPTH, exceedsJsonDepth };
