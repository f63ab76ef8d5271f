/**
 * @module Added latency, time to first token, throughput, CPU, TLS handshakes and DynamoDB round
 * trips of the gateway over HTTP, side by side with a peer gateway: the Bedrock emulator (over TLS,
 * as Bedrock) and the load generator run here; the gateways run in child processes, and so does the
 * embedded DynamoDB with the delaying proxy in front of it (dynamodb-engine-child.ts).
 *
 * Each scenario calls the emulator directly with the Bedrock SDK (the baseline), then the same
 * request through each target: this gateway without the ledger, with it (a key with a key budget,
 * a team budget and rpm/tpm limits), and the Portkey OSS gateway.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, type ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { createImageFetcher } from '../../lambda/bedrock/fetch-image';
import { prepareConverseRequest } from '../../lambda/bedrock/prepare-converse-request';
import { createModelCatalog } from '../../lambda/catalog';
import { generateKeySecret } from '../../lambda/platform/virtual-key-secret';
import { createDynamoLedger } from '../../lambda/ledger/ledger';
import { parseChatCompletionRequest } from '../../lambda/openai/chat-request-schema';
import { bedrockClientConfig } from '../../lambda/resilience/bedrock-client-config';
import { startBedrockEmulator, type BedrockEmulator } from '../bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable } from '../embedded-dynamodb';
import { CHILD_ENV } from './child-protocol';
import { runClosedLoop } from './closed-loop';
import { timedConverse, timedConverseStream } from './direct-bedrock';
import { runAuditIdentityBench, type AuditIdentityResult } from './audit-identity-bench';
import { countRoundTrips, preciseNow } from './dynamodb-delay-proxy';
import { startDynamoDbEngineProcess, type DynamoDbEngineProcess } from './dynamodb-engine-process';
import { buildGatewayChild, startGatewayProcess, type GatewayProcess } from './gateway-process';
import { keepAliveAgent, timedPost, type TimedResponse } from './http-client';
import { startPortkeyPeer } from './portkey-peer';
import { summarize, type LatencySummary } from './stats';
import { BENCH_MODEL, REPLY_TEXT, chatRequest } from './workload';

type Mode = 'json' | 'stream';
/** `off`/`on`: this gateway without and with the DynamoDB ledger; `portkey`: the peer. */
type TargetName = 'off' | 'on' | 'portkey';

/** Counts and levels of the network scenarios. */
interface NetworkBenchOptions {
  readonly concurrency: readonly number[];
  /** Measured requests per scenario without the ledger, for the peer and for the direct baseline. */
  readonly requests: number;
  /** Measured requests per scenario with the ledger (dynalite is slow, so fewer). */
  readonly ledgerRequests: number;
  /** Unmeasured requests before each scenario. */
  readonly warmup: number;
  /** Streams in the forwarding-lag check. */
  readonly lagStreams: number;
  /** Added to every DynamoDB call by the proxy in front of the embedded engine, ms. @default 0 */
  readonly dynamoDbLatencyMs?: number;
  /** Requests per target in the DynamoDB round-trip count. @default 10 */
  readonly roundTripSamples?: number;
  /** Bedrock calls per variant of the auditIdentity measurement. @default 200 */
  readonly auditCalls?: number;
  /** Leave the peer out (it is installed on first use). @default false */
  readonly skipPeer?: boolean;
  /** Write a V8 CPU profile of each gateway child into this folder (the children then run unminified). @default - none */
  readonly cpuProfileDir?: string;
  readonly log: (line: string) => void;
}

