import { BadRequestError, type APIError } from 'openai';
import { deterministicVector } from '../../local/bedrock-emulator';
import { startOpenAIGatewayHarness, type OpenAIGatewayHarness } from './openai-gateway-harness';

let harness: OpenAIGatewayHarness;

beforeAll(async () => {
  harness = await startOpenAIGatewayHarness();
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  harness.reset();
});

function closeTo(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, index) => expect(actual[index]).toBeCloseTo(value, 5));
}

describe('POST /v1/embeddings', () => {
  it('sends base64 by default from the SDK and the SDK decodes the float32 vectors', async () => {
    const response = await harness.client().embeddings.create({ model: 'titan-embed-text-v2', input: 'hello world', dimensions: 256 });

    const invoke = harness.emulator.requests.find((request) => request.operation === 'InvokeModel');
    expect(invoke?.body).toEqual({ inputText: 'hello world', normalize: true, dimensions: 256 });
    expect(response.model).toBe('titan-embed-text-v2');
    expect(response.data).toHaveLength(1);
    closeTo(response.data[0]?.embedding as number[], deterministicVector('amazon.titan-embed-text-v2:0', 'hello world', 256));
  });

  it('returns JSON numbers with encoding_format float', async () => {
    const response = await harness.client().embeddings.create({ model: 'titan-embed-text-v2', input: ['a', 'b'], encoding_format: 'float' });

    expect(response.data.map((item) => item.index)).toEqual([0, 1]);
    expect(response.data[1]?.embedding).toEqual(deterministicVector('amazon.titan-embed-text-v2:0', 'b', 1024));
  });

  it('returns base64 strings as is when the caller asks for base64', async () => {
    const response = await harness.client().embeddings.create({ model: 'titan-embed-text-v2', input: 'x', encoding_format: 'base64' });

    const base64 = response.data[0]?.embedding as unknown as string;
    const bytes = Buffer.from(base64, 'base64');
    closeTo(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), deterministicVector('amazon.titan-embed-text-v2:0', 'x', 1024));
  });

  it('reports usage from the token counts Bedrock returns and settles them', async () => {
    const response = await harness.client().embeddings.create({ model: 'titan-embed-text-v2', input: ['abcdefgh', 'abcd'] });

    expect(response.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 200, servedModel: 'titan-embed-text-v2', usage: { inputTokens: 3, outputTokens: 0 } });
  });

  it('batches Cohere inputs by 96 with input_type search_document, or the input_type extension', async () => {
    const input = Array.from({ length: 100 }, (_, i) => `document ${i}`);
    const response = await harness.client().embeddings.create({ model: 'cohere-embed-english-v3', input, encoding_format: 'float' });
    await harness.client().embeddings.create({ model: 'cohere-embed-english-v3', input: 'query', input_type: 'search_query' } as never);

    const bodies = harness.emulator.requests.filter((request) => request.operation === 'InvokeModel').map((request) => request.body);
    expect(bodies).toEqual([
      { texts: input.slice(0, 96), input_type: 'search_document', embedding_types: ['float'] },
      { texts: input.slice(96), input_type: 'search_document', embedding_types: ['float'] },
      { texts: ['query'], input_type: 'search_query', embedding_types: ['float'] },
    ]);
    expect(response.data).toHaveLength(100);
    expect(response.data[99]).toEqual({ object: 'embedding', index: 99, embedding: deterministicVector('cohere.embed-english-v3', 'document 99', 1024) });
  });

  it.each([
    { name: 'token arrays', body: { model: 'titan-embed-text-v2', input: [1, 2, 3] }, param: 'input' },
    { name: 'an empty string', body: { model: 'titan-embed-text-v2', input: ['ok', ''] }, param: 'input[1]' },
    { name: 'unsupported dimensions', body: { model: 'titan-embed-text-v2', input: 'x', dimensions: 768 }, param: 'dimensions' },
    { name: 'a chat model', body: { model: 'nova-micro', input: 'x' }, param: 'model' },
  ])('fails with 400 naming $param for $name', async ({ body, param }) => {
    const error = await harness.client().embeddings.create(body as never).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).param).toBe(param);
    expect(harness.emulator.requests).toHaveLength(0);
  });

  it('fails with 404 model_not_found for an unknown model', async () => {
    await expect(harness.client().embeddings.create({ model: 'text-embedding-3-small', input: 'x' })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
  });

  it('fails with 403 model_not_allowed for a model the key may not use', async () => {
    await expect(harness.client('sk-limited').embeddings.create({ model: 'cohere-embed-v4', input: 'x' })).rejects.toMatchObject({
      status: 403,
      code: 'model_not_allowed',
    });
  });

  it('maps Bedrock throttling to 429 and settles the failed call with no usage', async () => {
    harness.emulator.fault({ type: 'error', error: 'throttling', operations: ['InvokeModel'] });

    await expect(harness.client().embeddings.create({ model: 'titan-embed-text-v2', input: 'x' })).rejects.toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
    });
    const [settlement] = await harness.meter.settled(1);
    expect(settlement).toMatchObject({ status: 429, errorCode: 'rate_limit_exceeded', usage: { inputTokens: 0 } });
  });
});
