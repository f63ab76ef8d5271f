import {
  buildEmbeddingCalls,
  buildEmbeddingsResponse,
  encodeEmbedding,
  parseEmbeddingResponse,
  parseEmbeddingsRequest,
} from '../../../lambda/bedrock/embeddings';
import { createModelCatalog } from '../../../lambda/catalog';
import type { CatalogEntry } from '../../../lambda/catalog/types';

const catalog = createModelCatalog();

function model(id: string): CatalogEntry {
  const entry = catalog.get(id);
  if (entry === undefined) throw new Error(`catalog has no ${id}`);
  return entry;
}

describe('parseEmbeddingsRequest', () => {
  it('normalises a string input to a list and defaults encoding_format to float', () => {
    expect(parseEmbeddingsRequest({ model: 'titan-embed-text-v2', input: 'hello' })).toEqual({
      model: 'titan-embed-text-v2',
      input: ['hello'],
      encoding_format: 'float',
    });
  });

  it('keeps dimensions, user, base64 encoding and the input_type extension', () => {
    expect(
      parseEmbeddingsRequest({ model: 'm', input: ['a', 'b'], encoding_format: 'base64', dimensions: 256, user: 'u', input_type: 'search_query' }),
    ).toEqual({ model: 'm', input: ['a', 'b'], encoding_format: 'base64', dimensions: 256, user: 'u', input_type: 'search_query' });
  });

  it.each([
    { name: 'a token array', body: { model: 'm', input: [1, 2, 3] }, param: 'input' },
    { name: 'an array of token arrays', body: { model: 'm', input: [[1, 2], [3]] }, param: 'input' },
    { name: 'an empty string', body: { model: 'm', input: '' }, param: 'input' },
    { name: 'an empty string in a list', body: { model: 'm', input: ['a', ''] }, param: 'input[1]' },
    { name: 'an empty list', body: { model: 'm', input: [] }, param: 'input' },
    { name: 'a number in a list of strings', body: { model: 'm', input: ['a', 7] }, param: 'input[1]' },
    { name: 'a missing input', body: { model: 'm' }, param: 'input' },
    { name: 'a missing model', body: { input: 'a' }, param: 'model' },
    { name: 'an unknown encoding', body: { model: 'm', input: 'a', encoding_format: 'int8' }, param: 'encoding_format' },
    { name: 'an unknown input_type', body: { model: 'm', input: 'a', input_type: 'image' }, param: 'input_type' },
    { name: 'fractional dimensions', body: { model: 'm', input: 'a', dimensions: 1.5 }, param: 'dimensions' },
    { name: 'an unknown parameter', body: { model: 'm', input: 'a', truncate: 'END' }, param: 'truncate' },
  ])('fails with 400 naming $param for $name', ({ body, param }) => {
    expect(() => parseEmbeddingsRequest(body)).toThrow(expect.objectContaining({ statusCode: 400, param }));
  });
});

