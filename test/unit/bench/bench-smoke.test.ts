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
      warmup: 1,
      lagStreams: 1,
      mappingIterations: 5,
      coldLoads: 1,
      skip: new Set(['bundles']),
    });
  }, 60_000);

  it('measures every scenario: JSON and stream, ledger off and on, each concurrency level', () => {
    const scenarios = result.network?.scenarios.map((s) => `${s.mode}/${s.ledger}/${s.concurrency}`);
    expect(scenarios).toEqual(['json/off/1', 'json/on/1', 'json/off/2', 'json/on/2', 'stream/off/1', 'stream/on/1', 'stream/off/2', 'stream/on/2']);
    expect(result.network?.scenarios.every((s) => s.gateway.count === 4 && s.direct.count === 4)).toBe(true);
  });

  it('measures time to first token on streams only', () => {
    for (const s of result.network?.scenarios ?? []) expect(s.firstToken === undefined).toBe(s.mode === 'json');
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
