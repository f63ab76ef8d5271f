/** @module Test fixture: an embedded DynamoDB per test file and a fresh ledger table per test. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import type { CatalogEntry } from '../../../lambda/catalog/types';
import type { Principal } from '../../../lambda/identity/principal';
import { createDynamoLedger, type Ledger } from '../../../lambda/ledger';
import type { AdmissionInput } from '../../../lambda/ledger';
import type { BudgetSpendListener } from '../../../lambda/ledger/budget-counters';
import {
  createEmbeddedDynamoDbClient,
  createLedgerTable,
  startEmbeddedDynamoDb,
  type EmbeddedDynamoDb,
} from '../../../local/embedded-dynamodb';

interface LedgerFixture {
  readonly client: () => DynamoDBClient;
  /** A new client of the embedded engine (for tests that change its middleware). */
  readonly newClient: () => DynamoDBClient;
  /** A ledger on a new, empty table; `clock.ms` drives its time; `client` replaces the shared one. */
  newLedger(options?: {
    policyCacheMs?: number;
    logger?: Logger;
    client?: DynamoDBClient;
    staleReservationAfterMs?: number;
    onBudgetSpend?: BudgetSpendListener;
  }): Promise<{ ledger: Ledger; clock: { ms: number }; tableName: string }>;
}

/** Which commands a fault applies to. */
type CommandMatcher = (commandName: string, input: Record<string, unknown>) => boolean;

/**
 * Makes `client` lose the reply of the first command that `matches`: the request reaches the engine
 * and is applied, then the caller's attempt fails with a retryable `TimeoutError`, so the SDK's own
 * retry sends it again (the middleware sits inside the SDK's retry loop). Returns how many replies
 * were lost so far.
 */
function loseFirstReply(client: DynamoDBClient, matches: CommandMatcher, times = 1): () => number {
  let lost = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as Record<string, unknown>;
      if (lost < times && matches(context.commandName ?? '', input)) {
        lost += 1;
        throw Object.assign(new Error('socket timed out after the request was sent'), { name: 'TimeoutError', $metadata: {} });
      }
      return result;
    },
    { step: 'finalizeRequest', priority: 'low', name: 'loseFirstReply' },
  );
  return () => lost;
}

/**
 * Makes `client` fail every command that `matches` (while `active()` says so) with DynamoDB's
 * `InternalServerError`, before it reaches the engine: nothing is applied, and the SDK retries it.
 */
function failMatching(client: DynamoDBClient, matches: CommandMatcher, active: () => boolean = () => true): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (active() && matches(context.commandName ?? '', args.input as Record<string, unknown>)) {
        throw Object.assign(new Error('We encountered an internal error. Please try again.'), {
          name: 'InternalServerError',
          $fault: 'server',
          $metadata: { httpStatusCode: 500 },
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'failMatching' },
  );
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
  const extraClients: DynamoDBClient[] = [];
  afterAll(() => {
    for (const extra of extraClients) extra.destroy();
  });
  return {
    client: getClient,
    newClient() {
      if (engine === undefined) throw new Error('embedded DynamoDB not started');
      const extra = createEmbeddedDynamoDbClient(engine.endpoint);
      extraClients.push(extra);
      return extra;
    },
    async newLedger(options = {}) {
      const tableName = `ledger-test-${process.pid}-${++tableCounter}`;
      await createLedgerTable(getClient(), tableName);
      const clock = { ms: Date.parse('2025-06-14T12:00:30Z') };
      const ledger = createDynamoLedger({
        client: options.client ?? getClient(),
        tableName,
        now: () => clock.ms,
        policyCacheMs: options.policyCacheMs ?? 0,
        staleReservationAfterMs: options.staleReservationAfterMs,
        logger: options.logger ?? new Logger({ logLevel: 'SILENT' }),
        ...(options.onBudgetSpend === undefined ? {} : { onBudgetSpend: options.onBudgetSpend }),
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

export { admission, failMatching, fakeModel, loseFirstReply, useEmbeddedLedger };
export type { CommandMatcher, LedgerFixture };
