/** @module The gateway stack: composes the API, functions, ledger and its maintenance schedule, firewall, observability and audit trail from the typed config. */
import * as path from 'node:path';
import { Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, Tags, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { createCatalogAwaitingListing, createModelCatalog, parseCatalogOptions, type CatalogOptions, type ModelCatalog } from '../lambda/catalog';
import { DEFAULT_STALE_RESERVATION_AFTER_MS } from '../lambda/platform/config';
import { ENV } from '../lambda/platform/env-names';
import { GatewayApi, HEALTH_REQUEST_PATHS } from './api';
import { AuditIdentity } from './audit-identity';
import { AuditTrail } from './audit-trail';
import { compileRoutes, parseRoutesConfig } from '../lambda/routing/route-config';
import { RESILIENCE_ENV, type ResilienceKey } from './config';
import { BedrockAccess, grantCatalogRefresh } from './bedrock-access';
import { BudgetAlertTopic } from './budget-alert-topic';
import type { GatewayConfig } from './config';
import { GatewayFirewall } from './firewall';
import { GatewayFunction } from './gateway-function';
import { LedgerTable } from './ledger-table';
import { ModelInvocationLogging } from './model-invocation-logging';
import { TeamInferenceProfiles } from './team-inference-profiles';
import { GatewayObservability } from './observability';

/** Repository root; entry points are resolved from here. */
const PROJECT_ROOT = path.resolve(__dirname, '..');

/** The handlers bundled into the functions (the last only with model invocation logging). */
const LAMBDA_ENTRIES = {
  gateway: path.join(PROJECT_ROOT, 'lambda', 'gateway', 'handler.ts'),
  authorizer: path.join(PROJECT_ROOT, 'lambda', 'authorizer', 'handler.ts'),
  admin: path.join(PROJECT_ROOT, 'lambda', 'admin', 'handler.ts'),
  maintenance: path.join(PROJECT_ROOT, 'lambda', 'maintenance', 'handler.ts'),
  invocationLogging: path.join(PROJECT_ROOT, 'lambda', 'invocation-logging', 'handler.ts'),
} as const;

/**
 * How often the maintenance function sweeps stale reservations: a hold stranded by a dead process
 * blocks its budget for at most the reservation lifetime (20 minutes) plus this interval.
 */
const MAINTENANCE_INTERVAL = Duration.minutes(5);

/** `POWERTOOLS_SERVICE_NAME` of every function: one logical service, one `service` metric dimension. */
const SERVICE_NAME = 'bedrock-gateway';

/** Lambda caps all environment variables of a function at 4 KB together. */
const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

interface GatewayStackProps extends StackProps {
  /** The validated deployment configuration (`readGatewayConfig`). */
  readonly config: GatewayConfig;
  /**
   * Entry points to bundle instead of the real handlers (tests use small fixtures).
   * @default LAMBDA_ENTRIES: lambda/{gateway,authorizer,admin,maintenance,invocation-logging}/handler.ts
   */
  readonly entries?: Partial<Record<keyof typeof LAMBDA_ENTRIES, string>>;
}

/** The runtime variables for the `gateway.resilience` keys that are set; unset keys keep the runtime defaults. */
function resilienceEnvironment(config: GatewayConfig): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, name] of Object.entries(RESILIENCE_ENV) as [ResilienceKey, string][]) {
    const value = config.resilience[key];
    if (value !== undefined) environment[name] = String(value);
  }
  return environment;
}

/**
 * The IAM identity token variables of the authorizer and the gateway. The audience is per
 * deployment, so a token minted for another gateway does not replay here; the account list
 * defaults to the deployment's own account, and an empty list leaves the variable unset, which
 * refuses every token.
 */
