/**
 * @module `npm run console`: the admin console on http://127.0.0.1:4100, talking to a local gateway
 * with its admin token or to a deployed one with SigV4 from the default AWS credential chain.
 */
import { parseArgs } from 'node:util';
import { createAdminApiClient, type AdminApiClient } from '../local/admin-api-client';
import { buildConsoleAssets } from '../local/console/assets';
import { DEFAULT_CONSOLE_PORT, startConsoleServer } from '../local/console/server';

const USAGE = `Usage: npm run console [-- options]

Options:
  --url URL      the gateway (default: $GATEWAY_URL or http://127.0.0.1:4000); for a deployed
                 gateway, its API URL with the stage: https://{id}.execute-api.{region}.amazonaws.com/prod
  --token T      admin token of a local gateway (default: $GATEWAY_ADMIN_TOKEN, printed by npm start);
                 without one, requests are signed with SigV4 from the default AWS credential chain
  --region R     region for SigV4 (default: from the URL, $AWS_REGION or us-east-1)
  --port N       console port on 127.0.0.1 (default: $CONSOLE_PORT or ${DEFAULT_CONSOLE_PORT})`;

const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

class ConsoleStartError extends Error {
  override readonly name = 'ConsoleStartError';
}

interface ConsoleSettings {
  readonly baseUrl: string;
  readonly token?: string;
  readonly region?: string;
  readonly port: number;
}

/** The settings, or undefined when only the usage was asked for. */
function readSettings(argv: readonly string[], env: NodeJS.ProcessEnv): ConsoleSettings | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: { url: { type: 'string' }, token: { type: 'string' }, region: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help === true) return undefined;
  const baseUrl = values.url ?? env.GATEWAY_URL ?? 'http://127.0.0.1:4000';
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new ConsoleStartError(`--url must be an http(s) URL, got "${baseUrl}".`);
  }
  const token = values.token ?? env.GATEWAY_ADMIN_TOKEN;
  if (token === undefined && LOCAL_HOSTS.has(parsed.hostname)) {
    throw new ConsoleStartError(
      `A local gateway (${baseUrl}) needs its admin token: GATEWAY_ADMIN_TOKEN=admin-... npm run console (npm start prints the token).`,
    );
  }
  const rawPort = values.port ?? env.CONSOLE_PORT ?? String(DEFAULT_CONSOLE_PORT);
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConsoleStartError(`--port must be a port number, got "${rawPort}".`);
  return { baseUrl, token, region: values.region, port };
}

/** One call at start, so a wrong token or missing credentials show up here and not only in the browser. */
async function checkAdminApi(admin: AdminApiClient): Promise<string> {
  try {
    const response = await admin.send({ method: 'GET', path: '/admin/keys' });
    if (response.ok) return 'reachable';
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    return `answered ${response.status}: ${body.error?.message ?? response.statusText}`;
  } catch (error) {
    const detail = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    return `not reachable: ${detail}`;
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  if (settings === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const admin = createAdminApiClient(settings, { env: process.env, fetch });
  const assets = await buildConsoleAssets();
  const server = await startConsoleServer({ admin, assets, port: settings.port });
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const how = admin.auth === 'token' ? 'admin token' : `SigV4 for region ${admin.region ?? '-'}, AWS credentials from the default chain`;
  const lines = [
    `Bedrock gateway console on ${server.url}`,
    `  Admin API: ${settings.baseUrl} (${how}), ${await checkAdminApi(admin)}`,
    `  Bundle:    ${(assets.bytes / 1024).toFixed(1)} KiB (${(assets.gzipBytes / 1024).toFixed(1)} KiB gzipped)`,
    '',
    'Press Ctrl-C to stop.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run console failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
