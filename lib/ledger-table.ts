/** @module The ledger: one DynamoDB table for keys, budgets, rate windows and usage, with per-role bind helpers. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { ENV } from '../lambda/platform/env-names';
import type { EnvironmentTarget } from './gateway-function';

/** Name of the one global secondary index. */
const LEDGER_INDEX_NAME = 'gsi1';

/** Who uses the ledger; each role gets only the actions it needs. */
type LedgerRole = 'gateway' | 'authorizer' | 'admin' | 'maintenance';

/**
 * DynamoDB actions per role, on the table and on its index.
 *
 * - gateway: reads the key, budgets and limits (GetItem/BatchGetItem/Query), reserves and settles
 *   budgets and rate windows with conditional UpdateItem, writes usage records (PutItem).
 * - authorizer: looks a virtual key up by hash (GetItem/Query); it never writes.
 * - admin: full CRUD on keys, budgets and limits, and lists through the index (Query on gsi1);
 *   setting a budget seeds its counter from the period's usage aggregates (Query; DescribeTable for
 *   the day the table was created, where a `total` budget's history starts).
 * - maintenance: the sweep finishes deferred settlements (Query of their partition, GetItem,
 *   PutItem of the usage record, UpdateItem of counters and aggregates, DeleteItem of the deferral),
 *   finds the budget counters of a period through the index (Query on gsi1) to remove stranded
 *   holds with conditional UpdateItem, and re-seeds recently set budgets from the aggregates
 *   (Query, DescribeTable).
 */
const LEDGER_ACCESS = {
  gateway: {
    table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    index: [],
  },
  authorizer: { table: ['dynamodb:GetItem', 'dynamodb:Query'], index: [] },
  admin: {
    table: [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DescribeTable',
    ],
    index: ['dynamodb:Query'],
  },
  maintenance: {
    table: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'],
    index: ['dynamodb:Query'],
  },
} as const satisfies Record<LedgerRole, { table: readonly string[]; index: readonly string[] }>;

/**
 * Actions a role may take only on items whose partition key matches (`dynamodb:LeadingKeys`).
 *
 * - gateway: deletes stored Responses API responses (`DELETE /v1/responses/{id}`), nothing else.
 */
const LEDGER_SCOPED_ACCESS: Readonly<Record<LedgerRole, readonly { readonly actions: readonly string[]; readonly leadingKeys: readonly string[] }[]>> = {
  gateway: [{ actions: ['dynamodb:DeleteItem'], leadingKeys: ['RESPONSE#*'] }],
  authorizer: [],
  admin: [],
  maintenance: [],
};

const READ_ACTIONS: ReadonlySet<string> = new Set(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:DescribeTable']);

/** KMS actions DynamoDB performs on a caller's behalf with a customer-managed key. */
const KMS_READ_ACTIONS = ['kms:Decrypt', 'kms:DescribeKey'];
const KMS_WRITE_ACTIONS = [...KMS_READ_ACTIONS, 'kms:Encrypt', 'kms:GenerateDataKey'];

/** How the table is encrypted at rest. */
type LedgerEncryption = 'aws-managed' | 'customer-managed';

interface LedgerTableProps {
  /**
   * `RETAIN` keeps the table (and turns deletion protection on); `DESTROY` is for test stacks.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * `aws-managed` uses the `aws/dynamodb` KMS key (auditable in CloudTrail, no key to manage);
   * `customer-managed` creates a rotating KMS key you control (key policy, revocation).
   * @default 'aws-managed'
   */
  readonly encryption?: LedgerEncryption;
}

/**
 * The gateway's single DynamoDB table.
 *
 * On-demand billing, point-in-time recovery, KMS encryption, TTL on `ttl` (epoch seconds),
 * partition key `pk` and sort key `sk` (both strings), one GSI `gsi1` (`gsi1pk`/`gsi1sk`,
 * projection ALL). Retained with deletion protection unless `removalPolicy` is `DESTROY`.
 *
 * @example
 * const ledger = new LedgerTable(this, 'Ledger');
 * ledger.bind(gatewayFunction, 'gateway');
 */
class LedgerTable extends Construct {
  readonly table: dynamodb.ITable;
  /** The customer-managed key, when `encryption` is `customer-managed`. */
  readonly encryptionKey?: kms.IKey;
  readonly indexName = LEDGER_INDEX_NAME;

  constructor(scope: Construct, id: string, props: LedgerTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const encryption = props.encryption ?? 'aws-managed';
    if (removalPolicy !== RemovalPolicy.RETAIN && removalPolicy !== RemovalPolicy.DESTROY) {
      throw new Error(`LedgerTable: removalPolicy must be RETAIN or DESTROY, got ${removalPolicy}.`);
    }

    if (encryption === 'customer-managed') {
      this.encryptionKey = new kms.Key(this, 'Key', {
        description: 'Encrypts the Bedrock gateway ledger table',
        enableKeyRotation: true,
        removalPolicy,
      });
    }

    const table = new dynamodb.Table(this, 'Resource', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption:
        encryption === 'customer-managed'
          ? dynamodb.TableEncryption.CUSTOMER_MANAGED
          : dynamodb.TableEncryption.AWS_MANAGED,
      encryptionKey: this.encryptionKey,
      timeToLiveAttribute: 'ttl',
      deletionProtection: removalPolicy === RemovalPolicy.RETAIN,
      removalPolicy,
    });
    table.addGlobalSecondaryIndex({
      indexName: LEDGER_INDEX_NAME,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table = table;
  }

  /**
   * Grants `target` exactly the actions its role needs and sets `GATEWAY_TABLE_NAME` on it.
   * Customer-managed keys are granted alongside (encrypt/decrypt only for writers).
   */
  bind(target: EnvironmentTarget, role: LedgerRole): void {
    const access = LEDGER_ACCESS[role];
    // Explicit statements rather than `table.grant()`, which would add `index/*` for every role.
    target.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...access.table], resources: [this.table.tableArn] }),
    );
    for (const scoped of LEDGER_SCOPED_ACCESS[role]) {
      target.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...scoped.actions],
          resources: [this.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...scoped.leadingKeys] } },
        }),
      );
    }
    if (access.index.length > 0) {
      target.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: [...access.index],
          resources: [`${this.table.tableArn}/index/${LEDGER_INDEX_NAME}`],
        }),
      );
    }
    if (this.encryptionKey !== undefined) {
      // Explicit actions: grantEncryptDecrypt() would add the kms:ReEncrypt* and kms:GenerateDataKey* wildcards.
      const writes = access.table.some((action) => !READ_ACTIONS.has(action)) || LEDGER_SCOPED_ACCESS[role].length > 0;
      this.encryptionKey.grant(target, ...(writes ? KMS_WRITE_ACTIONS : KMS_READ_ACTIONS));
    }
    target.addEnvironment(ENV.tableName, this.table.tableName);
  }

  /** Requests DynamoDB throttled (read or write), summed over five minutes. */
  metricThrottledRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.table.metricThrottledRequestsForOperations({ period: Duration.minutes(5), ...props });
  }

  /** Errors DynamoDB attributes to the callers (conditional check failures excluded). */
  metricUserErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.table.metricUserErrors({ period: Duration.minutes(5), ...props });
  }
}

export { LEDGER_ACCESS, LEDGER_INDEX_NAME, LEDGER_SCOPED_ACCESS, LedgerTable };
export type { LedgerEncryption, LedgerRole, LedgerTableProps };
