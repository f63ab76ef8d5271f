/**
 * @module The `onEvent` handler of the stack's model invocation logging custom resource (run by the
 * CDK custom resource provider framework): Create and Update put the configuration the stack
 * passes, retrying while Bedrock cannot yet use the new delivery role; Delete turns logging off.
 */
import { BedrockClient, type LoggingConfig } from '@aws-sdk/client-bedrock';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import * as z from 'zod';
import { getLogger } from '../platform/observability';
import { deleteLoggingConfiguration, putLoggingConfiguration } from './logging-configuration';

/** The setting is one per account and Region: so is the resource. */
const PHYSICAL_RESOURCE_ID = 'bedrock-model-invocation-logging';

/** Time kept back from the function's deadline so a last refusal is still reported to CloudFormation. */
const REPORTING_MARGIN_MS = 15_000;

/** The `LoggingConfig` property: CloudFormation passes every property as a string, so the stack sends JSON. */
const loggingConfigSchema = z.strictObject({
  cloudWatchConfig: z.strictObject({ logGroupName: z.string().min(1), roleArn: z.string().min(1) }).optional(),
  s3Config: z.strictObject({ bucketName: z.string().min(1), keyPrefix: z.string().optional() }).optional(),
  textDataDeliveryEnabled: z.boolean(),
  imageDataDeliveryEnabled: z.boolean(),
  embeddingDataDeliveryEnabled: z.boolean(),
  videoDataDeliveryEnabled: z.boolean(),
  audioDataDeliveryEnabled: z.boolean(),
});

interface ProviderResult {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly Attempts: number };
}

const client = new BedrockClient({});
const logger = getLogger();

/** Reads the configuration from the resource's properties. @throws Error naming what is wrong */
function loggingConfigOf(properties: Readonly<Record<string, unknown>>): LoggingConfig {
  const raw = properties['LoggingConfig'];
  if (typeof raw !== 'string') throw new Error('LoggingConfig must be the JSON of a Bedrock LoggingConfig.');
  return loggingConfigSchema.parse(JSON.parse(raw));
}

async function handler(event: CloudFormationCustomResourceEvent, context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<ProviderResult> {
  if (event.RequestType === 'Delete') {
    await deleteLoggingConfiguration(client);
    return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Attempts: 1 } };
  }
  const attempts = await putLoggingConfiguration(client, loggingConfigOf(event.ResourceProperties), {
    deadlineMs: Date.now() + context.getRemainingTimeInMillis() - REPORTING_MARGIN_MS,
    onRetry: (attempt, delayMs, message) => logger.info('Bedrock cannot use the delivery role yet; retrying', { attempt, delayMs, message }),
  });
  return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Attempts: attempts } };
}

export { handler, loggingConfigOf };
