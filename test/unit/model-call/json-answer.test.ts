/**
 * The core's bookkeeping of a JSON answer made of several Bedrock calls (an embeddings request):
 * a retry reuses the calls that answered, and each call Bedrock billed is recorded exactly once.
 * The operations are stand-ins that answer on command, so each rule is checked without timing;
 * the same paths run against the emulator in test/integration/resilience/deadlines-and-charging.test.ts.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { mapBedrockError } from '../../../lambda/bedrock/bedrock-errors';
import { createModelCatalog } from '../../../lambda/catalog';
import { ResponseWriter } from '../../../lambda/gateway/response-writer';
import type { AdmissionInput, RequestMeter, TokenUsage, UsageOutcome } from '../../../lambda/ledger/meter-types';
import type { JsonOperation } from '../../../lambda/model-call/bedrock-operations';
import type { Candidate, PlannedCall } from '../../../lambda/model-call/candidates';
import { callModelForJson } from '../../../lambda/model-call/model-call';
import type { ModelCallContext } from '../../../lambda/model-call/model-call-context';
import { DEFAULT_RESILIENCE_SETTINGS } from '../../../lambda/platform/resilience-settings';
import { createResilience } from '../../../lambda/resilience/resilience-service';
import { targetKey } from '../../../lambda/routing/route-config';
import type { RouteTarget } from '../../../lambda/routing/route-types';
import { createCaptureSink } from '../../support/capture-sink';

const TITAN = createModelCatalog().get('titan-embed-text-v2')!;
const TARGET: RouteTarget = { model: TITAN, weight: 1, key: targetKey(TITAN, undefined) };

function usage(inputTokens: number): TokenUsage {
  return { inputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

function throttled(): Error {
  return mapBedrockError(Object.assign(new Error('Too many requests'), { name: 'ThrottlingException', $metadata: {} }));
}

/** Answers with its index and 10 tokens, after the scripted failures; counts its sends. */
function operation(index: number, script: ('throttle' | 'hang' | 'answer')[], sends: number[]): JsonOperation<number> {
  return {
    name: 'InvokeModel',
    send: async (_client, { signal }) => {
      sends[index] = (sends[index] ?? 0) + 1;
      const step = script.shift() ?? 'answer';
      if (step === 'throttle') throw throttled();
      if (step === 'hang') await new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      return { result: index, usage: usage(10) };
    },
  };
}

function harness(scripts: ('throttle' | 'hang' | 'answer')[][]) {
  const settlements: UsageOutcome[] = [];
  const admissions: AdmissionInput[] = [];
  const meter: RequestMeter = {
    admit: async (input) => {
      admissions.push(input);
      return { settle: async (outcome) => void settlements.push(outcome) };
    },
  };
  const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'test' });
  const settings = { ...DEFAULT_RESILIENCE_SETTINGS, baseDelayMs: 0, maxDelayMs: 0 };
  const resilience = createResilience({ settings, routes: new Map(), bedrock: {} as BedrockRuntimeClient, logger, metrics, sleep: async () => undefined });
  const client = new AbortController();
  const sink = createCaptureSink();
  const context: ModelCallContext = {
    requestId: 'req_test',
    principal: { id: 'key_test', kind: 'key' },
    signal: client.signal,
    receivedAtMs: Date.now(),
    meter,
    resilience,
    logger,
    metrics,
    now: Date.now,
    response: new ResponseWriter(sink, {}),
    annotate: () => undefined,
  };
  const sends: number[] = [];
  const calls = scripts.map((script, index): PlannedCall<JsonOperation<number>> => ({ operation: operation(index, script, sends), estimatedInputTokens: 12, maxOutputTokens: 0 }));
  const candidate: Candidate<JsonOperation<number>> = {
    target: TARGET,
    calls: calls as [PlannedCall<JsonOperation<number>>, ...PlannedCall<JsonOperation<number>>[]],
    priceSelection: { writesCache: false },
    warnings: [],
  };
  const run = callModelForJson(
    { context, plan: { requested: 'titan-embed-text-v2', targets: [TARGET] }, promptParam: 'input', prepare: async () => candidate },
    (results) => ({ results }),
  );
  return { run, sink, sends, settlements, admissions, abort: () => client.abort() };
}

describe('a JSON answer of several Bedrock calls', () => {
  it('retries only the call that failed, reusing the answers of the attempt before', async () => {
    const { run, sink, sends, settlements } = harness([['answer'], ['throttle'], ['answer']]);

    await run;

    expect(sink.json()).toEqual({ results: [0, 1, 2] });
    expect(sends).toEqual([1, 2, 1]);
    expect(settlements).toEqual([expect.objectContaining({ status: 200, usage: usage(30), costNanoUsd: 30 * 20 })]);
  });

  it('charges a call still in flight when the client leaves its input estimate, beside the calls that answered', async () => {
    const { run, settlements, abort } = harness([['answer'], ['hang']]);
    setImmediate(abort);

    await run;

    expect(settlements).toEqual([expect.objectContaining({ status: 499, clientAborted: true, servedModel: 'titan-embed-text-v2', usage: usage(10 + 12) })]);
  });

  it('reserves every call of the candidate, once per attempt that may be billed', async () => {
    const { run, admissions } = harness([['answer'], ['answer']]);

    await run;

    expect(admissions[0]).toMatchObject({ estimatedInputTokens: 24, maxOutputTokens: 0, maxCostNanoUsd: DEFAULT_RESILIENCE_SETTINGS.maxAttempts * 24 * 20 });
  });
});
