/** @module OpenAI embeddings wire types: the request the gateway accepts and the list it returns. */

/** How vectors are encoded in the response: JSON numbers, or base64 of little-endian float32 bytes. */
const OPENAI_EMBEDDING_ENCODINGS = ['float', 'base64'] as const;
type OpenAIEmbeddingEncoding = (typeof OPENAI_EMBEDDING_ENCODINGS)[number];

/** Cohere's `input_type` values, accepted through the `input_type` extension field. */
const COHERE_INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering'] as const;
type CohereInputType = (typeof COHERE_INPUT_TYPES)[number];

/**
 * The validated body of `POST /v1/embeddings`.
 *
 * Token-array inputs (`number[]`, `number[][]`) are OpenAI features the gateway rejects: Bedrock
 * models take text only. `input_type` is a gateway extension for Cohere models.
 * @see https://platform.openai.com/docs/api-reference/embeddings/create
 */
interface OpenAIEmbeddingsRequest {
  model: string;
  /** Texts to embed, normalised to a list, each non-empty. */
  input: string[];
  /** @default 'float' */
  encoding_format: OpenAIEmbeddingEncoding;
  /** Output vector length, where the model supports a choice. */
  dimensions?: number;
  user?: string;
  /** Extension for Cohere models. @default 'search_document' */
  input_type?: CohereInputType;
}

/** One vector. */
interface OpenAIEmbedding {
  object: 'embedding';
  index: number;
  /** Numbers for `float`; base64 of little-endian float32 bytes for `base64`. */
  embedding: number[] | string;
}

/**
 * The response of `POST /v1/embeddings`.
 * @see https://platform.openai.com/docs/api-reference/embeddings/object
 */
interface OpenAIEmbeddingsResponse {
  object: 'list';
  data: OpenAIEmbedding[];
  /** The model name the client asked for. */
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export { COHERE_INPUT_TYPES, OPENAI_EMBEDDING_ENCODINGS };
export type { CohereInputType, OpenAIEmbedding, OpenAIEmbeddingEncoding, OpenAIEmbeddingsRequest, OpenAIEmbeddingsResponse };
