/**
 * @module Readiness: whether the gateway's dependencies answer (the ledger table, the Bedrock runtime
 * endpoint), checked cheaply, at most once per cache period however many probes arrive.
 */

/** One dependency check; throws when the dependency does not answer. */
interface ReadinessCheck {
  /** Names the dependency in the report (`dynamodb`, `bedrock`). */
  readonly name: string;
  run(signal: AbortSignal): Promise<void>;
}

/** The outcome of one round of checks. */
interface ReadinessReport {
  readonly ready: boolean;
  /** Per dependency: `ok` or `failed` (why is logged, never sent: the probe is unauthenticated). */
  readonly checks: Readonly<Record<string, 'ok' | 'failed'>>;
  /** ISO-8601 time the checks ran (a cached report keeps it). */
  readonly checkedAt: string;
}

/** Runs the checks behind `GET /health/ready`. */
interface Readiness {
  check(): Promise<ReadinessReport>;
}

interface ReadinessOptions {
  readonly checks: readonly ReadinessCheck[];
  /** How long a report is reused. @default 5000 */
  readonly cacheMs?: number;
  /** Time limit of each check. @default 2000 */
  readonly timeoutMs?: number;
  /** Hears each failed check (for the log). */
  readonly onFailure?: (name: string, error: unknown) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

const DEFAULT_READINESS_CACHE_MS = 5000;
const DEFAULT_CHECK_TIMEOUT_MS = 2000;

/** Runs `check` with a time limit; the limit aborts it and fails. */
async function runWithin(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`${check.name} did not answer within ${timeoutMs} ms`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    await Promise.race([check.run(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Builds the readiness probe. Concurrent probes share one round of checks, and a report is reused
 * for `cacheMs`, so a load balancer polling every instance costs a few cheap calls a minute.
 */
function createReadiness({ checks, cacheMs = DEFAULT_READINESS_CACHE_MS, timeoutMs = DEFAULT_CHECK_TIMEOUT_MS, onFailure, now = Date.now }: ReadinessOptions): Readiness {
  let cached: { report: ReadinessReport; expiresAtMs: number } | undefined;
  let running: Promise<ReadinessReport> | undefined;

  async function runChecks(): Promise<ReadinessReport> {
    const startedAtMs = now();
    const results = await Promise.all(
      checks.map(async (check) => {
        try {
          await runWithin(check, timeoutMs);
          return [check.name, 'ok'] as const;
        } catch (error) {
          onFailure?.(check.name, error);
          return [check.name, 'failed'] as const;
        }
      }),
    );
    const report: ReadinessReport = {
      ready: results.every(([, outcome]) => outcome === 'ok'),
      checks: Object.fromEntries(results),
      checkedAt: new Date(startedAtMs).toISOString(),
    };
    cached = { report, expiresAtMs: now() + cacheMs };
    return report;
  }

  return {
    check() {
      if (cached !== undefined && cached.expiresAtMs > now()) return Promise.resolve(cached.report);
      running ??= runChecks().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

export { DEFAULT_CHECK_TIMEOUT_MS, DEFAULT_READINESS_CACHE_MS, createReadiness };
export type { Readiness, ReadinessCheck, ReadinessOptions, ReadinessReport };
