/**
 * @module Budget alerts in the ledger table: one item per (budget, period, threshold), written only
 * if absent, so of all the settlements that cross a threshold concurrently exactly one publishes.
 */
import { randomBytes } from 'node:crypto';
import { GetItemCommand, PutItemCommand, QueryCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  attr,
  conditionFailureItem,
  isConditionalCheckFailed,
  keyOf,
  mayHaveLandedBefore,
  readNumber,
  readString,
  requireString,
  type DynamoItem,
} from '../ledger/dynamo-item';
import { ALERT_LIST_PARTITION, BUDGET_PERIODS, DAY_MS, SUBJECT_KINDS, indexKeys, itemKeys, ttlSeconds, type BudgetPeriod, type Subject } from '../ledger/table-keys';

/** One threshold of one budget crossed in one period. */
interface BudgetAlert {
  readonly subject: Subject;
  readonly period: BudgetPeriod;
  readonly periodKey: string;
  /** The percentage of the limit that was reached. */
  readonly thresholdPercent: number;
  /** Spend in the period right after the settlement that crossed the threshold. */
  readonly spentNanoUsd: number;
  readonly limitNanoUsd: number;
  /** ISO-8601 time of that settlement. */
  readonly at: string;
}

/** Claims and lists alerts. */
interface AlertStore {
  /**
   * Records the alert if this threshold of this budget was not yet recorded for the period; `true`
   * when this call recorded it (and so must publish it), `false` when another one did.
   */
  claim(alert: BudgetAlert): Promise<boolean>;
  /** The latest `limit` alerts, newest first. */
  recent(limit: number): Promise<BudgetAlert[]>;
}

interface AlertStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Alerts are kept this long after they were raised (the admin API lists them meanwhile). */
const ALERT_RETENTION_MS = 400 * DAY_MS;

function alertFromItem(item: DynamoItem): BudgetAlert | undefined {
  const kind = readString(item, 'subjectKind');
  const period = readString(item, 'period');
  if (!(SUBJECT_KINDS as readonly (string | undefined)[]).includes(kind) || !(BUDGET_PERIODS as readonly (string | undefined)[]).includes(period)) {
    return undefined;
  }
  return {
    subject: { kind: kind as Subject['kind'], id: requireString(item, 'subjectId') },
    period: period as BudgetPeriod,
    periodKey: requireString(item, 'periodKey'),
    thresholdPercent: readNumber(item, 'thresholdPercent') ?? 0,
    spentNanoUsd: readNumber(item, 'spentNanoUsd') ?? 0,
    limitNanoUsd: readNumber(item, 'limitNanoUsd') ?? 0,
    at: requireString(item, 'at'),
  };
}

/** Builds the alert store over the ledger table. */
function createAlertStore({ client, tableName }: AlertStoreOptions): AlertStore {
  async function claim(alert: BudgetAlert): Promise<boolean> {
    const key = itemKeys.budgetAlert(alert.subject, alert.period, alert.periodKey, alert.thresholdPercent);
    const index = indexKeys.alertList(alert.at, key);
    // Tells this call's own write, retried by the SDK after a lost reply, from another claimant's.
    const claimId = randomBytes(9).toString('base64url');
    try {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...keyOf(key),
            gsi1pk: attr.s(index.pk),
            gsi1sk: attr.s(index.sk),
            type: attr.s('budgetAlert'),
            ttl: attr.n(ttlSeconds(Date.parse(alert.at) + ALERT_RETENTION_MS)),
            subjectKind: attr.s(alert.subject.kind),
            subjectId: attr.s(alert.subject.id),
            period: attr.s(alert.period),
            periodKey: attr.s(alert.periodKey),
            thresholdPercent: attr.n(alert.thresholdPercent),
            spentNanoUsd: attr.n(alert.spentNanoUsd),
            limitNanoUsd: attr.n(alert.limitNanoUsd),
            at: attr.s(alert.at),
            claimId: attr.s(claimId),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing =
        conditionFailureItem(error) ??
        (mayHaveLandedBefore(error) ? (await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }))).Item : undefined);
      return existing !== undefined && readString(existing, 'claimId') === claimId;
    }
  }

  async function recent(limit: number): Promise<BudgetAlert[]> {
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': attr.s(ALERT_LIST_PARTITION) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return Items.flatMap((item) => alertFromItem(item) ?? []);
  }

  return { claim, recent };
}

export { createAlertStore };
export type { AlertStore, AlertStoreOptions, BudgetAlert };
