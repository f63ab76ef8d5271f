/**
 * @module Which error format answers which path: one row per API surface, OpenAI's for the rest.
 *
 * A new surface adds its rows here (and the same under `/iam/v1`), so every error of its paths,
 * authentication and 404s included, reaches its clients in their own format.
 */
import { ANTHROPIC_ERROR_DIALECT } from '../anthropic/error-body';
import { BEDROCK_ERROR_DIALECT } from '../bedrock-api/error-body';
import { OPENAI_ERROR_DIALECT } from '../openai/error-body';
import type { ErrorDialectTable } from '../platform/error-dialect';

/** The gateway's error formats by path prefix. */
const GATEWAY_ERROR_DIALECTS: ErrorDialectTable = {
  routes: [
    { prefix: '/v1/messages', dialect: ANTHROPIC_ERROR_DIALECT },
    { prefix: '/iam/v1/messages', dialect: ANTHROPIC_ERROR_DIALECT },
    { prefix: '/bedrock', dialect: BEDROCK_ERROR_DIALECT },
  ],
  fallback: OPENAI_ERROR_DIALECT,
};

export { GATEWAY_ERROR_DIALECTS };
