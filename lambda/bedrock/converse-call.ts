/** @module The one place that sends Converse and ConverseStream calls, so retries and fallbacks can wrap it. */
import {
  ConverseCommand,
  ConverseStreamCommand,
  type BedrockRuntimeClient,
  type ConverseRequest,
  type ConverseResponse,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { mapBedrockError, type BedrockErrorContext } from './bedrock-errors';

/** Per-call options. */
interface ConverseCallOptions extends BedrockErrorContext {
  /** Aborts the HTTP/2 request (the client went away); the abort error is rethrown as is. */
  readonly signal?: AbortSignal;
}

/** A started ConverseStream: Bedrock accepted the request and sent its response headers. */
interface ConverseStreamCall {
  /** The events; exceptions thrown while iterating are already gateway errors (or the abort error). */
  readonly events: AsyncIterable<ConverseStreamOutput>;
}

function translate(error: unknown, options: ConverseCallOptions): unknown {
  return options.signal?.aborted === true ? error : mapBedrockError(error, options);
}

/**
 * Sends one Converse call.
 *
 * @throws GatewayError for every Bedrock failure (see `mapBedrockError`), with the SDK error as
 *   `cause`; the abort error itself when `signal` aborted.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
async function sendConverse(
  client: BedrockRuntimeClient,
  input: ConverseRequest,
  options: ConverseCallOptions = {},
): Promise<ConverseResponse> {
  try {
    return await client.send(new ConverseCommand(input), { abortSignal: options.signal });
  } catch (error) {
    throw translate(error, options);
  }
}

async function* translateEvents(
  events: AsyncIterable<ConverseStreamOutput>,
  options: ConverseCallOptions,
): AsyncGenerator<ConverseStreamOutput, void, undefined> {
  try {
    yield* events;
  } catch (error) {
    throw translate(error, options);
  }
}

/**
 * Starts one ConverseStream call and resolves once Bedrock's response headers arrived, so errors
 * that Bedrock reports before the stream (validation, throttling, access) can still become a proper
 * HTTP status.
 *
 * @throws GatewayError as `sendConverse` does; errors later in the stream are thrown by the iterator.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
 */
async function startConverseStream(
  client: BedrockRuntimeClient,
  input: ConverseRequest,
  options: ConverseCallOptions = {},
): Promise<ConverseStreamCall> {
  try {
    const response = await client.send(new ConverseStreamCommand(input), { abortSignal: options.signal });
    if (response.stream === undefined) {
      throw mapBedrockError(new Error('Amazon Bedrock returned a ConverseStream response without a stream.'), options);
    }
    return { events: translateEvents(response.stream, options) };
  } catch (error) {
    throw translate(error, options);
  }
}

export { sendConverse, startConverseStream };
export type { ConverseCallOptions, ConverseStreamCall };
