/**
 * @module The model API routes: OpenAI's and Anthropic's under `/v1` (bearer credentials) and
 * `/iam/v1` (SigV4); Bedrock's runtime API under `/bedrock` (bearer credentials, as Bedrock API keys are sent).
 */
import type { RouteHandler } from '../context';
import type { Route, RouteAuth } from '../router';
import { createChatCompletion } from './chat-completions';
import { createEmbeddingsRoute } from './embeddings';
import { getBedrockInferenceProfile, invokeBedrockRuntime, listBedrockFoundationModels, listBedrockInferenceProfiles } from './bedrock-runtime';
import { countMessageTokens, createMessage } from './messages';
import { listModels, retrieveModel } from './models';
import { createResponse, deleteResponse, retrieveResponse } from './responses';

/**
 * The endpoints, relative to an API tree's root. `with-admission`: every answer of the route goes
 * through a ledger admission, which runs the key's fresh check together with its reservations.
 */
const MODEL_ENDPOINTS: readonly { readonly method: string; readonly path: string; readonly handler: RouteHandler; readonly credentialCheck?: 'with-admission' }[] = [
  { method: 'POST', path: '/chat/completions', handler: createChatCompletion, credentialCheck: 'with-admission' },
  { method: 'POST', path: '/embeddings', handler: createEmbeddingsRoute, credentialCheck: 'with-admission' },
  { method: 'GET', path: '/models', handler: listModels },
  // Model ids may hold `/` and `:` (inference profile and model ARNs), hence the rest-capture.
  { method: 'GET', path: '/models/*id', handler: retrieveModel },
  // OpenAI's Responses API (Codex CLI, the Agents SDK). Reading a previous response or the seal key
  // before the admission answers nothing: an error waits for the key's check, any other answer for the admission.
  { method: 'POST', path: '/responses', handler: createResponse, credentialCheck: 'with-admission' },
  // Stored responses are answered from the table, without an admission: the key is checked first.
  { method: 'GET', path: '/responses/:id', handler: retrieveResponse },
  { method: 'DELETE', path: '/responses/:id', handler: deleteResponse },
  // Anthropic's Messages API (Claude Code sends `?beta=true`, which routing ignores).
  { method: 'POST', path: '/messages', handler: createMessage, credentialCheck: 'with-admission' },
  { method: 'POST', path: '/messages/count_tokens', handler: countMessageTokens, credentialCheck: 'with-admission' },
];

/** The API trees: one REST method has one authorization type, so SigV4 callers get their own. */
const API_TREES: readonly { readonly prefix: string; readonly auth: RouteAuth }[] = [
  { prefix: '/v1', auth: 'v1' },
  { prefix: '/iam/v1', auth: 'iam' },
];

/**
 * Bedrock's runtime API and the control-plane listings its clients call first. Model ids may hold `/`
 * and `:` (ARNs), so the runtime route captures the rest and its handler splits off the operation.
 * Every runtime operation (count-tokens too) answers through a ledger admission.
 */
const BEDROCK_ROUTES: readonly Route[] = [
  { method: 'POST', pattern: '/bedrock/model/*target', auth: 'v1', handler: invokeBedrockRuntime, credentialCheck: 'with-admission' },
  { method: 'GET', pattern: '/bedrock/foundation-models', auth: 'v1', handler: listBedrockFoundationModels },
  { method: 'GET', pattern: '/bedrock/inference-profiles', auth: 'v1', handler: listBedrockInferenceProfiles },
  { method: 'GET', pattern: '/bedrock/inference-profiles/*id', auth: 'v1', handler: getBedrockInferenceProfile },
];

/** Every model route, once per API tree, and the Bedrock routes. */
const modelRoutes: Route[] = [
  ...API_TREES.flatMap(({ prefix, auth }) => MODEL_ENDPOINTS.map(({ path, ...endpoint }) => ({ ...endpoint, pattern: `${prefix}${path}`, auth }))),
  ...BEDROCK_ROUTES,
];

export { modelRoutes };
