/** @module Smoke test of the benchmark: every part runs end to end with minimal counts (no timing assertions). */
import { LAMBDA_BUNDLING } from '../../../lib/lambda-bundling';
import { runBenchmark, type BenchmarkResult } from '../../../local/bench/benchmark';
import { esbuildOptionsFor } from '../../../local/bench/lambda-bundles';
import { formatReport } from '../../../local/bench/report';

describe('npm run bench', () => {
  let result: BenchmarkResult;

  beforeAll(async () => {
    // GIVEN minimal counts (bundles are built by test/infra/bundling.test.ts already)
    result = await runBenchmark({
      concurrency: [1, 2],
      requests: 4,
      ledgerRequests: 4,
      warmup: 2,
      lagStreams: 1,
      mappingIterations: 5,
      coldLoads: 1,
      roundTripSamples: 2,
      auditCalls: 4,
      dynamoDbLatencyMs: 1,
      // The peer is installed from npm on first use: the smoke test stays offline.
      skip: new Set(['bundles', 'peer']),
    });
  }, 120_000);

  it('measures every scenario: JSON and stream, ledger off and on, each concurrency level', () => {
    const scenarios = result.network?.scenarios.map((s) => `${s.mode}/${s.target}/${s.concurrency}`);
    expect(scenarios).toEqual(['json/off/1', 'json/on/1', 'json/off/2', 'json/on/2', 'stream/off/1', 'stream/on/1', 'stream/off/2', 'stream/on/2']);
    expect(result.network?.scenarios.every((s) => s.gateway.count === 4 && s.direct.count === 4)).toBe(true);
  });

  it('reaches Bedrock over TLS and reuses the connections once warm: no handshake per sequential request', () => {
    const sequential = result.network?.scenarios.filter((s) => s.concurrency === 1) ?? [];

    expect(sequential.map((s) => [s.mode, s.target, s.handshakesPerRequest, s.directHandshakesPerRequest])).toEqual([
      ['json', 'off', 0, 0],
      ['json', 'on', 0, 0],
      ['stream', 'off', 0, 0],
      ['stream', 'on', 0, 0],
    ]);
  });

  it('counts DynamoDB calls at the proxy: the ledger makes some before the first byte, the ledger-off variant none', () => {
    const trips = Object.fromEntries((result.network?.roundTrips ?? []).map((r) => [`${r.target}/${r.mode}`, r]));

    expect(trips['off/json']).toMatchObject({ beforeFirstByte: 0, callsPerRequest: 0 });
    expect(trips['on/json']?.beforeFirstByte).toBeGreaterThanOrEqual(1);
    expect(trips['on/json']?.callsPerRequest).toBeGreaterThan(trips['on/json']?.beforeFirstByte ?? 0);
  });

  it("keeps the gateway's DynamoDB connections alive: no connection opened while the round trips are counted", () => {
    const trips = (result.network?.roundTrips ?? []).filter((r) => r.target === 'on');

    expect(trips.map((r) => [r.mode, r.connectionsOpened])).toEqual([
      ['json', 0],
      ['stream', 0],
    ]);
  });

  it('runs the embedded DynamoDB in a process of its own and reports its CPU per request', () => {
    const sequential = result.network?.scenarios.filter((s) => s.concurrency === 1) ?? [];

    expect(sequential.filter((s) => s.target === 'on').map((s) => [s.mode, s.dynamoDbCpuUsPerRequest > 0])).toEqual([
      ['json', true],
      ['stream', true],
    ]);
  });

  it('prints the side-by-side table and the targets it can check without the peer', () => {
    const report = formatReport(result);

    expect(report).toContain('Side by side (Bedrock emulator over TLS; DynamoDB latency added by the proxy: 1 ms per call; round trips counted one request at a time)');
    expect(report).toMatch(/\| this gateway, ledger off +\| /);
    expect(report).toMatch(/- 0 TLS handshakes per request \(this gateway, after warm-up\): \d+ in \d+ requests, (met|MISSED)/);
    expect(report).toMatch(/- at most 1 DynamoDB round trip before the first byte \(ledger on, json\): [\d.]+, (met|MISSED)/);
  });

  it('measures time to first token on streams only', () => {
    for (const s of result.network?.scenarios ?? []) expect(s.firstToken === undefined).toBe(s.mode === 'json');
  });

  it('measures auditIdentity: one AssumeRole per principal on its first call, none for a warm principal', () => {
    expect(result.network?.auditIdentity).toMatchObject({ calls: 4, assumeRoleCalls: 4 });
    expect(formatReport(result)).toMatch(/auditIdentity \(per-principal STS sessions.*warm principal: p50 [\d.]+ ms.*a principal's first call: p50 [\d.]+ ms.*, 4 AssumeRole calls/);
  });

  it('gets the same answers through the openai SDK as through the raw client', () => {
    expect(result.network?.openaiSdkCheck).toMatchObject({ jsonMatches: true, streamMatches: true });
  });

  it('compares every streamed word of the forwarding check, gateway chunk against direct event', () => {
    // The lag reply has twelve words, one text event each; a dropped or merged chunk changes the count.
    expect(result.network?.forwarding.events).toBe(12);
  });

  it('reports the mapping cost of a request of about 1,000 tokens', () => {
    expect(result.mapping?.estimatedInputTokens).toBeGreaterThan(900);
    expect(result.mapping?.estimatedInputTokens).toBeLessThan(1100);
  });

  it.each([
    { totalUs: 150, verdict: 'met' },
    { totalUs: 250, verdict: 'MISSED' },
  ])('reports the mapping target as $verdict for $totalUs µs per request', ({ totalUs, verdict }) => {
    const report = formatReport({ ...result, mapping: { ...result.mapping!, totalUs } });

    expect(report).toContain(`- mapping < 200 µs per 1k-token request: ${totalUs.toFixed(1)} µs, ${verdict}`);
  });

  it('bundles with the options of the CDK construct', () => {
    expect(esbuildOptionsFor(LAMBDA_BUNDLING)).toMatchObject({ bundle: true, platform: 'node', minify: true, format: 'cjs', target: 'node22', mainFields: ['module', 'main'], external: [] });
  });

  it('fails loudly on a bundling option it does not reproduce', () => {
    expect(() => esbuildOptionsFor({ ...LAMBDA_BUNDLING, keepNames: true })).toThrow('keepNames');
  });
});
