/**
 * @module Lambda bundle sizes and cold-load times: each handler is bundled with the esbuild settings
 * the CDK construct uses (`LAMBDA_BUNDLING`), then `require`d in fresh `node` processes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LAMBDA_ENTRIES } from '../../lib/gateway-stack';
import { LAMBDA_BUNDLING } from '../../lib/lambda-bundling';
import { median } from './stats';

const run = promisify(execFile);

/** One handler's bundle. */
interface BundleResult {
  readonly name: string;
  /** Minified `index.js`. */
  readonly bytes: number;
  /** Gzipped `index.js`: close to what the deployment zip holds. */
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** Each fresh process's `require` time with `--enable-source-maps` (the deployed NODE_OPTIONS), ms. */
  readonly importMs: readonly number[];
  readonly importMedianMs: number;
}

/** The bundling options the benchmark knows how to reproduce; anything else fails loudly. */
const MIRRORED_OPTIONS = new Set<keyof BundlingOptions>([
  'forceDockerBundling',
  'minify',
  'sourceMap',
  'sourcesContent',
  'target',
  'format',
  'mainFields',
  'bundleAwsSDK',
]);

/** The esbuild options NodejsFunction derives from `bundling` (see its `buildEsbuildArgs`). */
function esbuildOptionsFor(bundling: BundlingOptions): BuildOptions {
  const unknown = Object.keys(bundling).filter((name) => !MIRRORED_OPTIONS.has(name as keyof BundlingOptions));
  if (unknown.length > 0) {
    throw new Error(`local/bench/lambda-bundles.ts does not reproduce the bundling option(s) ${unknown.join(', ')}; teach it before measuring.`);
  }
  return {
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: bundling.format === undefined ? undefined : bundling.format === 'esm' ? 'esm' : 'cjs',
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    sourcesContent: bundling.sourcesContent,
    mainFields: bundling.mainFields === undefined ? undefined : [...bundling.mainFields],
    external: bundling.bundleAwsSDK === true ? [] : ['@aws-sdk/*'],
    logLevel: 'warning',
  };
}

/** What the Lambda runtime gives every function, with dummy credentials (nothing is called). */
function lambdaLikeEnvironment(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIABENCH',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_SESSION_TOKEN: 'bench',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    POWERTOOLS_SERVICE_NAME: 'bedrock-gateway',
    POWERTOOLS_METRICS_NAMESPACE: 'BedrockGateway',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    GATEWAY_TABLE_NAME: 'bench-ledger',
  };
}

async function importOnce(loaderPath: string, bundlePath: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['--enable-source-maps', '--no-warnings', loaderPath, bundlePath], {
    env: lambdaLikeEnvironment(),
    timeout: 30_000,
  });
  return (JSON.parse(stdout) as { importMs: number }).importMs;
}

/** Bundles every Lambda entry and times `coldLoads` fresh imports of each. */
async function runBundleBench(coldLoads: number): Promise<BundleResult[]> {
  const outdir = mkdtempSync(join(tmpdir(), 'gateway-bench-bundles-'));
  try {
    const options = esbuildOptionsFor(LAMBDA_BUNDLING);
    const loaderPath = join(outdir, 'cold-load.js');
    await build({ entryPoints: [join(__dirname, 'cold-load-entry.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: loaderPath, logLevel: 'error' });
    const results: BundleResult[] = [];
    for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
      const outfile = join(outdir, name, 'index.js');
      await build({ ...options, entryPoints: [entry], outfile });
      const importMs: number[] = [];
      for (let i = 0; i < coldLoads; i++) importMs.push(await importOnce(loaderPath, outfile));
      results.push({
        name,
        bytes: statSync(outfile).size,
        gzipBytes: gzipSync(readFileSync(outfile)).length,
        sourceMapBytes: statSync(`${outfile}.map`).size,
        importMs,
        importMedianMs: median(importMs),
      });
    }
    return results;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export { esbuildOptionsFor, runBundleBench };
export type { BundleResult };
