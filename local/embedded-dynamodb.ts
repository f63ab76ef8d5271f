/**
 * @module Embedded DynamoDB for the local runner and tests: dynalite in-process (in memory, or in a
 * LevelDB folder through dynalite's `level` dependency), plus the ledger table.
 *
 * dynalite has neither transactions nor TTL expiry; the ledger needs neither (see lambda/ledger).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';

/** A running embedded engine. */
interface EmbeddedDynamoDb {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL_DYNAMODB` or a client's `endpoint`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

interface EmbeddedDynamoDbOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Folder of a LevelDB store that outlives the process (dynalite's `path`). @default - in memory */
  readonly path?: string;
}

/** The ledger table, exactly as lib/ledger-table.ts deploys it (billing aside). */
function ledgerTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'gsi1pk', AttributeType: 'S' },
      { AttributeName: 'gsi1sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'gsi1',
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  };
}

const errorName = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;

/**
 * Creates the ledger table if it does not exist and waits until it is active. Idempotent.
 *
 * Turns TTL on where the engine supports it (dynalite does not; expiry is clean-up only).
 */
async function createLedgerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(ledgerTableDefinition(tableName)));
  } catch (error) {
    if (errorName(error) !== 'ResourceInUseException') throw error;
  }
  for (let attempt = 0; ; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesReady = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesReady) break;
    if (attempt === 100) throw new Error(`table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }),
    );
  } catch (error) {
    const name = errorName(error);
    if (name !== 'UnknownOperationException' && name !== 'ValidationException') throw error;
  }
}

/** Starts dynalite on 127.0.0.1, in memory or (with `path`) on disk. */
async function startEmbeddedDynamoDb({ port = 0, path }: EmbeddedDynamoDbOptions = {}): Promise<EmbeddedDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path === undefined ? {} : { path }) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${actualPort}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** A client for the embedded engine (dummy credentials: dynalite checks none). */
function createEmbeddedDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export { createEmbeddedDynamoDbClient, createLedgerTable, ledgerTableDefinition, startEmbeddedDynamoDb };
export type { EmbeddedDynamoDb, EmbeddedDynamoDbOptions };
