/** @module Renders a benchmark result as plain-text tables (also valid Markdown) and saves it as JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchmarkResult } from './benchmark';
import type { LatencyScenario, NetworkBenchResult, TargetName } from './network-bench';

/** The targets, checked against each run. */
const TARGETS = {
  mappingUs: 200,
  addedP50Ms: 1,
  addedP99Ms: 3,
  bundleBytes: 1_000_000,
  importMs: 150,
} as const;

const ms = (value: number): string => value.toFixed(2);

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function verdict(ok: boolean): string {
  return ok ? 'met' : 'MISSED';
}

const TARGET_LABELS: Readonly<Record<TargetName, string>> = { portkey: 'peer', off: 'ledger off', on: 'ledger on' };

function find(network: NetworkBenchResult, target: TargetName, mode: 'json' | 'stream', concurrency: number): LatencyScenario | undefined {
  return network.scenarios.find((s) => s.target === target && s.mode === mode && s.concurrency === concurrency);
}

/** The highest concurrency level of the run (the throughput column). */
function topConcurrency(network: NetworkBenchResult): number {
  return Math.max(...network.scenarios.map((s) => s.concurrency));
}

/** The comparison of the issue: one row per peer, JSON requests unless named. */
function formatSideBySide(network: NetworkBenchResult): string {
  const top = topConcurrency(network);
  const labels: Readonly<Record<TargetName, string>> = {
    portkey: network.peer ?? 'peer',
    off: 'this gateway, ledger off',
    on: 'this gateway, ledger on (key + team budget, rpm/tpm)',
  };
  const order: readonly TargetName[] = ['portkey', 'off', 'on'];
  const rows = order.flatMap((target) => {
    const c1 = find(network, target, 'json', 1);
    if (c1 === undefined) return [];
    const stream1 = find(network, target, 'stream', 1);
    const atTop = find(network, target, 'json', top);
    const trips = network.roundTrips.find((r) => r.target === target && r.mode === 'json');
    const handshakes = network.scenarios.filter((s) => s.target === target);
    const perRequest = handshakes.reduce((sum, s) => sum + s.handshakesPerRequest * s.gateway.count, 0) / handshakes.reduce((sum, s) => sum + s.gateway.count, 0);
    return [
      [
        labels[target],
        `${ms(c1.addedMs.p50)} / ${ms(c1.addedMs.p99)}`,
        stream1?.firstToken === undefined ? '-' : ms(stream1.firstToken.addedMs.p50),
        atTop === undefined ? '-' : atTop.gatewayRps.toFixed(0),
        perRequest.toFixed(2),
        trips === undefined ? '-' : `${trips.beforeFirstByte.toFixed(1)} (${trips.callsPerRequest.toFixed(1)} calls, ${trips.connectionsOpened} new connections)`,
        c1.gatewayCpuUsPerRequest.toFixed(0),
      ],
    ];
  });
  return (
    `Side by side (Bedrock emulator over TLS; DynamoDB latency added by the proxy: ${network.dynamoDbLatencyMs} ms per call; round trips counted one request at a time)\n` +
    table(
      ['peer', 'added p50 / p99 ms (c=1)', 'TTFT added p50 ms (c=1 stream)', `req/s at ${top}`, 'TLS handshakes / req', 'DynamoDB round trips before first byte (calls / req)', 'CPU µs / req (c=1)'],
      rows,
    )
  );
}

/** What auditIdentity adds to a Bedrock call, warm and on a principal's first call. */
function formatAuditIdentity(audit: NetworkBenchResult['auditIdentity']): string {
  const base = audit.gatewayRole;
  const signed = (value: string): string => (value.startsWith('-') ? value : `+${value}`);
  const line = (name: string, v: typeof base): string =>
    `${name}: p50 ${ms(v.latencyMs.p50)} ms (${signed(ms(v.latencyMs.p50 - base.latencyMs.p50))}), CPU ${v.cpuUsPerCall.toFixed(0)} µs/call (${signed((v.cpuUsPerCall - base.cpuUsPerCall).toFixed(0))})`;
  return (
    `auditIdentity (per-principal STS sessions; Converse over TLS from the load generator, ${audit.calls} calls each, STS a local stand-in answering at once): ` +
    `gateway role p50 ${ms(base.latencyMs.p50)} ms, CPU ${base.cpuUsPerCall.toFixed(0)} µs/call; ${line('warm principal', audit.warm)}; ` +
    `${line("a principal's first call", audit.firstCall)}, ${audit.assumeRoleCalls} AssumeRole calls`
  );
}

