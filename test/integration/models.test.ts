import { APIError, NotFoundError } from 'openai';
import { MODEL_CREATED_SECONDS } from '../../lambda/gateway/routes/models';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { streamingLambdaHandler } from '../../lambda/platform/lambda-adapters';
import { installLambdaRuntimeStandIn, RecordingResponseStream } from '../../local/lambda-runtime-stand-in';
import { startOpenAIGatewayHarness, TEST_KEYS, type OpenAIGatewayHarness } from './openai-gateway-harness';

installLambdaRuntimeStandIn();

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
});

afterAll(async () => {
  await harness.close();
});

describe('GET /v1/models', () => {
  it('lists every catalog model in OpenAI shape', async () => {
    const models = [];
    for await (const model of harness.client().models.list()) models.push(model);

    expect(models.length).toBeGreaterThan(10);
    expect(models).toContainEqual({ id: 'claude-sonnet-4-5', object: 'model', created: MODEL_CREATED_SECONDS, owned_by: 'Anthropic' });
    expect(models).toContainEqual({ id: 'titan-embed-text-v2', object: 'model', created: MODEL_CREATED_SECONDS, owned_by: 'Amazon' });
  });

  it('lists only the models a limited key may use', async () => {
    const page = await harness.client('sk-limited').models.list();

    expect(page.data.map((model) => model.id).sort()).toEqual(['nova-micro', 'titan-embed-text-v2']);
  });

  it('answers the same list under /iam/v1 for a SigV4 caller that API Gateway verified', async () => {
    const stream = new RecordingResponseStream();
    const event = {
      httpMethod: 'GET',
      path: '/iam/v1/models',
      headers: {},
      multiValueHeaders: {},
      body: null,
      isBase64Encoded: false,
      requestContext: { identity: { sourceIp: '10.0.0.9', userArn: 'arn:aws:sts::123456789012:assumed-role/Analytics/job-7', accountId: '123456789012' } },
    } as unknown as APIGatewayProxyEvent;

    await streamingLambdaHandler(harness.app)(event, stream, {} as Context);

    const { metadata, body } = stream.captured();
    expect(metadata?.statusCode).toBe(200);
    expect(JSON.parse(body.toString())).toMatchObject({ object: 'list', data: expect.arrayContaining([expect.objectContaining({ id: 'nova-micro' })]) });
  });

  it('refuses /iam/v1 to a bearer key, since only SigV4 callers belong there', async () => {
    const response = await fetch(`${harness.url}/iam/v1/models`, { headers: { authorization: `Bearer ${TEST_KEYS['sk-test'].secret}` } });

    expect(response.status).toBe(401);
  });

  it('fails with 401 without a valid key', async () => {
    await expect(harness.client('sk-wrong').models.list()).rejects.toMatchObject({ status: 401 });
  });
});

describe('GET /v1/models/{id}', () => {
  it('describes one model', async () => {
    await expect(harness.client().models.retrieve('nova-micro')).resolves.toEqual({
      id: 'nova-micro',
      object: 'model',
      created: MODEL_CREATED_SECONDS,
      owned_by: 'Amazon',
    });
  });

  it('resolves ids holding colons and slashes, such as Bedrock model ids and ARNs', async () => {
    const byModelId = await harness.client().models.retrieve('amazon.nova-micro-v1:0');
    const arn = 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0';
    const response = await fetch(`${harness.url}/v1/models/${arn}`, { headers: { authorization: `Bearer ${TEST_KEYS['sk-test'].secret}` } });

    expect(byModelId.id).toBe('nova-micro');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ id: 'nova-micro' });
  });

  it('fails with 404 model_not_found for an unknown model', async () => {
    const error = await harness.client().models.retrieve('gpt-5-turbo-ultra').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as APIError).code).toBe('model_not_found');
  });

  it('fails with 404 for a model the key may not use', async () => {
    await expect(harness.client('sk-limited').models.retrieve('claude-sonnet-4-5')).rejects.toBeInstanceOf(NotFoundError);
  });
});
