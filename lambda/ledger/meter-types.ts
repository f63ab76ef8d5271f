/**
 * @module The contract between model routes and the ledger: admit before calling Bedrock, settle after.
 */
import type { CatalogEntry } from '../catalog/types';

/**
 * Who a request is charged to: what the ledger needs of identity's `Principal` (which satisfies
 * it), declared here so the ledger does not depend on identity.
 */
interface ChargedPrincipal {
  /** `key_...`, `jwt:<issuer>#<sub>` or the role ARN. */
  readonly id: string;
  readonly kind: 'key' | 'jwt' | 'iam';
  /** Team whose budget the request is also charged to. */
  readonly team?: string;
}

/** Token counts of one model call, in Bedrock's terms (`inputTokens` excludes cache reads/writes). */
interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens: number;
  readonly cacheWriteTokens: number;
  /**
   * The part of `cacheWriteTokens` written with the 1-hour TTL, when Bedrock broke the writes down by
   * TTL (Converse `cacheDetails`, Claude's `cache_creation`). @default - no breakdown reported
   */
  readonly cacheWrite1hTokens?: number;
  /** The service tier Bedrock reports it served the call on (`serviceTier`). @default - not reported */
  readonly serviceTier?: BedrockServiceTier;
  /** The latency mode Bedrock reports it served the call with (`performanceConfig.latency`). @default - not reported */
  readonly latency?: 'standard' | 'optimized';
}

/** Bedrock's service tiers as its responses name them. */
type BedrockServiceTier = 'default' | 'flex' | 'priority' | 'reserved';

/** What is known about a request before it is sent to Bedrock. */
interface AdmissionInput {
  readonly principal: ChargedPrincipal;
  /**
   * The caller's fresh credential check (a key item's consistent read), issued in the same round
   * trip as the reservations. When it fails, everything the admission took is given back and its
   * error (401, or 503 when the store is unreachable) is the answer.
   */
  readonly credentialCheck?: () => Promise<void>;
  readonly model: CatalogEntry;
  readonly requestId: string;
  /** Worst-case cost in nano-USD (input estimate + max output tokens at the model's prices). */
  readonly maxCostNanoUsd: number;
  /** Input token estimate, counted against tokens-per-minute limits at admission. */
  readonly estimatedInputTokens: number;
  /** Output tokens the request may produce at most. */
  readonly maxOutputTokens: number;
  /**
   * Integer nano-USD per output token in the worst case (the dearest candidate's output price).
   * With `nonOutputCostNanoUsd` it lets a budget refusal name the largest `max_tokens` that fits.
   */
  readonly outputNanoUsdPerToken?: number;
  /**
   * The worst case without its output tokens: the input estimate (and inputs of retries Bedrock may
   * bill). @default maxCostNanoUsd - maxOutputTokens * outputNanoUsdPerToken
   */
  readonly nonOutputCostNanoUsd?: number;
  /**
   * Epoch ms when the invocation ends (Lambda's deadline): settlement retries stop early enough to
   * leave what is still unwritten to the maintenance sweep. @default no deadline (10 s of retries)
   */
  readonly deadlineAtMs?: number;
}

/** How a request ended, reported once to settle its reservation and write its usage record. */
interface UsageOutcome {
  readonly usage: TokenUsage;
  /** Actual cost in nano-USD, computed from `usage` with the catalog's prices. */
  readonly costNanoUsd: number;
  /** HTTP status sent to the client (200 for a stream that started, even if it later failed). */
  readonly status: number;
  readonly latencyMs: number;
  /** The catalog id of the model that actually served the request (after any fallback). */
  readonly servedModel: string;
  /** OpenAI error code when the request failed (`rate_limit_exceeded`, `model_error`, ...). */
  readonly errorCode?: string;
  /** True when the client went away before the response ended. */
  readonly clientAborted?: boolean;
  readonly timeToFirstTokenMs?: number;
}

/** An admitted request's reservation; `settle` must be called exactly once, in a `finally`. */
interface Admission {
  /** Settles the actual cost, releases the rest of the reservation and records usage. Never throws. */
  settle(outcome: UsageOutcome): Promise<void>;
}

/**
 * Admits requests against budgets and rate limits; throws `InsufficientQuotaError` or
 * `RateLimitError`, or `ServiceUnavailableError` (503, `retry-after`) when DynamoDB failed.
 */
interface RequestMeter {
  admit(input: AdmissionInput): Promise<Admission>;
}

export type { Admission, AdmissionInput, BedrockServiceTier, ChargedPrincipal, RequestMeter, TokenUsage, UsageOutcome };