describe('buildEmbeddingCalls', () => {
  it('sends one normalised Titan call per input with the requested dimensions', () => {
    const request = parseEmbeddingsRequest({ model: 'titan-embed-text-v2', input: ['a', 'b'], dimensions: 512 });

    expect(buildEmbeddingCalls(request, model('titan-embed-text-v2'))).toEqual([
      { body: { inputText: 'a', normalize: true, dimensions: 512 }, inputIndexes: [0] },
      { body: { inputText: 'b', normalize: true, dimensions: 512 }, inputIndexes: [1] },
    ]);
  });

  it('fails with 400 on dimensions Titan does not support, listing the ones it does', () => {
    const request = parseEmbeddingsRequest({ model: 'titan-embed-text-v2', input: 'a', dimensions: 300 });

    expect(() => buildEmbeddingCalls(request, model('titan-embed-text-v2'))).toThrow(
      expect.objectContaining({ statusCode: 400, param: 'dimensions', message: expect.stringContaining('256, 512, 1024') }),
    );
  });

  it('batches Cohere inputs by 96 with input_type search_document and float embeddings', () => {
    const input = Array.from({ length: 100 }, (_, i) => `text ${i}`);
    const calls = buildEmbeddingCalls(parseEmbeddingsRequest({ model: 'cohere-embed-english-v3', input }), model('cohere-embed-english-v3'));

    expect(calls).toHaveLength(2);
    expect(calls[0]?.body).toEqual({ texts: input.slice(0, 96), input_type: 'search_document', embedding_types: ['float'] });
    expect(calls[1]).toEqual({
      body: { texts: input.slice(96), input_type: 'search_document', embedding_types: ['float'] },
      inputIndexes: [96, 97, 98, 99],
    });
  });

  it('passes the input_type extension and sends output_dimension only to Cohere models with a choice', () => {
    const v4 = buildEmbeddingCalls(
      parseEmbeddingsRequest({ model: 'cohere-embed-v4', input: 'q', input_type: 'search_query', dimensions: 512 }),
      model('cohere-embed-v4'),
    );
    const v3 = buildEmbeddingCalls(
      parseEmbeddingsRequest({ model: 'cohere-embed-english-v3', input: 'q', dimensions: 1024 }),
      model('cohere-embed-english-v3'),
    );

    expect(v4[0]?.body).toEqual({ texts: ['q'], input_type: 'search_query', embedding_types: ['float'], output_dimension: 512 });
    expect(v3[0]?.body).toEqual({ texts: ['q'], input_type: 'search_document', embedding_types: ['float'] });
  });
});

describe('parseEmbeddingResponse', () => {
  it.each([
    { name: 'Titan embedding', dialect: 'titan' as const, body: { embedding: [0.1, 0.2], inputTextTokenCount: 3 }, expected: { vectors: [[0.1, 0.2]], inputTokens: 3 } },
    { name: 'Titan embeddingsByType', dialect: 'titan' as const, body: { embeddingsByType: { float: [0.5] } }, expected: { vectors: [[0.5]] } },
    { name: 'Cohere embeddings_by_type', dialect: 'cohere' as const, body: { embeddings: { float: [[1], [2]] }, response_type: 'embeddings_by_type' }, expected: { vectors: [[1], [2]] } },
    { name: 'Cohere embeddings_floats', dialect: 'cohere' as const, body: { embeddings: [[1], [2]], response_type: 'embeddings_floats' }, expected: { vectors: [[1], [2]] } },
  ])('reads a $name response', ({ dialect, body, expected }) => {
    expect(parseEmbeddingResponse(dialect, body, expected.vectors.length)).toEqual(expected);
  });

  it('fails with 502 when the vector count does not match the texts sent', () => {
    expect(() => parseEmbeddingResponse('cohere', { embeddings: { float: [[1]] } }, 2)).toThrow(expect.objectContaining({ statusCode: 502 }));
  });
});

describe('encodeEmbedding', () => {
  it('encodes base64 as little-endian float32 bytes, as OpenAI does', () => {
    const encoded = encodeEmbedding([1, -2.5, 0.25], 'base64') as string;

    expect(encoded).toBe('AACAPwAAIMAAAIA+');
    const bytes = Buffer.from(encoded, 'base64');
    expect(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, 3))).toEqual([1, -2.5, 0.25]);
  });

  it('returns float vectors as numbers', () => {
    expect(encodeEmbedding([0.5, 1], 'float')).toEqual([0.5, 1]);
  });
});

describe('buildEmbeddingsResponse', () => {
  it('returns vectors in input order with usage from reported tokens, estimating calls that reported none', () => {
    const request = parseEmbeddingsRequest({ model: 'titan-embed-text-v2', input: ['abcdefgh', 'xy'] });
    const calls = buildEmbeddingCalls(request, model('titan-embed-text-v2'));

    const response = buildEmbeddingsResponse(request, calls, [{ vectors: [[1, 0]], inputTokens: 5 }, { vectors: [[0, 1]] }]);

    expect(response).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [1, 0] },
        { object: 'embedding', index: 1, embedding: [0, 1] },
      ],
      model: 'titan-embed-text-v2',
      usage: { prompt_tokens: 6, total_tokens: 6 },
    });
  });
});