function stsEnvironment(config: GatewayConfig): { environment: Record<string, string>; audience: string } {
  const { accounts = [Aws.ACCOUNT_ID], principals = [], audience = `bedrock-gateway:${Aws.STACK_NAME}:${Aws.REGION}:${Aws.ACCOUNT_ID}` } =
    config.iamIdentityTokens;
  return {
    audience,
    environment: {
      [ENV.stsAudience]: audience,
      ...(accounts.length > 0 ? { [ENV.stsAccounts]: accounts.join(',') } : {}),
      ...(principals.length > 0 ? { [ENV.stsPrincipals]: principals.join(',') } : {}),
    },
  };
}

/**
 * The whole gateway, env-agnostic unless `env` is given.
 *
 * Resources: REST API (regional or private) with WAF, four Lambda functions (gateway with response
 * streaming, REQUEST authorizer, admin, and ledger maintenance on an EventBridge schedule), the
 * DynamoDB ledger, Bedrock permissions derived from the model catalog, a dashboard with alarms to
 * SNS, and optionally a CloudTrail trail.
 */
class GatewayStack extends Stack {
  readonly config: GatewayConfig;
  readonly catalog: ModelCatalog;
  readonly ledger: LedgerTable;
  readonly gatewayFunction: GatewayFunction;
  readonly authorizerFunction: GatewayFunction;
  readonly adminFunction: GatewayFunction;
  /** Releases stale budget reservations, invoked by `maintenanceSchedule`. */
  readonly maintenanceFunction: GatewayFunction;
  /** The EventBridge rule running `maintenanceFunction` every five minutes. */
  readonly maintenanceSchedule: events.Rule;
  readonly bedrockAccess: BedrockAccess;
  readonly api: GatewayApi;
  readonly firewall?: GatewayFirewall;
  readonly observability: GatewayObservability;
  /** The SNS topic budget alerts go to (e-mail subscriptions from `budgetAlerts.emails`). */
  readonly budgetAlerts: BudgetAlertTopic;
  /** Application inference profiles per team (created or given), and the gateway's grant on them. */
  readonly teamInferenceProfiles: TeamInferenceProfiles;
  readonly auditTrail?: AuditTrail;
  /** The role of per-principal Bedrock sessions (`auditIdentity`). */
  readonly auditIdentity?: AuditIdentity;
  /** Bedrock model invocation logging to the stack's own destination (`modelInvocationLogging`). */
  readonly modelInvocationLogging?: ModelInvocationLogging;
  /** The execute-api endpoint created for a private API when no ids were given. */
  readonly vpcEndpoint?: ec2.CfnVPCEndpoint;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    const { config: _config, entries: _entries, ...stackProps } = props;
    super(scope, id, { description: 'OpenAI-compatible LLM gateway for Amazon Bedrock', ...stackProps });
    const config = props.config;
    const entries = { ...LAMBDA_ENTRIES, ...props.entries };
    this.config = config;
    // Cost allocation and ownership tags on every resource of the stack (and what it creates later).
    for (const [key, value] of Object.entries(config.tags)) Tags.of(this).add(key, value);
    const removalPolicy = config.removalPolicy === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    const catalogOptions = catalogOptionsOf(config);
    // With the live catalog, names only the account's listing can bring wait for it (checked by the
    // gateway when a snapshot merges); synthesis warns about them instead of failing.
    this.catalog = config.catalogRefresh ? createCatalogAwaitingListing(catalogOptions) : createModelCatalog(catalogOptions);
    const awaitingListing = [...(this.catalog.live?.deferred ?? [])];

    this.ledger = new LedgerTable(this, 'Ledger', { removalPolicy, encryption: config.tableEncryption });

