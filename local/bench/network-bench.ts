/**
 * @module Added latency, time to first token, throughput and memory of the gateway over HTTP:
 * the Bedrock emulator and the load generator run here, the gateway in a child process.
 *
 * Each scenario calls the emulator directly with the Bedrock SDK (the baseline), then the same
 * request through the gateway without the ledger and with it (dynalite, in this process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockRuntimeClient, type ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { createImageFetcher } from '../../lambda/bedrock/fetch-image';
import { prepareConverseRequest } from '../../lambda/bedrock/prepare-converse-request';
import { createModelCatalog } from '../../lambda/catalog';
import { generateKeySecret } from '../../lambda/platform/virtual-key-secret';
import { createDynamoLedger } from '../../lambda/ledger/ledger';
import { parseChatCompletionRequest } from '../../lambda/openai/chat-request-schema';
import { startBedrockEmulator, type BedrockEmulator } from '../bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb } from '../embedded-dynamodb';
import { CHILD_ENV } from './child-protocol';
import { runClosedLoop } from './closed-loop';
import { timedConverse, timedConverseStream } from './direct-bedrock';
import { buildGatewayChild, startGatewayProcess, type GatewayProcess } from './gateway-process';
import { keepAliveAgent, timedPost, type TimedResponse } from './http-client';
import { summarize, type LatencySummary } from './stats';
import { BENCH_MODEL, REPLY_TEXT, chatRequest } from './workload';

type Mode = 'json' | 'stream';
type Ledger = 'off' | 'on';

/** Counts and levels of the network scenarios. */
interface NetworkBenchOptions {
  readonly concurrency: readonly number[];
  /** Measured requests per scenario without the ledger (and for the direct baseline). */
  readonly requests: number;
  /** Measured requests per scenario with the ledger (dynalite is slow, so fewer). */
  readonly ledgerRequests: number;
  /** Unmeasured requests before each scenario. */
  readonly warmup: number;
  /** Streams in the forwarding-lag check. */
  readonly lagStreams: number;
  readonly log: (line: string) => void;
}

