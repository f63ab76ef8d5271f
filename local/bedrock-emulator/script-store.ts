/** @module Queues of scripted replies and injected faults, consumed by matching calls. */

import type { EmulatorFault, RuntimeOperation, ScriptedReply } from './types';

/** The call a script or fault is matched against. */
interface CallMatch {
  readonly operation: RuntimeOperation;
  readonly requestedModelId: string;
  readonly resolvedModelId?: string;
}

/** The faults that apply to one call, at most one of each type. */
interface CallFaults {
  readonly error?: Extract<EmulatorFault, { type: 'error' }>;
  readonly midStream?: Extract<EmulatorFault, { type: 'mid-stream-error' }>;
  readonly slowFirstByte?: Extract<EmulatorFault, { type: 'slow-first-byte' }>;
  readonly slowTokens?: Extract<EmulatorFault, { type: 'slow-tokens' }>;
}

const ALL_OPERATIONS: readonly RuntimeOperation[] = ['Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream', 'CountTokens'];
const STREAM_OPERATIONS: readonly RuntimeOperation[] = ['ConverseStream', 'InvokeModelWithResponseStream'];

/** Operations each fault type applies to when the fault names none. */
const DEFAULT_FAULT_OPERATIONS: Readonly<Record<EmulatorFault['type'], readonly RuntimeOperation[]>> = {
  error: ALL_OPERATIONS,
  'mid-stream-error': STREAM_OPERATIONS,
  'slow-first-byte': ALL_OPERATIONS,
  'slow-tokens': STREAM_OPERATIONS,
};

/** Operations that generate a model reply (InvokeModel only for chat models: embeddings never take a script). */
const SCRIPTED_OPERATIONS: readonly RuntimeOperation[] = ['Converse', 'ConverseStream', 'InvokeModel', 'InvokeModelWithResponseStream'];

/** An entry with its remaining uses. */
interface Queued<T> {
  readonly item: T;
  remaining: number;
}

function remainingUses(times: number | 'always' | undefined): number {
  return times === 'always' ? Number.POSITIVE_INFINITY : (times ?? 1);
}

function modelMatches(filter: string | undefined, call: CallMatch): boolean {
  return filter === undefined || filter === call.requestedModelId || filter === call.resolvedModelId;
}

/** Takes the first queued entry that matches, using up one of its uses. */
function take<T>(queue: Queued<T>[], matches: (item: T) => boolean): T | undefined {
  const index = queue.findIndex((entry) => matches(entry.item));
  const entry = queue[index];
  if (entry === undefined) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) queue.splice(index, 1);
  return entry.item;
}

/** Scripted replies and faults, first in first out, optionally filtered by model and operation. */
class ScriptStore {
  private readonly replies: Queued<ScriptedReply>[] = [];
  private readonly faults: Queued<EmulatorFault>[] = [];

  /** Queues replies for upcoming chat calls. */
  script(...replies: readonly ScriptedReply[]): void {
    this.replies.push(...replies.map((item) => ({ item, remaining: remainingUses(item.times) })));
  }

  /** Queues faults for upcoming calls. */
  fault(...faults: readonly EmulatorFault[]): void {
    this.faults.push(...faults.map((item) => ({ item, remaining: remainingUses(item.times) })));
  }

  /** The scripted reply for this call, if one matches. */
  takeReply(call: CallMatch): ScriptedReply | undefined {
    if (!SCRIPTED_OPERATIONS.includes(call.operation)) return undefined;
    return take(this.replies, (reply) => modelMatches(reply.modelId, call) && (reply.operations === undefined || reply.operations.includes(call.operation)));
  }

  /** The faults for this call, one per type. */
  takeFaults(call: CallMatch): CallFaults {
    const matching = <T extends EmulatorFault['type']>(type: T) =>
      take(
        this.faults,
        (fault) =>
          fault.type === type &&
          modelMatches(fault.modelId, call) &&
          (fault.operations ?? DEFAULT_FAULT_OPERATIONS[type]).includes(call.operation),
      ) as Extract<EmulatorFault, { type: T }> | undefined;
    const error = matching('error');
    // A failing call never starts a response, so it must not use up the other faults.
    if (error) return { error };
    return { midStream: matching('mid-stream-error'), slowFirstByte: matching('slow-first-byte'), slowTokens: matching('slow-tokens') };
  }

  /** Counts of queued entries (an `'always'` entry counts once). */
  get pending(): { readonly replies: number; readonly faults: number } {
    return { replies: this.replies.length, faults: this.faults.length };
  }

  /** Drops every queued reply and fault. */
  clear(): void {
    this.replies.length = 0;
    this.faults.length = 0;
  }
}

export { ScriptStore };
export type { CallFaults, CallMatch };
