/**
 * @module The catalog snapshot's item in the ledger table (`pk` `CATALOG`, `sk` `LIVE_LISTING`): the
 * compressed listing (`encodeCatalogSnapshot`) in a binary attribute, its `fetchedAt` beside it so
 * the maintenance run can tell whether it is due without reading the listing. One item, replaced
 * whole: readers never see half a snapshot.
 */
import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { decodeCatalogSnapshot, encodeCatalogSnapshot, SNAPSHOT_VERSION } from './catalog-snapshot';
import type { LiveListing } from './live-listing';

/** Reads and writes the snapshot. */
interface CatalogSnapshotStore {
  /**
   * The stored listing; undefined when none was written yet.
   * @throws the table's error, or CatalogSnapshotError for a snapshot that cannot be read.
   */
  read(): Promise<LiveListing | undefined>;
  /** The stored snapshot's `fetchedAt` (a small read: the listing is not fetched). */
  fetchedAt(): Promise<string | undefined>;
  /**
   * Replaces the snapshot, unless the stored one was fetched later (two writers racing: the
   * maintenance run and the admin refresh); false when it was kept.
   * @throws CatalogSnapshotError when the listing is too large for an item; the table's error.
   */
  write(listing: LiveListing): Promise<boolean>;
}

interface CatalogSnapshotStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

const SNAPSHOT_KEY: Record<string, AttributeValue> = { pk: { S: 'CATALOG' }, sk: { S: 'LIVE_LISTING' } };

function isConditionalCheckFailed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ConditionalCheckFailedException';
}

/**
 * The snapshot store over the ledger table.
 *
 * @example const store = createCatalogSnapshotStore({ client: new DynamoDBClient({}), tableName });
 */
function createCatalogSnapshotStore({ client, tableName }: CatalogSnapshotStoreOptions): CatalogSnapshotStore {
  return {
    async read() {
      const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: SNAPSHOT_KEY }));
      const bytes = Item?.['snapshot']?.B;
      return bytes === undefined ? undefined : decodeCatalogSnapshot(bytes);
    },
    async fetchedAt() {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: SNAPSHOT_KEY, ProjectionExpression: 'fetchedAt', ConsistentRead: true }),
      );
      return Item?.['fetchedAt']?.S;
    },
    async write(listing) {
      const snapshot = encodeCatalogSnapshot(listing);
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              ...SNAPSHOT_KEY,
              snapshot: { B: snapshot },
              fetchedAt: { S: listing.fetchedAt },
              version: { N: String(SNAPSHOT_VERSION) },
              models: { N: String(listing.models.length) },
              pricedModels: { N: String(Object.keys(listing.prices).length) },
            },
            // ISO timestamps of the same format order as strings.
            ConditionExpression: 'attribute_not_exists(pk) OR fetchedAt <= :fetchedAt',
            ExpressionAttributeValues: { ':fetchedAt': { S: listing.fetchedAt } },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
    },
  };
}

export { createCatalogSnapshotStore };
export type { CatalogSnapshotStore, CatalogSnapshotStoreOptions };
