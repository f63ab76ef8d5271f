/** @module Optional CloudTrail trail: encrypted, SSL-only bucket with server access logging and log file validation. */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

interface AuditTrailProps {
  /**
   * Days trail objects are kept before S3 expires them.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Removal policy of the buckets and key; `DESTROY` also empties the buckets on deletion.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A multi-region CloudTrail trail of every management event, read and write (API Gateway, Lambda,
 * IAM, KMS, Bedrock's control plane and its runtime calls), written encrypted with a rotating KMS
 * key to a bucket that refuses non-TLS access and logs its own access to a second bucket. Log file
 * validation is on.
 *
 * Bedrock logs InvokeModel, InvokeModelWithResponseStream, Converse and ConverseStream as
 * management events (`eventSource` `bedrock.amazonaws.com`, `readOnly: false`), whatever they call
 * (foundation model, system or application inference profile): they name the role session that
 * called and, with `auditIdentity`, the gateway principal in
 * `userIdentity.sessionContext.sourceIdentity`. Bedrock's data events (resource type
 * `AWS::Bedrock::Model`) cover only InvokeModelWithBidirectionalStream and the async invocations,
 * which the gateway never makes, so the trail selects no data events (they would be billed per event).
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html
 */
class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    const retentionDays = props.retentionDays ?? 365;
    if (!Number.isInteger(retentionDays) || retentionDays < 1) {
      throw new Error(`AuditTrail ${id}: retentionDays must be a positive integer, got ${retentionDays}.`);
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const destroy = removalPolicy === RemovalPolicy.DESTROY;

    // Server access log delivery authorised by bucket policy, not the legacy LogDeliveryWrite ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the Bedrock gateway CloudTrail logs',
      enableKeyRotation: true,
      removalPolicy,
    });
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      // Server access log delivery supports SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
      removalPolicy,
      autoDeleteObjects: destroy,
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This bucket receives the trail bucket\'s server access logs; logging it into itself would loop.',
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'trail-bucket/',
      lifecycleRules: [{ expiration: Duration.days(retentionDays), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: destroy,
    });
    this.trail = new cloudtrail.Trail(this, 'Resource', {
      bucket: this.bucket,
      encryptionKey: this.key,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableFileValidation: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
  }
}

export { AuditTrail };
export type { AuditTrailProps };
