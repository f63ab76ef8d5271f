/**
 * @module Counts DynamoDB round trips a request waits for: calls to the real (embedded) engine are
 * recorded in order through the SDK's middleware, each with a logical tick when it was sent and
 * when its answer came back. A call sent after another's answer came back is one round trip
 * further; calls sent before any of them answered share a round trip. So the count is a count of
 * waits, not a timing: parallel calls issued together are one round trip, calls one after another
 * are one each.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** One DynamoDB call (each SDK attempt), in logical ticks. */
interface RecordedCall {
  readonly operation: string;
  readonly sentAt: number;
  answeredAt?: number;
}

/** Records calls of the clients it is attached to, and marks other events on the same clock. */
class RoundTripCounter {
  private tick = 0;
  private recorded: RecordedCall[] = [];

  /** Records every call of `client` from now on. */
  attachTo(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const call: RecordedCall = { operation: String(context.commandName ?? 'unknown').replace(/Command$/, ''), sentAt: this.next() };
        this.recorded.push(call);
        try {
          return await next(args);
        } finally {
          call.answeredAt = this.next();
        }
      },
      { step: 'deserialize', name: 'roundTripCounter', override: true },
    );
  }

  /** The current tick, for an event to count up to (e.g. Bedrock being called). */
  mark(): number {
    return this.next();
  }

  /** Forgets the calls recorded so far. */
  reset(): void {
    this.recorded = [];
  }

  /** The calls sent before `tick`, oldest first. */
  callsBefore(tick: number): readonly RecordedCall[] {
    return this.recorded.filter((call) => call.sentAt < tick);
  }

  /** Round trips waited for before `tick`: the longest chain of calls sent before it, each sent after the one before answered. */
  roundTripsBefore(tick: number): number {
    const calls = this.callsBefore(tick);
    const depth = new Map<RecordedCall, number>();
    for (const call of calls) {
      const waitedFor = calls.filter((other) => other.answeredAt !== undefined && other.answeredAt < call.sentAt);
      depth.set(call, 1 + Math.max(0, ...waitedFor.map((other) => depth.get(other) ?? 0)));
    }
    return Math.max(0, ...depth.values());
  }

  private next(): number {
    this.tick += 1;
    return this.tick;
  }
}

export { RoundTripCounter };
export type { RecordedCall };
