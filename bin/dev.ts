/**
 * @module `npm start`: the gateway on a laptop, on embedded defaults (DynamoDB and the Bedrock emulator).
 *
 * It only prepares the environment (endpoints, credentials, table, keys) and then builds the
 * services with the same factory the Lambda uses, so no request path exists only here.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { adminRoutes } from '../lambda/admin/routes';
import { createGatewayApp } from '../lambda/gateway/app';
import { modelRoutes } from '../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../lambda/gateway/services-factory';
import { generateKeySecret } from '../lambda/platform/virtual-key-secret';
import { ensureDevKey } from '../lambda/ledger/ledger';
import { readRuntimeConfig } from '../lambda/platform/config';
import { ENV } from '../lambda/platform/env-names';
import { startBedrockEmulator, type BedrockEmulator } from '../local/bedrock-emulator';
import { createLedgerTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../local/embedded-dynamodb';
import { startHttpAdapter } from '../local/http-adapter';

const DEFAULT_PORT = 4000;
const BEDROCK_MODES = ['emulator', 'aws'] as const;
type BedrockMode = (typeof BEDROCK_MODES)[number];

interface DevOptions {
  readonly bedrock: BedrockMode;
  readonly port: number;
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DevOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: { bedrock: { type: 'string', default: 'emulator' }, port: { type: 'string' } },
    strict: true,
  });
  const bedrock = values.bedrock as string;
  if (!BEDROCK_MODES.includes(bedrock as BedrockMode)) {
    throw new Error(`--bedrock must be one of ${BEDROCK_MODES.join(', ')}, got "${bedrock}".`);
  }
  const rawPort = values.port ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${rawPort}".`);
  return { bedrock: bedrock as BedrockMode, port };
}

/** Local credentials for the embedded engines, only where the environment has none. */
function useLocalCredentialsIfMissing(env: NodeJS.ProcessEnv): void {
  env.AWS_REGION ??= env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (env.AWS_ACCESS_KEY_ID === undefined && env.AWS_PROFILE === undefined) {
    env.AWS_ACCESS_KEY_ID = 'local';
    env.AWS_SECRET_ACCESS_KEY = 'local';
  }
}

function curlExample(url: string, key: string): string {
  const body = JSON.stringify({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hello!' }] });
  return [
    `curl ${url}/v1/chat/completions \\`,
    `  -H "Authorization: Bearer ${key}" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join('\n');
}

async function main(): Promise<void> {
  const env = process.env;
  const options = readOptions(process.argv.slice(2), env);
  const stops: (() => Promise<void>)[] = [];
  // Registered before anything starts, so Ctrl-C during start-up also closes what is already running.
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping...\n');
    void (async () => {
      for (const close of stops) await close().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let dynamoEndpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  let embedded: EmbeddedDynamoDb | undefined;
  if (dynamoEndpoint === undefined) {
    embedded = await startEmbeddedDynamoDb();
    stops.push(embedded.close);
    dynamoEndpoint = embedded.endpoint;
    env.AWS_ENDPOINT_URL_DYNAMODB = dynamoEndpoint;
  }

  let emulator: BedrockEmulator | undefined;
  if (options.bedrock === 'emulator') {
    emulator = await startBedrockEmulator();
    stops.push(emulator.close);
    env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = emulator.runtimeUrl;
    env.AWS_ENDPOINT_URL_BEDROCK = emulator.controlUrl;
  }
  if (embedded !== undefined || emulator !== undefined) useLocalCredentialsIfMissing(env);
  // EMF lines are for CloudWatch; locally they would drown the request log.
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  const config = readRuntimeConfig(env);
  await createLedgerTable(new DynamoDBClient({}), config.tableName);

  const devKey = env[ENV.devKey] ?? generateKeySecret();
  env[ENV.adminToken] ??= `admin-${randomBytes(24).toString('base64url')}`;
  const adminToken = env[ENV.adminToken];

  const { services, ledger, alerts } = createServicesFromEnvironment({ env });
  await ensureDevKey(ledger, devKey);
  const app = createGatewayApp(services, [...modelRoutes, ...adminRoutes({ ledger, alerts })]);
  const server = await startHttpAdapter(app, { port: options.port, maxBodyBytes: config.maxBodyBytes });
  stops.unshift(server.close);

  const lines = [
    `Bedrock gateway listening on ${server.url}`,
    `  OpenAI base URL: ${server.url}/v1`,
    `  Bedrock:         ${emulator === undefined ? `AWS (${env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? `region ${env.AWS_REGION ?? 'from your AWS config'}`})` : `built-in emulator (${emulator.runtimeUrl})`}`,
    `  DynamoDB:        ${embedded === undefined ? dynamoEndpoint : `embedded (${dynamoEndpoint})`}, table ${config.tableName}`,
    `  Virtual key:     ${devKey}${env[ENV.devKey] === undefined ? '  (generated; set GATEWAY_DEV_KEY to choose one)' : ''}`,
    `  Admin token:     ${adminToken}`,
    `  Console:         GATEWAY_URL=${server.url} GATEWAY_ADMIN_TOKEN=${adminToken} npm run console`,
    '',
    'Try it:',
    curlExample(server.url, devKey),
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