/** The tables and target verdicts of one run. */
function formatReport(result: BenchmarkResult): string {
  const sections: string[] = [];
  const { machine } = result;
  sections.push(`Machine: ${machine.nproc} x ${machine.cpuModel}, Node ${machine.node} (${machine.platform}); run ${result.startedAt}, ${(result.durationMs / 1000).toFixed(0)} s`);
  const network = result.network;
  if (network !== undefined) {
    sections.push(formatSideBySide(network));
    sections.push(
      'Added latency of each target over calling the emulator directly with the Bedrock SDK (ms; ratio = target / direct; handshakes = TLS handshakes per request at the emulator; ' +
        'DynamoDB CPU = the embedded engine process (dynalite and the proxy), DynamoDB conns = TCP connections opened to it, per request)\n' +
        table(
          ['mode', 'target', 'conc', 'direct p50/p90/p99', 'target p50/p90/p99', 'added p50/p90/p99', 'ratio p50', 'TTFT added p50/p99', 'req/s', 'req/s per core', 'CPU µs/req', 'handshakes/req', 'DynamoDB CPU µs/req', 'DynamoDB conns/req'],
          network.scenarios.map((s) => [
            s.mode,
            TARGET_LABELS[s.target],
            String(s.concurrency),
            `${ms(s.direct.p50)} / ${ms(s.direct.p90)} / ${ms(s.direct.p99)}`,
            `${ms(s.gateway.p50)} / ${ms(s.gateway.p90)} / ${ms(s.gateway.p99)}`,
            `${ms(s.addedMs.p50)} / ${ms(s.addedMs.p90)} / ${ms(s.addedMs.p99)}`,
            s.ratio.p50.toFixed(2),
            s.firstToken === undefined ? '-' : `${ms(s.firstToken.addedMs.p50)} / ${ms(s.firstToken.addedMs.p99)}`,
            s.gatewayRps.toFixed(0),
            s.gatewayRpsPerCore.toFixed(0),
            s.gatewayCpuUsPerRequest.toFixed(0),
            s.handshakesPerRequest.toFixed(2),
            s.dynamoDbCpuUsPerRequest.toFixed(0),
            s.dynamoDbConnectionsPerRequest.toFixed(2),
          ]),
        ),
    );
    const f = network.forwarding;
    const sdk = network.openaiSdkCheck;
    sections.push(
      [
        `Peak RSS of the gateway process: ${(network.peakRssBytes.off / 2 ** 20).toFixed(0)} MiB (ledger off), ${(network.peakRssBytes.on / 2 ** 20).toFixed(0)} MiB (ledger on)`,
        `Stream forwarding: ${f.events} text events ${f.eventIntervalMs} ms apart; gateway chunk behind the direct event by p50 ${ms(f.lagMs.p50)} ms, max ${ms(f.lagMs.p99)} ms (${f.maxLagInIntervals.toFixed(2)} intervals at worst)`,
        formatAuditIdentity(network.auditIdentity),
        `openai SDK check: JSON ${sdk.jsonMatches ? 'matches' : 'DIFFERS'}, stream ${sdk.streamMatches ? 'matches' : 'DIFFERS'}; c=1 JSON p50 ${ms(sdk.sdkP50Ms)} ms with the SDK vs ${ms(sdk.rawP50Ms)} ms raw`,
      ].join('\n'),
    );
  }
  const mapping = result.mapping;
  if (mapping !== undefined) {
    sections.push(
      `Mapping, in process (~${mapping.estimatedInputTokens}-token request): request ${mapping.requestUs.toFixed(1)} µs + response ${mapping.responseUs.toFixed(1)} µs = ${mapping.totalUs.toFixed(1)} µs per call; ` +
        `stream ${mapping.streamEventUs.toFixed(2)} µs per event (${mapping.streamEvents} events)`,
    );
  }
  if (result.bundles !== undefined) {
    sections.push(
      'Lambda bundles (LAMBDA_BUNDLING settings; import = require in a fresh node with --enable-source-maps)\n' +
        table(
          ['handler', 'index.js', 'gzip', 'source map', 'import median', 'import min/max'],
          result.bundles.map((b) => [
            b.name,
            `${(b.bytes / 1000).toFixed(0)} kB`,
            `${(b.gzipBytes / 1000).toFixed(0)} kB`,
            `${(b.sourceMapBytes / 1000).toFixed(0)} kB`,
            `${ms(b.importMedianMs)} ms`,
            `${ms(Math.min(...b.importMs))} / ${ms(Math.max(...b.importMs))} ms`,
          ]),
        ),
    );
  }
  sections.push(`Targets:\n${formatTargets(result).join('\n')}`);
  return sections.join('\n\n');
}

