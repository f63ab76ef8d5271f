/** @module The model API routes (OpenAI's and Anthropic's), under `/v1` (bearer credentials) and `/iam/v1` (SigV4). */
import type { RouteHandler } from '../context';
import type { Route, RouteAuth } from '../router';
import { createChatCompletion } from './chat-completions';
import { createEmbeddingsRoute } from './embeddings';
import { countMessageTokens, createMessage } from './messages';
import { listModels, retrieveModel } from './models';

/** The endpoints, relative to an API tree's root. */
const MODEL_ENDPOINTS: readonly { readonly method: string; readonly path: string; readonly handler: RouteHandler }[] = [
  { method: 'POST', path: '/chat/completions', handler: createChatCompletion },
  { method: 'POST', path: '/embeddings', handler: createEmbeddingsRoute },
  { method: 'GET', path: '/models', handler: listModels },
  // Model ids may hold `/` and `:` (inference profile and model ARNs), hence the rest-capture.
  { method: 'GET', path: '/models/*id', handler: retrieveModel },
  // Anthropic's Messages API (Claude Code sends `?beta=true`, which routing ignores).
  { method: 'POST', path: '/messages', handler: createMessage },
  { method: 'POST', path: '/messages/count_tokens', handler: countMessageTokens },
];

/** The API trees: one REST method has one authorization type, so SigV4 callers get their own. */
const API_TREES: readonly { readonly prefix: string; readonly auth: RouteAuth }[] = [
  { prefix: '/v1', auth: 'v1' },
  { prefix: '/iam/v1', auth: 'iam' },
];

/** Every model route, once per API tree. */
const modelRoutes: Route[] = API_TREES.flatMap(({ prefix, auth }) =>
  MODEL_ENDPOINTS.map(({ method, path, handler }) => ({ method, pattern: `${prefix}${path}`, auth, handler })),
);

export { modelRoutes };
