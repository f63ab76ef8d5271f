/** @module Test fixture: an embedded DynamoDB per test file and a fresh ledger table per test. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CatalogEntry } from '../../../lambda/catalog/types';
import type { Principal } from '../../../lambda/identity/principal';
import { createDynamoLedger, type Ledger } from '../../../lambda/ledger';
import type { AdmissionInput } from '../../../lambda/ledger';
import {
  createEmbeddedDynamoDbClient,
  createLedgerTable,
  startEmbeddedDynamoDb,
  type EmbeddedDynamoDb,
} from '../../../local/embedded-dynamodb';

interface LedgerFixture {
  readonly client: () => DynamoDBClient;
  /** A ledger on a new, empty table; `clock.ms` drives its time. */
  newLedger(options?: { policyCacheMs?: number; logger?: Logger }): Promise<{ ledger: Ledger; clock: { ms: number }; tableName: string }>;
}

let tableCounter = 0;

/** Registers beforeAll/afterAll hooks that run dynalite for the current test file. */
function useEmbeddedLedger(): LedgerFixture {
  let engine: EmbeddedDynamoDb | undefined;
  let client: DynamoDBClient | undefined;
  beforeAll(async () => {
    engine = await startEmbeddedDynamoDb();
    client = createEmbeddedDynamoDbClient(engine.endpoint);
  });
  afterAll(async () => {
    client?.destroy();
    await engine?.close();
  });
  const getClient = (): DynamoDBClient => {
    if (client === undefined) throw new Error('embedded DynamoDB not started');
    return client;
  };
  return {
    client: getClient,
    async newLedger(options = {}) {
      const tableName = `ledger-test-${process.pid}-${++tableCounter}`;
      await createLedgerTable(getClient(), tableName);
      const clock = { ms: Date.parse('2025-06-14T12:00:30Z') };
      const ledger = createDynamoLedger({
        client: getClient(),
        tableName,
        now: () => clock.ms,
        policyCacheMs: options.policyCacheMs ?? 0,
        logger: options.logger ?? new Logger({ logLevel: 'SILENT' }),
      });
      return { ledger, clock, tableName };
    },
  };
}

/** A minimal catalog entry: the meter only reads its id. */
function fakeModel(id = 'test-model'): CatalogEntry {
  return { id } as unknown as CatalogEntry;
}

/** An admission input with sensible defaults. */
function admission(principal: Principal, overrides: Partial<AdmissionInput> = {}): AdmissionInput {
  return {
    principal,
    model: fakeModel(),
    requestId: `req_${Math.random().toString(16).slice(2)}${Date.now()}`,
    maxCostNanoUsd: 1_000_000,
    estimatedInputTokens: 100,
    maxOutputTokens: 1000,
    ...overrides,
  };
}

export { admission, fakeModel, useEmbeddedLedger };
export type { LedgerFixture };
