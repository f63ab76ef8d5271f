/** @module Messages between the benchmark and the gateway child process (Node IPC). */

/** Child to parent: the gateway listens at `url`. */
interface ReadyMessage {
  readonly type: 'ready';
  readonly url: string;
}

/** Child to parent: the gateway process's counters, in answer to `usage`. */
interface UsageMessage {
  readonly type: 'usage';
  /** User plus system CPU time since the process started, in microseconds. */
  readonly cpuMicros: number;
  readonly rssBytes: number;
  /** Peak resident set size since the process started. */
  readonly maxRssBytes: number;
}

/** Parent to child. */
interface CommandMessage {
  readonly type: 'usage' | 'stop';
}

type ChildMessage = ReadyMessage | UsageMessage;

/** Environment variables the parent passes besides the AWS SDK's own. */
const CHILD_ENV = {
  /** `on`: the DynamoDB ledger; `off`: the in-memory stand-ins of ledger-off.ts. */
  ledger: 'BENCH_LEDGER',
  /** The virtual key secret the load generator sends. */
  keySecret: 'BENCH_KEY_SECRET',
} as const;

export { CHILD_ENV };
export type { ChildMessage, CommandMessage, ReadyMessage, UsageMessage };
