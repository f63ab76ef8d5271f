/**
 * Model invocation logging at deploy time: the stack's custom resource handler, through the
 * unmodified Bedrock SDK, against the emulator's `/logging/modelinvocations`, including Bedrock's
 * answer to a delivery role IAM has not yet propagated (the reason the handler retries).
 */
import { BedrockClient, GetModelInvocationLoggingConfigurationCommand, type LoggingConfig } from '@aws-sdk/client-bedrock';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { putLoggingConfiguration } from '../../lambda/invocation-logging/logging-configuration';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ROLE_ARN = 'arn:aws:iam::123456789012:role/gateway-InvocationLogsDeliveryRole';
const CLOUDWATCH: LoggingConfig = {
  cloudWatchConfig: { logGroupName: 'gateway-InvocationLogs', roleArn: ROLE_ARN },
  textDataDeliveryEnabled: false,
  imageDataDeliveryEnabled: false,
  embeddingDataDeliveryEnabled: false,
  videoDataDeliveryEnabled: false,
  audioDataDeliveryEnabled: false,
};

let emulator: BedrockEmulator;
let bedrock: BedrockClient;

beforeAll(async () => {
  emulator = await startBedrockEmulator();
  bedrock = new BedrockClient({ endpoint: emulator.controlUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(() => emulator.reset());

async function refuseRoles(count: number): Promise<void> {
  const response = await fetch(`${emulator.controlUrl}/_emulator/logging-role-refusals`, { method: 'POST', body: JSON.stringify({ count }) });
  expect(response.status).toBe(204);
}

const storedSetting = async () => (await bedrock.send(new GetModelInvocationLoggingConfigurationCommand({}))).loggingConfig;
const puts = () => emulator.requests.filter((request) => request.operation === 'PutModelInvocationLoggingConfiguration').map((request) => request.status);

/** A clock that moves only when the code under test sleeps. */
function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return { now: () => now, sleep: async (ms: number) => void (slept.push(ms), (now += ms)), slept };
}

describe('putting the logging configuration while IAM propagates the delivery role', () => {
  it.each([
    { refusals: 0, deadlineMs: 120_000, slept: [], attempts: 1 },
    { refusals: 1, deadlineMs: 120_000, slept: [2_000], attempts: 2 },
    { refusals: 3, deadlineMs: 120_000, slept: [2_000, 4_000, 8_000], attempts: 4 },
    { refusals: 6, deadlineMs: 120_000, slept: [2_000, 4_000, 8_000, 16_000, 30_000, 30_000], attempts: 7 },
  ])('succeeds after $refusals refusals, waiting $slept ms', async ({ refusals, deadlineMs, slept, attempts }) => {
    await refuseRoles(refusals);
    const clock = fakeClock();
    await expect(putLoggingConfiguration(bedrock, CLOUDWATCH, { deadlineMs, now: clock.now, sleep: clock.sleep })).resolves.toBe(attempts);
    expect(clock.slept).toEqual(slept);
    expect(puts()).toEqual([...Array<number>(refusals).fill(400), 200]);
    expect(await storedSetting()).toEqual(CLOUDWATCH);
  });

  it("stops at the deadline with Bedrock's message, leaving no setting", async () => {
    await refuseRoles(10);
    const clock = fakeClock();
    await expect(putLoggingConfiguration(bedrock, CLOUDWATCH, { deadlineMs: 20_000, now: clock.now, sleep: clock.sleep })).rejects.toMatchObject({
      name: 'ValidationException',
      message: `Failed to validate permissions for log group: gateway-InvocationLogs, with role: ${ROLE_ARN}. Verify the IAM role permissions are correct.`,
    });
    // 2 + 4 + 8 = 14 s slept; the next wait (16 s) would end past the deadline.
    expect(clock.slept).toEqual([2_000, 4_000, 8_000]);
    expect(await storedSetting()).toBeUndefined();
  });

  it('fails at once on a lasting refusal (a malformed role ARN)', async () => {
    const clock = fakeClock();
    const malformed: LoggingConfig = { ...CLOUDWATCH, cloudWatchConfig: { logGroupName: 'gateway-InvocationLogs', roleArn: 'gateway-role' } };
    await expect(putLoggingConfiguration(bedrock, malformed, { deadlineMs: 120_000, now: clock.now, sleep: clock.sleep })).rejects.toMatchObject({ name: 'ValidationException', message: 'Invalid role ARN: gateway-role.' });
    expect(clock.slept).toEqual([]);
    expect(puts()).toEqual([400]);
  });
});

describe('the custom resource handler (Create, Update, Delete)', () => {
  let handler: typeof import('../../lambda/invocation-logging/handler').handler;
  const context = { getRemainingTimeInMillis: () => 300_000 };
  const event = (RequestType: 'Create' | 'Update' | 'Delete', LoggingConfig: unknown): CloudFormationCustomResourceEvent =>
    ({
      RequestType,
      ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider',
      ResponseURL: 'https://cloudformation-custom-resource-response.invalid/',
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/gateway/1',
      RequestId: 'request-1',
      LogicalResourceId: 'ModelInvocationLoggingConfiguration',
      ResourceType: 'Custom::BedrockModelInvocationLogging',
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:provider', LoggingConfig },
      ...(RequestType === 'Create' ? {} : { PhysicalResourceId: 'bedrock-model-invocation-logging' }),
      ...(RequestType === 'Update' ? { OldResourceProperties: {} } : {}),
    }) as CloudFormationCustomResourceEvent;

  const saved = { ...process.env };
  beforeAll(() => {
    // The handler's client finds the endpoint as on AWS it finds Bedrock: from the environment.
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_BEDROCK: emulator.controlUrl,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    });
    jest.isolateModules(() => {
      ({ handler } = jest.requireActual<typeof import('../../lambda/invocation-logging/handler')>('../../lambda/invocation-logging/handler'));
    });
  });
  afterAll(() => {
    for (const name of ['AWS_ENDPOINT_URL_BEDROCK', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('puts the JSON the stack sends on Create and Update, and removes the setting on Delete', async () => {
    await expect(handler(event('Create', JSON.stringify(CLOUDWATCH)), context)).resolves.toEqual({ PhysicalResourceId: 'bedrock-model-invocation-logging', Data: { Attempts: 1 } });
    expect(await storedSetting()).toEqual(CLOUDWATCH);
    const s3: LoggingConfig = { ...CLOUDWATCH, cloudWatchConfig: undefined, s3Config: { bucketName: 'gateway-invocation-logs', keyPrefix: 'invocations' }, textDataDeliveryEnabled: true };
    const { cloudWatchConfig: _none, ...s3Only } = s3;
    await handler(event('Update', JSON.stringify(s3Only)), context);
    expect(await storedSetting()).toEqual(s3Only);
    await handler(event('Delete', JSON.stringify(s3Only)), context);
    expect(await storedSetting()).toBeUndefined();
  });

  it.each([
    { what: 'missing', property: undefined, error: 'LoggingConfig must be the JSON of a Bedrock LoggingConfig.' },
    { what: 'a CloudWatch destination without a role', property: '{"cloudWatchConfig":{"logGroupName":"g"},"textDataDeliveryEnabled":false}', error: /roleArn/ },
    { what: 'a flag as a string', property: JSON.stringify({ ...CLOUDWATCH, textDataDeliveryEnabled: 'false' }), error: /textDataDeliveryEnabled/ },
  ])('refuses a LoggingConfig property that is $what before calling Bedrock', async ({ property, error }) => {
    await expect(handler(event('Create', property), context)).rejects.toThrow(error);
    expect(puts()).toEqual([]);
  });
});
