/** @module What a failed Bedrock attempt means for the next one: retry the target, move on, or stop. */
import { isRetryableBedrockError, upstreamErrorName } from '../bedrock/bedrock-errors';
import { GatewayError } from '../platform/errors';

/** `retry`: the same target may answer soon. `next-target`: this target cannot serve the request. `fail`: no target can. */
type FailureAction = 'retry' | 'next-target' | 'fail';

/** The decision for one failure. */
interface FailureClass {
  readonly action: FailureAction;
  /** Whether the failure says the target is unhealthy (counts towards its circuit breaker). */
  readonly countsAgainstTarget: boolean;
}

/** Failures that are about the target, not the request: another model, profile or Region may serve it. */
const TARGET_SPECIFIC_UPSTREAM = new Set(['AccessDeniedException', 'ResourceNotFoundException', 'ServiceQuotaExceededException']);

/** Nested causes of `error`, outermost first (HTTP/2 wraps a socket's error as the cause of a cancelled stream). */
function causesOf(error: unknown): unknown[] {
  const causes: unknown[] = [];
  let current = GatewayError.isInstance(error) ? error.cause : error;
  while (current instanceof Error && causes.length < 5) {
    causes.push(current);
    current = current.cause;
  }
  return causes;
}

/** Whether a transport failure was caused by a timeout (the connect limit destroys the socket with one). */
function causedByTimeout(error: unknown): boolean {
  return causesOf(error).some((cause) => cause instanceof Error && cause.name === 'TimeoutError');
}

/** A 429 from Bedrock (throttling, a service quota): the account's quota, not the target's health. */
function isQuotaFailure(error: unknown): boolean {
  return GatewayError.isInstance(error) && error.statusCode === 429 && upstreamErrorName(error) !== undefined;
}

/**
 * Classifies a failed attempt. Throttling, unavailability, model-not-ready, timeouts (Bedrock's and
 * the gateway's own) and transient server errors are retried; a prompt too long for the model,
 * a model the gateway may not invoke or cannot find moves on to the next target; anything else
 * (a request Bedrock rejects as invalid) fails at once, since every target would reject it too.
 * Throttling and quota failures never count towards a circuit breaker: backoff handles quota, and
 * an open circuit would turn a burst of throttling into a cooldown of 503s after Bedrock recovered.
 */
function classifyFailure(error: unknown): FailureClass {
  if (GatewayError.isInstance(error) && error.code === 'context_length_exceeded') return { action: 'next-target', countsAgainstTarget: false };
  const quota = isQuotaFailure(error);
  if (isRetryableBedrockError(error) || causedByTimeout(error)) return { action: 'retry', countsAgainstTarget: !quota };
  const upstream = upstreamErrorName(error);
  if (upstream !== undefined && TARGET_SPECIFIC_UPSTREAM.has(upstream)) return { action: 'next-target', countsAgainstTarget: !quota };
  if (GatewayError.isInstance(error) && error.code === 'upstream_auth_error') return { action: 'next-target', countsAgainstTarget: true };
  return { action: 'fail', countsAgainstTarget: false };
}

export { classifyFailure };
export type { FailureAction, FailureClass };
