/** @module The one place that sends CountTokens calls (free: Bedrock counts a request's input without running it). */
import { CountTokensCommand, type BedrockRuntimeClient, type CountTokensInput } from '@aws-sdk/client-bedrock-runtime';
import { BadGatewayError } from '../platform/errors';
import { mapBedrockError, type BedrockErrorContext } from './bedrock-errors';

interface CountTokensCallOptions extends BedrockErrorContext {
  readonly signal?: AbortSignal;
}

/**
 * Counts the input tokens of a CountTokens input (an InvokeModel body or Converse's messages,
 * system and tools) for a model. Bedrock takes the bare foundation-model id here, not an inference profile.
 *
 * @throws GatewayError for Bedrock's failures (see `mapBedrockError`); the abort error when `signal` aborted.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html
 */
async function countTokens(client: BedrockRuntimeClient, modelId: string, input: CountTokensInput, options: CountTokensCallOptions = {}): Promise<number> {
  let inputTokens: number | undefined;
  try {
    ({ inputTokens } = await client.send(new CountTokensCommand({ modelId, input }), { abortSignal: options.signal }));
  } catch (error) {
    throw options.signal?.aborted === true ? error : mapBedrockError(error, options);
  }
  if (inputTokens === undefined || !Number.isSafeInteger(inputTokens) || inputTokens < 0) {
    throw new BadGatewayError('Amazon Bedrock returned no token count.', { code: 'upstream_invalid_response' });
  }
  return inputTokens;
}

/** Counts the input tokens of an InvokeModel body (system, messages and tools included); see `countTokens`. */
function countInvokeModelTokens(client: BedrockRuntimeClient, modelId: string, body: unknown, options: CountTokensCallOptions = {}): Promise<number> {
  return countTokens(client, modelId, { invokeModel: { body: new TextEncoder().encode(JSON.stringify(body)) } }, options);
}

export { countInvokeModelTokens, countTokens };
