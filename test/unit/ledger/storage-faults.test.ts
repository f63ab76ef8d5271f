import { isTransientStorageError, ledgerUnavailable, retryUntil } from '../../../lambda/ledger/storage-faults';

describe('isTransientStorageError', () => {
  it.each([
    { rule: 'a DynamoDB server fault may pass', error: { name: 'InternalServerError', $fault: 'server' }, expected: true },
    { rule: 'throttling may pass although a client fault', error: { name: 'ProvisionedThroughputExceededException', $fault: 'client' }, expected: true },
    { rule: 'a timeout may pass', error: { name: 'TimeoutError' }, expected: true },
    { rule: 'a network error may pass', error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), expected: true },
    { rule: 'a failed condition is an answer, not a fault', error: { name: 'ConditionalCheckFailedException', $fault: 'client' }, expected: false },
    { rule: 'a validation error never passes', error: { name: 'ValidationException', $fault: 'client' }, expected: false },
    { rule: 'a non-object is not a storage error', error: 'boom', expected: false },
  ])('$rule', ({ error, expected }) => {
    expect(isTransientStorageError(error)).toBe(expected);
  });
});

describe('ledgerUnavailable', () => {
  it('is a 503 ledger_unavailable with retry-after', () => {
    expect(ledgerUnavailable(new Error('x'))).toMatchObject({ statusCode: 503, code: 'ledger_unavailable', headers: { 'retry-after': '1' } });
  });
});

describe('retryUntil', () => {
  const transient = Object.assign(new Error('InternalServerError'), { $fault: 'server' });
  const clock = (): { now: () => number; sleep: (ms: number) => Promise<void> } => {
    let ms = 0;
    return { now: () => ms, sleep: async (delay) => void (ms += delay) };
  };

  it('repeats a transient failure, telling repeats from the first try, until it succeeds', async () => {
    const seen: number[] = [];
    const result = await retryUntil(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw transient;
        return 'done';
      },
      { deadlineAtMs: 10_000, ...clock() },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('throws a non-transient failure at once', async () => {
    let calls = 0;
    const validation = { name: 'ValidationException', $fault: 'client' };
    await expect(
      retryUntil(async () => {
        calls += 1;
        throw validation;
      }, { deadlineAtMs: 10_000, ...clock() }),
    ).rejects.toBe(validation);
    expect(calls).toBe(1);
  });

  it('throws the last failure when the deadline passes, never sleeping past it', async () => {
    const time = clock();
    await expect(
      retryUntil(async () => {
        throw transient;
      }, { deadlineAtMs: 5_000, ...time }),
    ).rejects.toBe(transient);
    expect(time.now()).toBeLessThan(5_000);
  });
});
