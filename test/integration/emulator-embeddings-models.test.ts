/** @module Integration tests: embeddings through InvokeModel and model listings through the control-plane client. */

import { BedrockClient, ListFoundationModelsCommand, ListInferenceProfilesCommand } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient, ConverseCommand, InvokeModelCommand } from '@aws-sdk/client-bedrock-runtime';
import { DEFAULT_MODELS, startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: BedrockEmulator;
let runtime: BedrockRuntimeClient;
let control: BedrockClient;
let lastHeaders: Record<string, string> = {};

beforeAll(async () => {
  emulator = await startBedrockEmulator();
  runtime = new BedrockRuntimeClient({ endpoint: emulator.runtimeUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
  control = new BedrockClient({ endpoint: emulator.controlUrl, region: 'us-east-1', credentials, maxAttempts: 1 });
  // The token-count headers are not modelled by the SDK's output, so a middleware captures them.
  runtime.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const { response } = result as { response?: { headers?: Record<string, string> } };
      lastHeaders = response?.headers ?? {};
      return result;
    },
    { step: 'deserialize', name: 'captureHeaders' },
  );
});

afterEach(() => emulator.reset());

afterAll(async () => {
  runtime.destroy();
  control.destroy();
  await emulator.close();
});

async function invoke(modelId: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await runtime.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json', accept: 'application/json' }));
  return JSON.parse(Buffer.from(response.body).toString('utf8')) as Record<string, unknown>;
}

describe('InvokeModel embeddings', () => {
  it('returns a Titan v2 embedding of the requested size with token-count headers', async () => {
    const body = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'The quick brown fox', dimensions: 512 });

    expect(body).toEqual({ embedding: expect.any(Array), inputTextTokenCount: 5 });
    expect(body['embedding']).toHaveLength(512);
    expect(lastHeaders).toMatchObject({ 'x-amzn-bedrock-input-token-count': '5', 'x-amzn-bedrock-output-token-count': '0' });
  });

  it('returns the same Titan vector for the same text', async () => {
    const first = await invoke('amazon.titan-embed-text-v2:0', { inputText: 'same' });
    const second = await invoke('us.amazon.titan-embed-text-v2:0', { inputText: 'same' });

    expect(second['embedding']).toEqual(first['embedding']);
  });

  it('returns Cohere v3 float embeddings for each text', async () => {
    const body = await invoke('cohere.embed-english-v3', { texts: ['alpha', 'beta'], input_type: 'search_document' });

    expect(body).toEqual({ id: expect.any(String), embeddings: [expect.any(Array), expect.any(Array)], response_type: 'embeddings_floats', texts: ['alpha', 'beta'] });
  });

  it('returns Cohere v4 embeddings by type', async () => {
    const body = await invoke('cohere.embed-v4:0', { texts: ['alpha'], input_type: 'search_query', embedding_types: ['float', 'int8'], output_dimension: 1024 });

    expect(body['response_type']).toBe('embeddings_by_type');
    expect(body['embeddings']).toEqual({ float: [expect.any(Array)], int8: [expect.any(Array)] });
  });

  it.each([
    { problem: 'Cohere without input_type', modelId: 'cohere.embed-multilingual-v3', body: { texts: ['x'] }, message: 'required key [input_type] not found' },
    { problem: 'Cohere with 97 texts', modelId: 'cohere.embed-english-v3', body: { texts: Array.from({ length: 97 }, () => 'x'), input_type: 'clustering' }, message: 'expected maximum item count: 96, found: 97' },
    { problem: 'Titan with 100 dimensions', modelId: 'amazon.titan-embed-text-v2:0', body: { inputText: 'x', dimensions: 100 }, message: '#/dimensions: 100 is not a valid enum value' },
    { problem: 'a chat model whose body format the emulator lacks', modelId: 'mistral.mistral-large-2407-v1:0', body: { prompt: 'x' }, message: 'InvokeModel for Claude, Nova, Llama and embedding models only' },
    { problem: 'a Llama body without its prompt', modelId: 'meta.llama3-3-70b-instruct-v1:0', body: { messages: [] }, message: 'extraneous key [messages] is not permitted' },
  ])('fails with ValidationException for $problem', async ({ modelId, body, message }) => {
    await expect(invoke(modelId, body)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining(message) });
  });

  it('fails Converse with an embedding model', async () => {
    const call = runtime.send(new ConverseCommand({ modelId: 'amazon.titan-embed-text-v2:0', messages: [{ role: 'user', content: [{ text: 'x' }] }] }));

    await expect(call).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining("doesn't support the model") });
  });
});

describe('control plane', () => {
  it('lists every known foundation model', async () => {
    const response = await control.send(new ListFoundationModelsCommand({}));

    expect(response.modelSummaries?.map((summary) => summary.modelId)).toEqual(DEFAULT_MODELS.map((model) => model.modelId));
    expect(response.modelSummaries?.find((summary) => summary.modelId === 'anthropic.claude-sonnet-4-5-20250929-v1:0')).toEqual({
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelName: 'Claude Sonnet 4.5',
      providerName: 'Anthropic',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      customizationsSupported: [],
      inferenceTypesSupported: ['ON_DEMAND'],
      modelLifecycle: { status: 'ACTIVE' },
    });
  });

  it('filters foundation models by output modality', async () => {
    const response = await control.send(new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }));

    expect(response.modelSummaries?.map((summary) => summary.modelId)).toEqual([
      'amazon.titan-embed-text-v2:0',
      'cohere.embed-english-v3',
      'cohere.embed-multilingual-v3',
      'cohere.embed-v4:0',
    ]);
  });

  it('lists system-defined inference profiles with their models and dates', async () => {
    const response = await control.send(new ListInferenceProfilesCommand({ typeEquals: 'SYSTEM_DEFINED' }));

    const sonnet = response.inferenceProfileSummaries?.find((profile) => profile.inferenceProfileId === 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(sonnet).toEqual({
      inferenceProfileId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      inferenceProfileArn: 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-5-20250929-v1:0',
      inferenceProfileName: 'US Claude Sonnet 4.5',
      description: expect.any(String),
      models: [
        { modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' },
        { modelArn: 'arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' },
        { modelArn: 'arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0' },
      ],
      status: 'ACTIVE',
      type: 'SYSTEM_DEFINED',
      createdAt: new Date('2025-01-01T00:00:00Z'),
      updatedAt: new Date('2025-01-01T00:00:00Z'),
    });
  });

  it('lists no application inference profiles', async () => {
    const response = await control.send(new ListInferenceProfilesCommand({ typeEquals: 'APPLICATION' }));

    expect(response.inferenceProfileSummaries).toEqual([]);
  });

  it('pages inference profiles', async () => {
    const first = await control.send(new ListInferenceProfilesCommand({ maxResults: 3 }));
    const second = await control.send(new ListInferenceProfilesCommand({ maxResults: 3, nextToken: first.nextToken }));

    expect(first.inferenceProfileSummaries).toHaveLength(3);
    expect(second.inferenceProfileSummaries?.[0]?.inferenceProfileId).not.toBe(first.inferenceProfileSummaries?.[0]?.inferenceProfileId);
  });

  it('logs control-plane calls with their query', async () => {
    await control.send(new ListFoundationModelsCommand({ byProvider: 'Meta' }));

    expect(emulator.requests).toEqual([expect.objectContaining({ operation: 'ListFoundationModels', body: { byProvider: 'Meta' }, status: 200 })]);
  });
});
