/** @module Messages between the benchmark and its child processes, the gateway and the DynamoDB engine (Node IPC). */
import type { ProxiedCall } from './dynamodb-delay-proxy';

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

/** Parent to the DynamoDB engine child; each but `stop` is answered by an `answer` with its `id`. */
type EngineCommand =
  | { readonly type: 'delay'; readonly id: number; readonly delayMs: number }
  | { readonly type: 'calls'; readonly id: number; readonly since: number }
  | { readonly type: 'quiet'; readonly id: number; readonly quietMs: number }
  | { readonly type: 'usage'; readonly id: number }
  | { readonly type: 'stop' };

/** The DynamoDB engine child to the parent. */
type EngineMessage =
  | { readonly type: 'ready'; readonly endpoint: string }
  | {
      readonly type: 'answer';
      readonly id: number;
      readonly calls?: readonly ProxiedCall[];
      /** User plus system CPU time of the engine process since it started, µs. */
      readonly cpuMicros?: number;
      /** TCP connections opened to the proxy since it started. */
      readonly connections?: number;
    };

/** Environment variables the parent passes besides the AWS SDK's own. */
const CHILD_ENV = {
  /** `on`: the DynamoDB ledger; `off`: the in-memory stand-ins of ledger-off.ts. */
  ledger: 'BENCH_LEDGER',
  /** The virtual key secret the load generator sends. */
  keySecret: 'BENCH_KEY_SECRET',
} as const;

export { CHILD_ENV };
export type { ChildMessage, CommandMessage, EngineCommand, EngineMessage, ReadyMessage, UsageMessage };
