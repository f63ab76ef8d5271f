/** @module Maps Bedrock's `stopReason` to OpenAI's `finish_reason`. */
import type { StopReason } from '@aws-sdk/client-bedrock-runtime';
import type { OpenAIFinishReason } from '../openai/chat-response-types';

/**
 * Bedrock stop reasons to OpenAI finish reasons.
 *
 * Deliberate choices: a context window overflow mid-generation is `length` (the output was cut);
 * guardrail and content filter stops are `content_filter`; malformed model output or tool use has
 * no OpenAI counterpart and ends as `stop`, the reason clients treat as "done, read the content".
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
 */
const FINISH_REASON_BY_STOP_REASON = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  content_filtered: 'content_filter',
  guardrail_intervened: 'content_filter',
  malformed_model_output: 'stop',
  malformed_tool_use: 'stop',
} as const satisfies Record<StopReason, OpenAIFinishReason>;

function isKnownStopReason(value: string): value is StopReason {
  return Object.hasOwn(FINISH_REASON_BY_STOP_REASON, value);
}

/**
 * The OpenAI finish reason for a Bedrock stop reason; unknown or missing reasons map to `stop`,
 * so a stop reason added to Bedrock later never breaks a response.
 *
 * @example mapFinishReason('tool_use') // 'tool_calls'
 */
function mapFinishReason(stopReason: string | undefined): OpenAIFinishReason {
  if (stopReason === undefined || !isKnownStopReason(stopReason)) return 'stop';
  return FINISH_REASON_BY_STOP_REASON[stopReason];
}

export { FINISH_REASON_BY_STOP_REASON, mapFinishReason };
