/**
 * @module Amazon Nova's InvokeModel body (`messages-v1`): read as the Converse body it nearly is, and
 * the reply in Nova's native shape (JSON, and the stream chunks of InvokeModelWithResponseStream).
 *
 * The request differs from Converse in that binary data is base64 text, Nova's own parameters
 * (`topK`, `reasoningConfig`) sit in `inferenceConfig` or at the top level rather than in
 * `additionalModelRequestFields`, and Nova 1 spells some keys in snake case (`max_new_tokens`, `top_p`).
 * @see https://docs.aws.amazon.com/nova/latest/nova2-userguide/request-response-schema.html
 * @see https://docs.aws.amazon.com/nova/latest/userguide/complete-request-schema-response.html
 */

import type { InferenceConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { malformedInput } from './bedrock-errors';
import { toConverseResponse, toStreamEvents } from './converse-output';
import { validateConverseBody } from './converse-validation';
import type { BedrockInvocationMetrics } from './invocation-metrics';
import type { ReplyPlan } from './reply-planner';
import { isJsonDocumentObject, isJsonObject, type ConverseBody, type JsonObject } from './request-features';
import type { EmulatorModel } from './types';

/** The only `schemaVersion` Nova's understanding models take. */
const NOVA_SCHEMA_VERSION = 'messages-v1';

function numberAt(config: JsonObject, ...keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

function inferenceConfigOf(config: JsonObject): InferenceConfiguration {
  const maxTokens = numberAt(config, 'maxTokens', 'max_new_tokens');
  const temperature = numberAt(config, 'temperature');
  const topP = numberAt(config, 'topP', 'top_p');
  const stops = config['stopSequences'] ?? config['stop_sequences'];
  return {
    ...(maxTokens === undefined ? {} : { maxTokens }),
    ...(temperature === undefined ? {} : { temperature }),
    ...(topP === undefined ? {} : { topP }),
    ...(Array.isArray(stops) ? { stopSequences: stops.filter((stop): stop is string => typeof stop === 'string') } : {}),
  };
}

/**
 * Validates a Nova InvokeModel body and returns the Converse body that asks the same.
 *
 * @throws BedrockEmulatorError (ValidationException) naming the first problem found.
 */
function validateNovaBody(raw: unknown, model: EmulatorModel): ConverseBody {
  if (!isJsonObject(raw)) throw malformedInput('#: expected type: JSONObject');
  const schemaVersion = raw['schemaVersion'];
  if (schemaVersion !== undefined && schemaVersion !== NOVA_SCHEMA_VERSION) {
    throw malformedInput(`#/schemaVersion: ${JSON.stringify(schemaVersion)} is not a valid enum value`);
  }
  if (raw['messages'] === undefined) throw malformedInput('#: required key [messages] not found');
  const config = isJsonObject(raw['inferenceConfig']) ? raw['inferenceConfig'] : {};
  const reasoningConfig = raw['reasoningConfig'] ?? config['reasoningConfig'];
  const { messages, system, toolConfig } = raw;
  const body = {
    messages,
    ...(system === undefined ? {} : { system }),
    ...(toolConfig === undefined ? {} : { toolConfig }),
    inferenceConfig: inferenceConfigOf(config),
    ...(isJsonDocumentObject(reasoningConfig) ? { additionalModelRequestFields: { reasoningConfig } } : {}),
  };
  return validateConverseBody(body, model);
}

/** Nova's InvokeModel reply: Converse's output, stop reason and usage, with cache counts named as Nova names them. */
function toNovaResponse(plan: ReplyPlan): JsonObject {
  const { output, stopReason } = toConverseResponse(plan, 0);
  const { inputTokens = 0, outputTokens = 0, totalTokens = 0, cacheReadInputTokens = 0, cacheWriteInputTokens = 0 } = plan.usage;
  return {
    output,
    stopReason,
    usage: { inputTokens, outputTokens, totalTokens, cacheReadInputTokenCount: cacheReadInputTokens, cacheWriteInputTokenCount: cacheWriteInputTokens },
  };
}

/** Nova's stream chunks: one object per Converse stream event, keyed by its name; the last carries Bedrock's metrics. */
function toNovaStreamChunks(plan: ReplyPlan, metrics: () => BedrockInvocationMetrics): Iterable<JsonObject> {
  return {
    *[Symbol.iterator]() {
      for (const event of toStreamEvents(plan, () => 0)) {
        if (event.eventType === 'metadata') {
          const latest = metrics();
          yield { metadata: { usage: event.payload.usage, metrics: { latencyMs: latest.invocationLatency }, trace: {} }, 'amazon-bedrock-invocationMetrics': latest };
        } else {
          yield { [event.eventType]: event.payload };
        }
      }
    },
  };
}

/** True for the models whose InvokeModel body is Nova's `messages-v1`. */
function isNovaModel(model: EmulatorModel): boolean {
  return model.kind === 'chat' && model.modelId.startsWith('amazon.nova');
}

export { NOVA_SCHEMA_VERSION, isNovaModel, toNovaResponse, toNovaStreamChunks, validateNovaBody };