    const house = {
      serviceName: SERVICE_NAME,
      metricsNamespace: config.metricsNamespace,
      logLevel: config.logLevel,
      logRetention,
      logRemovalPolicy: removalPolicy,
    };
    const catalogJson = JSON.stringify(catalogOptions);
    const sts = stsEnvironment(config);
    // The sweep's threshold, also on the admin function for manual runs, so both agree.
    const staleReservationEnvironment = { [ENV.staleReservationAfterMs]: String(DEFAULT_STALE_RESERVATION_AFTER_MS) };
    const gatewayEnvironment: Record<string, string> = {
      [ENV.maxBodyBytes]: String(config.waf.maxBodyBytes),
      [ENV.logPrompts]: String(config.logPrompts),
      [ENV.usageRetentionDays]: String(config.usageRetentionDays),
      [ENV.responseRetentionDays]: String(config.responseRetentionDays),
      [ENV.catalog]: catalogJson,
      ...(config.catalogRefresh ? { [ENV.catalogRefresh]: 'true' } : {}),
      ...(config.guardrail === undefined ? {} : { [ENV.guardrail]: JSON.stringify(config.guardrail) }),
      ...(config.routes === undefined ? {} : { [ENV.routes]: JSON.stringify(config.routes) }),
      ...(config.autoCachePoints ? { [ENV.autoCachePoints]: 'true' } : {}),
      ...resilienceEnvironment(config),
      ...sts.environment,
      ...(config.budgetAlerts.webhookUrl === undefined ? {} : { [ENV.alertWebhookUrl]: config.budgetAlerts.webhookUrl }),
      ...(config.budgetAlerts.webhookTimeoutMs === undefined ? {} : { [ENV.alertWebhookTimeoutMs]: String(config.budgetAlerts.webhookTimeoutMs) }),
    };
    this.gatewayFunction = new GatewayFunction(this, 'GatewayFunction', {
      ...house,
      entry: entries.gateway,
      description: 'OpenAI-compatible Bedrock gateway (response streaming)',
      memorySize: config.gatewayMemoryMb,
      // Matches the 15-minute streaming integration timeout: API Gateway never outlives the function.
      timeout: Duration.minutes(15),
      reservedConcurrentExecutions: config.reservedConcurrency,
      environment: checkEnvironmentSize('gateway', gatewayEnvironment),
    });
    this.authorizerFunction = new GatewayFunction(this, 'AuthorizerFunction', {
      ...house,
      entry: entries.authorizer,
      description: 'REQUEST authorizer: virtual keys, JWTs, STS identity tokens',
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: checkEnvironmentSize('authorizer', {
        [ENV.jwtIssuers]: JSON.stringify(config.jwtIssuers),
        ...sts.environment,
      }),
    });
    this.adminFunction = new GatewayFunction(this, 'AdminFunction', {
      ...house,
      entry: entries.admin,
      description: 'Admin API: keys, budgets, limits, usage (IAM only)',
      memorySize: 512,
      timeout: Duration.seconds(29),
      environment: checkEnvironmentSize('admin', {
        [ENV.catalog]: catalogJson,
        ...(config.catalogRefresh ? { [ENV.catalogRefresh]: 'true' } : {}),
        // Key model lists are checked against the routes too (a key may be limited to a route).
        ...(config.routes === undefined ? {} : { [ENV.routes]: JSON.stringify(config.routes) }),
        [ENV.usageRetentionDays]: String(config.usageRetentionDays),
        ...staleReservationEnvironment,
        ...(config.adminPrincipals === undefined ? {} : { [ENV.adminPrincipals]: config.adminPrincipals.join(',') }),
      }),
    });
    this.maintenanceFunction = new GatewayFunction(this, 'MaintenanceFunction', {
      ...house,
      entry: entries.maintenance,
      description: config.catalogRefresh
        ? 'Ledger maintenance: releases stale budget reservations, refreshes the catalog snapshot daily (EventBridge schedule)'
        : 'Ledger maintenance: releases stale budget reservations (EventBridge schedule)',
      memorySize: 256,
      // Well inside the interval, so runs do not pile up (an overlap would still be safe: each hold is released once).
      timeout: Duration.minutes(2),
      environment: {
        ...staleReservationEnvironment,
        // The live catalog: the listing and the Price List fetched into the snapshot once it is a day old.
        ...(config.catalogRefresh ? { [ENV.catalogRefresh]: 'true' } : {}),
        ...(config.budgetAlerts.webhookUrl === undefined ? {} : { [ENV.alertWebhookUrl]: config.budgetAlerts.webhookUrl }),
        ...(config.budgetAlerts.webhookTimeoutMs === undefined ? {} : { [ENV.alertWebhookTimeoutMs]: String(config.budgetAlerts.webhookTimeoutMs) }),
      },
    });
    // No asynchronous retries: the next scheduled run is the retry.
    this.maintenanceFunction.function.configureAsyncInvoke({ retryAttempts: 0 });
    this.maintenanceSchedule = new events.Rule(this, 'MaintenanceSchedule', {
      description: 'Runs the ledger maintenance function: releases budget reservations stranded by crashed requests',
      schedule: events.Schedule.rate(MAINTENANCE_INTERVAL),
      targets: [new targets.LambdaFunction(this.maintenanceFunction.function)],
    });

