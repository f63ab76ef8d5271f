/** @module CloudWatch dashboard and alarms for the gateway, built from its EMF metrics and the AWS service metrics. */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { METRIC, type MetricName } from '../lambda/platform/metric-names';
import type { GatewayApi } from './api';
import type { GatewayFirewall } from './firewall';
import type { GatewayFunction } from './gateway-function';
import type { LedgerTable } from './ledger-table';

/**
 * Dimension Powertools Metrics puts on every EMF metric (`serviceName`); it is spelled `service`.
 * Token, cost and time-to-first-token metrics add `Model`.
 */
const SERVICE_DIMENSION = 'service';
const MODEL_DIMENSION = 'Model';
/** Cost and tokens also go out per team (never per key or principal). */
const TEAM_DIMENSION = 'Team';

/**
 * A namespace as a SEARCH metric schema takes it: in double quotes when it has characters other
 * than letters and digits (`.`, `-`, `_`, `/`, `#`, `:` are allowed in namespaces).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html
 */
function searchSchemaName(name: string): string {
  return /^[A-Za-z0-9]+$/.test(name) ? name : `"${name}"`;
}

/** How many teams the top-teams widget shows. */
const TOP_TEAMS = 10;

const PERIOD = Duration.minutes(5);

/** Alarm thresholds; each has a default suited to a team-sized gateway. */
interface GatewayAlarmThresholds {
  /**
   * Percentage of API requests answered 5xx over 5 minutes (3 periods in a row).
   * @default 5
   */
  readonly serverErrorRatePercent?: number;
  /**
   * Bedrock throttling responses (after retries) per 5 minutes (2 of 3 periods).
   * @default 10
   */
  readonly bedrockThrottles?: number;
  /**
   * p99 of the gateway's request latency (`LatencyMs`, whole stream) in milliseconds (3 periods).
   * @default 120000
   */
  readonly latencyP99Ms?: number;
  /**
   * Budget denials (429 insufficient_quota) per 5 minutes: a spike means a runaway client or a budget set too low.
   * @default 50
   */
  readonly budgetDenials?: number;
  /**
   * DynamoDB read plus write throttle events per 5 minutes (2 of 3 periods).
   * @default 1
   */
  readonly dynamoDbThrottles?: number;
  /**
   * Failed runs of the maintenance function per 5 minutes (2 of 3 periods, i.e. two of three scheduled
   * runs): while it fails, budget holds stranded by crashed requests stay held.
   * @default 0
   */
  readonly maintenanceErrors?: number;
}

interface GatewayObservabilityProps {
  /** CloudWatch namespace of the gateway's EMF metrics (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly metricsNamespace: string;
  /** Value of the `service` dimension (`POWERTOOLS_SERVICE_NAME`). */
  readonly serviceName: string;
  readonly api: GatewayApi;
  readonly gatewayFunction: GatewayFunction;
  readonly authorizerFunction: GatewayFunction;
  readonly adminFunction: GatewayFunction;
  /** The scheduled ledger maintenance function (stale reservation sweep). */
  readonly maintenanceFunction: GatewayFunction;
  /**
   * The live catalog is on: the maintenance function fetches the catalog snapshot, and an alarm
   * watches its failures.
   * @default false
   */
  readonly catalogRefresh?: boolean;
  readonly ledger: LedgerTable;
  /**
   * The web ACL, for the WAF widgets.
   * @default - no WAF widgets
   */
  readonly firewall?: GatewayFirewall;
  /**
   * E-mail address subscribed to the created alarm topic (confirm the subscription mail).
   * @default - no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Existing SNS topic for alarms instead of a created one (its key policy must let CloudWatch publish).
   * @default - a KMS-encrypted topic is created
   */
  readonly alarmTopicArn?: string;
  /**
   * @default - see each threshold
   */
  readonly thresholds?: GatewayAlarmThresholds;
  /**
   * Removal policy of the created topic's KMS key.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Dashboard `<stack>-gateway` and the gateway's alarms.
 *
 * Widgets: requests, errors by class, latency p50/p90/p99, time to first token, input/output/cached
 * tokens and cost by model, the top teams by cost and tokens, Bedrock throttles/retries/fallbacks/shed load, budget and rate denials,
 * stale reservations released, settlements deferred to the sweep or lost, authorizer results, Lambda cold starts/concurrency/errors/throttles,
 * DynamoDB throttles, WAF blocks.
 * Alarms (to `alarmTopic`): 5xx rate, Bedrock throttling, latency p99, budget denial spike, DynamoDB
 * throttles, failing maintenance runs, any settlement lost (served but not recorded), and with the
 * live catalog a catalog snapshot fetch failing three runs in a row.
 */
class GatewayObservability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarmTopic: sns.ITopic;
  readonly alarms: readonly cloudwatch.Alarm[];
  private readonly namespace: string;
  private readonly serviceName: string;

