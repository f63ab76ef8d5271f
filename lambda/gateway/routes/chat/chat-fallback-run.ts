/** @module The chat call's side of the fallback run: its options, and recording who served in logs and headers. */
import { ATTEMPTS_HEADER, type FallbackRunResult } from '../../../resilience/run-with-fallbacks';
import { fallbackRunOptions, type ModelRouteRunOptions } from '../model-route-support';
import { candidateFor, type ChatCall } from './chat-call';

/** Longest `x-gateway-warnings` value; longer lists are cut with an ellipsis. */
const MAX_WARNINGS_HEADER_CHARS = 512;

/** Header values must be visible ASCII; warnings are free text, so they are cleaned and capped. */
function warningsHeader(warnings: readonly string[]): Record<string, string> {
  if (warnings.length === 0) return {};
  const text = warnings.join('; ').replace(/[^\x20-\x7e]+/g, ' ');
  const value = text.length > MAX_WARNINGS_HEADER_CHARS ? `${text.slice(0, MAX_WARNINGS_HEADER_CHARS - 3)}...` : text;
  return { 'x-gateway-warnings': value };
}

/** The run over the call's candidates, stopped by the call's deadline (or the client leaving). */
function chatRunOptions(call: ChatCall): ModelRouteRunOptions {
  return fallbackRunOptions(
    call.ctx,
    call.candidates.map((candidate) => candidate.target),
    call.deadline.signal,
  );
}

/** Records who served, and returns the response headers that say so. */
function serve<R>(call: ChatCall, run: FallbackRunResult<R>): Record<string, string> {
  call.served = candidateFor(call, run.target);
  const { model } = run.target;
  Object.assign(call.ctx.logFields, {
    servedModel: model.id,
    attempts: run.calls,
    ...(run.target.region === undefined ? {} : { servedRegion: run.target.region }),
    ...(run.attempts.length === 0 ? {} : { failedAttempts: run.attempts }),
  });
  return { 'x-gateway-model': model.bedrockModelId, [ATTEMPTS_HEADER]: String(run.calls), ...warningsHeader(call.served.prepared.warnings) };
}

export { chatRunOptions, serve };
