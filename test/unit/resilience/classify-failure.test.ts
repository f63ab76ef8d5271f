import { mapBedrockError } from '../../../lambda/bedrock/bedrock-errors';
import { AttemptController } from '../../../lambda/resilience/attempt-controller';
import { classifyFailure } from '../../../lambda/resilience/classify-failure';

function sdkError(name: string, message = 'failed'): Error {
  const error = new Error(message);
  error.name = name;
  return Object.assign(error, { $fault: 'server', $metadata: {} });
}

describe('classifyFailure', () => {
  it.each([
    { name: 'ThrottlingException', expected: { action: 'retry', countsAgainstTarget: false } },
    { name: 'ServiceUnavailableException', expected: { action: 'retry', countsAgainstTarget: true } },
    { name: 'ModelNotReadyException', expected: { action: 'retry', countsAgainstTarget: true } },
    { name: 'ModelTimeoutException', expected: { action: 'retry', countsAgainstTarget: true } },
    { name: 'ModelErrorException', expected: { action: 'retry', countsAgainstTarget: true } },
    { name: 'InternalServerException', expected: { action: 'retry', countsAgainstTarget: true } },
    { name: 'AccessDeniedException', expected: { action: 'next-target', countsAgainstTarget: true } },
    { name: 'ResourceNotFoundException', expected: { action: 'next-target', countsAgainstTarget: true } },
    { name: 'ServiceQuotaExceededException', expected: { action: 'next-target', countsAgainstTarget: false } },
    { name: 'ValidationException', expected: { action: 'fail', countsAgainstTarget: false } },
  ])('classifies $name (quota failures never count towards a circuit)', ({ name, expected }) => {
    expect(classifyFailure(mapBedrockError(sdkError(name)))).toEqual(expected);
  });

  it('retries an unmodelled 429 from Bedrock without counting it towards the circuit', () => {
    const error = mapBedrockError(Object.assign(new Error('Too many tokens'), { name: 'TooManyTokensException', $fault: 'client', $metadata: { httpStatusCode: 429 } }));

    expect(classifyFailure(error)).toEqual({ action: 'retry', countsAgainstTarget: false });
  });

  it('moves a prompt too long for the model to the next target without blaming the target', () => {
    const error = mapBedrockError(sdkError('ValidationException', 'Input is too long for requested model.'));

    expect(classifyFailure(error)).toEqual({ action: 'next-target', countsAgainstTarget: false });
  });

  it('retries a stream the HTTP/2 session cancelled because the connect limit destroyed its socket', () => {
    const connectTimeout = Object.assign(new Error('Connecting to bedrock-runtime took longer than 3000 ms.'), { name: 'TimeoutError' });
    const cancelled = new Error('The pending stream has been canceled', { cause: connectTimeout });

    expect(classifyFailure(mapBedrockError(cancelled))).toEqual({ action: 'retry', countsAgainstTarget: true });
  });

  it("retries the gateway's own timeouts", async () => {
    const attempt = new AttemptController(new AbortController().signal);
    attempt.arm(1, 'first_byte_timeout');
    const error = await attempt.race(new Promise<never>(() => undefined)).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ statusCode: 504, code: 'first_byte_timeout' });
    expect(classifyFailure(error)).toEqual({ action: 'retry', countsAgainstTarget: true });
    expect(attempt.signal.aborted).toBe(true);
    attempt.dispose();
  });
});
