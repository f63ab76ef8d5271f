/** @module House defaults for the gateway's Lambda functions: one construct, every default listed in its JSDoc. */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { LogLevelName } from './config';
import { LAMBDA_BUNDLING } from './lambda-bundling';

/** Something a bind helper can configure: it takes grants and environment variables. */
interface EnvironmentTarget extends iam.IGrantable {
  addEnvironment(key: string, value: string): unknown;
}

interface GatewayFunctionProps {
  /** Absolute path of the TypeScript entry point (exports `handler`). */
  readonly entry: string;
  /** Shown in the console; say what the function serves. */
  readonly description: string;
  /** Powertools service name (`POWERTOOLS_SERVICE_NAME`) and the `Service` metric dimension. */
  readonly serviceName: string;
  /** Powertools metrics namespace (`POWERTOOLS_METRICS_NAMESPACE`). */
  readonly metricsNamespace: string;
  /**
   * Memory in MB; CPU share grows with it, which matters for JSON and TLS work.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * @default Duration.seconds(29)
   */
  readonly timeout?: Duration;
  /**
   * Concurrency reserved for (and capping) this function.
   * @default - unreserved: the function shares the account's pool
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Extra environment variables (bind helpers add their own).
   * @default - only the house variables
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Retention of the function's explicit log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
  /**
   * `POWERTOOLS_LOG_LEVEL`.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevelName;
}

/**
 * A Node.js Lambda function with the gateway's house defaults.
 *
 * - Node.js 22 (`NODEJS_22_X`, pinned: the runtime the code is written for), arm64, X-Ray tracing active.
 * - Bundled as `LAMBDA_BUNDLING` (lib/lambda-bundling.ts) says: by the local esbuild, minified,
 *   with external source maps (`NODE_OPTIONS=--enable-source-maps`) and no embedded sources.
 * - The AWS SDK v3 is bundled (`bundleAwsSDK: true`): the code runs against the SDK versions it was
 *   tested with, not whatever the runtime ships, and esbuild tree-shakes it (ESM-first `mainFields`).
 * - An explicit log group with retention (no implicit, never-expiring `/aws/lambda/...` group).
 * - Powertools environment: `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_METRICS_NAMESPACE`, `POWERTOOLS_LOG_LEVEL`.
 *
 * @example
 * const authorizer = new GatewayFunction(this, 'Authorizer', {
 *   entry: path.join(root, 'lambda/authorizer/handler.ts'),
 *   description: 'REQUEST authorizer', serviceName: 'bedrock-gateway-authorizer', metricsNamespace: 'BedrockGateway',
 * });
 */
class GatewayFunction extends Construct implements EnvironmentTarget {
  /** The function itself. */
  readonly function: nodejs.NodejsFunction;
  /** Its log group (retention managed). */
  readonly logGroup: logs.LogGroup;
  /** The execution role (grants land in its default policy). */
  readonly role: iam.Role;
  readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 512;
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
      throw new Error(`GatewayFunction ${id}: memorySize must be an integer from 128 to 10240 MB, got ${memorySize}.`);
    }
    if (props.reservedConcurrentExecutions !== undefined && props.reservedConcurrentExecutions < 1) {
      throw new Error(
        `GatewayFunction ${id}: reservedConcurrentExecutions must be at least 1 (0 would disable the function), got ${props.reservedConcurrentExecutions}.`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // Own role instead of AWSLambdaBasicExecutionRole: logs may go to this log group only.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.role = role;

    this.function = new nodejs.NodejsFunction(this, 'Resource', {
      role,
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize,
      timeout: props.timeout ?? Duration.seconds(29),
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        ...props.environment,
      },
      bundling: LAMBDA_BUNDLING,
    });
    this.grantPrincipal = this.function.grantPrincipal;

    const defaultPolicy = role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy !== undefined) {
      Validations.of(defaultPolicy).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only xray:PutTraceSegments and xray:PutTelemetryRecords (added by active tracing) use "*": X-Ray defines no resource types for them. Every other statement of this policy names its resource.',
      });
    }
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'Node.js 22 is pinned on purpose: the runtime code targets it (DESIGN.md), newer runtimes are adopted by a reviewed change.',
    });
  }

  /** Sets an environment variable on the function (bind helpers use this beside their grant). */
  addEnvironment(key: string, value: string): this {
    this.function.addEnvironment(key, value);
    return this;
  }

  /** Invocation errors (the function threw or timed out), summed over five minutes. */
  metricErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricErrors({ period: Duration.minutes(5), ...props });
  }

  /** Invocations rejected because the (reserved) concurrency was exhausted. */
  metricThrottles(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricThrottles({ period: Duration.minutes(5), ...props });
  }

  /** Peak concurrent executions. */
  metricConcurrentExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metric('ConcurrentExecutions', { statistic: 'Maximum', period: Duration.minutes(1), ...props });
  }

  /** Duration at percentile `p` (e.g. `p99`). */
  metricDuration(statistic = 'p99', props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.function.metricDuration({ statistic, period: Duration.minutes(5), ...props });
  }
}

export { GatewayFunction };
export type { EnvironmentTarget, GatewayFunctionProps };
