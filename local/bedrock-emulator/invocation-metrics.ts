/**
 * @module What Bedrock reports about an InvokeModel call besides the model's own body: the
 * `x-amzn-bedrock-*` headers of InvokeModel and the `amazon-bedrock-invocationMetrics` object on
 * the last chunk of InvokeModelWithResponseStream. Token counts exclude cache reads and writes,
 * which have their own fields.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
 */

import type { OutgoingHttpHeaders } from 'node:http';
import type { ReplyPlan } from './reply-planner';

/** `amazon-bedrock-invocationMetrics` of the last stream event. */
interface BedrockInvocationMetrics {
  readonly inputTokenCount: number;
  readonly outputTokenCount: number;
  readonly invocationLatency: number;
  readonly firstByteLatency: number;
  readonly cacheReadInputTokenCount?: number;
  readonly cacheWriteInputTokenCount?: number;
}

/** Latencies of one call, in milliseconds. */
interface CallLatency {
  readonly invocationMs: number;
  readonly firstByteMs: number;
}

/** The invocation metrics of a plan. */
function invocationMetrics(plan: ReplyPlan, latency: CallLatency): BedrockInvocationMetrics {
  const { cacheReadInputTokens, cacheWriteInputTokens } = plan.usage;
  return {
    inputTokenCount: plan.usage.inputTokens ?? 0,
    outputTokenCount: plan.usage.outputTokens ?? 0,
    invocationLatency: latency.invocationMs,
    firstByteLatency: latency.firstByteMs,
    ...(cacheReadInputTokens === undefined ? {} : { cacheReadInputTokenCount: cacheReadInputTokens }),
    ...(cacheWriteInputTokens === undefined ? {} : { cacheWriteInputTokenCount: cacheWriteInputTokens }),
  };
}

/** InvokeModel's response headers for a plan (cache headers only when the plan has cache usage). */
function invocationHeaders(plan: ReplyPlan, latencyMs: number): OutgoingHttpHeaders {
  const { cacheReadInputTokens, cacheWriteInputTokens } = plan.usage;
  return {
    'x-amzn-bedrock-invocation-latency': String(latencyMs),
    'x-amzn-bedrock-input-token-count': String(plan.usage.inputTokens ?? 0),
    'x-amzn-bedrock-output-token-count': String(plan.usage.outputTokens ?? 0),
    ...(cacheReadInputTokens === undefined ? {} : { 'x-amzn-bedrock-cache-read-input-token-count': String(cacheReadInputTokens) }),
    ...(cacheWriteInputTokens === undefined ? {} : { 'x-amzn-bedrock-cache-write-input-token-count': String(cacheWriteInputTokens) }),
  };
}

export { invocationHeaders, invocationMetrics };
export type { BedrockInvocationMetrics, CallLatency };
