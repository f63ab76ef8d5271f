/**
 * @module The readiness checks of the gateway's two dependencies, each one cheap call:
 * a GetItem of an absent item in the ledger table, and a TCP (TLS for https) connection to the
 * Bedrock runtime endpoint, which proves the network path without calling (or paying for) a model.
 */
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { GetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReadinessCheck } from './readiness';

/** The key read by the DynamoDB check; no item is ever written there. */
const PROBE_KEY = { pk: { S: 'HEALTH#probe' }, sk: { S: 'HEALTH#probe' } } as const;

/** The ledger table answers a read (an absent item is fine; a missing table or no access is not). */
function dynamoDbCheck({ client, tableName }: { readonly client: DynamoDBClient; readonly tableName: string }): ReadinessCheck {
  return {
    name: 'dynamodb',
    async run(signal) {
      await client.send(new GetItemCommand({ TableName: tableName, Key: PROBE_KEY, ProjectionExpression: 'pk' }), { abortSignal: signal });
    },
  };
}

/** The Bedrock runtime endpoint a client calls: its configured endpoint, the environment's, or the Region's. */
interface BedrockEndpointSource {
  readonly config: { readonly endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number }>; readonly region: () => Promise<string> };
}

/** Where `client` sends Bedrock runtime calls. */
async function bedrockRuntimeEndpoint(client: BedrockEndpointSource, env: Readonly<Record<string, string | undefined>>): Promise<URL> {
  if (client.config.endpoint !== undefined) {
    const { protocol, hostname, port } = await client.config.endpoint();
    return new URL(`${protocol.replace(/:?$/, ':')}//${hostname}${port === undefined ? '' : `:${port}`}/`);
  }
  const fromEnv = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME ?? env.AWS_ENDPOINT_URL;
  if (fromEnv !== undefined && fromEnv !== '') return new URL(fromEnv);
  return new URL(`https://bedrock-runtime.${await client.config.region()}.amazonaws.com/`);
}

/** Opens a connection to `url` (TLS for https, with certificate checks) and closes it. */
function connectOnce(url: URL, signal: AbortSignal): Promise<void> {
  const secure = url.protocol === 'https:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise<void>((resolve, reject) => {
    const socket: Socket = secure
      ? tlsConnect({ host, port, servername: host, ALPNProtocols: ['h2', 'http/1.1'] }, () => done())
      : tcpConnect({ host, port }, () => done());
    const onAbort = (): void => {
      socket.destroy();
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    function done(error?: Error): void {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    }
    socket.once('error', (error) => done(error));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The Bedrock runtime endpoint accepts a connection. */
function bedrockEndpointCheck(endpoint: () => Promise<URL>): ReadinessCheck {
  return {
    name: 'bedrock',
    async run(signal) {
      await connectOnce(await endpoint(), signal);
    },
  };
}

export { bedrockEndpointCheck, bedrockRuntimeEndpoint, dynamoDbCheck };
export type { BedrockEndpointSource };
