/**
 * @module The Bedrock operations the core runs for a surface, each with the usage it reports: a JSON
 * operation answers once with its usage; a stream operation's events are metered as they are read,
 * so the core knows the usage (or the output so far) however the stream ends.
 */
import type {
  BedrockRuntimeClient,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamOutput,
  InvokeModelCommandInput,
  InvokeModelWithResponseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import { sendConverse, startConverseStream } from '../bedrock/converse-call';
import { convertToTokenUsage, servingFields } from '../bedrock/convert-usage';
import { sendInvokeModel, startInvokeModelStream, type InvokeModelAnswer } from '../bedrock/invoke-model-call';
import type { TokenUsage } from '../ledger/meter-types';

/** Bedrock runtime operations, by their API names. */
type BedrockOperationName = 'Converse' | 'ConverseStream' | 'InvokeModel' | 'InvokeModelWithResponseStream';

/** What every operation is given for one call. */
interface BedrockCallOptions {
  /** Aborts the call (the client left, a timeout fired, the deadline passed). */
  readonly signal: AbortSignal;
  /** The catalog id of the target's model, named in error messages. */
  readonly model: string;
}

/** A JSON answer and the usage Bedrock billed for it. */
interface AnsweredCall<R> {
  readonly result: R;
  readonly usage: TokenUsage;
}

/**
 * One Bedrock call that answers once. Covariant in `R`, so candidates served by different
 * operations (InvokeModel for Claude, Converse for the others) can share one union result type.
 */
interface JsonOperation<R> {
  readonly name: BedrockOperationName;
  /**
   * Sends the call.
   *
   * @throws GatewayError for Bedrock's failures (see `mapBedrockError`); the abort error when `signal` aborted.
   */
  send(client: BedrockRuntimeClient, options: BedrockCallOptions): Promise<AnsweredCall<R>>;
}

/** Follows a stream's events: the usage once Bedrock reported it, and the output produced so far. */
interface StreamUsageMeter<E> {
  observe(event: E): void;
  /** Bedrock's usage, once its event arrived. */
  readonly usage: TokenUsage | undefined;
  /** Characters of text, reasoning and tool input produced so far, for an estimate when the usage never comes. */
  readonly outputCharacters: number;
}

/** A started stream whose events pass through a usage meter as they are read. */
interface MeteredStream<E> {
  /** The next event, already observed by the meter; `undefined` once Bedrock's stream ended. */
  next(): Promise<E | undefined>;
  readonly usage: TokenUsage | undefined;
  readonly outputCharacters: number;
}

/** One Bedrock call that answers with a stream of events. */
interface StreamOperation<E> {
  readonly name: BedrockOperationName;
  /**
   * Starts the stream; resolves once Bedrock accepted the call (its response headers arrived).
   *
   * @throws as `JsonOperation.send`; errors later in the stream are thrown by `next()`.
   */
  start(client: BedrockRuntimeClient, options: BedrockCallOptions): Promise<MeteredStream<E>>;
}

/**
 * Wraps an event stream so every event passes through `meter` before the caller sees it.
 *
 * @example meterStream(response.stream, createConverseStreamMeter())
 */
function meterStream<E>(events: AsyncIterable<E>, meter: StreamUsageMeter<E>): MeteredStream<E> {
  const iterator = events[Symbol.asyncIterator]();
  return {
    async next() {
      const result = await iterator.next();
      if (result.done === true) return undefined;
      meter.observe(result.value);
      return result.value;
    },
    get usage() {
      return meter.usage;
    },
    get outputCharacters() {
      return meter.outputCharacters;
    },
  };
}

/**
 * Meters ConverseStream events: the usage of the `metadata` event; text, reasoning text and tool
 * input as output characters (the same characters the chat stream sends).
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
function createConverseStreamMeter(): StreamUsageMeter<ConverseStreamOutput> {
  let usage: TokenUsage | undefined;
  let outputCharacters = 0;
  return {
    observe(event) {
      const delta = event.contentBlockDelta?.delta;
      if (delta !== undefined) {
        outputCharacters += (delta.text ?? delta.toolUse?.input ?? delta.reasoningContent?.text ?? '').length;
      } else if (event.metadata !== undefined) {
        usage = convertToTokenUsage(event.metadata.usage, { serviceTier: event.metadata.serviceTier?.type, latency: event.metadata.performanceConfig?.latency });
      }
    },
    get usage() {
      return usage;
    },
    get outputCharacters() {
      return outputCharacters;
    },
  };
}

/**
 * A Converse call; its usage is the response's (zero where Bedrock left a count out).
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
function converseOperation(input: ConverseRequest): JsonOperation<ConverseResponse> {
  return {
    name: 'Converse',
    async send(client, options) {
      const result = await sendConverse(client, input, options);
      return { result, usage: convertToTokenUsage(result.usage, { serviceTier: result.serviceTier?.type, latency: result.performanceConfig?.latency }) };
    },
  };
}

/** A ConverseStream call, metered by `createConverseStreamMeter`. */
function converseStreamOperation(input: ConverseRequest): StreamOperation<ConverseStreamOutput> {
  return {
    name: 'ConverseStream',
    async start(client, options) {
      const started = await startConverseStream(client, input, options);
      return meterStream(started.events, createConverseStreamMeter());
    },
  };
}

/**
 * An InvokeModel call. The body is the model family's own, so the surface reads both the result and
 * the usage from it (and from Bedrock's token-count headers) in `interpret`, which may throw a
 * GatewayError for a body it cannot read.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 */
function invokeModelOperation<R>(input: InvokeModelCommandInput, interpret: (answer: InvokeModelAnswer) => AnsweredCall<R>): JsonOperation<R> {
  return {
    name: 'InvokeModel',
    async send(client, options) {
      const answer = await sendInvokeModel(client, input, options);
      const answered = interpret(answer);
      return { ...answered, usage: { ...answered.usage, ...servingFields(answer.served) } };
    },
  };
}

/**
 * An InvokeModelWithResponseStream call. Its chunks are the model family's own events, so the
 * surface decodes them (`decode` may throw a GatewayError for a chunk it cannot read) and meters
 * them (Claude: usage in `message_start`/`message_delta`, output in the deltas).
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 */
function invokeModelStreamOperation<E>(
  input: InvokeModelWithResponseStreamCommandInput,
  decode: (chunk: Uint8Array) => E,
  createMeter: () => StreamUsageMeter<E>,
): StreamOperation<E> {
  return {
    name: 'InvokeModelWithResponseStream',
    async start(client, options) {
      const { chunks, served } = await startInvokeModelStream(client, input, options);
      const stream = meterStream(decodeChunks(chunks, decode), createMeter());
      const reported = servingFields(served);
      return {
        next: () => stream.next(),
        get usage() {
          const usage = stream.usage;
          return usage === undefined ? undefined : { ...usage, ...reported };
        },
        get outputCharacters() {
          return stream.outputCharacters;
        },
      };
    },
  };
}

async function* decodeChunks<E>(chunks: AsyncIterable<Uint8Array>, decode: (chunk: Uint8Array) => E): AsyncGenerator<E, void, undefined> {
  for await (const chunk of chunks) yield decode(chunk);
}

/**
 * The same JSON operation with its result converted (Converse's answer as another API's message);
 * the usage stays Bedrock's.
 */
function mapJsonOperation<A, B>(operation: JsonOperation<A>, convert: (result: A) => B): JsonOperation<B> {
  return {
    name: operation.name,
    async send(client, options) {
      const { result, usage } = await operation.send(client, options);
      return { result: convert(result), usage };
    },
  };
}

/** Converts one stream's events: each event becomes zero or more, and `end` may add closing ones. */
interface StreamConversion<A, B> {
  convert(event: A): readonly B[];
  end(): readonly B[];
}

/**
 * The same stream operation with its events converted (ConverseStream events as another API's
 * events). The metering stays on the original events, so usage is read as Bedrock reported it.
 */
function transformStreamOperation<A, B>(operation: StreamOperation<A>, createConversion: () => StreamConversion<A, B>): StreamOperation<B> {
  return {
    name: operation.name,
    async start(client, options) {
      const source = await operation.start(client, options);
      const conversion = createConversion();
      const pending: B[] = [];
      let ended = false;
      return {
        async next() {
          while (pending.length === 0 && !ended) {
            const event = await source.next();
            if (event === undefined) {
              ended = true;
              pending.push(...conversion.end());
            } else {
              pending.push(...conversion.convert(event));
            }
          }
          return pending.shift();
        },
        get usage() {
          return source.usage;
        },
        get outputCharacters() {
          return source.outputCharacters;
        },
      };
    },
  };
}

export {
  converseOperation,
  converseStreamOperation,
  createConverseStreamMeter,
  invokeModelOperation,
  invokeModelStreamOperation,
  mapJsonOperation,
  meterStream,
  transformStreamOperation,
};
export type { AnsweredCall, BedrockCallOptions, BedrockOperationName, JsonOperation, MeteredStream, StreamConversion, StreamOperation, StreamUsageMeter };