/** p50/p90/p99 of a difference or a ratio. */
interface Spread {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** One scenario: gateway (with or without the ledger) against the direct baseline. */
interface LatencyScenario {
  readonly mode: Mode;
  readonly ledger: Ledger;
  readonly concurrency: number;
  readonly direct: LatencySummary;
  readonly gateway: LatencySummary;
  /** Gateway minus direct, percentile by percentile, ms. */
  readonly addedMs: Spread;
  /** Gateway over direct, percentile by percentile. */
  readonly ratio: Spread;
  /** Streams: time to the first text chunk. */
  readonly firstToken?: { readonly direct: LatencySummary; readonly gateway: LatencySummary; readonly addedMs: Spread };
  /** Gateway requests per second of wall time. */
  readonly gatewayRps: number;
  /** Gateway requests per second of the gateway process's CPU time: throughput per core. */
  readonly gatewayRpsPerCore: number;
  /** Gateway process CPU per request, µs. */
  readonly gatewayCpuUsPerRequest: number;
}

/** Streaming forwarding: when each text chunk reached the client, gateway against direct. */
interface ForwardingLag {
  /** Delay the emulator waited between events, ms. */
  readonly eventIntervalMs: number;
  readonly events: number;
  /** Per-event lag of the gateway's chunk behind the direct event, ms. */
  readonly lagMs: LatencySummary;
  /** The largest lag in event intervals: near 0 means every event was forwarded on arrival. */
  readonly maxLagInIntervals: number;
}

interface NetworkBenchResult {
  readonly scenarios: readonly LatencyScenario[];
  readonly forwarding: ForwardingLag;
  /** Peak RSS of each gateway process over the whole run, bytes. */
  readonly peakRssBytes: Readonly<Record<Ledger, number>>;
  /** The openai SDK got the same answer as the raw client (JSON and stream), and its c=1 JSON p50. */
  readonly openaiSdkCheck: { readonly jsonMatches: boolean; readonly streamMatches: boolean; readonly sdkP50Ms: number; readonly rawP50Ms: number };
}

const LAG_EVENT_INTERVAL_MS = 25;
/** Rounds per concurrency level; see `runLevel`. */
const ROUNDS = 4;
const LAG_REPLY = 'one two three four five six seven eight nine ten eleven twelve';

function spread(gateway: LatencySummary, direct: LatencySummary, of: (g: number, d: number) => number): Spread {
  return { p50: of(gateway.p50, direct.p50), p90: of(gateway.p90, direct.p90), p99: of(gateway.p99, direct.p99) };
}

function requireOk(response: TimedResponse, what: string): TimedResponse {
  if (response.status !== 200) throw new Error(`${what} answered ${response.status}: ${response.body ?? ''}`);
  return response;
}

/** The Converse input the gateway sends for the workload, so both paths ask the emulator the same. */
async function directInput(): Promise<ConverseRequest> {
  const model = createModelCatalog().resolve(BENCH_MODEL);
  if (model === undefined) throw new Error(`the catalog has no ${BENCH_MODEL}`);
  const prepared = await prepareConverseRequest(parseChatCompletionRequest(chatRequest(false)), model, { fetchImage: createImageFetcher() });
  return prepared.input;
}

interface Targets {
  readonly bedrock: BedrockRuntimeClient;
  readonly input: ConverseRequest;
  readonly gateways: Readonly<Record<Ledger, GatewayProcess>>;
  readonly secret: string;
}

function gatewayCall(targets: Targets, ledger: Ledger, mode: Mode, concurrency: number): { call: () => Promise<TimedResponse>; close: () => void } {
  const agent = keepAliveAgent(concurrency);
  const url = new URL('/v1/chat/completions', targets.gateways[ledger].url);
  const body = JSON.stringify(chatRequest(mode === 'stream'));
  const headers = { authorization: `Bearer ${targets.secret}` };
  return {
    call: async () => requireOk(await timedPost({ agent, url, body, headers }), `gateway (ledger ${ledger})`),
    close: () => agent.destroy(),
  };
}

function directCall(targets: Targets, mode: Mode): () => Promise<TimedResponse> {
  return mode === 'json' ? () => timedConverse(targets.bedrock, targets.input) : () => timedConverseStream(targets.bedrock, targets.input);
}

/** What one target collected over all rounds of a scenario. */
interface Collected {
  readonly samples: TimedResponse[];
  wallMs: number;
  cpuMicros: number;
}

/**
 * Runs direct, gateway without and with the ledger in alternating rounds, so slow phases of a noisy
 * machine hit all three alike instead of whichever happened to run then.
 */
async function runLevel(targets: Targets, mode: Mode, concurrency: number, options: NetworkBenchOptions): Promise<LatencyScenario[]> {
  const direct = directCall(targets, mode);
  const gateways = { off: gatewayCall(targets, 'off', mode, concurrency), on: gatewayCall(targets, 'on', mode, concurrency) };
  const empty = (): Collected => ({ samples: [], wallMs: 0, cpuMicros: 0 });
  const collected = { direct: empty(), off: empty(), on: empty() };
  try {
    await runClosedLoop(options.warmup, concurrency, direct);
    for (const ledger of ['off', 'on'] as const) await runClosedLoop(options.warmup, concurrency, gateways[ledger].call);
    const perRound = (total: number): number => Math.max(1, Math.ceil(total / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      const baseline = await runClosedLoop(perRound(options.requests), concurrency, direct);
      collected.direct.samples.push(...baseline.samples);
      for (const ledger of ['off', 'on'] as const) {
        const before = await targets.gateways[ledger].usage();
        const run = await runClosedLoop(perRound(ledger === 'on' ? options.ledgerRequests : options.requests), concurrency, gateways[ledger].call);
        const after = await targets.gateways[ledger].usage();
        collected[ledger].samples.push(...run.samples);
        collected[ledger].wallMs += run.wallMs;
        collected[ledger].cpuMicros += after.cpuMicros - before.cpuMicros;
      }
    }
  } finally {
    gateways.off.close();
    gateways.on.close();
  }
  return (['off', 'on'] as const).map((ledger) => scenario(mode, ledger, concurrency, collected.direct.samples, collected[ledger]));
}

function scenario(mode: Mode, ledger: Ledger, concurrency: number, direct: readonly TimedResponse[], run: Collected): LatencyScenario {
  const count = run.samples.length;
  const cpuSeconds = run.cpuMicros / 1e6;
  const directSummary = summarize(direct.map((sample) => sample.totalMs));
  const gatewaySummary = summarize(run.samples.map((sample) => sample.totalMs));
  const firstTokens = (samples: readonly TimedResponse[]): number[] => samples.flatMap((sample) => (sample.firstTokenMs === undefined ? [] : [sample.firstTokenMs]));
  const directFirst = summarize(firstTokens(direct));
  const gatewayFirst = summarize(firstTokens(run.samples));
  return {
    mode,
    ledger,
    concurrency,
    direct: directSummary,
    gateway: gatewaySummary,
    addedMs: spread(gatewaySummary, directSummary, (g, d) => g - d),
    ratio: spread(gatewaySummary, directSummary, (g, d) => (d === 0 ? 0 : g / d)),
    ...(mode === 'stream' ? { firstToken: { direct: directFirst, gateway: gatewayFirst, addedMs: spread(gatewayFirst, directFirst, (g, d) => g - d) } } : {}),
    gatewayRps: (count * 1000) / run.wallMs,
    gatewayRpsPerCore: cpuSeconds > 0 ? count / cpuSeconds : 0,
    gatewayCpuUsPerRequest: (cpuSeconds * 1e6) / count,
  };
}

/** Slow tokens make buffering visible: a buffered event would arrive one or more intervals late. */
async function measureForwarding(emulator: BedrockEmulator, targets: Targets, streams: number): Promise<ForwardingLag> {
  emulator.reset();
  emulator.script({ text: LAG_REPLY, times: 'always' });
  emulator.fault({ type: 'slow-tokens', delayMs: LAG_EVENT_INTERVAL_MS, times: 'always' });
  const gateway = gatewayCall(targets, 'off', 'stream', 1);
  const agent = keepAliveAgent(1);
  try {
    const lags: number[] = [];
    const url = new URL('/v1/chat/completions', targets.gateways.off.url);
    const body = JSON.stringify(chatRequest(true));
    for (let i = 0; i < streams; i++) {
      const direct = await timedConverseStream(targets.bedrock, targets.input, true);
      const viaGateway = requireOk(
        await timedPost({ agent, url, body, headers: { authorization: `Bearer ${targets.secret}` }, recordContentArrivals: true }),
        'gateway (forwarding check)',
      );
      const directArrivals = direct.contentArrivalsMs ?? [];
      const gatewayArrivals = viaGateway.contentArrivalsMs ?? [];
      if (directArrivals.length !== gatewayArrivals.length) {
        throw new Error(`forwarding check: ${directArrivals.length} direct text events but ${gatewayArrivals.length} gateway chunks`);
      }
      directArrivals.forEach((at, index) => lags.push((gatewayArrivals[index] as number) - at));
    }
    const lagMs = summarize(lags);
    return { eventIntervalMs: LAG_EVENT_INTERVAL_MS, events: lags.length, lagMs, maxLagInIntervals: Math.max(...lags) / LAG_EVENT_INTERVAL_MS };
  } finally {
    gateway.close();
    agent.destroy();
    emulator.reset();
  }
}

/** The openai SDK must see what the raw client sees; its own overhead is shown for comparison. */
async function checkWithOpenAISdk(targets: Targets): Promise<NetworkBenchResult['openaiSdkCheck']> {
  const client = new OpenAI({ baseURL: `${targets.gateways.off.url}/v1`, apiKey: targets.secret, maxRetries: 0 });
  const completion = await client.chat.completions.create({ ...chatRequest(false), stream: false } as OpenAI.ChatCompletionCreateParamsNonStreaming);
  let streamed = '';
  const stream = await client.chat.completions.create({ ...chatRequest(true), stream: true } as OpenAI.ChatCompletionCreateParamsStreaming);
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
  const samples = 30;
  const sdk = await runClosedLoop(samples, 1, async () => {
    const startedAt = performance.now();
    await client.chat.completions.create({ ...chatRequest(false), stream: false } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    return performance.now() - startedAt;
  });
  const raw = gatewayCall(targets, 'off', 'json', 1);
  try {
    const rawRun = await runClosedLoop(samples, 1, raw.call);
    return {
      jsonMatches: completion.choices[0]?.message.content === REPLY_TEXT,
      streamMatches: streamed === REPLY_TEXT,
      sdkP50Ms: summarize(sdk.samples).p50,
      rawP50Ms: summarize(rawRun.samples.map((sample) => sample.totalMs)).p50,
    };
  } finally {
    raw.close();
  }
}

/** Starts everything, runs every scenario, stops everything. */
async function runNetworkBench(options: NetworkBenchOptions): Promise<NetworkBenchResult> {
  const stops: (() => Promise<void> | void)[] = [];
  const workdir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  stops.push(() => rmSync(workdir, { recursive: true, force: true }));
  try {
    const emulator = await startBedrockEmulator({ maxLoggedRequests: 100 });
    stops.push(() => emulator.close());
    const dynamo = await startEmbeddedDynamoDb();
    stops.push(() => dynamo.close());
    const dynamoClient = createEmbeddedDynamoDbClient(dynamo.endpoint);
    stops.push(() => dynamoClient.destroy());
    const tableName = 'bench-ledger';
    await createLedgerTable(dynamoClient, tableName);
    const secret = generateKeySecret();
    await createDynamoLedger({ client: dynamoClient, tableName }).keys.create({ name: 'bench', secret });

    const script = await buildGatewayChild(workdir);
    const childEnv = (ledger: Ledger): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIABENCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.runtimeUrl,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      GATEWAY_TABLE_NAME: tableName,
      POWERTOOLS_SERVICE_NAME: 'bedrock-gateway',
      POWERTOOLS_METRICS_NAMESPACE: 'BedrockGateway',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      [CHILD_ENV.ledger]: ledger,
      [CHILD_ENV.keySecret]: secret,
    });
    const off = await startGatewayProcess(script, childEnv('off'));
    stops.push(() => off.stop());
    const on = await startGatewayProcess(script, childEnv('on'));
    stops.push(() => on.stop());

    const bedrock = new BedrockRuntimeClient({
      region: 'us-east-1',
      endpoint: emulator.runtimeUrl,
      credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
      maxAttempts: 1,
    });
    stops.push(() => bedrock.destroy());
    const targets: Targets = { bedrock, input: await directInput(), gateways: { off, on }, secret };

    emulator.script({ text: REPLY_TEXT, times: 'always' });
    const scenarios: LatencyScenario[] = [];
    for (const mode of ['json', 'stream'] as const) {
      for (const concurrency of options.concurrency) {
        for (const scenario of await runLevel(targets, mode, concurrency, options)) {
          options.log(
            `  ${mode.padEnd(6)} c=${String(concurrency).padEnd(3)} ledger ${scenario.ledger.padEnd(3)} direct p50 ${scenario.direct.p50.toFixed(2)} ms, gateway p50 ${scenario.gateway.p50.toFixed(2)} ms (+${scenario.addedMs.p50.toFixed(2)})`,
          );
          scenarios.push(scenario);
        }
      }
    }
    const openaiSdkCheck = await checkWithOpenAISdk(targets);
    const forwarding = await measureForwarding(emulator, targets, options.lagStreams);
    const [offUsage, onUsage] = await Promise.all([off.usage(), on.usage()]);
    return { scenarios, forwarding, peakRssBytes: { off: offUsage.maxRssBytes, on: onUsage.maxRssBytes }, openaiSdkCheck };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

export { runNetworkBench };
export type { ForwardingLag, LatencyScenario, NetworkBenchOptions, NetworkBenchResult };
