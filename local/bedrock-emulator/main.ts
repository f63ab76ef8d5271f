/**
 * @module Runs the emulator on its own: `npx tsx local/bedrock-emulator/main.ts`.
 *
 * `BEDROCK_EMULATOR_RUNTIME_PORT` and `BEDROCK_EMULATOR_CONTROL_PORT` fix the ports (default: free ones).
 * `BEDROCK_EMULATOR_TLS_PORT` (0 for a free one) adds the TLS listener; its certificate is written to
 * a temporary file for `NODE_EXTRA_CA_CERTS`.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBedrockEmulator } from './index';

function portFromEnv(name: string): number {
  const value = process.env[name];
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0-65535), got "${value}".`);
  return port;
}

async function main(): Promise<void> {
  const tlsPort = process.env['BEDROCK_EMULATOR_TLS_PORT'];
  const emulator = await startBedrockEmulator({
    runtimePort: portFromEnv('BEDROCK_EMULATOR_RUNTIME_PORT'),
    controlPort: portFromEnv('BEDROCK_EMULATOR_CONTROL_PORT'),
    ...(tlsPort === undefined ? {} : { tls: { port: portFromEnv('BEDROCK_EMULATOR_TLS_PORT') } }),
  });
  const tlsLines: string[] = [];
  if (emulator.tls !== undefined) {
    const certificateFile = join(mkdtempSync(join(tmpdir(), 'bedrock-emulator-')), 'certificate.pem');
    writeFileSync(certificateFile, emulator.tls.certificatePem);
    tlsLines.push(`  TLS (HTTP/2 and HTTP/1.1, as Bedrock): ${emulator.tls.url}`, `  trust it with NODE_EXTRA_CA_CERTS=${certificateFile}`);
  }
  process.stdout.write(
    [
      'Bedrock emulator running.',
      `  runtime (HTTP/2, BedrockRuntimeClient endpoint): ${emulator.runtimeUrl}`,
      `  control (HTTP/1.1, BedrockClient endpoint and /_emulator): ${emulator.controlUrl}`,
      ...tlsLines,
      `  e.g. AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${emulator.runtimeUrl} AWS_ENDPOINT_URL_BEDROCK=${emulator.controlUrl}`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
