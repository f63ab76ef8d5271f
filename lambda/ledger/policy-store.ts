/**
 * @module Budgets and rate limits configured per subject (key, team or principal): one policy item each.
 */
import {
  BatchGetItemCommand,
  GetItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { attr, keyOf, queryAllItems, readNumber, readString, type DynamoItem } from './dynamo-item';
import { BUDGET_PERIODS, POLICY_LIST_PARTITION, SUBJECT_KINDS, indexKeys, itemKeys, type BudgetPeriod, type Subject, type SubjectKind } from './table-keys';

/** Percentages of a budget at which an alert is published, when a budget names none. */
const DEFAULT_ALERT_THRESHOLDS: readonly number[] = [50, 80, 100];

/** A spending cap in integer nano-USD per period. */
interface BudgetPolicy {
  readonly limitNanoUsd: number;
  readonly period: BudgetPeriod;
  /**
   * Percentages of the limit (ascending, 1 to 100) whose crossing publishes one alert per period;
   * `[]` turns alerts off.
   * @default DEFAULT_ALERT_THRESHOLDS
   */
  readonly alertThresholds?: readonly number[];
}

/** Requests and tokens per minute; an absent field is unlimited. */
interface RateLimitPolicy {
  readonly rpm?: number;
  readonly tpm?: number;
}

/** Everything configured for one subject. */
interface SubjectPolicy {
  readonly subject: Subject;
  readonly budget?: BudgetPolicy;
  readonly limits?: RateLimitPolicy;
  readonly updatedAt?: string;
}

/** Reads and writes subject policies. */
interface PolicyStore {
  get(subject: Subject): Promise<SubjectPolicy>;
  /** Strongly consistent reads of several subjects in one round trip, in input order. */
  getMany(subjects: readonly Subject[]): Promise<SubjectPolicy[]>;
  /** Every policy (of one kind), sorted by kind and id; includes policies whose budget and limits were cleared. */
  list(kind?: SubjectKind): Promise<SubjectPolicy[]>;
  setBudget(subject: Subject, budget: BudgetPolicy): Promise<SubjectPolicy>;
  clearBudget(subject: Subject): Promise<SubjectPolicy>;
  /** Replaces the limits: a field left out becomes unlimited. */
  setLimits(subject: Subject, limits: RateLimitPolicy): Promise<SubjectPolicy>;
  clearLimits(subject: Subject): Promise<SubjectPolicy>;
}

interface PolicyStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

function isBudgetPeriod(value: string | undefined): value is BudgetPeriod {
  return value !== undefined && (BUDGET_PERIODS as readonly string[]).includes(value);
}

function isSubjectKind(value: string | undefined): value is SubjectKind {
  return value !== undefined && (SUBJECT_KINDS as readonly string[]).includes(value);
}

function readThresholds(item: DynamoItem): number[] | undefined {
  const list = item.budgetAlertThresholds?.L;
  return list?.flatMap((value) => (value.N === undefined ? [] : [Number(value.N)]));
}

function policyFromItem(subject: Subject, item: DynamoItem | undefined): SubjectPolicy {
  if (item === undefined) return { subject };
  const limitNanoUsd = readNumber(item, 'budgetNanoUsd');
  const period = readString(item, 'budgetPeriod');
  const alertThresholds = readThresholds(item);
  const rpm = readNumber(item, 'rpm');
  const tpm = readNumber(item, 'tpm');
  return {
    subject,
    budget:
      limitNanoUsd !== undefined && isBudgetPeriod(period)
        ? { limitNanoUsd, period, ...(alertThresholds === undefined ? {} : { alertThresholds }) }
        : undefined,
    limits: rpm === undefined && tpm === undefined ? undefined : { rpm, tpm },
    updatedAt: readString(item, 'updatedAt'),
  };
}

/** BatchGetItem takes at most 100 keys; a principal has at most two subjects. */
const BATCH_GET_MAX_ATTEMPTS = 5;

/** Builds the policy store over the ledger table. */
function createPolicyStore({ client, tableName, now = Date.now }: PolicyStoreOptions): PolicyStore {
  async function get(subject: Subject): Promise<SubjectPolicy> {
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: keyOf(itemKeys.policy(subject)), ConsistentRead: true }));
    return policyFromItem(subject, Item);
  }

  async function getMany(subjects: readonly Subject[]): Promise<SubjectPolicy[]> {
    if (subjects.length === 0) return [];
    if (subjects.length === 1) return [await get(subjects[0] as Subject)];
    const found = new Map<string, DynamoItem>();
    let pending: DynamoItem[] = subjects.map((subject) => keyOf(itemKeys.policy(subject)));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === BATCH_GET_MAX_ATTEMPTS) throw new Error(`BatchGetItem left ${pending.length} policy keys unprocessed`);
      const result = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[tableName] ?? []) found.set(`${readString(item, 'pk')}`, item);
      pending = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
    return subjects.map((subject) => policyFromItem(subject, found.get(itemKeys.policy(subject).pk)));
  }

  async function list(kind?: SubjectKind): Promise<SubjectPolicy[]> {
    const items = await queryAllItems(client, tableName, {
      IndexName: 'gsi1',
      KeyConditionExpression: kind === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :kind)',
      ExpressionAttributeValues: { ':pk': attr.s(POLICY_LIST_PARTITION), ...(kind === undefined ? {} : { ':kind': attr.s(`${kind}#`) }) },
    });
    return items.flatMap((item) => {
      const subjectKind = readString(item, 'subjectKind');
      const id = readString(item, 'subjectId');
      return isSubjectKind(subjectKind) && id !== undefined ? [policyFromItem({ kind: subjectKind, id }, item)] : [];
    });
  }

  const header = 'SET #type = :type, subjectKind = :kind, subjectId = :id, updatedAt = :at, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk';

  function setBudget(subject: Subject, budget: BudgetPolicy): Promise<SubjectPolicy> {
    const thresholds = budget.alertThresholds;
    return write(
      subject,
      `${header}, budgetNanoUsd = :limit, budgetPeriod = :period${thresholds === undefined ? ' REMOVE budgetAlertThresholds' : ', budgetAlertThresholds = :thresholds'}`,
      {
        ':limit': attr.n(budget.limitNanoUsd),
        ':period': attr.s(budget.period),
        ...(thresholds === undefined ? {} : { ':thresholds': { L: thresholds.map((percent) => attr.n(percent)) } }),
      },
    );
  }

  function clearBudget(subject: Subject): Promise<SubjectPolicy> {
    return write(subject, `${header} REMOVE budgetNanoUsd, budgetPeriod, budgetAlertThresholds`, {});
  }

  function setLimits(subject: Subject, limits: RateLimitPolicy): Promise<SubjectPolicy> {
    const sets: string[] = [];
    const removes: string[] = [];
    const values: DynamoItem = {};
    for (const field of ['rpm', 'tpm'] as const) {
      const value = limits[field];
      if (value === undefined) removes.push(field);
      else {
        sets.push(`${field} = :${field}`);
        values[`:${field}`] = attr.n(value);
      }
    }
    const setPart = [header, ...sets].join(', ');
    return write(subject, removes.length > 0 ? `${setPart} REMOVE ${removes.join(', ')}` : setPart, values);
  }

  function clearLimits(subject: Subject): Promise<SubjectPolicy> {
    return write(subject, `${header} REMOVE rpm, tpm`, {});
  }

  async function write(subject: Subject, expression: string, values: DynamoItem): Promise<SubjectPolicy> {
    const { Attributes } = await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: keyOf(itemKeys.policy(subject)),
        UpdateExpression: expression,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ...values,
          ':type': attr.s('policy'),
          ':kind': attr.s(subject.kind),
          ':id': attr.s(subject.id),
          ':at': attr.s(new Date(now()).toISOString()),
          ':gsi1pk': attr.s(indexKeys.policyList(subject).pk),
          ':gsi1sk': attr.s(indexKeys.policyList(subject).sk),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return policyFromItem(subject, Attributes);
  }

  return { get, getMany, list, setBudget, clearBudget, setLimits, clearLimits };
}

/** The thresholds that apply to a budget: its own, or the defaults. */
function alertThresholdsOf(budget: BudgetPolicy): readonly number[] {
  return budget.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS;
}

export { DEFAULT_ALERT_THRESHOLDS, alertThresholdsOf, createPolicyStore };
export type { BudgetPolicy, PolicyStore, PolicyStoreOptions, RateLimitPolicy, SubjectPolicy };
