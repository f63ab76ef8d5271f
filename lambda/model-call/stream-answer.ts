/**
 * @module A model call answered as a stream: retried and fallen back only until the first event,
 * then forwarded event by event through the surface's renderer, under the idle timeout, the
 * invocation's deadline and the client's signal, with the surface's keep-alive and in-band errors.
 */
import { mapBedrockError, upstreamErrorName } from '../bedrock/bedrock-errors';
import { errorCodeOf, type GatewayError } from '../platform/errors';
import { AttemptController } from '../resilience/attempt-controller';
import { startKeepAlive, type KeepAlive } from '../resilience/keep-alive';
import { runWithFallbacks } from '../resilience/run-with-fallbacks';
import type { RouteTarget } from '../routing/route-types';
import type { MeteredStream, StreamOperation } from './bedrock-operations';
import { candidateFor, fallbackRunOptions, recordUnanswered, serve, type CallRun, type Served } from './call-run';
import { callEstimate, type StreamCandidate } from './candidates';

/**
 * How a surface writes a stream in its own wire format (OpenAI SSE chunks, Anthropic SSE events,
 * Bedrock event-stream frames). The core calls `open` once, `write` per Bedrock event, then either
 * `finish` or `fail`, and `close` last, whatever happened.
 */
interface StreamRenderer<E> {
  /** Sends the 200 status line with `headers` (the core's `x-gateway-*` headers) and the surface's own. */
  open(headers: Readonly<Record<string, string>>): void;
  /** Writes what one Bedrock event becomes; returns an error to end the stream with in-band instead (an exception event). */
  write(event: E): Promise<GatewayError | undefined>;
  /** Bedrock's stream ended: writes the closing events (`[DONE]`); returns an error when the stream ended too early. */
  finish(): Promise<GatewayError | undefined>;
  /** Writes an in-band error in the surface's format and ends the stream; nothing may follow it. */
  fail(error: GatewayError): Promise<void>;
  /** Writes a keep-alive after a silence (an SSE comment, Anthropic's `ping`). Absent: the surface has none. */
  readonly keepAlive?: () => Promise<void>;
  /** The stream is over, however it ended (log what the surface knows, e.g. the stop reason). */
  readonly close?: () => void;
}

/** Creates the renderer once a candidate served; its model name and headers are in `served`. */
type RenderStream<E, C> = (served: Served<C>) => StreamRenderer<E>;

/** A stream whose first event arrived: from here on nothing is retried. */
interface StartedStream<E> {
  readonly attempt: AttemptController;
  readonly stream: MeteredStream<E>;
  /** `undefined` when Bedrock's stream ended at once. */
  readonly first: E | undefined;
}

/**
 * Starts the stream on one target and waits for its first event, all within the first-byte limit.
 * On failure the Bedrock stream is aborted and the call recorded before rethrowing.
 */
async function startStream<E, C extends StreamCandidate<StreamOperation<E>>>(run: CallRun<C>, target: RouteTarget): Promise<StartedStream<E>> {
  const { resilience } = run.context;
  const candidate = candidateFor(run, target);
  const [call] = candidate.calls;
  const attempt = new AttemptController(run.deadline.signal);
  attempt.arm(resilience.settings.firstByteTimeoutMs, 'first_byte_timeout');
  try {
    const stream = await attempt.race(call.operation.start(resilience.clientFor(target.region), { signal: attempt.signal, model: target.model.id }));
    const first = await attempt.race(stream.next());
    attempt.disarm();
    return { attempt, stream, first };
  } catch (error) {
    recordUnanswered(run, candidate, call, attempt, true);
    attempt.abort();
    attempt.dispose();
    throw error;
  }
}

/**
 * Streams the answer. The 200 goes out only once a target's first event arrived, so errors before
 * that (throttling, a slow first byte, an early exception) are retried or fall back and otherwise
 * get their own status; later failures, idle timeouts and the invocation's deadline included, are
 * sent in-band. Everything after the stream started runs under one `finally`: the Bedrock stream
 * is aborted, the keep-alive stopped, the target's slot given back and the call recorded (Bedrock's
 * usage, or the input estimate and the output so far) whatever fails.
 */
async function answerStream<E, C extends StreamCandidate<StreamOperation<E>>>(run: CallRun<C>, render: RenderStream<E, C>): Promise<void> {
  const { context, recorder, deadline } = run;
  const { settings } = context.resilience;
  const clientGone = (): boolean => context.signal.aborted;
  const result = await runWithFallbacks<StartedStream<E>>({ ...fallbackRunOptions(run), attempt: (target) => startStream(run, target) });
  const { attempt, stream } = result.value;
  const candidate = candidateFor(run, result.target);
  let event = result.value.first;
  let bedrockEnded = event === undefined;
  let renderer: StreamRenderer<E> | undefined;
  let keepAlive: KeepAlive | undefined;
  // The keep-alive stops before the last write: nothing may follow the closing events or the error.
  const fail = async (error: GatewayError): Promise<void> => {
    keepAlive?.stop();
    recorder.failedInBand(error);
    context.annotate({ error: errorCodeOf(error), upstreamError: upstreamErrorName(error) });
    await renderer?.fail(error);
  };
  try {
    const served = serve(run, result);
    const opened = render(served);
    opened.open(served.headers);
    renderer = opened;
    recorder.sent(200);
    const { keepAlive: sendKeepAlive } = opened;
    keepAlive = sendKeepAlive === undefined ? undefined : startKeepAlive(settings.keepAliveIntervalMs, sendKeepAlive);
    while (event !== undefined) {
      const error = await opened.write(event);
      if (error !== undefined) return await fail(error);
      keepAlive?.touch();
      if (stream.outputCharacters > 0) recorder.firstToken(context.now() - context.receivedAtMs);
      if (deadline.signal.aborted) break;
      attempt.arm(settings.streamIdleTimeoutMs, 'stream_idle_timeout');
      event = await attempt.race(stream.next());
      attempt.disarm();
      bedrockEnded = event === undefined;
    }
    if (clientGone()) return;
    if (deadline.expired) return await fail(deadline.error);
    keepAlive?.stop();
    const error = await opened.finish();
    if (error !== undefined) await fail(error);
  } catch (error) {
    if (!clientGone()) await fail(deadline.expired ? deadline.error : mapBedrockError(error, { model: run.plan.requested }));
    // Not started: nothing went out, so the error is the client's answer (its own status).
    if (renderer === undefined) throw error;
  } finally {
    keepAlive?.stop();
    // Whatever ended the loop early (an in-band error, a timeout, the deadline, the client), Bedrock stops too.
    if (!bedrockEnded) attempt.abort();
    attempt.dispose();
    result.release();
    const usage = stream.usage;
    const estimate = callEstimate(candidate, candidate.calls[0]);
    recorder.billed({ ...estimate, ending: usage === undefined ? { kind: 'cut', outputCharacters: stream.outputCharacters } : { kind: 'answered', usage } });
    if (clientGone() && usage === undefined) recorder.leftEarly();
    renderer?.close?.();
  }
}

export { answerStream };
export type { RenderStream, StreamRenderer };
