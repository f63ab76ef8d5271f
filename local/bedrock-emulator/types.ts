/** @module Public types of the Bedrock emulator: models, scripted replies, faults and the request log. */

import type { ModelModality } from '@aws-sdk/client-bedrock';
import type { StopReason } from '@aws-sdk/client-bedrock-runtime';

/** What a model is called through: Converse (`chat`) or InvokeModel embeddings (`embedding`). */
type EmulatorModelKind = 'chat' | 'embedding';

/** Request/response body dialects of the embedding models the emulator implements. */
type EmbeddingDialect = 'titan-text-v2' | 'cohere-v3' | 'cohere-v4';

/** Geographic inference-profile prefixes (`us.anthropic...`). */
type InferenceProfileGeo = 'us' | 'eu' | 'apac' | 'global' | 'jp' | 'au' | 'ca' | 'us-gov';

/** One model the emulator knows. */
interface EmulatorModel {
  /** Foundation model id, e.g. `anthropic.claude-sonnet-4-5-20250929-v1:0`. */
  readonly modelId: string;
  /** Provider name as ListFoundationModels spells it (`Anthropic`, `Amazon`, `Meta`, ...). */
  readonly provider: string;
  /** Display name, e.g. `Claude Sonnet 4.5`. */
  readonly name: string;
  readonly kind: EmulatorModelKind;
  /** ListFoundationModels input modalities. @default ['TEXT'] */
  readonly inputModalities?: readonly ModelModality[];
  /** Largest `maxTokens` accepted; larger values fail validation. @default - no limit */
  readonly maxOutputTokens?: number;
  /** System-defined inference profiles listed by ListInferenceProfiles. @default [] */
  readonly inferenceProfiles?: readonly InferenceProfileGeo[];
  /** Emits reasoning content on every reply, like DeepSeek R1. @default false */
  readonly alwaysReasons?: boolean;
  /** Body dialect for embedding models. @default - derived from the model id */
  readonly embeddingDialect?: EmbeddingDialect;
  /** Takes 1-hour cache checkpoints (`ttl: "1h"`). @default false */
  readonly oneHourCache?: boolean;
  /** Service tiers besides `default` the model serves. @default [] */
  readonly serviceTiers?: readonly PricedTier[];
  /** Serves latency-optimized inference (`performanceConfig.latency: "optimized"`). @default false */
  readonly latencyOptimized?: boolean;
}

/** Bedrock's on-demand tiers besides `default`. */
type PricedTier = 'flex' | 'priority';

/** A tool call in a scripted reply. */
interface ScriptedToolCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** @default - a deterministic `tooluse_...` id */
  readonly id?: string;
}

/** Reasoning in a scripted reply; `redacted` (base64) replaces the text with redacted content. */
interface ScriptedReasoning {
  readonly text?: string;
  /** @default - a deterministic signature derived from the text */
  readonly signature?: string;
  /** Base64 bytes sent as `redactedContent`. */
  readonly redacted?: string;
}

/** Token usage override; missing fields fall back to the emulator's estimate (or 0 for cache fields). */
interface ScriptedUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cacheReadInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
  /**
   * The part of `cacheWriteInputTokens` written with the 1-hour TTL (reported in `cacheDetails` and
   * Claude's `cache_creation`). @default - all writes when the request has a 1-hour checkpoint, else none
   */
  readonly cacheWrite1hInputTokens?: number;
}

/**
 * A reply queued for the next matching chat call(s): Converse, ConverseStream, and InvokeModel /
 * InvokeModelWithResponseStream on a chat model (rendered in the model family's own body format).
 */
interface ScriptedReply {
  /** Only calls whose requested or resolved model id equals this match. @default - any model */
  readonly modelId?: string;
  /** How many calls this reply answers; `'always'` never runs out. @default 1 */
  readonly times?: number | 'always';
  /**
   * Only calls of these operations match (a client's probes through InvokeModel then leave a script
   * meant for its streamed turns alone). @default - every operation that generates a reply
   */
  readonly operations?: readonly RuntimeOperation[];
  readonly text?: string;
  readonly toolCalls?: readonly ScriptedToolCall[];
  readonly reasoning?: ScriptedReasoning;
  readonly usage?: ScriptedUsage;
  /** Sent as is; when absent the emulator derives it (tool_use, max_tokens, stop_sequence, end_turn). */
  readonly stopReason?: StopReason;
  /** The tier the reply reports it was served on (Bedrock may serve a priority call on `default`). @default - the tier asked for */
  readonly serviceTier?: 'default' | PricedTier;
}

