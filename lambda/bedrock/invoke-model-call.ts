/**
 * @module The one place that sends InvokeModel and InvokeModelWithResponseStream calls, keeping the
 * response headers the SDK's output type leaves out.
 */
import {
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  type BedrockRuntimeClient,
  type InvokeModelCommandInput,
  type InvokeModelWithResponseStreamCommandInput,
  type ResponseStream,
} from '@aws-sdk/client-bedrock-runtime';
import { mapBedrockError, type BedrockErrorContext } from './bedrock-errors';
import type { ReportedServing } from './convert-usage';

/** Per-call options. */
interface InvokeModelCallOptions extends BedrockErrorContext {
  /** Aborts the HTTP/2 request; the abort error is rethrown as is. */
  readonly signal?: AbortSignal;
}

/** An InvokeModel answer: the model family's own body, and Bedrock's response headers (token counts among them). */
interface InvokeModelAnswer {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The service tier and latency mode Bedrock reports it served the call with. */
  readonly served: ReportedServing;
}

/** The response header in which Bedrock reports an InvokeModel call's input tokens. */
const INPUT_TOKEN_COUNT_HEADER = 'x-amzn-bedrock-input-token-count';

/** A non-negative integer header value, if the header holds one (token counts). */
function headerCount(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const raw = headers[name];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * Sends one InvokeModel call.
 *
 * @throws GatewayError for every Bedrock failure (see `mapBedrockError`); the abort error itself when `signal` aborted.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 */
async function sendInvokeModel(client: BedrockRuntimeClient, input: InvokeModelCommandInput, options: InvokeModelCallOptions = {}): Promise<InvokeModelAnswer> {
  const command = new InvokeModelCommand(input);
  let headers: Record<string, string> = {};
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      headers = lowerCaseKeys((result.response as { headers?: Record<string, string> } | undefined)?.headers);
      return result;
    },
    { step: 'deserialize', name: 'gatewayResponseHeaders' },
  );
  try {
    const output = await client.send(command, { abortSignal: options.signal });
    return { body: output.body, contentType: output.contentType, headers, served: { serviceTier: output.serviceTier, latency: output.performanceConfigLatency } };
  } catch (error) {
    throw options.signal?.aborted === true ? error : mapBedrockError(error, options);
  }
}

/** A started InvokeModelWithResponseStream: Bedrock accepted the request and sent its response headers. */
interface InvokeModelStreamCall {
  /** The model family's own event payloads (the `bytes` of each `chunk`); exceptions are thrown as gateway errors. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** The service tier and latency mode Bedrock reports it serves the call with. */
  readonly served: ReportedServing;
}

/** The exception an event-stream frame carries instead of a chunk, if any. */
function frameException(frame: ResponseStream): unknown {
  return (
    frame.internalServerException ??
    frame.modelStreamErrorException ??
    frame.modelTimeoutException ??
    frame.serviceUnavailableException ??
    frame.throttlingException ??
    frame.validationException
  );
}

async function* chunksOf(frames: AsyncIterable<ResponseStream>, options: InvokeModelCallOptions): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for await (const frame of frames) {
      const exception = frameException(frame);
      if (exception !== undefined) throw exception;
      if (frame.chunk?.bytes !== undefined) yield frame.chunk.bytes;
    }
  } catch (error) {
    throw options.signal?.aborted === true ? error : mapBedrockError(error, options);
  }
}

/**
 * Starts one InvokeModelWithResponseStream call and resolves once Bedrock's response headers arrived,
 * so errors Bedrock reports before the stream (validation, throttling, access) get a proper status.
 *
 * @throws GatewayError for Bedrock's failures; errors later in the stream are thrown by the iterator.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModelWithResponseStream.html
 */
async function startInvokeModelStream(
  client: BedrockRuntimeClient,
  input: InvokeModelWithResponseStreamCommandInput,
  options: InvokeModelCallOptions = {},
): Promise<InvokeModelStreamCall> {
  try {
    const response = await client.send(new InvokeModelWithResponseStreamCommand(input), { abortSignal: options.signal });
    if (response.body === undefined) throw new Error('Amazon Bedrock returned an InvokeModelWithResponseStream response without a stream.');
    return { chunks: chunksOf(response.body, options), served: { serviceTier: response.serviceTier, latency: response.performanceConfigLatency } };
  } catch (error) {
    throw options.signal?.aborted === true ? error : mapBedrockError(error, options);
  }
}

export { INPUT_TOKEN_COUNT_HEADER, headerCount, sendInvokeModel, startInvokeModelStream };
export type { InvokeModelAnswer, InvokeModelCallOptions, InvokeModelStreamCall };
