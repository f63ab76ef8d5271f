/**
 * @module `npm start`: the gateway on a laptop, on embedded defaults (DynamoDB and the Bedrock emulator).
 *
 * It only prepares the environment (endpoints, credentials, table, keys) and then builds the
 * services with the same factory the Lambda uses, so no request path exists only here.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { adminRoutes } from '../lambda/admin/routes';
import { createGatewayApp } from '../lambda/gateway/app';
import { modelRoutes } from '../lambda/gateway/routes';
import { healthRoutes } from '../lambda/gateway/routes/health';
import { lazyAwsListingSource, regionOfEnvironment } from '../lambda/catalog/lazy-aws-listing-source';
import { createServicesFromEnvironment } from '../lambda/gateway/services-factory';
import type { GatewayServices } from '../lambda/gateway/services';
import { generateKeySecret } from '../lambda/platform/virtual-key-secret';
import { ensureDevKey } from '../lambda/ledger/ledger';
import { readRuntimeConfig } from '../lambda/platform/config';
import { ENV } from '../lambda/platform/env-names';
import { startBedrockEmulator, type BedrockEmulator } from '../local/bedrock-emulator';
import { createLedgerTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../local/embedded-dynamodb';
import { startHttpAdapter } from '../local/http-adapter';

const DEFAULT_PORT = 4000;
/** Where `npm start` keeps its ledger and dev credentials unless told otherwise: `.gateway/` in the repository. */
const DEFAULT_DATA_DIR = join(__dirname, '..', '.gateway');
const BEDROCK_MODES = ['emulator', 'aws'] as const;
type BedrockMode = (typeof BEDROCK_MODES)[number];

interface DevOptions {
  readonly bedrock: BedrockMode;
  readonly port: number;
  /** The folder of the embedded ledger and the generated dev credentials; `undefined` with `--ephemeral`. */
  readonly dataDir: string | undefined;
}

function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DevOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      bedrock: { type: 'string', default: 'emulator' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      ephemeral: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dataDirSetting = values['data-dir'] ?? env.GATEWAY_DATA_DIR;
  if (values.ephemeral === true && values['data-dir'] !== undefined) throw new Error('--ephemeral and --data-dir exclude each other.');
  if (dataDirSetting === '') throw new Error('--data-dir (GATEWAY_DATA_DIR) must name a folder.');
  const bedrock = values.bedrock as string;
  if (!BEDROCK_MODES.includes(bedrock as BedrockMode)) {
    throw new Error(`--bedrock must be one of ${BEDROCK_MODES.join(', ')}, got "${bedrock}".`);
  }
  const rawPort = values.port ?? env.PORT ?? String(DEFAULT_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${rawPort}".`);
  return { bedrock: bedrock as BedrockMode, port, dataDir: values.ephemeral === true ? undefined : resolve(dataDirSetting ?? DEFAULT_DATA_DIR) };
}

/** The generated dev key and admin token, kept next to the ledger so they keep working after a restart. */
interface DevCredentials {
  readonly devKey?: string;
  readonly adminToken?: string;
}

const CREDENTIALS_FILE = 'dev-credentials.json';

function readDevCredentials(dataDir: string | undefined): DevCredentials {
  if (dataDir === undefined) return {};
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, CREDENTIALS_FILE), 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof parsed.devKey === 'string' ? { devKey: parsed.devKey } : {}),
      ...(typeof parsed.adminToken === 'string' ? { adminToken: parsed.adminToken } : {}),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${join(dataDir, CREDENTIALS_FILE)} is unreadable (${(error as Error).message}); delete it to generate new credentials.`);
  }
}

const LOCK_FILE = 'npm-start.pid';

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the data folder for this process (LevelDB allows one process per folder, and dynalite would
 * crash on the second); a lock left by a process that no longer runs is taken over. Returns the release.
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new Error(`${dataDir} is in use by another npm start (process ${holder}). Stop it, or start with --data-dir <other folder> or --ephemeral.`);
      }
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir} (${lockPath} keeps reappearing).`);
}

