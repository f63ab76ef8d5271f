/** @module Unit tests of the scripted-reply and fault queues. */

import { ScriptStore } from '../../../local/bedrock-emulator/script-store';

const HAIKU = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const converse = { operation: 'Converse', requestedModelId: `us.${HAIKU}`, resolvedModelId: HAIKU } as const;
const stream = { ...converse, operation: 'ConverseStream' } as const;

describe('ScriptStore replies', () => {
  it('answers calls in order, each reply once by default', () => {
    const store = new ScriptStore();
    store.script({ text: 'one' }, { text: 'two' });

    expect([store.takeReply(converse)?.text, store.takeReply(converse)?.text, store.takeReply(converse)]).toEqual(['one', 'two', undefined]);
  });

  it('repeats a reply the given number of times, or always', () => {
    const store = new ScriptStore();
    store.script({ text: 'twice', times: 2 }, { text: 'forever', times: 'always' });

    const texts = Array.from({ length: 5 }, () => store.takeReply(converse)?.text);

    expect(texts).toEqual(['twice', 'twice', 'forever', 'forever', 'forever']);
  });

  it.each([
    { filter: HAIKU, matches: true },
    { filter: `us.${HAIKU}`, matches: true },
    { filter: 'amazon.nova-lite-v1:0', matches: false },
  ])('matches a reply filtered by $filter: $matches', ({ filter, matches }) => {
    const store = new ScriptStore();
    store.script({ text: 'x', modelId: filter });

    expect(store.takeReply(converse) !== undefined).toBe(matches);
  });

  it.each(['InvokeModel', 'InvokeModelWithResponseStream'] as const)('answers %s calls to chat models', (operation) => {
    const store = new ScriptStore();
    store.script({ text: 'x' });

    expect(store.takeReply({ ...converse, operation })?.text).toBe('x');
  });

  it('leaves a reply limited to some operations for the calls of those operations', () => {
    const store = new ScriptStore();
    store.script({ text: 'streamed', operations: ['InvokeModelWithResponseStream'] });

    expect(store.takeReply({ ...converse, operation: 'InvokeModel' })).toBeUndefined();
    expect(store.takeReply({ ...converse, operation: 'InvokeModelWithResponseStream' })?.text).toBe('streamed');
  });

  it('gives no scripted reply to CountTokens calls', () => {
    const store = new ScriptStore();
    store.script({ text: 'x' });

    expect(store.takeReply({ ...converse, operation: 'CountTokens' })).toBeUndefined();
    expect(store.pending.replies).toBe(1);
  });
});

describe('ScriptStore faults', () => {
  it('takes an error fault alone, leaving the other faults for the next call', () => {
    const store = new ScriptStore();
    store.fault({ type: 'slow-first-byte', delayMs: 5 }, { type: 'error', error: 'throttling' });

    expect(store.takeFaults(converse)).toEqual({ error: { type: 'error', error: 'throttling' } });
    expect(store.takeFaults(converse)).toEqual({ midStream: undefined, slowFirstByte: { type: 'slow-first-byte', delayMs: 5 }, slowTokens: undefined });
  });

  it.each(['ConverseStream', 'InvokeModelWithResponseStream'] as const)('applies stream-only faults to %s and not to Converse', (operation) => {
    const store = new ScriptStore();
    store.fault({ type: 'mid-stream-error', afterEvents: 2 }, { type: 'slow-tokens', delayMs: 1 });

    expect(store.takeFaults(converse)).toEqual({ midStream: undefined, slowFirstByte: undefined, slowTokens: undefined });
    expect(store.takeFaults({ ...stream, operation })).toEqual({ midStream: { type: 'mid-stream-error', afterEvents: 2 }, slowFirstByte: undefined, slowTokens: { type: 'slow-tokens', delayMs: 1 } });
  });

  it('limits a fault to the operations it names', () => {
    const store = new ScriptStore();
    store.fault({ type: 'error', error: 'model-timeout', operations: ['ConverseStream'] });

    expect(store.takeFaults(converse).error).toBeUndefined();
    expect(store.takeFaults(stream).error?.error).toBe('model-timeout');
  });

  it('forgets everything on clear', () => {
    const store = new ScriptStore();
    store.script({ text: 'x' });
    store.fault({ type: 'error', error: 'throttling', times: 'always' });

    store.clear();

    expect(store.pending).toEqual({ replies: 0, faults: 0 });
  });
});
