/** @module The esbuild settings of every Lambda bundle, shared by the function construct and the benchmark. */
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How NodejsFunction bundles each handler.
 *
 * - The local esbuild (`forceDockerBundling: false`; there is no Docker here).
 * - Minified, with external source maps and no embedded sources (the map stays small).
 * - Node 22, CommonJS.
 * - The AWS SDK v3 inside (`bundleAwsSDK: true`): the code runs against the SDK versions it was
 *   tested with, and esbuild tree-shakes it, preferring ESM builds (`mainFields: module, main`).
 *
 * `bench/lambda-bundles.ts` builds the same bundles to measure their size and import time.
 */
const LAMBDA_BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node22',
  format: nodejs.OutputFormat.CJS,
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
};

export { LAMBDA_BUNDLING };
