/** @module Unit tests of the Titan and Cohere embedding bodies. */

import { deterministicVector, invokeEmbeddingModel } from '../../../local/bedrock-emulator/embeddings';

const TITAN = 'amazon.titan-embed-text-v2:0';
const COHERE_V3 = 'cohere.embed-english-v3';
const COHERE_V4 = 'cohere.embed-v4:0';

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

describe('deterministicVector', () => {
  it('gives the same unit vector for the same model and text', () => {
    const first = deterministicVector(TITAN, 'hello', 256);

    expect(deterministicVector(TITAN, 'hello', 256)).toEqual(first);
    expect(norm(first)).toBeCloseTo(1, 10);
  });

  it('gives different vectors for different texts', () => {
    expect(deterministicVector(TITAN, 'hello', 8)).not.toEqual(deterministicVector(TITAN, 'world', 8));
  });
});

describe('Titan Text Embeddings v2', () => {
  it('returns a normalised 1024-dimension embedding and the token count by default', () => {
    const { body, inputTokens } = invokeEmbeddingModel(TITAN, 'titan-text-v2', { inputText: 'hello world' });

    expect(body).toEqual({ embedding: expect.any(Array), inputTextTokenCount: 3 });
    expect((body['embedding'] as number[]).length).toBe(1024);
    expect(inputTokens).toBe(3);
  });

  it('returns embeddingsByType with binary values when asked', () => {
    const { body } = invokeEmbeddingModel(TITAN, 'titan-text-v2', { inputText: 'hi', dimensions: 256, embeddingTypes: ['binary'] });

    expect(body['embedding']).toBeUndefined();
    const byType = body['embeddingsByType'] as { binary: number[] };
    expect(byType.binary).toHaveLength(256);
    expect(new Set(byType.binary)).toEqual(new Set([0, 1]));
  });

  it.each([
    { problem: 'missing inputText', body: {}, message: 'Malformed input request: #: required key [inputText] not found, please reformat your input and try again.' },
    { problem: 'dimensions 300', body: { inputText: 'x', dimensions: 300 }, message: 'Malformed input request: #/dimensions: 300 is not a valid enum value, please reformat your input and try again.' },
    { problem: 'an extraneous key', body: { inputText: 'x', texts: ['x'] }, message: '#: extraneous key [texts] is not permitted' },
    { problem: 'an empty inputText', body: { inputText: '' }, message: '#/inputText: expected minLength: 1' },
    { problem: 'an unknown embedding type', body: { inputText: 'x', embeddingTypes: ['int8'] }, message: '#/embeddingTypes/0: "int8" is not a valid enum value' },
  ])('fails with a ValidationException for $problem', ({ body, message }) => {
    expect(() => invokeEmbeddingModel(TITAN, 'titan-text-v2', body)).toThrow(expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining(message) }));
  });
});

describe('Cohere Embed', () => {
  it('returns float lists for v3 without embedding_types', () => {
    const { body, inputTokens } = invokeEmbeddingModel(COHERE_V3, 'cohere-v3', { texts: ['hello', 'world!'], input_type: 'search_document' });

    expect(body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), embeddings: [expect.any(Array), expect.any(Array)], response_type: 'embeddings_floats', texts: ['hello', 'world!'] });
    expect((body['embeddings'] as number[][])[0]).toHaveLength(1024);
    expect(inputTokens).toBe(4);
  });

  it('returns embeddings by type for v3 with embedding_types', () => {
    const { body } = invokeEmbeddingModel(COHERE_V3, 'cohere-v3', { texts: ['hello'], input_type: 'search_query', embedding_types: ['float', 'int8', 'ubinary'] });
    const embeddings = body['embeddings'] as Record<string, number[][]>;

    expect(body['response_type']).toBe('embeddings_by_type');
    expect(Object.keys(embeddings)).toEqual(['float', 'int8', 'ubinary']);
    expect(embeddings['int8']?.[0]?.every((value) => Number.isInteger(value) && value >= -128 && value <= 127)).toBe(true);
    expect(embeddings['ubinary']?.[0]).toHaveLength(128);
  });

  it('returns float embeddings by type at the requested output_dimension for v4', () => {
    const { body } = invokeEmbeddingModel(COHERE_V4, 'cohere-v4', { texts: ['hello'], input_type: 'search_document', output_dimension: 256 });

    expect(body['response_type']).toBe('embeddings_by_type');
    expect((body['embeddings'] as { float: number[][] }).float[0]).toHaveLength(256);
  });

  it.each([
    { problem: 'missing input_type', body: { texts: ['x'] }, message: '#: required key [input_type] not found' },
    { problem: 'an unknown input_type', body: { texts: ['x'], input_type: 'query' }, message: '#/input_type: "query" is not a valid enum value' },
    { problem: '97 texts', body: { texts: Array.from({ length: 97 }, () => 'x'), input_type: 'clustering' }, message: '#/texts: expected maximum item count: 96, found: 97' },
    { problem: 'missing texts', body: { input_type: 'clustering' }, message: '#: required key [texts] not found' },
    { problem: 'a text over 2048 characters', body: { texts: ['x'.repeat(2049)], input_type: 'clustering' }, message: '#/texts/0: expected maxLength: 2048, actual: 2049' },
  ])('fails with a ValidationException for v3 with $problem', ({ body, message }) => {
    expect(() => invokeEmbeddingModel(COHERE_V3, 'cohere-v3', body)).toThrow(expect.objectContaining({ name: 'ValidationException', message: expect.stringContaining(message) }));
  });

  it('fails for v4 with an unsupported output_dimension', () => {
    expect(() => invokeEmbeddingModel(COHERE_V4, 'cohere-v4', { texts: ['x'], input_type: 'clustering', output_dimension: 100 })).toThrow('#/output_dimension: 100 is not a valid enum value');
  });
});
