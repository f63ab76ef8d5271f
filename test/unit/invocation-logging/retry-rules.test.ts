/** When the deploy-time put of model invocation logging is retried, and how long it waits. */
import { DEFAULT_PACING, delayBeforeRetry, isRoleNotYetUsable } from '../../../lambda/invocation-logging/logging-configuration';

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}

describe('a refusal is retried only while IAM may still be propagating a new role', () => {
  it.each([
    {
      rule: "Bedrock cannot use the new delivery role yet (its words for it)",
      error: awsError('ValidationException', 'Failed to validate permissions for log group: g, with role: arn:aws:iam::123456789012:role/r. Verify the IAM role permissions are correct.'),
      retried: true,
    },
    { rule: "the handler's own new grants (iam:PassRole) are not in force yet", error: awsError('AccessDeniedException', 'User is not authorized to perform: iam:PassRole'), retried: true },
    { rule: 'any other validation failure is lasting', error: awsError('ValidationException', 'Invalid role ARN: gateway-role.'), retried: false },
    { rule: 'throttling is left to the SDK', error: awsError('ThrottlingException', 'Rate exceeded'), retried: false },
    { rule: 'a thrown non-error is lasting', error: 'Failed to validate permissions', retried: false },
  ])('$rule: retried $retried', ({ error, retried }) => {
    expect(isRoleNotYetUsable(error)).toBe(retried);
  });
});

describe('waits double from two seconds and stay at thirty', () => {
  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [4, 16_000],
    [5, 30_000],
    [9, 30_000],
  ])('after try %i: %i ms', (attempt, delayMs) => {
    expect(delayBeforeRetry(attempt, DEFAULT_PACING)).toBe(delayMs);
  });
});
