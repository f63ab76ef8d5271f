/**
 * With audit sessions, every Bedrock call of a request is signed with its principal's role session:
 * the openai client through the gateway to the Bedrock emulator (which records the SigV4
 * Authorization header), STS faked (AssumeRole cannot run here).
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import OpenAI from 'openai';
import { createPrincipalSessions } from '../../lambda/audit/principal-sessions';
import { createGatewayApp } from '../../lambda/gateway/app';
import { modelRoutes } from '../../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../../lambda/gateway/services-factory';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import { startHttpAdapter, type RunningHttpServer } from '../../local/http-adapter';
import { RecordingMeter } from './openai-gateway-harness';

const ROLE = 'arn:aws:iam::123456789012:role/GatewayAudit';

let emulator: BedrockEmulator;
let engine: EmbeddedDynamoDb;
let server: RunningHttpServer;
let meter: RecordingMeter;
const assumed: (AssumeRoleCommand['input'])[] = [];
const clients: { destroy(): void }[] = [];
const keys: Record<string, { secret: string; id: string }> = {};

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  [emulator, engine] = await Promise.all([startBedrockEmulator(), startEmbeddedDynamoDb()]);
  const dynamo = createEmbeddedDynamoDbClient(engine.endpoint);
  clients.push(dynamo);
  await createLedgerTable(dynamo, 'audit-identity');
  const bedrock = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: emulator.runtimeUrl, credentials: { accessKeyId: 'AKIAFUNCTIONROLE', secretAccessKey: 'x' }, maxAttempts: 1 });
  clients.push(bedrock);
  const { services, ledger } = createServicesFromEnvironment({ env: { GATEWAY_TABLE_NAME: 'audit-identity' }, dynamo, bedrock });
  const sts = {
    send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
      assumed.push(command.input);
      const n = assumed.length;
      return Promise.resolve({ $metadata: {}, Credentials: { AccessKeyId: `ASIASESSION${n}`, SecretAccessKey: `s${n}`, SessionToken: `t${n}`, Expiration: new Date(Date.now() + 3_600_000) } });
    },
  };
  const principalSessions = createPrincipalSessions({
    roleArn: ROLE,
    sts,
    createClient: (region, credentials) => {
      const client = new BedrockRuntimeClient({ region: region ?? 'us-east-1', endpoint: emulator.runtimeUrl, credentials, maxAttempts: 1 });
      clients.push(client);
      return client;
    },
  });
  for (const name of ['alice', 'bob']) {
    const secret = `sk-audit-identity-${name}-0001`;
    keys[name] = { secret, id: (await ledger.keys.create({ name, secret })).record.id };
  }
  meter = new RecordingMeter(services.meter);
  server = await startHttpAdapter(createGatewayApp({ ...services, meter, principalSessions }, modelRoutes), { port: 0, maxBodyBytes: 1 << 20 });
});

afterAll(async () => {
  await server.close();
  await meter.settled(3);
  for (const client of clients) client.destroy();
  await Promise.all([emulator.close(), engine.close()]);
});

const ask = { model: 'nova-micro', max_tokens: 20, messages: [{ role: 'user' as const, content: 'Who am I to CloudTrail?' }] };

it("signs each principal's Bedrock calls with its own role session, assumed once per principal", async () => {
  const client = (name: string) => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: keys[name]?.secret, maxRetries: 0 });

  await client('alice').chat.completions.create(ask);
  await client('bob').chat.completions.create(ask);
  await client('alice').chat.completions.create(ask);

  expect(assumed.map((input) => [input.RoleArn, input.SourceIdentity])).toEqual([
    [ROLE, keys.alice?.id],
    [ROLE, keys.bob?.id],
  ]);
  const signedWith = emulator.requests
    .filter((request) => request.operation === 'Converse')
    .map((request) => /Credential=([A-Z0-9]+)\//.exec(request.headers.authorization ?? '')?.[1]);
  expect(signedWith).toEqual(['ASIASESSION1', 'ASIASESSION2', 'ASIASESSION1']);
  expect(emulator.requests.find((request) => request.operation === 'Converse')?.headers['x-amz-security-token']).toBe('t1');
});
