/** @module OpenAI model listing wire types: `GET /v1/models` and `GET /v1/models/{id}`. */

/**
 * One model.
 * @see https://platform.openai.com/docs/api-reference/models/object
 */
interface OpenAIModel {
  /** The catalog id clients send as `model`. */
  id: string;
  object: 'model';
  /** Unix seconds; the gateway reports a fixed date, Bedrock has no per-model creation time. */
  created: number;
  /** The provider as Bedrock names it (`Anthropic`, `Amazon`, ...). */
  owned_by: string;
}

/**
 * The response of `GET /v1/models`.
 * @see https://platform.openai.com/docs/api-reference/models/list
 */
interface OpenAIModelList {
  object: 'list';
  data: OpenAIModel[];
}

export type { OpenAIModel, OpenAIModelList };
