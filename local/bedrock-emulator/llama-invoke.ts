/**
 * @module Meta Llama's InvokeModel body: a formatted `prompt` string with `max_gen_len`,
 * `temperature` and `top_p`, answered with `generation`, the two token counts and `stop_reason`
 * (JSON), or one such object per `chunk` of InvokeModelWithResponseStream, the last with Bedrock's
 * invocation metrics.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-meta.html
 */

import { malformedInput } from './bedrock-errors';
import { validateConverseBody } from './converse-validation';
import type { BedrockInvocationMetrics } from './invocation-metrics';
import type { ReplyPlan } from './reply-planner';
import { isJsonObject, type ConverseBody, type JsonObject } from './request-features';
import type { EmulatorModel } from './types';

const LLAMA_PARAMETERS = new Set(['prompt', 'max_gen_len', 'temperature', 'top_p', 'images']);

/**
 * Validates a Llama body as Bedrock does (a prompt string; known numeric parameters; no other key)
 * and returns the Converse body that asks the same.
 *
 * @throws BedrockEmulatorError (ValidationException) naming the first problem found.
 */
function validateLlamaBody(raw: unknown, model: EmulatorModel): ConverseBody {
  if (!isJsonObject(raw)) throw malformedInput('#: expected type: JSONObject');
  const unknown = Object.keys(raw).find((key) => !LLAMA_PARAMETERS.has(key));
  if (unknown !== undefined) throw malformedInput(`#: extraneous key [${unknown}] is not permitted`);
  const { prompt, max_gen_len: maxGenLen, temperature, top_p: topP } = raw;
  if (typeof prompt !== 'string') throw malformedInput('#: required key [prompt] not found');
  for (const [name, value] of [['max_gen_len', maxGenLen], ['temperature', temperature], ['top_p', topP]] as const) {
    if (value !== undefined && typeof value !== 'number') throw malformedInput(`#/${name}: expected type: Number, found: ${typeof value}`);
  }
  return validateConverseBody(
    {
      messages: [{ role: 'user', content: [{ text: prompt }] }],
      inferenceConfig: {
        ...(typeof maxGenLen === 'number' ? { maxTokens: maxGenLen } : {}),
        ...(typeof temperature === 'number' ? { temperature } : {}),
        ...(typeof topP === 'number' ? { topP } : {}),
      },
    },
    model,
  );
}

function textOf(plan: ReplyPlan): string {
  return plan.blocks.map((block) => (block.kind === 'text' ? block.text : '')).join('');
}

/** `stop` when the model ended, `length` when it ran out of tokens. */
function llamaStopReason(plan: ReplyPlan): string {
  return plan.stopReason === 'max_tokens' ? 'length' : 'stop';
}

/** Llama's reply: the generation and its counts. */
function toLlamaResponse(plan: ReplyPlan): JsonObject {
  return { generation: textOf(plan), prompt_token_count: plan.usage.inputTokens ?? 0, generation_token_count: plan.usage.outputTokens ?? 0, stop_reason: llamaStopReason(plan) };
}

/** Llama's stream: a chunk per word, the prompt count on the first, the stop reason and Bedrock's metrics on the last. */
function toLlamaStreamChunks(plan: ReplyPlan, metrics: () => BedrockInvocationMetrics): Iterable<JsonObject> {
  return {
    *[Symbol.iterator]() {
      const pieces = textOf(plan).match(/\S+\s*/g) ?? [];
      let generated = 0;
      for (const [index, piece] of pieces.entries()) {
        generated += 1;
        yield { generation: piece, prompt_token_count: index === 0 ? (plan.usage.inputTokens ?? 0) : null, generation_token_count: generated, stop_reason: null };
      }
      yield {
        generation: '',
        prompt_token_count: pieces.length === 0 ? (plan.usage.inputTokens ?? 0) : null,
        generation_token_count: plan.usage.outputTokens ?? 0,
        stop_reason: llamaStopReason(plan),
        'amazon-bedrock-invocationMetrics': metrics(),
      };
    },
  };
}

/** True for the models whose InvokeModel body is Llama's prompt body. */
function isLlamaModel(model: EmulatorModel): boolean {
  return model.kind === 'chat' && model.modelId.startsWith('meta.llama');
}

export { isLlamaModel, toLlamaResponse, toLlamaStreamChunks, validateLlamaBody };
