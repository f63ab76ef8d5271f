/**
 * A team's calls go through its own application inference profile (so Cost Explorer splits Bedrock
 * spend by team), priced as the model: the openai client against the gateway, the Bedrock emulator
 * (which accepts application-inference-profile ARNs) and the embedded ledger.
 */
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import OpenAI from 'openai';
import { createGatewayApp } from '../../lambda/gateway/app';
import { modelRoutes } from '../../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../../lambda/gateway/services-factory';
import type { Ledger } from '../../lambda/ledger';
import { utcDay } from '../../lambda/ledger/table-keys';
import { ENV } from '../../lambda/platform/env-names';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { createEmbeddedDynamoDbClient, createLedgerTable, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../local/embedded-dynamodb';
import { startHttpAdapter, type RunningHttpServer } from '../../local/http-adapter';
import { RecordingMeter } from './openai-gateway-harness';

const SEARCH_PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/search0nova';

let emulator: BedrockEmulator;
let engine: EmbeddedDynamoDb;
let server: RunningHttpServer;
let bedrock: BedrockRuntimeClient;
let ledger: Ledger;
let meter: RecordingMeter;
const dynamoClients: { destroy(): void }[] = [];

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  [emulator, engine] = await Promise.all([
    startBedrockEmulator({ applicationInferenceProfiles: { search0nova: 'amazon.nova-micro-v1:0' } }),
    startEmbeddedDynamoDb(),
  ]);
  const dynamo = createEmbeddedDynamoDbClient(engine.endpoint);
  dynamoClients.push(dynamo);
  await createLedgerTable(dynamo, 'team-profiles');
  bedrock = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: emulator.runtimeUrl, credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'x' }, maxAttempts: 1 });
  const built = createServicesFromEnvironment({
    env: { GATEWAY_TABLE_NAME: 'team-profiles', [ENV.teamInferenceProfiles]: JSON.stringify({ search: { 'nova-micro': SEARCH_PROFILE } }) },
    dynamo,
    bedrock,
  });
  ledger = built.ledger;
  meter = new RecordingMeter(built.services.meter);
  server = await startHttpAdapter(createGatewayApp({ ...built.services, meter }, modelRoutes), { port: 0, maxBodyBytes: 1 << 20 });
});

afterAll(async () => {
  await server.close();
  bedrock.destroy();
  for (const client of dynamoClients) client.destroy();
  await Promise.all([emulator.close(), engine.close()]);
});

async function keyOf(team: string | undefined): Promise<string> {
  const secret = `sk-team-profile-${team ?? 'none'}-0001`;
  await ledger.keys.create({ name: `key-${team ?? 'none'}`, secret, ...(team === undefined ? {} : { team }) });
  return secret;
}

/** The team's recorded cost today. */
async function recordedCostOf(team: string): Promise<number> {
  const today = utcDay(Date.now());
  const aggregates = await ledger.usage.aggregates({ fromDay: today, toDay: today, team });
  return aggregates.reduce((sum, aggregate) => sum + aggregate.costNanoUsd, 0);
}

const ask = { model: 'nova-micro', max_tokens: 50, messages: [{ role: 'user' as const, content: 'Where does my spend go?' }] };

describe('per-team application inference profiles', () => {
  it("calls Bedrock through the team's profile, and other teams through the model id, at the same price", async () => {
    const search = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: await keyOf('search'), maxRetries: 0 });
    const others = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: await keyOf('finance'), maxRetries: 0 });

    const searchAnswer = await search.chat.completions.create(ask);
    const otherAnswer = await others.chat.completions.create(ask);

    const modelIds = emulator.requests.filter((request) => request.operation === 'Converse').map((request) => request.modelId);
    expect(modelIds).toEqual([SEARCH_PROFILE, 'amazon.nova-micro-v1:0']);
    // The client sees the model it asked for; the usage is identical, and so is its price.
    expect(searchAnswer.model).toBe('nova-micro');
    expect(searchAnswer.usage).toEqual(otherAnswer.usage);
    await meter.settled(2);
    const costs = await Promise.all(['search', 'finance'].map((team) => recordedCostOf(team)));
    expect(costs[0]).toBeGreaterThan(0);
    expect(costs[0]).toBe(costs[1]);
  });
});