/** Saved readable by the owner only: the file holds a key secret and the admin token. */
function writeDevCredentials(dataDir: string, credentials: DevCredentials): void {
  writeFileSync(join(dataDir, CREDENTIALS_FILE), `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
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

function ledgerLocation(embedded: boolean, dataDir: string | undefined): string {
  if (!embedded) return 'in the DynamoDB endpoint above';
  if (dataDir === undefined) return 'in memory (--ephemeral): lost when this process stops';
  return `${join(dataDir, 'ledger')} (kept across restarts; delete ${dataDir} to reset, or start with --ephemeral)`;
}

async function main(): Promise<void> {
  const env = process.env;
  const options = readOptions(process.argv.slice(2), env);
  const stops: (() => Promise<void>)[] = [];
  // Registered before anything starts, so Ctrl-C during start-up also closes what is already running.
  let stopping = false;
  let releaseDataDir = (): void => undefined;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping...\n');
    void (async () => {
      for (const close of stops) await close().catch(() => undefined);
      // Last: the engine has closed its LevelDB, so another process may open the folder.
      releaseDataDir();
      process.exit(0);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  let dynamoEndpoint = env.AWS_ENDPOINT_URL_DYNAMODB;
  let embedded: EmbeddedDynamoDb | undefined;
  // Only the embedded engine keeps its data in the folder; an external endpoint keeps its own.
  const dataDir = dynamoEndpoint === undefined ? options.dataDir : undefined;
  if (dataDir !== undefined) {
    mkdirSync(join(dataDir, 'ledger'), { recursive: true, mode: 0o700 });
    releaseDataDir = lockDataDir(dataDir);
  }
  if (dynamoEndpoint === undefined) {
    embedded = await startEmbeddedDynamoDb(dataDir === undefined ? {} : { path: join(dataDir, 'ledger') });
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
    // The emulator also serves the AWS Price List API (GetProducts) for the live catalog.
    env.AWS_ENDPOINT_URL_PRICING = emulator.controlUrl;
  }
  // The catalog merges the live listing and the price list at start (the emulator's, or AWS's with --bedrock=aws).
  env[ENV.catalogRefresh] ??= 'true';
  if (embedded !== undefined || emulator !== undefined) useLocalCredentialsIfMissing(env);
  // EMF lines are for CloudWatch; locally they would drown the request log.
  env.POWERTOOLS_METRICS_DISABLED ??= 'true';

  const config = readRuntimeConfig(env);
  await createLedgerTable(new DynamoDBClient({}), config.tableName);

  // A chosen key or token (environment) wins; generated ones are kept in the data folder for the next start.
  const saved = readDevCredentials(dataDir);
  const chosenKey = env[ENV.devKey];
  const chosenToken = env[ENV.adminToken];
  const devKey = chosenKey ?? saved.devKey ?? generateKeySecret();
  const adminToken = chosenToken ?? saved.adminToken ?? `admin-${randomBytes(24).toString('base64url')}`;
  env[ENV.adminToken] = adminToken;
  const keep: DevCredentials = { devKey: chosenKey === undefined ? devKey : saved.devKey, adminToken: chosenToken === undefined ? adminToken : saved.adminToken };
  if (dataDir !== undefined && (keep.devKey !== saved.devKey || keep.adminToken !== saved.adminToken)) writeDevCredentials(dataDir, keep);

  const { services, ledger, alerts } = createServicesFromEnvironment({ env, listingSource: lazyAwsListingSource(regionOfEnvironment()) });
  // The live listing loads while the rest starts; it is in before the ready message.
  const catalogLoaded = loadCatalog(services);
  await ensureDevKey(ledger, devKey);
  const app = createGatewayApp(services, [...healthRoutes, ...modelRoutes, ...adminRoutes({ ledger, alerts })]);
  const server = await startHttpAdapter(app, { port: options.port, maxBodyBytes: config.maxBodyBytes });
  stops.unshift(server.close);
  const catalogLine = await catalogLoaded;

  const lines = [
    `Bedrock gateway listening on ${server.url}`,
    `  OpenAI base URL: ${server.url}/v1`,
    `  Bedrock:         ${emulator === undefined ? `AWS (${env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? `region ${env.AWS_REGION ?? 'from your AWS config'}`})` : `built-in emulator (${emulator.runtimeUrl})`}`,
    `  DynamoDB:        ${embedded === undefined ? dynamoEndpoint : `embedded (${dynamoEndpoint})`}, table ${config.tableName}`,
    `  Catalog:         ${catalogLine}`,
    `  Data:            ${ledgerLocation(embedded !== undefined, dataDir)}`,
    `  Virtual key:     ${devKey}${env[ENV.devKey] === undefined ? `  (generated${dataDir === undefined ? '' : ', kept for the next start'}; set GATEWAY_DEV_KEY to choose one)` : ''}`,
    `  Admin token:     ${adminToken}`,
    `  Console:         GATEWAY_URL=${server.url} GATEWAY_ADMIN_TOKEN=${adminToken} npm run console`,
    `  Health:          ${server.url}/health (liveness), ${server.url}/health/ready (DynamoDB and Bedrock reachable)`,
    '',
    'Try it:',
    curlExample(server.url, devKey),
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** How long `npm start` waits for the live listing before it serves with the catalog it has. */
const CATALOG_LOAD_TIMEOUT_MS = 3_000;

/**
 * Runs the catalog refresh into the local ledger now, as the deployment's maintenance function does
 * (the listing and the price list fetched, written as the catalog snapshot, merged), so the first
 * request sees them. On failure the snapshot kept in the data folder (if any) serves, else the
 * built-in catalog.
 */
async function loadCatalog(services: GatewayServices): Promise<string> {
  const { catalog, refreshCatalogSnapshot } = services;
  if (refreshCatalogSnapshot === undefined) return `${catalog.list().length} models (built-in; ${ENV.catalogRefresh}=false)`;
  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CATALOG_LOAD_TIMEOUT_MS / 1000} s`)), CATALOG_LOAD_TIMEOUT_MS);
    });
    const report = await Promise.race([refreshCatalogSnapshot(), timeout]).finally(() => clearTimeout(timer));
    const unpriced = report.unpriced.length === 0 ? '' : `; listed without a price, refused: ${report.unpriced.map((model) => model.id).join(', ')}`;
    return `${report.models} models (${report.added.length} from the live listing${unpriced})`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const kept = await catalog.refresh?.().catch(() => undefined);
    return kept === undefined
      ? `${catalog.list().length} models (built-in; the live listing could not be read: ${reason})`
      : `${kept.models} models (the snapshot of ${kept.fetchedAt}; the live listing could not be read: ${reason})`;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
