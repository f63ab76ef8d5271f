/** @module The state every handler shares: models, scripts and faults, the request log, shutdown. */

import type { ControlPlaneContext } from './control-plane';
import type { InvocationLoggingSetting } from './invocation-logging';
import type { ModelResolver } from './model-resolver';
import type { EmulatorPrice } from './price-list';
import type { RequestLog } from './request-log';
import type { ScriptStore } from './script-store';

/** Shared state of one emulator instance. */
interface EmulatorCore {
  readonly resolver: ModelResolver;
  readonly store: ScriptStore;
  readonly log: RequestLog;
  readonly control: ControlPlaneContext;
  /** The SKUs GetProducts serves. */
  readonly priceList: readonly EmulatorPrice[];
  /** The model invocation logging setting (`/logging/modelinvocations`). */
  readonly invocationLogging: InvocationLoggingSetting;
  /** Aborts when the emulator closes, cutting delays and streams short. */
  readonly shutdown: AbortSignal;
}

export type { EmulatorCore };
