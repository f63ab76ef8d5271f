/** @module Answers a chat call as SSE: keep-alive comments, chunks from the stream transformer, idle timeouts, the deadline, and in-band errors. */
import { mapBedrockError, upstreamErrorName } from '../../../bedrock/bedrock-errors';
import { ChatStreamTransformer } from '../../../bedrock/chat-stream-transformer';
import { renderError } from '../../../openai/error-body';
import { SseWriter } from '../../../openai/sse-writer';
import type { GatewayError } from '../../../platform/errors';
import { startKeepAlive, type KeepAlive } from '../../../resilience/keep-alive';
import { runWithFallbacks } from '../../../resilience/run-with-fallbacks';
import type { ChatCall } from './chat-call';
import { completionOptions } from './chat-completion-options';
import { estimatedUsage } from './chat-cost';
import { chatRunOptions, serve } from './chat-fallback-run';
import { startStream, type StartedStream } from './chat-stream-start';

function errorCodeOf(error: GatewayError): string {
  return error.code ?? error.errorType;
}

/**
 * Streams the completion as SSE. The 200 goes out only once a target's first event arrived, so
 * errors before that (throttling, a slow first byte, an early exception) are retried or fall back
 * and otherwise get their own status; later failures, idle timeouts and the invocation's deadline
 * included, are sent in-band. Everything after the stream started runs under one `finally`: the
 * Bedrock stream is aborted, the keep-alive stopped and the target's slot given back whatever fails.
 */
async function completeAsStream(call: ChatCall): Promise<void> {
  const { ctx, request, outcome, resilience, deadline } = call;
  const clientGone = (): boolean => ctx.request.signal.aborted;
  const run = await runWithFallbacks<StartedStream>({ ...chatRunOptions(call), attempt: (target) => startStream(call, target) });
  const { attempt, events } = run.value;
  let next = run.value.first;
  let keepAlive: KeepAlive | undefined;
  let transformer: ChatStreamTransformer | undefined;
  let sse: SseWriter | undefined;
  // The keep-alive stops before the last write: no comment may follow `[DONE]` or the error.
  const fail = async (error: GatewayError): Promise<void> => {
    keepAlive?.stop();
    outcome.errorCode = errorCodeOf(error);
    ctx.logFields.error = outcome.errorCode;
    ctx.logFields.upstreamError = upstreamErrorName(error);
    await sse?.error(renderError(error).body);
  };
  try {
    const headers = serve(call, run);
    const { prepared } = call.served;
    transformer = new ChatStreamTransformer({
      ...completionOptions(call, run.target),
      includeUsage: prepared.includeUsageInStream,
      estimatedInputTokens: prepared.estimatedInputTokens,
    });
    const writer = new SseWriter(ctx.response);
    writer.open(headers);
    sse = writer;
    outcome.status = 200;
    keepAlive = startKeepAlive(resilience.settings.keepAliveIntervalMs, () => writer.comment('keep-alive'));
    const alive = keepAlive;
    const send = async (parts: ReturnType<ChatStreamTransformer['transform']>): Promise<boolean> => {
      for (const part of parts) {
        if (part.type === 'error') {
          await fail(part.error);
          return false;
        }
        await writer.data(part.chunk);
        alive.touch();
      }
      return true;
    };
    while (next.done !== true) {
      if (!(await send(transformer.transform(next.value)))) return;
      if (outcome.timeToFirstTokenMs === undefined && transformer.outputCharacters > 0) {
        outcome.timeToFirstTokenMs = ctx.services.now() - ctx.request.receivedAtMs;
      }
      if (deadline.signal.aborted) break;
      attempt.arm(resilience.settings.streamIdleTimeoutMs, 'stream_idle_timeout');
      next = await attempt.race(events.next());
      attempt.disarm();
    }
    if (clientGone()) return;
    if (deadline.expired) return await fail(deadline.error);
    if (!(await send(transformer.end()))) return;
    keepAlive.stop();
    await writer.done();
  } catch (error) {
    if (!clientGone()) await fail(deadline.expired ? deadline.error : mapBedrockError(error, { model: request.model }));
    // Not started: nothing went out, so the error is the client's answer (its own status).
    if (sse === undefined) throw error;
  } finally {
    keepAlive?.stop();
    // Whatever ended the loop early (an in-band error, a timeout, the deadline, the client), Bedrock stops too.
    if (next.done !== true) attempt.abort();
    attempt.dispose();
    run.release();
    outcome.usage = transformer?.usage?.tokens ?? estimatedUsage(call.served.prepared, transformer?.outputCharacters ?? 0);
    outcome.clientAborted = clientGone() && transformer?.completed !== true;
    ctx.logFields.stopReason = transformer?.rawStopReason;
    ctx.logFields.finishReason = transformer?.finishReason;
  }
}

export { completeAsStream };
