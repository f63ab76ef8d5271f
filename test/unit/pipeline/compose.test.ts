import { compose, type Middleware } from '../../../lambda/gateway/compose';

describe('compose', () => {
  it('runs middlewares in onion order', async () => {
    const seen: string[] = [];
    const step =
      (name: string): Middleware<string[]> =>
      async (ctx, next) => {
        ctx.push(`${name}:before`);
        await next();
        ctx.push(`${name}:after`);
      };
    await compose([step('a'), step('b')])(seen);
    expect(seen).toEqual(['a:before', 'b:before', 'b:after', 'a:after']);
  });

  it('throws when a middleware calls next twice', async () => {
    const twice: Middleware<object> = async (_ctx, next) => {
      await next();
      await next();
    };
    await expect(compose([twice])({})).rejects.toThrow('next() called more than once');
  });

  it('propagates a throw from an inner middleware to the outer one', async () => {
    const caught: unknown[] = [];
    const outer: Middleware<object> = async (_ctx, next) => {
      try {
        await next();
      } catch (error) {
        caught.push(error);
      }
    };
    const inner: Middleware<object> = async () => {
      throw new Error('boom');
    };
    await compose([outer, inner])({});
    expect(caught).toEqual([new Error('boom')]);
  });
});