function formatTargets(result: BenchmarkResult): string[] {
  const lines: string[] = [];
  if (result.mapping !== undefined) {
    lines.push(`- mapping < ${TARGETS.mappingUs} µs per 1k-token request: ${result.mapping.totalUs.toFixed(1)} µs, ${verdict(result.mapping.totalUs < TARGETS.mappingUs)}`);
  }
  const c1 = result.network?.scenarios.find((s) => s.mode === 'json' && s.target === 'off' && s.concurrency === 1);
  if (c1 !== undefined) {
    lines.push(`- added latency < ${TARGETS.addedP50Ms} ms p50 (c=1, JSON, no ledger): ${ms(c1.addedMs.p50)} ms, ${verdict(c1.addedMs.p50 < TARGETS.addedP50Ms)}`);
    lines.push(`- added latency < ${TARGETS.addedP99Ms} ms p99 (c=1, JSON, no ledger): ${ms(c1.addedMs.p99)} ms, ${verdict(c1.addedMs.p99 < TARGETS.addedP99Ms)}`);
  }
  if (result.network !== undefined) lines.push(...formatPeerTargets(result.network));
  for (const bundle of result.bundles ?? []) {
    lines.push(
      `- ${bundle.name} bundle < 1 MB: ${(bundle.bytes / 1e6).toFixed(3)} MB, ${verdict(bundle.bytes < TARGETS.bundleBytes)}; import < ${TARGETS.importMs} ms: ${ms(bundle.importMedianMs)} ms, ${verdict(bundle.importMedianMs < TARGETS.importMs)}`,
    );
  }
  return lines;
}

/** The side-by-side targets, as ratios of the same run. */
function formatPeerTargets(network: NetworkBenchResult): string[] {
  const lines: string[] = [];
  const top = topConcurrency(network);
  const peer = { c1: find(network, 'portkey', 'json', 1), top: find(network, 'portkey', 'json', top) };
  const on = { c1: find(network, 'on', 'json', 1), top: find(network, 'on', 'json', top) };
  const off = { top: find(network, 'off', 'json', top) };
  if (peer.c1 !== undefined && on.c1 !== undefined) {
    const ratio = on.c1.addedMs.p50 / peer.c1.addedMs.p50;
    lines.push(`- added p50 at c=1, ledger on <= ${network.peer ?? 'peer'}'s: ${ms(on.c1.addedMs.p50)} vs ${ms(peer.c1.addedMs.p50)} ms (${ratio.toFixed(2)}x), ${verdict(ratio <= 1)}`);
  }
  if (peer.top !== undefined && on.top !== undefined && off.top !== undefined) {
    const onRatio = on.top.gatewayRps / peer.top.gatewayRps;
    const offRatio = off.top.gatewayRps / peer.top.gatewayRps;
    lines.push(`- req/s at c=${top}, ledger on >= peer: ${on.top.gatewayRps.toFixed(0)} vs ${peer.top.gatewayRps.toFixed(0)} (${onRatio.toFixed(2)}x), ${verdict(onRatio >= 1)}`);
    lines.push(`- req/s at c=${top}, ledger off >= 2x peer: ${off.top.gatewayRps.toFixed(0)} vs ${peer.top.gatewayRps.toFixed(0)} (${offRatio.toFixed(2)}x), ${verdict(offRatio >= 2)}`);
  }
  const ours = network.scenarios.filter((s) => s.target !== 'portkey');
  // Rebuilt from per-request rates: round to the whole handshakes they were counted from.
  const handshakes = Math.round(ours.reduce((sum, s) => sum + s.handshakesPerRequest * s.gateway.count, 0));
  if (ours.length > 0) lines.push(`- 0 TLS handshakes per request (this gateway, after warm-up): ${handshakes} in ${ours.reduce((sum, s) => sum + s.gateway.count, 0)} requests, ${verdict(handshakes === 0)}`);
  for (const trips of network.roundTrips.filter((r) => r.target === 'on')) {
    lines.push(`- at most 1 DynamoDB round trip before the first byte (ledger on, ${trips.mode}): ${trips.beforeFirstByte.toFixed(1)}, ${verdict(trips.beforeFirstByte <= 1)}`);
  }
  return lines;
}

/** Writes `<dir>/<timestamp>.json` and returns its path. */
function saveResult(result: BenchmarkResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${result.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export { TARGETS, formatReport, saveResult };