  constructor(scope: Construct, id: string, props: GatewayObservabilityProps) {
    super(scope, id);
    if (props.alarmEmail !== undefined && props.alarmTopicArn !== undefined) {
      throw new Error(`GatewayObservability ${id}: set alarmEmail (a topic is created) or alarmTopicArn (an existing topic), not both.`);
    }
    this.namespace = props.metricsNamespace;
    this.serviceName = props.serviceName;
    const thresholds = props.thresholds ?? {};

    this.alarmTopic = props.alarmTopicArn !== undefined
      ? sns.Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn)
      : this.createTopic(props.removalPolicy ?? RemovalPolicy.RETAIN);
    if (props.alarmEmail !== undefined && this.alarmTopic instanceof sns.Topic) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    }

    this.alarms = this.createAlarms(props, thresholds);
    const alarmAction = new actions.SnsAction(this.alarmTopic);
    for (const alarm of this.alarms) alarm.addAlarmAction(alarmAction);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-gateway`,
      defaultInterval: Duration.hours(3),
      widgets: this.widgets(props),
    });
  }

  /** One of the gateway's EMF metrics, with the `service` dimension only. */
  metric(name: MetricName, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName: name,
      dimensionsMap: { [SERVICE_DIMENSION]: this.serviceName },
      statistic: 'Sum',
      period: PERIOD,
      ...props,
    });
  }

  /** One line per model of a per-model EMF metric (a SEARCH expression: dashboards only, not alarms). */
  metricByModel(name: MetricName, statistic = 'Sum'): cloudwatch.MathExpression {
    const schema = `{${searchSchemaName(this.namespace)},${MODEL_DIMENSION},${SERVICE_DIMENSION}}`;
    return new cloudwatch.MathExpression({
      expression: `SEARCH('${schema} MetricName="${name}" ${SERVICE_DIMENSION}="${this.serviceName}"', '${statistic}', ${PERIOD.toSeconds()})`,
      label: '',
      period: PERIOD,
    });
  }

  /**
   * The `limit` teams with the highest sum of a per-team EMF metric over the dashboard's time range,
   * one line each (SORT over a SEARCH: dashboards only, not alarms).
   */
  metricTopTeams(name: MetricName, limit = TOP_TEAMS): cloudwatch.MathExpression {
    const schema = `{${searchSchemaName(this.namespace)},${SERVICE_DIMENSION},${TEAM_DIMENSION}}`;
    const search = `SEARCH('${schema} MetricName="${name}" ${SERVICE_DIMENSION}="${this.serviceName}"', 'Sum', ${PERIOD.toSeconds()})`;
    return new cloudwatch.MathExpression({ expression: `SORT(${search}, SUM, DESC, ${limit})`, label: '', period: PERIOD });
  }

  private createTopic(removalPolicy: RemovalPolicy): sns.Topic {
    // The AWS-managed aws/sns key cannot be used: its policy does not let CloudWatch publish.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Bedrock gateway alarm topic',
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    return new sns.Topic(this, 'AlarmTopic', {
      displayName: 'Bedrock gateway alarms',
      masterKey: key,
      enforceSSL: true,
    });
  }

  private createAlarms(props: GatewayObservabilityProps, thresholds: GatewayAlarmThresholds): cloudwatch.Alarm[] {
    const serverErrorRate = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests: props.api.metricRequests(), errors: props.api.metricServerErrors() },
      label: '5xx rate (%)',
      period: PERIOD,
    });
    const ledger = props.ledger.table;
    const dynamoThrottles = new cloudwatch.MathExpression({
      expression: 'reads + writes',
      usingMetrics: {
        reads: ledger.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD }),
        writes: ledger.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD }),
      },
      label: 'DynamoDB throttle events',
      period: PERIOD,
    });
    const spec = (
      id: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      evaluationPeriods: number,
      datapointsToAlarm: number,
      description: string,
    ): cloudwatch.Alarm =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods,
        datapointsToAlarm,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
    return [
      spec('ServerErrorRateAlarm', serverErrorRate, thresholds.serverErrorRatePercent ?? 5, 3, 3,
        'More than the allowed share of API requests answered 5xx. Check the gateway function logs and Bedrock health.'),
      spec('BedrockThrottlingAlarm', this.metric(METRIC.bedrockThrottles), thresholds.bedrockThrottles ?? 10, 3, 2,
        'Bedrock keeps throttling after retries. Raise the model quota, add fallbacks in routes, or use a cross-region inference profile.'),
      spec('LatencyP99Alarm', this.metric(METRIC.latencyMs, { statistic: 'p99' }), thresholds.latencyP99Ms ?? 120_000, 3, 3,
        'Gateway p99 latency is high. Compare TimeToFirstTokenMs by model and the access log integration timings.'),
      spec('BudgetDenialSpikeAlarm', this.metric(METRIC.budgetDenials), thresholds.budgetDenials ?? 50, 1, 1,
        'Many requests refused for exhausted budgets: a runaway client or a budget set too low. See GET /admin/usage.'),
      spec('DynamoDbThrottleAlarm', dynamoThrottles, thresholds.dynamoDbThrottles ?? 1, 3, 2,
        'The ledger table is throttling; admission and settlement slow down. Look for a hot key (one key or team with heavy traffic).'),
      spec('SettlementLostAlarm', this.metric(METRIC.settlementsLost), 0, 1, 1,
        'A served request could not be recorded or charged: DynamoDB refused its writes and its deferral. Its log line ("settlement lost") holds the usage to replay.'),
      spec('MaintenanceErrorAlarm', props.maintenanceFunction.metricErrors(), thresholds.maintenanceErrors ?? 0, 3, 2,
        'The ledger maintenance function keeps failing, so reservations stranded by crashed requests stay held. Check its logs; POST /admin/maintenance/release-stale-reservations runs the sweep by hand.'),
      // A due fetch is retried every run (5 minutes): one failure is a blip, three in a row are not.
      ...(props.catalogRefresh === true
        ? [spec('CatalogRefreshAlarm', this.metric(METRIC.catalogRefreshFailures), 0, 3, 3,
            'The catalog snapshot (live model listing and AWS Price List) failed to refresh three runs in a row: gateways keep serving the stored one, and models released since are not served. See the maintenance function\'s "catalog snapshot refresh failed" log line; POST /admin/maintenance/refresh-catalog retries by hand.')]
        : []),
    ];
  }

  private widgets(props: GatewayObservabilityProps): cloudwatch.IWidget[][] {
    const api = props.api;
    const functions = [props.gatewayFunction, props.authorizerFunction, props.adminFunction, props.maintenanceFunction];
    const fnLabel = (fn: GatewayFunction): string => fn.node.id;
    const graph = (title: string, left: cloudwatch.IMetric[], width = 8, right?: cloudwatch.IMetric[]): cloudwatch.GraphWidget =>
      new cloudwatch.GraphWidget({ title, left, right, width, height: 6 });

    const rows: cloudwatch.IWidget[][] = [
      [
        new cloudwatch.TextWidget({
          markdown: `# Bedrock gateway\nEMF namespace \`${this.namespace}\`, ${SERVICE_DIMENSION} \`${this.serviceName}\`. Access logs: \`${api.accessLogGroup.logGroupName}\`.`,
          width: 18,
          height: 2,
        }),
        new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...this.alarms], width: 6, height: 2 }),
      ],
      [
        graph('Requests', [this.metric(METRIC.requests, { label: 'gateway Requests' }), api.metricRequests({ label: 'API Gateway Count' })]),
        graph('Errors by class', [
          this.metric(METRIC.errors4xx, { label: 'gateway 4xx' }),
          this.metric(METRIC.errors5xx, { label: 'gateway 5xx' }),
          api.metricClientErrors({ label: 'API Gateway 4XXError' }),
          api.metricServerErrors({ label: 'API Gateway 5XXError' }),
        ]),
        graph('Latency (ms)', ['p50', 'p90', 'p99'].map((p) => this.metric(METRIC.latencyMs, { statistic: p, label: `LatencyMs ${p}` }))),
      ],
      [
        graph('Time to first token p50 by model (ms)', [this.metricByModel(METRIC.timeToFirstTokenMs, 'p50')]),
        graph('Time to first token p90 by model (ms)', [this.metricByModel(METRIC.timeToFirstTokenMs, 'p90')]),
        graph('Time to first token p99 by model (ms)', [this.metricByModel(METRIC.timeToFirstTokenMs, 'p99')]),
      ],
      [
        graph('Input tokens by model', [this.metricByModel(METRIC.inputTokens)], 6),
        graph('Output tokens by model', [this.metricByModel(METRIC.outputTokens)], 6),
        graph('Cached tokens by model (read / write)', [
          this.metricByModel(METRIC.cacheReadTokens),
          this.metricByModel(METRIC.cacheWriteTokens),
        ], 6),
        graph('Cost by model (USD)', [this.metricByModel(METRIC.costUsd)], 6),
      ],
      [
        graph(`Top ${TOP_TEAMS} teams by cost (USD)`, [this.metricTopTeams(METRIC.costUsd)], 12),
        graph(`Top ${TOP_TEAMS} teams by input tokens`, [this.metricTopTeams(METRIC.inputTokens)], 6),
        graph(`Top ${TOP_TEAMS} teams by output tokens`, [this.metricTopTeams(METRIC.outputTokens)], 6),
      ],
      [
        graph('Bedrock throttles, retries, fallbacks, shed load', [
          this.metric(METRIC.bedrockThrottles),
          this.metric(METRIC.retries),
          this.metric(METRIC.fallbacks),
          this.metric(METRIC.shedRequests),
        ]),
        graph(
          'Budget and rate denials, budget alerts, stale reservations released, settlements deferred and lost',
          [
            this.metric(METRIC.budgetDenials),
            this.metric(METRIC.rateLimitDenials),
            this.metric(METRIC.ledgerUnavailable, { label: 'LedgerUnavailable' }),
            this.metric(METRIC.alertsPublished, { label: 'BudgetAlertsPublished' }),
            this.metric(METRIC.alertFailures, { label: 'BudgetAlertFailures' }),
          ],
          8,
          [
            this.metric(METRIC.staleReservationsReleased, { label: 'StaleReservationsReleased' }),
            this.metric(METRIC.settlementsDeferred, { label: 'SettlementsDeferred' }),
            this.metric(METRIC.settlementsLost, { label: 'SettlementsLost' }),
          ],
        ),
        graph(
          'Authorizer results',
          [this.metric(METRIC.authFailures, { label: 'AuthFailures' }), props.authorizerFunction.function.metricInvocations({ label: 'authorizer invocations', period: PERIOD })],
          8,
          [props.authorizerFunction.metricErrors({ label: 'authorizer errors' })],
        ),
      ],
      [
        graph('Lambda cold starts', [this.metric(METRIC.coldStarts, { label: 'ColdStarts' })], 6),
        graph('Lambda concurrency', functions.map((fn) => fn.metricConcurrentExecutions({ label: fnLabel(fn) })), 6),
        graph('Lambda errors and throttles', [
          ...functions.map((fn) => fn.metricErrors({ label: `${fnLabel(fn)} errors` })),
          ...functions.map((fn) => fn.metricThrottles({ label: `${fnLabel(fn)} throttles` })),
        ], 6),
        graph('Lambda duration p99 (ms)', functions.map((fn) => fn.metricDuration('p99', { label: fnLabel(fn) })), 6),
      ],
      [
        graph('DynamoDB throttles', [
          props.ledger.table.metric('ReadThrottleEvents', { statistic: 'Sum', period: PERIOD, label: 'ReadThrottleEvents' }),
          props.ledger.table.metric('WriteThrottleEvents', { statistic: 'Sum', period: PERIOD, label: 'WriteThrottleEvents' }),
        ], 12),
        ...(props.firewall === undefined
          ? []
          : [
              graph('WAF blocks', [
                props.firewall.metricBlockedRequests({ label: 'blocked (all rules)' }),
                props.firewall.metricRateLimited({ label: 'rate limited per IP' }),
                props.firewall.metricCountedRequests('AWSManagedRulesCommonRuleSet', { label: 'counted: common rule set (body rules)' }),
              ], 12),
            ]),
      ],
    ];
    return rows;
  }
}

export { GatewayObservability, MODEL_DIMENSION, SERVICE_DIMENSION, TEAM_DIMENSION };
export type { GatewayAlarmThresholds, GatewayObservabilityProps };
