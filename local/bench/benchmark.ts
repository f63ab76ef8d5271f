/** @module The whole benchmark: mapping, bundles, then the network scenarios; one result object. */
import { cpus } from 'node:os';
import { runBundleBench, type BundleResult } from './lambda-bundles';
import { runMappingBench, type MappingResult } from './mapping-bench';
import { runNetworkBench, type NetworkBenchOptions, type NetworkBenchResult } from './network-bench';

/** What to run and how much of it. */
interface BenchmarkOptions extends Omit<NetworkBenchOptions, 'log'> {
  /** Calls per round of the mapping micro-benchmark. */
  readonly mappingIterations: number;
  /** Fresh processes per Lambda bundle for the import time. */
  readonly coldLoads: number;
  /** `peer` leaves the peer gateway out of the network scenarios. */
  readonly skip: ReadonlySet<'mapping' | 'bundles' | 'network' | 'peer'>;
}

/** Where the numbers came from. */
interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
}

interface BenchmarkResult {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: MachineInfo;
  readonly options: Omit<BenchmarkOptions, 'skip'> & { readonly skip: readonly string[] };
  readonly mapping?: MappingResult;
  readonly bundles?: readonly BundleResult[];
  readonly network?: NetworkBenchResult;
}

function machineInfo(): MachineInfo {
  return { nproc: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** Runs the selected parts in order (the in-process ones first, while the machine is quiet). */
async function runBenchmark(options: BenchmarkOptions, log: (line: string) => void = () => undefined): Promise<BenchmarkResult> {
  const startedAt = new Date();
  let mapping: MappingResult | undefined;
  let bundles: BundleResult[] | undefined;
  let network: NetworkBenchResult | undefined;
  if (!options.skip.has('mapping')) {
    log('mapping (in-process)...');
    mapping = await runMappingBench(options.mappingIterations);
  }
  if (!options.skip.has('bundles')) {
    log('Lambda bundles (esbuild + cold loads)...');
    bundles = await runBundleBench(options.coldLoads);
  }
  if (!options.skip.has('network')) {
    log('network scenarios (emulator, gateway child, load generator)...');
    network = await runNetworkBench({ ...options, skipPeer: options.skip.has('peer'), log });
  }
  return {
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    machine: machineInfo(),
    options: { ...options, skip: [...options.skip] },
    ...(mapping === undefined ? {} : { mapping }),
    ...(bundles === undefined ? {} : { bundles }),
    ...(network === undefined ? {} : { network }),
  };
}

export { runBenchmark };
export type { BenchmarkOptions, BenchmarkResult, MachineInfo };
