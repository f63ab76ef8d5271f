/**
 * @module Bedrock model invocation logging for the account and Region, delivered to a bucket or log
 * group of the stack's own, encrypted; prompts and completions are left out unless asked for.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Construct id of the provider function `AwsCustomResource` creates once per stack (fixed by aws-cdk-lib). */
const PROVIDER_FUNCTION_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** The log stream Bedrock writes invocation records to, in the configured log group. */
const LOG_STREAM = 'aws/bedrock/modelinvocations';
/** The key prefix of the S3 destination; Bedrock writes under `<prefix>/AWSLogs/<account>/BedrockModelInvocationLogs/`. */
const KEY_PREFIX = 'invocations';

/** Where the invocation logs go. */
type InvocationLogDestination = 'cloudwatch' | 's3';

interface ModelInvocationLoggingProps {
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
 * resource type for it) and `DeleteModelInvocationLoggingConfiguration` when the stack is deleted.
 * The setting is per account and Region: it replaces any configuration made before.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
 */
class ModelInvocationLogging extends Construct {
  readonly logGroup?: logs.LogGroup;
  readonly bucket?: s3.Bucket;
  /** Lets Bedrock write to the log group (CloudWatch destination only). */
  readonly deliveryRole?: iam.Role;
  readonly configuration: cr.AwsCustomResource;

  constructor(scope: Construct, id: string, props: ModelInvocationLoggingProps = {}) {
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

    const call = (action: string, parameters?: Record<string, unknown>): cr.AwsSdkCall => ({
      service: 'Bedrock',
      action,
      ...(parameters === undefined ? {} : { parameters }),
      physicalResourceId: cr.PhysicalResourceId.of('bedrock-model-invocation-logging'),
    });
    this.configuration = new cr.AwsCustomResource(this, 'Configuration', {
      onCreate: call('PutModelInvocationLoggingConfiguration', { loggingConfig }),
      onUpdate: call('PutModelInvocationLoggingConfiguration', { loggingConfig }),
      onDelete: call('DeleteModelInvocationLoggingConfiguration'),
      installLatestAwsSdk: false,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        // The logging configuration is an account setting: these actions have no resource type.
        new iam.PolicyStatement({ actions: ['bedrock:PutModelInvocationLoggingConfiguration', 'bedrock:DeleteModelInvocationLoggingConfiguration'], resources: ['*'] }),
        ...(passRoles.length > 0 ? [new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: passRoles, conditions: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } } })] : []),
      ]),
    });
    Validations.of(this.configuration).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Put/DeleteModelInvocationLoggingConfiguration act on an account setting: the Service Authorization Reference defines no resource type for them.',
    });
    // The provider function AwsCustomResource shares across the stack.
    const provider = stack.node.tryFindChild(PROVIDER_FUNCTION_ID);
    if (provider !== undefined) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: "The custom resource provider of aws-cdk-lib writes its own logs with Lambda's basic execution policy; it makes one Bedrock call at deploy time.",
      });
    }
    if (this.bucket !== undefined) this.configuration.node.addDependency(this.bucket);
    if (this.deliveryRole !== undefined) this.configuration.node.addDependency(this.deliveryRole);
  }
}

export { ModelInvocationLogging };
export type { InvocationLogDestination, ModelInvocationLoggingProps };
