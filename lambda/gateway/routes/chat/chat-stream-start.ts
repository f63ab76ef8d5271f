/** @module Starts a ConverseStream on one target and waits for its first event, the part of a stream that may still be retried. */
import type { ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { startConverseStream } from '../../../bedrock/converse-call';
import { AttemptController } from '../../../resilience/attempt-controller';
import type { RouteTarget } from '../../../routing/route-types';
import { candidateFor, type ChatCall } from './chat-call';
import { chargeUnfinishedAttempt } from './chat-outcome';

/** A ConverseStream whose first event arrived: from here on nothing is retried. */
interface StartedStream {
  readonly attempt: AttemptController;
  readonly events: AsyncIterator<ConverseStreamOutput>;
  readonly first: IteratorResult<ConverseStreamOutput>;
}

/**
 * Starts a stream on one target and waits for its first event, all within the first-byte limit.
 * On failure the Bedrock stream is aborted and what it may have cost is charged before rethrowing.
 */
async function startStream(call: ChatCall, target: RouteTarget): Promise<StartedStream> {
  const { resilience } = call;
  const candidate = candidateFor(call, target);
  const attempt = new AttemptController(call.deadline.signal);
  attempt.arm(resilience.settings.firstByteTimeoutMs, 'first_byte_timeout');
  try {
    const started = await attempt.race(startConverseStream(resilience.clientFor(target.region), candidate.prepared.input, { signal: attempt.signal, model: target.model.id }));
    const events = started.events[Symbol.asyncIterator]();
    const first = await attempt.race(events.next());
    attempt.disarm();
    return { attempt, events, first };
  } catch (error) {
    chargeUnfinishedAttempt(call, candidate, attempt, true);
    attempt.abort();
    attempt.dispose();
    throw error;
  }
}

export { startStream };
export type { StartedStream };