/** Errors the emulator can inject before a response starts, by the SDK exception they produce. */
type InjectedErrorName =
  | 'throttling'
  | 'service-unavailable'
  | 'model-not-ready'
  | 'model-timeout'
  | 'model-error'
  | 'access-denied'
  | 'validation'
  | 'internal-error'
  | 'resource-not-found'
  | 'service-quota-exceeded';

/** Exceptions a ConverseStream or InvokeModelWithResponseStream can end with after it has started. */
type StreamExceptionName =
  | 'model-stream-error'
  | 'throttling'
  | 'service-unavailable'
  | 'internal-error'
  | 'validation';

/** Runtime operations faults and scripts can be limited to. */
type RuntimeOperation = 'Converse' | 'ConverseStream' | 'InvokeModel' | 'InvokeModelWithResponseStream' | 'CountTokens';

/** Fields every fault shares. */
interface FaultBase {
  /** Only calls whose requested or resolved model id equals this match. @default - any model */
  readonly modelId?: string;
  /** How many calls the fault affects; `'always'` never runs out. @default 1 */
  readonly times?: number | 'always';
  /** Operations the fault applies to. @default - every operation the fault type makes sense for */
  readonly operations?: readonly RuntimeOperation[];
}

/** A fault injected into upcoming calls. */
type EmulatorFault = FaultBase &
  (
    | { readonly type: 'error'; readonly error: InjectedErrorName; readonly message?: string }
    | {
        readonly type: 'mid-stream-error';
        /** Events sent before the exception frame (the first event, messageStart or message_start, counts as one). */
        readonly afterEvents: number;
        /** @default 'model-stream-error' */
        readonly error?: StreamExceptionName;
        readonly message?: string;
      }
    | { readonly type: 'slow-first-byte'; readonly delayMs: number }
    | { readonly type: 'slow-tokens'; readonly delayMs: number }
  );

/** Operations recorded in the request log. */
type RecordedOperation =
  | RuntimeOperation
  | 'ListFoundationModels'
  | 'ListInferenceProfiles'
  | 'GetProducts'
  | 'PutModelInvocationLoggingConfiguration'
  | 'GetModelInvocationLoggingConfiguration'
  | 'DeleteModelInvocationLoggingConfiguration';

/** What happened to a ConverseStream or InvokeModelWithResponseStream response. */
interface StreamRecord {
  /** Event and exception frames written. */
  eventsSent: number;
  /** The emulator wrote the last frame and ended the response. */
  completed: boolean;
  /** The client went away (reset or disconnect) before the emulator finished. */
  aborted: boolean;
}

/** One request the emulator received. */
interface RecordedRequest {
  readonly id: string;
  readonly operation: RecordedOperation;
  /** The model id as sent (URL-decoded); absent for control-plane calls. */
  readonly modelId?: string;
  /** The foundation model it resolved to, when it resolved. */
  resolvedModelId?: string;
  /** Parsed JSON body (the raw text when it is not JSON; query parameters for control-plane calls). */
  body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
  /** HTTP status sent, once known. */
  status?: number;
  /** `x-amzn-errortype` sent (or the exception type of a mid-stream failure). */
  errorType?: string;
  /** Present for ConverseStream and InvokeModelWithResponseStream calls that got a 200. */
  stream?: StreamRecord;
}

export type {
  EmbeddingDialect,
  EmulatorFault,
  EmulatorModel,
  EmulatorModelKind,
  FaultBase,
  InferenceProfileGeo,
  InjectedErrorName,
  PricedTier,
  RecordedOperation,
  RecordedRequest,
  RuntimeOperation,
  ScriptedReasoning,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
  StreamExceptionName,
  StreamRecord,
};