    this.ledger.bind(this.gatewayFunction, 'gateway');
    this.ledger.bind(this.authorizerFunction, 'authorizer');
    this.ledger.bind(this.adminFunction, 'admin');
    this.ledger.bind(this.maintenanceFunction, 'maintenance');

    // Settlements cross budget thresholds in the gateway function: it publishes the alerts.
    this.budgetAlerts = new BudgetAlertTopic(this, 'BudgetAlerts', { emails: config.budgetAlerts.emails, removalPolicy });
    this.budgetAlerts.bind(this.gatewayFunction);
    // Settlements the maintenance sweep finishes alert too.
    this.budgetAlerts.bind(this.maintenanceFunction);

    this.bedrockAccess = new BedrockAccess(this, 'BedrockAccess', {
      grantee: this.gatewayFunction,
      catalog: this.catalog,
      // Compiling the routes here also fails synthesis on a bad routing table, not the first request.
      routes:
        config.routes === undefined
          ? undefined
          : compileRoutes(parseRoutesConfig(config.routes, 'gateway.routes'), this.catalog, 'gateway.routes', {
              ...(config.catalogRefresh ? { onUnknownTarget: (field: string, model: string) => awaitingListing.push(`routes ${field}: ${JSON.stringify(model)}`) } : {}),
            }),
      guardrailId: config.guardrail?.id,
      liveCatalog: config.catalogRefresh,
    });
    if (awaitingListing.length > 0) {
      Annotations.of(this).addWarningV2(
        'gateway:catalog-awaits-live-listing',
        `These names are not in the built-in catalog; they are served once the account's live listing brings them (the listed-models IAM policy covers them): ${awaitingListing.join('; ')}`,
      );
    }
    // Only the functions that fetch the live catalog (the daily maintenance run, the admin refresh) get the
    // read-only listing and Price List calls; the gateway reads the snapshot from the ledger table.
    if (config.catalogRefresh) {
      grantCatalogRefresh(this.maintenanceFunction.function);
      grantCatalogRefresh(this.adminFunction.function);
    }

    this.teamInferenceProfiles = new TeamInferenceProfiles(this, 'TeamInferenceProfiles', {
      profiles: config.teamInferenceProfiles,
      catalog: this.catalog,
      stackTags: config.tags,
    });
    this.teamInferenceProfiles.bind(this.gatewayFunction);
    if (config.auditIdentity) {
      this.auditIdentity = new AuditIdentity(this, 'AuditIdentity', { gatewayFunction: this.gatewayFunction, invokePolicies: this.bedrockAccess.invokePolicies });
      this.teamInferenceProfiles.grantInvoke(this.auditIdentity.role);
    }

    const vpcEndpoints = this.privateEndpoints(config);
    this.vpcEndpoint = vpcEndpoints.created;

