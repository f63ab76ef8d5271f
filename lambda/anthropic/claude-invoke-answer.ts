/**
 * @module Claude's InvokeModel answers read: the Message JSON, the stream's chunks (each one
 * Messages stream event), and the usage both report, in the ledger's terms.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-anthropic-claude-messages-request-response.html
 */
import type { AnsweredCall, StreamUsageMeter } from '../model-call/bedrock-operations';
import type { InvokeModelAnswer } from '../bedrock/invoke-model-call';
import type { TokenUsage } from '../ledger/meter-types';
import { BadGatewayError } from '../platform/errors';
import type { AnthropicMessage, AnthropicUsage } from './messages-api-types';

/**
 * One Messages stream event: as Claude sends it through Bedrock (`message_stop` then also carries
 * Bedrock's invocation metrics), or converted from ConverseStream for other models.
 */
interface MessagesStreamEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Bedrock's counts on the last event of a Claude stream. */
interface InvocationMetrics {
  readonly inputTokenCount?: number;
  readonly outputTokenCount?: number;
  readonly cacheReadInputTokenCount?: number;
  readonly cacheWriteInputTokenCount?: number;
}

/** The key of Bedrock's metrics on `message_stop`, which clients of the Messages API never see. */
const INVOCATION_METRICS_KEY = 'amazon-bedrock-invocationMetrics';

function count(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Claude's usage in the ledger's terms: `input_tokens` already excludes cache reads and writes; the
 * 1-hour part of the writes comes from `cache_creation` when Claude breaks them down by TTL.
 */
function tokenUsageOf(usage: Partial<Record<keyof AnthropicUsage, unknown>>): TokenUsage {
  const writes = count(usage.cache_creation_input_tokens);
  const creation = usage.cache_creation;
  const oneHour = isRecord(creation) ? { cacheWrite1hTokens: Math.min(count(creation['ephemeral_1h_input_tokens']), writes) } : {};
  return {
    inputTokens: count(usage.input_tokens),
    outputTokens: count(usage.output_tokens),
    cacheReadTokens: count(usage.cache_read_input_tokens),
    cacheWriteTokens: writes,
    ...oneHour,
  };
}

/** Anthropic's usage object with every count present (Bedrock leaves zero cache counts out). */
function completeUsage(usage: unknown): AnthropicUsage {
  const raw = isRecord(usage) ? usage : {};
  const tokens = tokenUsageOf(raw);
  return {
    ...raw,
    input_tokens: tokens.inputTokens,
    output_tokens: tokens.outputTokens,
    cache_creation_input_tokens: tokens.cacheWriteTokens,
    cache_read_input_tokens: tokens.cacheReadTokens,
  };
}

/**
 * Reads Claude's Message JSON and its usage.
 *
 * @throws BadGatewayError when the body is not a Message.
 */
function readClaudeMessage(answer: InvokeModelAnswer): AnsweredCall<AnthropicMessage> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(answer.body).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || parsed['type'] !== 'message' || !Array.isArray(parsed['content'])) {
    throw new BadGatewayError('Amazon Bedrock returned a Claude answer that is not a Message.', { code: 'upstream_invalid_response' });
  }
  const usage = completeUsage(parsed['usage']);
  // The checks above and the completed usage are what the gateway relies on; the rest is Claude's own.
  const message = { ...parsed, usage } as unknown as AnthropicMessage;
  return { result: message, usage: tokenUsageOf(usage) };
}

/**
 * Decodes one chunk of Claude's stream.
 *
 * @throws BadGatewayError for a chunk that is not an event.
 */
function decodeClaudeStreamChunk(chunk: Uint8Array): MessagesStreamEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(chunk).toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed) || typeof parsed['type'] !== 'string') {
    throw new BadGatewayError('Amazon Bedrock sent a Claude stream event that could not be read.', { code: 'upstream_invalid_response' });
  }
  return parsed as MessagesStreamEvent;
}

/** The characters a delta adds to the answer (text, thinking, tool input). */
function deltaCharacters(delta: unknown): number {
  if (!isRecord(delta)) return 0;
  const text = delta['text'] ?? delta['thinking'] ?? delta['partial_json'];
  return typeof text === 'string' ? text.length : 0;
}

/**
 * Meters Claude's stream: input and cache counts from `message_start`, the final output count from
 * `message_delta` (cumulative), Bedrock's invocation metrics on `message_stop` when no
 * `message_delta` came; output characters from the deltas.
 */
function createClaudeStreamMeter(): StreamUsageMeter<MessagesStreamEvent> {
  let started: Record<string, unknown> = {};
  let usage: TokenUsage | undefined;
  let outputCharacters = 0;
  return {
    observe(event) {
      switch (event.type) {
        case 'message_start': {
          const message = event['message'];
          started = isRecord(message) && isRecord(message['usage']) ? message['usage'] : {};
          break;
        }
        case 'content_block_delta':
          outputCharacters += deltaCharacters(event['delta']);
          break;
        case 'message_delta':
          usage = tokenUsageOf({ ...started, ...(isRecord(event['usage']) ? event['usage'] : {}) });
          break;
        case 'message_stop': {
          const metrics = event[INVOCATION_METRICS_KEY];
          if (usage !== undefined || !isRecord(metrics)) break;
          const m = metrics as InvocationMetrics;
          usage = {
            inputTokens: count(m.inputTokenCount),
            outputTokens: count(m.outputTokenCount),
            cacheReadTokens: count(m.cacheReadInputTokenCount),
            cacheWriteTokens: count(m.cacheWriteInputTokenCount),
          };
          break;
        }
        default:
          break;
      }
    },
    get usage() {
      return usage;
    },
    get outputCharacters() {
      return outputCharacters;
    },
  };
}

export { INVOCATION_METRICS_KEY, completeUsage, createClaudeStreamMeter, decodeClaudeStreamChunk, readClaudeMessage, tokenUsageOf };
export type { MessagesStreamEvent };
