/**
 * @module `npm run bench`: runs the benchmark, prints the tables and writes `local/bench/results/<timestamp>.json`.
 *
 * Flags: --requests N, --ledger-requests N, --concurrency 1,8,32, --warmup N, --cold-loads N,
 * --mapping-iterations N, --lag-streams N, --dynamodb-latency-ms N, --round-trip-samples N, --audit-calls N,
 * --cpu-prof DIR, --skip mapping,bundles,network,peer, --out DIR, --quick.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBenchmark, type BenchmarkOptions } from './benchmark';
import { formatReport, saveResult } from './report';

const PARTS = ['mapping', 'bundles', 'network', 'peer'] as const;
type Part = (typeof PARTS)[number];

function positiveInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${raw}".`);
  return value;
}

function nonNegativeInteger(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}".`);
  return value;
}

function readOptions(argv: readonly string[]): { options: BenchmarkOptions; out: string } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      requests: { type: 'string' },
      'ledger-requests': { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      'cold-loads': { type: 'string' },
      'mapping-iterations': { type: 'string' },
      'lag-streams': { type: 'string' },
      'dynamodb-latency-ms': { type: 'string' },
      'round-trip-samples': { type: 'string' },
      'audit-calls': { type: 'string' },
      'cpu-prof': { type: 'string' },
      skip: { type: 'string' },
      out: { type: 'string' },
      // Tiny counts: checks that everything runs, measures nothing worth keeping.
      quick: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick === true;
  const count = (name: keyof typeof values, full: number, small: number): number => {
    const raw = values[name];
    return typeof raw === 'string' ? positiveInteger(name, raw) : quick ? small : full;
  };
  const skip = new Set<Part>();
  for (const part of (values.skip ?? '').split(',').filter((name) => name !== '')) {
    if (!PARTS.includes(part as Part)) throw new Error(`--skip takes ${PARTS.join(', ')}, got "${part}".`);
    skip.add(part as Part);
  }
  const concurrency = (values.concurrency ?? (quick ? '1,4' : '1,8,32')).split(',').map((raw) => positiveInteger('concurrency', raw));
  return {
    options: {
      concurrency,
      requests: count('requests', 600, 20),
      ledgerRequests: count('ledger-requests', 200, 10),
      warmup: count('warmup', 100, 5),
      coldLoads: count('cold-loads', 7, 1),
      mappingIterations: count('mapping-iterations', 2000, 50),
      lagStreams: count('lag-streams', 3, 1),
      roundTripSamples: count('round-trip-samples', 10, 2),
      auditCalls: count('audit-calls', 200, 8),
      dynamoDbLatencyMs: values['dynamodb-latency-ms'] === undefined ? 0 : nonNegativeInteger('dynamodb-latency-ms', values['dynamodb-latency-ms']),
      ...(values['cpu-prof'] === undefined ? {} : { cpuProfileDir: resolve(values['cpu-prof']) }),
      skip,
    },
    out: values.out ?? join(__dirname, 'results'),
  };
}

async function main(): Promise<void> {
  const { options, out } = readOptions(process.argv.slice(2));
  const result = await runBenchmark(options, (line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`\n${formatReport(result)}\n`);
  process.stdout.write(`\nSaved ${saveResult(result, out)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