    this.api = new GatewayApi(this, 'Api', {
      gatewayFunction: this.gatewayFunction.function,
      authorizerFunction: this.authorizerFunction.function,
      adminFunction: this.adminFunction.function,
      endpointType: config.endpointType,
      vpcEndpoints: vpcEndpoints.all,
      allowedSourceVpcIds: config.allowedSourceVpcIds,
      authorizerCacheTtl: Duration.seconds(config.authorizerCacheTtlSeconds),
      throttle: config.throttle,
      accessLogRetention: logRetention,
      removalPolicy,
      createCloudWatchRole: config.apiGatewayCloudWatchRole,
      domain:
        config.domain === undefined
          ? undefined
          : {
              domainName: config.domain.name,
              certificate: acm.Certificate.fromCertificateArn(this, 'DomainCertificate', config.domain.certificateArn),
            },
    });

    if (config.waf.enabled) {
      this.firewall = new GatewayFirewall(this, 'Firewall', {
        stageArn: this.api.stage.stageArn,
        rateLimitPer5Min: config.waf.rateLimitPer5Min,
        rateLimitExemptPaths: HEALTH_REQUEST_PATHS,
        maxBodyBytes: config.waf.maxBodyBytes,
        ipAllowList: config.waf.ipAllowList,
        logging: config.waf.logging,
        logRetention,
        removalPolicy,
      });
    } else {
      Validations.of(this.api.stage).acknowledge({
        id: 'AwsSolutions-APIG3',
        reason: 'WAF turned off by the operator (gateway.waf.enabled = false), e.g. a private API reachable only from a trusted VPC.',
      });
    }

    this.observability = new GatewayObservability(this, 'Observability', {
      metricsNamespace: config.metricsNamespace,
      serviceName: SERVICE_NAME,
      api: this.api,
      gatewayFunction: this.gatewayFunction,
      authorizerFunction: this.authorizerFunction,
      adminFunction: this.adminFunction,
      maintenanceFunction: this.maintenanceFunction,
      catalogRefresh: config.catalogRefresh,
      ledger: this.ledger,
      firewall: this.firewall,
      alarmEmail: config.alarmEmail,
      alarmTopicArn: config.alarmTopicArn,
      thresholds: config.alarms,
      removalPolicy,
    });

    if (config.cloudTrail) {
      this.auditTrail = new AuditTrail(this, 'AuditTrail', { removalPolicy });
    }
    if (config.modelInvocationLogging !== undefined) {
      this.modelInvocationLogging = new ModelInvocationLogging(this, 'ModelInvocationLogging', {
        handlerEntry: entries.invocationLogging,
        function: house,
        destination: config.modelInvocationLogging.destination,
        prompts: config.modelInvocationLogging.prompts,
        retention: logRetention,
        removalPolicy,
      });
    }

