/**
 * @module Run in a fresh `node` process: installs the awslambda stand-in, then times `require` of
 * the bundled handler given as the first argument, as the Lambda runtime's init phase would load it.
 * Prints `{"importMs":N}`.
 */
import { performance } from 'node:perf_hooks';
import { installLambdaRuntimeStandIn } from '../lambda-runtime-stand-in';

installLambdaRuntimeStandIn();
const bundlePath = process.argv[2];
if (bundlePath === undefined) throw new Error('usage: cold-load <bundle.js>');
const startedAt = performance.now();
// The handler module is only known at run time; a bundler must leave this require alone.
require(bundlePath);
process.stdout.write(`${JSON.stringify({ importMs: performance.now() - startedAt })}\n`);