/** p50/p90/p99 of a difference or a ratio. */
interface Spread {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** One scenario: one target against the direct baseline. */
interface LatencyScenario {
  readonly mode: Mode;
  readonly target: TargetName;
  readonly concurrency: number;
  readonly direct: LatencySummary;
  readonly gateway: LatencySummary;
  /** Target minus direct, percentile by percentile, ms. */
  readonly addedMs: Spread;
  /** Target over direct, percentile by percentile. */
  readonly ratio: Spread;
  /** Streams: time to the first text chunk. */
  readonly firstToken?: { readonly direct: LatencySummary; readonly gateway: LatencySummary; readonly addedMs: Spread };
  /** Target requests per second of wall time. */
  readonly gatewayRps: number;
  /** Target requests per second of the target process's CPU time: throughput per core. */
  readonly gatewayRpsPerCore: number;
  /** Target process CPU per request, µs. */
  readonly gatewayCpuUsPerRequest: number;
  /** TLS handshakes the emulator counted during the target's measured requests, per request. */
  readonly handshakesPerRequest: number;
  /** The same for the direct baseline. */
  readonly directHandshakesPerRequest: number;
  /** CPU of the DynamoDB engine process (dynalite and the proxy) per request of the target, µs. */
  readonly dynamoDbCpuUsPerRequest: number;
  /** TCP connections the target opened to DynamoDB (the proxy) per request. */
  readonly dynamoDbConnectionsPerRequest: number;
}

/** DynamoDB calls of one target's requests, counted at the proxy, one request at a time. */
interface DynamoDbRoundTrips {
  readonly target: TargetName;
  readonly mode: Mode;
  readonly samples: number;
  /** Mean round trips (overlapping calls count once) between sending the request and its first response byte. */
  readonly beforeFirstByte: number;
  /** Mean DynamoDB calls per request, until the gateway went quiet (settlement included). */
  readonly callsPerRequest: number;
  /** Operations of the last sample, in order. */
  readonly operations: readonly string[];
  /** TCP connections opened to DynamoDB during the samples (0 with keep-alive, once warm). */
  readonly connectionsOpened: number;
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
  /** Peer name and version, when it ran. */
  readonly peer?: string;
  readonly dynamoDbLatencyMs: number;
  readonly scenarios: readonly LatencyScenario[];
  readonly roundTrips: readonly DynamoDbRoundTrips[];
  readonly forwarding: ForwardingLag;
  /** What per-principal STS role sessions (`auditIdentity`) add to a Bedrock call. */
  readonly auditIdentity: AuditIdentityResult;
  /** Peak RSS of each gateway process over the whole run, bytes. */
  readonly peakRssBytes: Readonly<Record<'off' | 'on', number>>;
  /** The openai SDK got the same answer as the raw client (JSON and stream), and its c=1 JSON p50. */
  readonly openaiSdkCheck: { readonly jsonMatches: boolean; readonly streamMatches: boolean; readonly sdkP50Ms: number; readonly rawP50Ms: number };
}

const LAG_EVENT_INTERVAL_MS = 25;
/** Rounds per concurrency level; see `runLevel`. */
const ROUNDS = 4;
const LAG_REPLY = 'one two three four five six seven eight nine ten eleven twelve';
/**
 * A DynamoDB call after this much silence belongs to the next request. Long enough for a settlement's
 * later writes on a loaded machine: at 30 ms they leaked into the next request's count (1.2 to 1.6
 * round trips where the gateway waits for one).
 */
const DYNAMO_QUIET_MS = 300;
/**
 * The least latency the round-trip count runs with: calls a gateway issues together must overlap at
 * the proxy to count as one trip, and with the embedded engine alone one may finish before the next
 * arrives.
 */
const ROUND_TRIP_COUNT_LATENCY_MS = 10;

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

/** A process under test, as the load generator sees it. */
interface Target {
  readonly name: TargetName;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request body for `mode`. */
  body(mode: Mode): string;
  cpuMicros(): Promise<number>;
}

interface Targets {
  readonly emulator: BedrockEmulator;
  readonly bedrock: BedrockRuntimeClient;
  readonly input: ConverseRequest;
  readonly list: readonly Target[];
  readonly gateways: Readonly<Record<'off' | 'on', GatewayProcess>>;
  readonly secret: string;
  readonly engine: DynamoDbEngineProcess;
}

function handshakes(emulator: BedrockEmulator): number {
  return emulator.tls?.handshakes().total ?? 0;
}

function targetCall(target: Target, mode: Mode, concurrency: number): { call: () => Promise<TimedResponse>; close: () => void } {
  const agent = keepAliveAgent(concurrency);
  const url = new URL('/v1/chat/completions', target.url);
  const body = target.body(mode);
  return {
    call: async () => requireOk(await timedPost({ agent, url, body, headers: target.headers }), target.name),
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
  handshakes: number;
  dynamoDbCpuMicros: number;
  dynamoDbConnections: number;
}

/**
 * Runs direct and every target in alternating rounds, so slow phases of a noisy machine hit all
 * of them alike instead of whichever happened to run then.
 */
async function runLevel(targets: Targets, mode: Mode, concurrency: number, options: NetworkBenchOptions): Promise<LatencyScenario[]> {
  const direct = directCall(targets, mode);
  const calls = targets.list.map((target) => ({ target, ...targetCall(target, mode, concurrency) }));
  const empty = (): Collected => ({ samples: [], wallMs: 0, cpuMicros: 0, handshakes: 0, dynamoDbCpuMicros: 0, dynamoDbConnections: 0 });
  const baseline = empty();
  const collected = new Map(targets.list.map((target) => [target.name, empty()]));
  try {
    await runClosedLoop(options.warmup, concurrency, direct);
    for (const { call } of calls) await runClosedLoop(options.warmup, concurrency, call);
    const perRound = (total: number): number => Math.max(1, Math.ceil(total / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      const handshakesBefore = handshakes(targets.emulator);
      const run = await runClosedLoop(perRound(options.requests), concurrency, direct);
      baseline.samples.push(...run.samples);
      baseline.handshakes += handshakes(targets.emulator) - handshakesBefore;
      for (const { target, call } of calls) {
        const into = collected.get(target.name) as Collected;
        const cpuBefore = await target.cpuMicros();
        const engineBefore = await targets.engine.usage();
        const before = handshakes(targets.emulator);
        const measured = await runClosedLoop(perRound(target.name === 'on' ? options.ledgerRequests : options.requests), concurrency, call);
        into.handshakes += handshakes(targets.emulator) - before;
        // The settlements of the last requests run after their responses: counted with their target.
        await targets.engine.whenQuiet(DYNAMO_QUIET_MS);
        into.cpuMicros += (await target.cpuMicros()) - cpuBefore;
        const engineAfter = await targets.engine.usage();
        into.dynamoDbCpuMicros += engineAfter.cpuMicros - engineBefore.cpuMicros;
        into.dynamoDbConnections += engineAfter.connections - engineBefore.connections;
        into.samples.push(...measured.samples);
        into.wallMs += measured.wallMs;
      }
    }
  } finally {
    for (const { close } of calls) close();
  }
  return targets.list.map((target) => scenario(mode, target.name, concurrency, baseline, collected.get(target.name) as Collected));
}

function scenario(mode: Mode, target: TargetName, concurrency: number, direct: Collected, run: Collected): LatencyScenario {
  const count = run.samples.length;
  const cpuSeconds = run.cpuMicros / 1e6;
  const directSummary = summarize(direct.samples.map((sample) => sample.totalMs));
  const gatewaySummary = summarize(run.samples.map((sample) => sample.totalMs));
  const firstTokens = (samples: readonly TimedResponse[]): number[] => samples.flatMap((sample) => (sample.firstTokenMs === undefined ? [] : [sample.firstTokenMs]));
  const directFirst = summarize(firstTokens(direct.samples));
  const gatewayFirst = summarize(firstTokens(run.samples));
  return {
    mode,
    target,
    concurrency,
    direct: directSummary,
    gateway: gatewaySummary,
    addedMs: spread(gatewaySummary, directSummary, (g, d) => g - d),
    ratio: spread(gatewaySummary, directSummary, (g, d) => (d === 0 ? 0 : g / d)),
    ...(mode === 'stream' ? { firstToken: { direct: directFirst, gateway: gatewayFirst, addedMs: spread(gatewayFirst, directFirst, (g, d) => g - d) } } : {}),
    gatewayRps: (count * 1000) / run.wallMs,
    gatewayRpsPerCore: cpuSeconds > 0 ? count / cpuSeconds : 0,
    gatewayCpuUsPerRequest: (cpuSeconds * 1e6) / count,
    handshakesPerRequest: run.handshakes / count,
    directHandshakesPerRequest: direct.handshakes / direct.samples.length,
    dynamoDbCpuUsPerRequest: run.dynamoDbCpuMicros / count,
    dynamoDbConnectionsPerRequest: run.dynamoDbConnections / count,
  };
}

/**
 * One request at a time, each after DynamoDB went quiet: the calls that started before the first
 * response byte are the ones the client waited for; the rest (settlement) came after. Runs with at
 * least `ROUND_TRIP_COUNT_LATENCY_MS` per call, so the count does not depend on the machine's speed.
 */
async function countDynamoRoundTrips(targets: Targets, target: Target, mode: Mode, samples: number): Promise<DynamoDbRoundTrips> {
  const { call, close } = targetCall(target, mode, 1);
  let before = 0;
  let total = 0;
  let operations: readonly string[] = [];
  const connectionsBefore = (await targets.engine.usage()).connections;
  try {
    for (let sample = 0; sample < samples; sample++) {
      await targets.engine.whenQuiet(DYNAMO_QUIET_MS);
      const startedAt = preciseNow();
      const response = await call();
      await targets.engine.whenQuiet(DYNAMO_QUIET_MS);
      const calls = await targets.engine.callsSince(startedAt);
      before += countRoundTrips(calls.filter((dynamoCall) => dynamoCall.startedAt < startedAt + response.firstByteMs));
      total += calls.length;
      operations = calls.map((dynamoCall) => dynamoCall.operation);
    }
  } finally {
    close();
  }
  const connectionsOpened = (await targets.engine.usage()).connections - connectionsBefore;
  return { target: target.name, mode, samples, beforeFirstByte: before / samples, callsPerRequest: total / samples, operations, connectionsOpened };
}

/** Slow tokens make buffering visible: a buffered event would arrive one or more intervals late. */
async function measureForwarding(emulator: BedrockEmulator, targets: Targets, streams: number): Promise<ForwardingLag> {
  emulator.reset();
  emulator.script({ text: LAG_REPLY, times: 'always' });
  emulator.fault({ type: 'slow-tokens', delayMs: LAG_EVENT_INTERVAL_MS, times: 'always' });
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
    agent.destroy();
    emulator.reset();
  }
}

/** The openai SDK must see what the raw client sees; its own overhead is shown for comparison. */
async function checkWithOpenAISdk(targets: Targets, off: Target): Promise<NetworkBenchResult['openaiSdkCheck']> {
  const client = new OpenAI({ baseURL: `${off.url}/v1`, apiKey: targets.secret, maxRetries: 0 });
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
  const raw = targetCall(off, 'json', 1);
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

/** A key with a key budget and rpm/tpm limits, in a team with a budget: every admission check runs. */
async function createBudgetedKey(dynamoClient: ReturnType<typeof createEmbeddedDynamoDbClient>, tableName: string, secret: string): Promise<void> {
  const ledger = createDynamoLedger({ client: dynamoClient, tableName });
  const team = 'bench-team';
  const { record } = await ledger.keys.create({ name: 'bench', team, secret });
  // Large enough never to refuse a benchmark request: the checks run, the limits never bite.
  const budget = { limitNanoUsd: 1_000_000 * 1e9, period: 'day' as const, alertThresholds: [] };
  await ledger.policies.setBudget({ kind: 'key', id: record.id }, budget);
  await ledger.policies.setLimits({ kind: 'key', id: record.id }, { rpm: 1_000_000, tpm: 1_000_000_000 });
  await ledger.policies.setBudget({ kind: 'team', id: team }, budget);
}

/** Starts everything, runs every scenario, stops everything. */
async function runNetworkBench(options: NetworkBenchOptions): Promise<NetworkBenchResult> {
  const stops: (() => Promise<void> | void)[] = [];
  const workdir = mkdtempSync(join(tmpdir(), 'gateway-bench-'));
  stops.push(() => rmSync(workdir, { recursive: true, force: true }));
  const dynamoDbLatencyMs = options.dynamoDbLatencyMs ?? 0;
  try {
    const emulator = await startBedrockEmulator({ maxLoggedRequests: 100, tls: {} });
    stops.push(() => emulator.close());
    const tls = emulator.tls;
    if (tls === undefined) throw new Error('the emulator started without its TLS listener');
    const certificateFile = join(workdir, 'emulator-certificate.pem');
    writeFileSync(certificateFile, tls.certificatePem);
    // dynalite and the proxy in a process of their own: their work must not delay the load generator's timings.
    const engine = await startDynamoDbEngineProcess({ delayMs: dynamoDbLatencyMs });
    stops.push(() => engine.stop());
    const dynamoClient = createEmbeddedDynamoDbClient(engine.endpoint);
    stops.push(() => dynamoClient.destroy());
    const tableName = 'bench-ledger';
    await createLedgerTable(dynamoClient, tableName);
    const secret = generateKeySecret();
    await createBudgetedKey(dynamoClient, tableName, secret);

    const script = await buildGatewayChild(workdir, options.cpuProfileDir !== undefined);
    const childEnv = (ledger: 'off' | 'on'): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIABENCH',
      AWS_SECRET_ACCESS_KEY: 'bench',
      // Bedrock over TLS, as on AWS; the child trusts the emulator's certificate like any extra CA.
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: tls.url,
      NODE_EXTRA_CA_CERTS: certificateFile,
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint,
      GATEWAY_TABLE_NAME: tableName,
      POWERTOOLS_SERVICE_NAME: 'bedrock-gateway',
      POWERTOOLS_METRICS_NAMESPACE: 'BedrockGateway',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      [CHILD_ENV.ledger]: ledger,
      [CHILD_ENV.keySecret]: secret,
    });
    const profile = (name: string): readonly string[] =>
      options.cpuProfileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=gateway-${name}.cpuprofile`];
    const off = await startGatewayProcess(script, childEnv('off'), profile('ledger-off'));
    stops.push(() => off.stop());
    const on = await startGatewayProcess(script, childEnv('on'), profile('ledger-on'));
    stops.push(() => on.stop());

    const bedrock = new BedrockRuntimeClient({
      ...bedrockClientConfig({ connectTimeoutMs: 3000, region: 'us-east-1', trustedCertificates: tls.certificatePem }),
      endpoint: tls.url,
      credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
    });
    stops.push(() => bedrock.destroy());
    const input = await directInput();
    const gatewayTarget = (name: 'off' | 'on', process: GatewayProcess): Target => ({
      name,
      url: process.url,
      headers: { authorization: `Bearer ${secret}` },
      body: (mode) => JSON.stringify(chatRequest(mode === 'stream')),
      cpuMicros: async () => (await process.usage()).cpuMicros,
    });
    const list: Target[] = [gatewayTarget('off', off), gatewayTarget('on', on)];
    let peer: string | undefined;
    if (options.skipPeer !== true) {
      const portkey = await startPortkeyPeer({ bedrockUrl: tls.url, certificateFile, log: options.log });
      stops.push(() => portkey.stop());
      peer = `Portkey ${portkey.version}`;
      // Portkey passes the model id through to Bedrock: it gets the id the gateway resolves the catalog id to.
      list.unshift({
        name: 'portkey',
        url: portkey.url,
        headers: portkey.headers,
        body: (mode) => JSON.stringify({ ...chatRequest(mode === 'stream'), model: input.modelId }),
        cpuMicros: () => Promise.resolve(portkey.cpuMicros()),
      });
    }
    const targets: Targets = { emulator, bedrock, input, list, gateways: { off, on }, secret, engine };

    emulator.script({ text: REPLY_TEXT, times: 'always' });
    const scenarios: LatencyScenario[] = [];
    for (const mode of ['json', 'stream'] as const) {
      for (const concurrency of options.concurrency) {
        for (const scenario of await runLevel(targets, mode, concurrency, options)) {
          options.log(
            `  ${mode.padEnd(6)} c=${String(concurrency).padEnd(3)} ${scenario.target.padEnd(7)} direct p50 ${scenario.direct.p50.toFixed(2)} ms, target p50 ${scenario.gateway.p50.toFixed(2)} ms (+${scenario.addedMs.p50.toFixed(2)}), ${scenario.handshakesPerRequest.toFixed(2)} handshakes/req`,
          );
          scenarios.push(scenario);
        }
      }
    }
    const roundTrips: DynamoDbRoundTrips[] = [];
    await engine.setDelay(Math.max(dynamoDbLatencyMs, ROUND_TRIP_COUNT_LATENCY_MS));
    for (const target of list) {
      for (const mode of ['json', 'stream'] as const) roundTrips.push(await countDynamoRoundTrips(targets, target, mode, options.roundTripSamples ?? 10));
    }
    await engine.setDelay(dynamoDbLatencyMs);
    const openaiSdkCheck = await checkWithOpenAISdk(targets, list.find((target) => target.name === 'off') as Target);
    const auditIdentity = await runAuditIdentityBench({ bedrock, endpoint: tls.url, input, calls: options.auditCalls ?? 200 });
    const forwarding = await measureForwarding(emulator, targets, options.lagStreams);
    const [offUsage, onUsage] = await Promise.all([off.usage(), on.usage()]);
    return {
      ...(peer === undefined ? {} : { peer }),
      dynamoDbLatencyMs,
      scenarios,
      roundTrips,
      forwarding,
      auditIdentity,
      peakRssBytes: { off: offUsage.maxRssBytes, on: onUsage.maxRssBytes },
      openaiSdkCheck,
    };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

export { runNetworkBench };
export type { DynamoDbRoundTrips, ForwardingLag, LatencyScenario, NetworkBenchOptions, NetworkBenchResult, TargetName };