    new CfnOutput(this, 'OpenAiBaseUrl', {
      value: this.api.openAiBaseUrl,
      description: 'OPENAI_BASE_URL for clients with virtual keys or JWTs',
    });
    new CfnOutput(this, 'AnthropicBaseUrl', {
      value: this.api.anthropicBaseUrl,
      description: 'ANTHROPIC_BASE_URL for Claude Code and the Anthropic SDKs (they add /v1/messages)',
    });
    new CfnOutput(this, 'BedrockEndpointUrl', {
      value: this.api.bedrockEndpointUrl,
      description: 'Bedrock runtime API: AWS_ENDPOINT_URL_BEDROCK_RUNTIME for AWS SDKs, ANTHROPIC_BEDROCK_BASE_URL for Claude Code, with a gateway key as AWS_BEARER_TOKEN_BEDROCK',
    });
    new CfnOutput(this, 'IamBaseUrl', { value: this.api.iamBaseUrl, description: 'Base URL for SigV4-signed calls' });
    new CfnOutput(this, 'IamTokenAudience', {
      value: sts.audience,
      description: 'Audience of IAM identity tokens: npm run admin -- token --audience <this value>',
    });
    new CfnOutput(this, 'AdminUrl', { value: `${this.api.restApi.url}admin`, description: 'Admin API (SigV4)' });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledger.table.tableName });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.observability.alarmTopic.topicArn });
    new CfnOutput(this, 'BudgetAlertTopicArn', {
      value: this.budgetAlerts.topic.topicArn,
      description: 'SNS topic of budget alerts (subscribe e-mail, chat or queues to it)',
    });
    if (this.vpcEndpoint !== undefined) {
      new CfnOutput(this, 'VpcEndpointId', { value: this.vpcEndpoint.ref });
    }
  }

  private privateEndpoints(config: GatewayConfig): { all: ec2.IVpcEndpoint[]; created?: ec2.CfnVPCEndpoint } {
    if (config.endpointType !== 'private') return { all: [] };
    if (config.vpcEndpointIds.length > 0) {
      return {
        all: config.vpcEndpointIds.map((vpcEndpointId, index) =>
          ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(this, `VpcEndpoint${index}`, { vpcEndpointId, port: 443 }),
        ),
      };
    }
    // parseGatewayConfig guarantees vpcId, subnetIds and vpcCidrBlock here. L1 resources: the VPC
    // is known by id only (no lookup, so synthesis stays offline).
    const vpcId = requireValue(config.vpcId, 'vpcId');
    const vpcCidrBlock = requireValue(config.vpcCidrBlock, 'vpcCidrBlock');
    const securityGroup = new ec2.CfnSecurityGroup(this, 'VpcEndpointSecurityGroup', {
      vpcId,
      groupDescription: 'HTTPS from the VPC to the execute-api endpoint',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: vpcCidrBlock, description: 'HTTPS from the VPC' }],
      // No egress: an interface endpoint only answers.
      securityGroupEgress: [{ ipProtocol: '-1', cidrIp: '255.255.255.255/32', description: 'Disallow all egress' }],
    });
    const created = new ec2.CfnVPCEndpoint(this, 'VpcEndpoint', {
      vpcId,
      serviceName: `com.amazonaws.${this.region}.execute-api`,
      vpcEndpointType: 'Interface',
      subnetIds: [...config.subnetIds],
      securityGroupIds: [securityGroup.attrGroupId],
      privateDnsEnabled: config.privateDnsEnabled,
    });
    const endpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(this, 'VpcEndpointRef', {
      vpcEndpointId: created.ref,
      port: 443,
    });
    return { all: [endpoint], created };
  }
}

function requireValue<T>(value: T | undefined, key: string): T {
  if (value === undefined) throw new Error(`GatewayStack: gateway.${key} is required to create the execute-api VPC endpoint.`);
  return value;
}

/** The catalog options the runtime receives: `catalog` passthrough plus the `models` allow-list. */
function catalogOptionsOf(config: GatewayConfig): CatalogOptions {
  const raw: Record<string, unknown> = { ...(config.catalog ?? {}) };
  if (config.models !== undefined) {
    if (raw.allowList !== undefined) {
      throw new Error('Invalid deployment configuration: set gateway.models or gateway.catalog.allowList, not both.');
    }
    raw.allowList = config.models;
  }
  return parseCatalogOptions(raw, 'cdk.json context gateway.catalog');
}

function checkEnvironmentSize(functionName: string, environment: Record<string, string>): Record<string, string> {
  const bytes = Object.entries(environment).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  // Leave room for the house variables (NODE_OPTIONS, POWERTOOLS_*, GATEWAY_TABLE_NAME).
  if (bytes > LAMBDA_ENVIRONMENT_LIMIT_BYTES - 512) {
    throw new Error(
      `The ${functionName} function's configuration is ${bytes} bytes of environment, over Lambda's 4 KB limit: shorten gateway.catalog, gateway.routes or gateway.jwtIssuers.`,
    );
  }
  return environment;
}

export { GatewayStack, LAMBDA_ENTRIES, PROJECT_ROOT, SERVICE_NAME };
export type { GatewayStackProps };
