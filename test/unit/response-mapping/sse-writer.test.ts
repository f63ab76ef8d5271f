import { SseWriter, type SseTarget } from '../../../lambda/openai/sse-writer';

/** A target whose writes wait for `drain()`, like a transport with a full buffer. */
function slowTarget(): SseTarget & { written: string[]; drain(): void } {
  const written: string[] = [];
  let started = false;
  let pending: (() => void)[] = [];
  return {
    written,
    get started() {
      return started;
    },
    start() {
      started = true;
    },
    write(chunk) {
      written.push(chunk);
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    async end() {},
    drain() {
      const waiting = pending;
      pending = [];
      waiting.forEach((resolve) => resolve());
    },
  };
}

describe('SseWriter', () => {
  it('writes no keep-alive comment after [DONE], even while [DONE] waits for drain', async () => {
    const target = slowTarget();
    const sse = new SseWriter(target);
    sse.open();
    const done = sse.done();
    const comment = sse.comment('keep-alive');
    target.drain();
    await Promise.all([done, comment]);
    expect(target.written).toEqual(['data: [DONE]\n\n']);
  });

  it('writes nothing after an in-band error', async () => {
    const target = slowTarget();
    const sse = new SseWriter(target);
    const error = sse.error({ error: { message: 'boom', type: 'server_error', code: null, param: null } });
    const late = sse.data({ late: true });
    target.drain();
    await Promise.all([error, late]);
    expect(target.written).toHaveLength(1);
  });
});
