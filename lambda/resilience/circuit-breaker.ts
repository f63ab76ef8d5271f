/** @module Per-target circuit breakers shared by every request of the process, with an injected clock. */

/** A breaker's state: `closed` lets calls through, `open` skips the target, `half-open` lets one probe through. */
type BreakerState = 'closed' | 'open' | 'half-open';

/** A state change, reported so it can be logged and counted. */
interface BreakerTransition {
  readonly key: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  /** Consecutive failures counted when the change happened. */
  readonly failures: number;
}

/** Options of `CircuitBreakerRegistry`. */
interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit skips its target before one probe may go through. */
  readonly cooldownMs: number;
  /** Epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Called on every state change. @default - nothing */
  readonly onTransition?: (transition: BreakerTransition) => void;
}

interface BreakerRecord {
  state: BreakerState;
  failures: number;
  openedAtMs: number;
  /** A half-open breaker lets one probe through at a time. */
  probeInFlight: boolean;
}

/**
 * Circuit breakers keyed by target (model and Region). A target that failed `failureThreshold`
 * times in a row is skipped for `cooldownMs`; then one probe goes through, and its outcome closes
 * or re-opens the circuit. State lives in memory: each Lambda instance learns on its own, which is
 * cheap and needs no table, at the price of every instance paying the threshold once.
 */
class CircuitBreakerRegistry {
  private readonly records = new Map<string, BreakerRecord>();
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Whether a call to `key` may go out now; a half-open circuit admits one probe and marks it taken. */
  tryAcquire(key: string): boolean {
    const record = this.records.get(key);
    if (record === undefined || record.state === 'closed') return true;
    if (record.state === 'open') {
      if (this.now() - record.openedAtMs < this.options.cooldownMs) return false;
      this.move(key, record, 'half-open');
    }
    if (record.probeInFlight) return false;
    record.probeInFlight = true;
    return true;
  }

  /** Whether `tryAcquire(key)` would let a call through now; changes nothing. */
  admits(key: string): boolean {
    const record = this.records.get(key);
    if (record === undefined || record.state === 'closed') return true;
    if (record.state === 'open' && this.now() - record.openedAtMs < this.options.cooldownMs) return false;
    return !record.probeInFlight;
  }

  /** Records a successful call: the circuit closes and the failure count resets. */
  recordSuccess(key: string): void {
    const record = this.records.get(key);
    if (record === undefined) return;
    record.failures = 0;
    record.probeInFlight = false;
    if (record.state !== 'closed') this.move(key, record, 'closed');
  }

  /** Records a failed call: a failed probe re-opens the circuit, and so do `failureThreshold` failures in a row. */
  recordFailure(key: string): void {
    const record = this.records.get(key) ?? { state: 'closed', failures: 0, openedAtMs: 0, probeInFlight: false };
    this.records.set(key, record);
    record.failures += 1;
    record.probeInFlight = false;
    if (record.state === 'half-open' || (record.state === 'closed' && record.failures >= this.options.failureThreshold)) {
      record.openedAtMs = this.now();
      this.move(key, record, 'open');
    }
  }

  /** Releases a probe whose outcome says nothing about the target (the client left, the request was bad). */
  releaseProbe(key: string): void {
    const record = this.records.get(key);
    if (record !== undefined) record.probeInFlight = false;
  }

  /** The current state of `key` (a cooled-down open circuit still reads `open` until probed). */
  stateOf(key: string): BreakerState {
    return this.records.get(key)?.state ?? 'closed';
  }

  private move(key: string, record: BreakerRecord, to: BreakerState): void {
    const from = record.state;
    record.state = to;
    this.options.onTransition?.({ key, from, to, failures: record.failures });
  }
}

export { CircuitBreakerRegistry };
export type { BreakerState, BreakerTransition, CircuitBreakerOptions };
