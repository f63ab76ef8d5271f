/**
 * @module Model invocation logging (`PUT`, `GET`, `DELETE /logging/modelinvocations`), one setting
 * per emulator as per account and Region, checked as Bedrock checks it: a destination is required,
 * a CloudWatch destination needs a log group and an IAM role ARN, and Bedrock's answer to a delivery
 * role IAM has not yet propagated can be played for the next puts (`refuseRoles`).
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_PutModelInvocationLoggingConfiguration.html
 */
import { BedrockEmulatorError } from './bedrock-errors';
import { isJsonObject, type JsonObject } from './request-features';

const ROLE_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/.+$/;

/** The account's setting, and how many puts still meet a role that is not yet usable. */
class InvocationLoggingSetting {
  private config: JsonObject | undefined;
  private roleRefusals = 0;

  /** The next `count` puts with a CloudWatch destination are refused as for a role IAM has not propagated. */
  refuseRoles(count: number): void {
    this.roleRefusals = count;
  }

  get(): { readonly loggingConfig?: JsonObject } {
    return this.config === undefined ? {} : { loggingConfig: this.config };
  }

  /** @throws BedrockEmulatorError ValidationException as Bedrock words it */
  put(body: unknown): void {
    const config = isJsonObject(body) ? body['loggingConfig'] : undefined;
    if (!isJsonObject(config)) throw new BedrockEmulatorError('ValidationException', 'loggingConfig is required.');
    const cloudWatch = config['cloudWatchConfig'];
    const s3 = config['s3Config'];
    if (cloudWatch === undefined && s3 === undefined) throw new BedrockEmulatorError('ValidationException', 'At least one logging destination (cloudWatchConfig or s3Config) is required.');
    if (s3 !== undefined && !(isJsonObject(s3) && typeof s3['bucketName'] === 'string' && s3['bucketName'] !== '')) {
      throw new BedrockEmulatorError('ValidationException', 's3Config.bucketName is required.');
    }
    if (cloudWatch !== undefined) {
      if (!isJsonObject(cloudWatch) || typeof cloudWatch['logGroupName'] !== 'string' || typeof cloudWatch['roleArn'] !== 'string') {
        throw new BedrockEmulatorError('ValidationException', 'cloudWatchConfig needs logGroupName and roleArn.');
      }
      if (!ROLE_ARN.test(cloudWatch['roleArn'])) throw new BedrockEmulatorError('ValidationException', `Invalid role ARN: ${cloudWatch['roleArn']}.`);
      if (this.roleRefusals > 0) {
        this.roleRefusals--;
        throw new BedrockEmulatorError(
          'ValidationException',
          `Failed to validate permissions for log group: ${cloudWatch['logGroupName']}, with role: ${cloudWatch['roleArn']}. Verify the IAM role permissions are correct.`,
        );
      }
    }
    this.config = config;
  }

  delete(): void {
    this.config = undefined;
  }

  reset(): void {
    this.config = undefined;
    this.roleRefusals = 0;
  }
}

export { InvocationLoggingSetting };
