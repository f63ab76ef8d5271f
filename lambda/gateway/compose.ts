/**
 * @module Middleware composition: an onion of `(ctx, next)` functions.
 *
 * Modelled on Hono's compose: each middleware may run code before and after `next()`, and calling
 * `next()` twice is a programming error that fails loudly rather than running handlers twice.
 */

/** A pipeline step; call `next()` to run the rest of the chain. */
type Middleware<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

/** Chains middlewares into one function that runs them in order. */
function compose<C>(middlewares: readonly Middleware<C>[]): (ctx: C) => Promise<void> {
  return function run(ctx: C): Promise<void> {
    let lastIndex = -1;
    const dispatch = async (index: number): Promise<void> => {
      if (index <= lastIndex) throw new Error('next() called more than once in one middleware');
      lastIndex = index;
      const middleware = middlewares[index];
      if (middleware === undefined) return;
      await middleware(ctx, () => dispatch(index + 1));
    };
    return dispatch(0);
  };
}

export { compose };
export type { Middleware };
