/**
 * @module Bedrock model invocation logging for the account and Region, delivered to a bucket or log
 * group of the stack's own, encrypted; prompts and completions are left out unless asked for.
 */
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { GatewayFunction, type GatewayFunctionProps } from './gateway-function';

/** The log stream Bedrock writes invocation records to, in the configured log group. */
const LOG_STREAM = 'aws/bedrock/modelinvocations';
/** The key prefix of the S3 destination; Bedrock writes under `<prefix>/AWSLogs/<account>/BedrockModelInvocationLogs/`. */
const KEY_PREFIX = 'invocations';

/** Where the invocation logs go. */
type InvocationLogDestination = 'cloudwatch' | 's3';

interface ModelInvocationLoggingProps {
  /** Entry point of the custom resource's handler (lambda/invocation-logging/handler.ts). */
  readonly handlerEntry: string;
  /** The house settings of the handler function (service name, metrics namespace, logs). */
  readonly function: Pick<GatewayFunctionProps, 'serviceName' | 'metricsNamespace' | 'logLevel' | 'logRetention' | 'logRemovalPolicy'>;
  /** @default 'cloudwatch' */
  readonly destination?: InvocationLogDestination;
  /**
   * Also deliver the text, image, embedding, video and audio data of requests and responses (prompts and
   * completions). Off: each record holds the metadata only (caller identity, model, token counts,
   * `requestMetadata` with the gateway's request id, principal and team).
   * @default false
   */
  readonly prompts?: boolean;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly retention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Calls `PutModelInvocationLoggingConfiguration` through a custom resource (CloudFormation has no
 * resource type for it), retrying while Bedrock cannot yet use the delivery role, and
 * `DeleteModelInvocationLoggingConfiguration` when the stack is deleted.
 * The setting is per account and Region: it replaces any configuration made before.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
 */
class ModelInvocationLogging extends Construct {
  readonly logGroup?: logs.LogGroup;
  readonly bucket?: s3.Bucket;
  /** Lets Bedrock write to the log group (CloudWatch destination only). */
  readonly deliveryRole?: iam.Role;
  readonly configuration: CustomResource;

  constructor(scope: Construct, id: string, props: ModelInvocationLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const prompts = props.prompts ?? false;
    const fromBedrock = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'bedrock', resource: '*' }) },
    };
    const dataDelivery = {
      textDataDeliveryEnabled: prompts,
      imageDataDeliveryEnabled: prompts,
      embeddingDataDeliveryEnabled: prompts,
      videoDataDeliveryEnabled: prompts,
      audioDataDeliveryEnabled: prompts,
    };
    let loggingConfig: Record<string, unknown>;
    const passRoles: string[] = [];

    if ((props.destination ?? 'cloudwatch') === 'cloudwatch') {
      const key = new kms.Key(this, 'Key', { description: 'Encrypts the Bedrock model invocation log group', enableKeyRotation: true, removalPolicy });
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchLogs',
          principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) } },
        }),
      );
      this.logGroup = new logs.LogGroup(this, 'LogGroup', { encryptionKey: key, retention: props.retention ?? logs.RetentionDays.ONE_MONTH, removalPolicy });
      this.deliveryRole = new iam.Role(this, 'DeliveryRole', {
        description: 'Lets Bedrock write model invocation logs to the gateway log group',
        assumedBy: new iam.ServicePrincipal('bedrock.amazonaws.com', { conditions: fromBedrock }),
      });
      // The one stream Bedrock writes (the log group's `Arn` attribute ends in `:*`, so it cannot be
      // extended with `:log-stream:...`).
      this.deliveryRole.addToPolicy(
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `${this.logGroup.logGroupName}:log-stream:${LOG_STREAM}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        }),
      );
      passRoles.push(this.deliveryRole.roleArn);
      loggingConfig = { cloudWatchConfig: { logGroupName: this.logGroup.logGroupName, roleArn: this.deliveryRole.roleArn }, ...dataDelivery };
    } else {
      this.bucket = new s3.Bucket(this, 'Bucket', {
        // Bedrock delivers with SSE-S3 here; a KMS key would need a key policy for bedrock.amazonaws.com too.
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        lifecycleRules: [{ expiration: Duration.days(365) }],
        removalPolicy,
        autoDeleteObjects: removalPolicy === RemovalPolicy.DESTROY,
      });
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowBedrockInvocationLogs',
          principals: [new iam.ServicePrincipal('bedrock.amazonaws.com')],
          actions: ['s3:PutObject'],
          // Bedrock writes under the configured key prefix.
          resources: [this.bucket.arnForObjects(`${KEY_PREFIX}/AWSLogs/${stack.account}/BedrockModelInvocationLogs/*`)],
          conditions: fromBedrock,
        }),
      );
      Validations.of(this.bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'Bedrock is the only writer (bucket policy); CloudTrail records who reads the objects.',
      });
      loggingConfig = { s3Config: { bucketName: this.bucket.bucketName, keyPrefix: KEY_PREFIX }, ...dataDelivery };
    }

    // Bedrock checks at once that the delivery role can write to the log group, and a role created
    // seconds before is not yet usable to it: AwsCustomResource's single call failed first deployments.
    // The stack's own handler retries that answer (lambda/invocation-logging).
    const handler = new GatewayFunction(this, 'Handler', {
      ...props.function,
      entry: props.handlerEntry,
      description: 'Puts Bedrock model invocation logging at deploy time (custom resource)',
      memorySize: 256,
      // Room for the retries while IAM propagates the delivery role (the handler keeps 15 s to report).
      timeout: Duration.minutes(5),
    });
    handler.role.addToPrincipalPolicy(
      // The logging configuration is an account setting: these actions have no resource type.
      new iam.PolicyStatement({ actions: ['bedrock:PutModelInvocationLoggingConfiguration', 'bedrock:DeleteModelInvocationLoggingConfiguration'], resources: ['*'] }),
    );
    if (passRoles.length > 0) {
      handler.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: passRoles, conditions: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } } }));
    }
    Validations.of(handler.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Put/DeleteModelInvocationLoggingConfiguration act on an account setting: the Service Authorization Reference defines no resource type for them.',
    });

    // The provider framework's own function: it invokes the handler and reports to CloudFormation.
    const frameworkLogGroup = new logs.LogGroup(this, 'ProviderLogGroup', { retention: props.function.logRetention ?? logs.RetentionDays.ONE_MONTH, removalPolicy: props.function.logRemovalPolicy ?? RemovalPolicy.RETAIN });
    const frameworkRole = new iam.Role(this, 'ProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role of the invocation logging custom resource provider',
    });
    frameworkRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [frameworkLogGroup.logGroupArn] }));
    const provider = new cr.Provider(this, 'Provider', { onEventHandler: handler.function, frameworkOnEventRole: frameworkRole, logGroup: frameworkLogGroup });
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.resolve(stack.getLogicalId(handler.function.node.defaultChild as lambda.CfnFunction)) as string}.Arn>:*]`,
      reason: "The provider framework of aws-cdk-lib may invoke any version of the stack's own handler function.",
    });
    this.configuration = new CustomResource(this, 'Configuration', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::BedrockModelInvocationLogging',
      // CloudFormation passes properties as strings: booleans travel inside the JSON.
      properties: { LoggingConfig: stack.toJsonString(loggingConfig) },
    });
    if (this.bucket !== undefined) this.configuration.node.addDependency(this.bucket);
    if (this.deliveryRole !== undefined) this.configuration.node.addDependency(this.deliveryRole);
  }
}

export { ModelInvocationLogging };
export type { InvocationLogDestination, ModelInvocationLoggingProps };
