/** @module `GET /v1/models` and `GET /v1/models/{id}`: the catalog in OpenAI's model list shape. */
import type { CatalogEntry } from '../../catalog/types';
import type { OpenAIModel, OpenAIModelList } from '../../openai/models-types';
import { mayUseModel } from '../../routing/select-targets';
import type { RequestContext } from '../context';
import { modelNotFound, requirePrincipal } from './model-route-support';

/**
 * The `created` time reported for every model (2024-01-01T00:00:00Z): Bedrock has no per-model
 * creation time, and a fixed value keeps responses stable.
 */
const MODEL_CREATED_SECONDS = 1_704_067_200;

function toOpenAIModel(entry: CatalogEntry): OpenAIModel {
  return { id: entry.id, object: 'model', created: MODEL_CREATED_SECONDS, owned_by: entry.provider };
}

/** Lists the models the principal may use (all of them when its key or role is not limited). */
async function listModels(ctx: RequestContext): Promise<void> {
  const principal = requirePrincipal(ctx);
  const body: OpenAIModelList = {
    object: 'list',
    data: ctx.services.catalog.list().filter((entry) => mayUseModel(principal, entry)).map(toOpenAIModel),
  };
  await ctx.response.json(200, body);
}

/**
 * Describes one model by catalog id or alias (ids may hold `/` and `:`, e.g. ARNs); models the
 * principal may not use are reported as not found, as the list hides them.
 */
async function retrieveModel(ctx: RequestContext): Promise<void> {
  const name = ctx.params.id ?? '';
  const entry = ctx.services.catalog.resolve(name);
  if (entry === undefined || !mayUseModel(requirePrincipal(ctx), entry)) throw modelNotFound(name);
  await ctx.response.json(200, toOpenAIModel(entry));
}

export { MODEL_CREATED_SECONDS, listModels, retrieveModel };
