/**
 * @module In-process cost of the OpenAI <-> Converse mapping, no network: what every request pays
 * in CPU before and after its Bedrock call.
 */
import { performance } from 'node:perf_hooks';
import type { ConverseResponse, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { ChatStreamTransformer } from '../../lambda/bedrock/chat-stream-transformer';
import { convertToChatCompletion } from '../../lambda/bedrock/convert-to-chat-completion';
import { createImageFetcher } from '../../lambda/bedrock/fetch-image';
import { prepareConverseRequest, type PreparedConverseRequest } from '../../lambda/bedrock/prepare-converse-request';
import { createModelCatalog } from '../../lambda/catalog';
import type { CatalogEntry } from '../../lambda/catalog/types';
import { parseChatCompletionRequest } from '../../lambda/openai/chat-request-schema';
import { REPLY_TEXT, BENCH_MODEL, chatRequest } from './workload';

/** Microseconds per call (medians of several rounds, so one GC pause does not skew them). */
interface MappingResult {
  readonly iterations: number;
  /** Input tokens of the request, by the gateway's own estimate. */
  readonly estimatedInputTokens: number;
  /** `JSON.parse` + `parseChatCompletionRequest` + `prepareConverseRequest`. */
  readonly requestUs: number;
  /** `convertToChatCompletion` + `JSON.stringify` of the completion. */
  readonly responseUs: number;
  /** Both: the whole mapping cost of one non-streaming call. */
  readonly totalUs: number;
  /** Events of the benchmark stream (the emulator's shape: one per word). */
  readonly streamEvents: number;
  /** `ChatStreamTransformer.transform` + the SSE `data:` line, per event. */
  readonly streamEventUs: number;
}

const ROUNDS = 5;

/** The Converse response the emulator sends for the benchmark reply. */
function converseResponse(): ConverseResponse {
  return {
    output: { message: { role: 'assistant', content: [{ text: REPLY_TEXT }] } },
    stopReason: 'end_turn',
    usage: { inputTokens: 1000, outputTokens: 100, totalTokens: 1100 },
    metrics: { latencyMs: 1 },
  } as ConverseResponse;
}

/** The ConverseStream events for the benchmark reply, word by word like the emulator sends them. */
function streamEvents(): ConverseStreamOutput[] {
  const words = REPLY_TEXT.match(/\s*\S+\s*/g) ?? [REPLY_TEXT];
  return [
    { messageStart: { role: 'assistant' } },
    ...words.map((text): ConverseStreamOutput => ({ contentBlockDelta: { contentBlockIndex: 0, delta: { text } } })),
    { contentBlockStop: { contentBlockIndex: 0 } },
    { messageStop: { stopReason: 'end_turn' } },
    { metadata: { usage: { inputTokens: 1000, outputTokens: 100, totalTokens: 1100 }, metrics: { latencyMs: 1 } } },
  ];
}

/** Median over rounds of the mean µs per call of `body`. */
async function timePerCall(iterations: number, body: () => unknown): Promise<number> {
  const perRound: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const startedAt = performance.now();
    for (let i = 0; i < iterations; i++) await body();
    perRound.push(((performance.now() - startedAt) * 1000) / iterations);
  }
  perRound.sort((a, b) => a - b);
  return perRound[Math.floor(ROUNDS / 2)] as number;
}

const fetchImage = createImageFetcher();

async function prepare(bodyText: string, model: CatalogEntry): Promise<PreparedConverseRequest> {
  const request = parseChatCompletionRequest(JSON.parse(bodyText));
  return prepareConverseRequest(request, model, { fetchImage });
}

/** Measures the mapping; `iterations` calls per round, after as many warm-up calls. */
async function runMappingBench(iterations: number): Promise<MappingResult> {
  const model = createModelCatalog().resolve(BENCH_MODEL);
  if (model === undefined) throw new Error(`the catalog has no ${BENCH_MODEL}`);
  const bodyText = JSON.stringify(chatRequest(false));
  const prepared = await prepare(bodyText, model);
  const response = converseResponse();
  const convert = (): string =>
    JSON.stringify(
      convertToChatCompletion(response, { id: 'chatcmpl-bench', created: 1, model: BENCH_MODEL, toolNames: prepared.toolNames }).completion,
    );
  const events = streamEvents();
  // Returns the SSE bytes so the serialisation is real work, not something an optimiser may drop.
  const transformAll = (): number => {
    const transformer = new ChatStreamTransformer({ id: 'chatcmpl-bench', created: 1, model: BENCH_MODEL, toolNames: prepared.toolNames, includeUsage: true });
    let bytes = 0;
    for (const event of events) {
      for (const part of transformer.transform(event)) if (part.type === 'chunk') bytes += `data: ${JSON.stringify(part.chunk)}\n\n`.length;
    }
    transformer.end();
    return bytes;
  };

  for (let i = 0; i < iterations; i++) {
    await prepare(bodyText, model);
    convert();
    transformAll();
  }
  const requestUs = await timePerCall(iterations, () => prepare(bodyText, model));
  const responseUs = await timePerCall(iterations, convert);
  const streamUs = await timePerCall(Math.max(1, Math.floor(iterations / 10)), transformAll);
  return {
    iterations,
    estimatedInputTokens: prepared.estimatedInputTokens,
    requestUs,
    responseUs,
    totalUs: requestUs + responseUs,
    streamEvents: events.length,
    streamEventUs: streamUs / events.length,
  };
}

export { runMappingBench, streamEvents };
export type { MappingResult };
