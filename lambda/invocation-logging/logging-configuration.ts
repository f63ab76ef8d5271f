/**
 * @module Bedrock's model invocation logging setting (one per account and Region), put and removed
 * at deploy time. Bedrock checks at once that the delivery role can write to the log group; a role
 * CloudFormation created seconds before is not yet visible to that check (IAM is eventually
 * consistent), so the put is retried while Bedrock says so, until a deadline.
 */
import {
  DeleteModelInvocationLoggingConfigurationCommand,
  PutModelInvocationLoggingConfigurationCommand,
  type BedrockClient,
  type LoggingConfig,
} from '@aws-sdk/client-bedrock';

/** The words of Bedrock's ValidationException while it cannot yet use the delivery role. */
const ROLE_NOT_YET_USABLE = 'Failed to validate permissions';

/** How long to wait between tries: doubling from the first delay, capped. */
interface RetryPacing {
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

/** Two, four, eight, sixteen, then every thirty seconds (Terraform's provider retries the same answer for two minutes). */
const DEFAULT_PACING: RetryPacing = { firstDelayMs: 2_000, maxDelayMs: 30_000 };

interface PutOptions {
  /** Epoch ms after which no further try starts. */
  readonly deadlineMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly pacing?: RetryPacing;
  /** Told about each refused try before the wait. */
  readonly onRetry?: (attempt: number, delayMs: number, message: string) => void;
}

/**
 * Whether the refusal can be IAM still propagating a role the stack just created (retry): Bedrock
 * cannot yet use the delivery role, or the handler's own new grants (the put, `iam:PassRole`) are
 * not yet in force. Anything else is lasting (a malformed role ARN, a missing destination): the
 * deployment fails at once with Bedrock's message. Bedrock words a missing log group like a role
 * not yet usable; the stack creates its group first, and a refusal that outlasts the deadline fails
 * the deployment with that message too.
 */
function isRoleNotYetUsable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (error.name === 'ValidationException' && error.message.includes(ROLE_NOT_YET_USABLE)) || error.name === 'AccessDeniedException';
}

/**
 * The wait before try `attempt + 1` (attempt counts from 1).
 * @example delayBeforeRetry(1, DEFAULT_PACING) // 2000
 * @example delayBeforeRetry(6, DEFAULT_PACING) // 30000
 */
function delayBeforeRetry(attempt: number, pacing: RetryPacing): number {
  return Math.min(pacing.firstDelayMs * 2 ** (attempt - 1), pacing.maxDelayMs);
}

/**
 * Puts the configuration, retrying Bedrock's "cannot use the role yet" answer until `deadlineMs`.
 * @throws the last error when Bedrock refuses for another reason or the deadline passes
 */
async function putLoggingConfiguration(client: BedrockClient, loggingConfig: LoggingConfig, options: PutOptions): Promise<number> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pacing = options.pacing ?? DEFAULT_PACING;
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new PutModelInvocationLoggingConfigurationCommand({ loggingConfig }));
      return attempt;
    } catch (error) {
      const delayMs = delayBeforeRetry(attempt, pacing);
      if (!isRoleNotYetUsable(error) || now() + delayMs > options.deadlineMs) throw error;
      options.onRetry?.(attempt, delayMs, (error as Error).message);
      await sleep(delayMs);
    }
  }
}

/** Turns model invocation logging off for the account and Region. */
async function deleteLoggingConfiguration(client: BedrockClient): Promise<void> {
  await client.send(new DeleteModelInvocationLoggingConfigurationCommand({}));
}

export { DEFAULT_PACING, delayBeforeRetry, deleteLoggingConfiguration, isRoleNotYetUsable, putLoggingConfiguration };
export type { PutOptions, RetryPacing };
