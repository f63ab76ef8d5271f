/** @module The one place that sends InvokeModel calls, keeping the response headers the SDK's output type leaves out. */
import { InvokeModelCommand, type BedrockRuntimeClient, type InvokeModelCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mapBedrockError, type BedrockErrorContext } from './bedrock-errors';

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
    return { body: output.body, contentType: output.contentType, headers };
  } catch (error) {
    throw options.signal?.aborted === true ? error : mapBedrockError(error, options);
  }
}

export { INPUT_TOKEN_COUNT_HEADER, headerCount, sendInvokeModel };
export type { InvokeModelAnswer, InvokeModelCallOptions };
