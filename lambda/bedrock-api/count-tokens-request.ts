/**
 * @module CountTokens bodies as clients send them to `/bedrock/model/{id}/count-tokens`:
 * `{"input": {"invokeModel": {"body": <base64>}}}` or `{"input": {"converse": {messages, system, toolConfig, ...}}}`.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_CountTokens.html
 */
import type { ConverseTokensRequest, CountTokensInput } from '@aws-sdk/client-bedrock-runtime';
import { InvalidRequestError } from '../platform/errors';
import { decodeWireBlob, decodeWireBlobs, isRecord } from './wire-json';

function invalid(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(`${param}: ${message}`, { param });
}

/**
 * Reads a CountTokens body into the SDK's `CountTokensInput`.
 *
 * @throws InvalidRequestError naming `input` (neither or both members), `input.invokeModel.body`
 *   (not base64) or `input.converse.messages` (not an array).
 */
function parseCountTokensRequest(raw: unknown): CountTokensInput {
  if (!isRecord(raw)) throw new InvalidRequestError('The request body must be a JSON object.');
  const input = raw['input'];
  if (!isRecord(input)) throw invalid('input', 'is required and must be a JSON object.');
  const { invokeModel, converse } = input;
  if ((invokeModel === undefined) === (converse === undefined)) throw invalid('input', "must hold exactly one of 'invokeModel' and 'converse'.");
  if (invokeModel !== undefined) {
    const body = isRecord(invokeModel) ? invokeModel['body'] : undefined;
    if (typeof body !== 'string') throw invalid('input.invokeModel.body', 'is required: the InvokeModel body, base64-encoded.');
    return { invokeModel: { body: decodeWireBlob(body, 'input.invokeModel.body') } };
  }
  if (!isRecord(converse) || !Array.isArray(converse['messages'])) throw invalid('input.converse.messages', 'is required and must be an array.');
  // Bedrock validates the blocks themselves; the blobs in them are decoded like Converse's.
  return { converse: decodeWireBlobs(converse, 'input.converse') as ConverseTokensRequest };
}

export { parseCountTokensRequest };
