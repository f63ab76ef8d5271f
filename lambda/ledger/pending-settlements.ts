/**
 * @module Settlements that could not be finished within their invocation, kept in the ledger table
 * until the maintenance sweep finishes them.
 *
 * One item per admission under one partition (`SETTLEMENTS#PENDING`): they are written only when
 * DynamoDB kept failing a served request's writes past every retry, so the partition stays small and
 * the sweep reads it with one query. Items carry no TTL: a settlement is never dropped unfinished.
 */
import { DeleteItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { BudgetReservation } from './budget-counters';
import { attr, queryAllItems, readString, type DynamoItem } from './dynamo-item';
import type { CountedPeriods, UsageRecord } from './usage-store';

/** Everything needed to finish one request's settlement, as written when the request ended. */
interface SettlementPlan {
  readonly record: UsageRecord;
  /** The budget counters the request's cost went through (for the aggregate's split). */
  readonly counted: CountedPeriods;
  readonly budgets: readonly BudgetReservation[];
  readonly costNanoUsd: number;
}

/** The parts of a plan still to do. */
interface RemainingSteps {
  readonly record: boolean;
  readonly aggregate: boolean;
  /** Indexes into `plan.budgets`. */
  readonly budgets: readonly number[];
}

interface PendingSettlement {
  readonly plan: SettlementPlan;
  readonly remaining: RemainingSteps;
}

interface PendingSettlementStore {
  put(pending: PendingSettlement): Promise<void>;
  /** Every pending settlement, oldest first. */
  list(): Promise<PendingSettlement[]>;
  remove(plan: SettlementPlan): Promise<void>;
}

const PENDING_PARTITION = 'SETTLEMENTS#PENDING';
const FORMAT_VERSION = 1;

function itemKey(plan: SettlementPlan): DynamoItem {
  return { pk: attr.s(PENDING_PARTITION), sk: attr.s(`${new Date(plan.record.atMs).toISOString()}#${plan.record.admissionId}`) };
}

/** Reads back what `put` wrote; an item of another format is reported, never guessed at. */
function parsePending(item: DynamoItem): PendingSettlement {
  const body = readString(item, 'settlement');
  const parsed = body === undefined ? undefined : (JSON.parse(body) as { version?: unknown } & Partial<PendingSettlement>);
  if (parsed?.version !== FORMAT_VERSION || parsed.plan === undefined || parsed.remaining === undefined) {
    throw new Error(`pending settlement ${readString(item, 'sk') ?? '?'} has an unknown format`);
  }
  return { plan: parsed.plan, remaining: parsed.remaining };
}

function createPendingSettlementStore({ client, tableName }: { readonly client: DynamoDBClient; readonly tableName: string }): PendingSettlementStore {
  return {
    async put(pending) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...itemKey(pending.plan),
            type: attr.s('pendingSettlement'),
            requestId: attr.s(pending.plan.record.requestId),
            settlement: attr.s(JSON.stringify({ version: FORMAT_VERSION, ...pending })),
          },
        }),
      );
    },
    async list() {
      const items = await queryAllItems(client, tableName, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': attr.s(PENDING_PARTITION) },
        ConsistentRead: true,
      });
      return items.map(parsePending);
    },
    async remove(plan) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: itemKey(plan) }));
    },
  };
}

export { createPendingSettlementStore };
export type { PendingSettlement, PendingSettlementStore, RemainingSteps, SettlementPlan };
