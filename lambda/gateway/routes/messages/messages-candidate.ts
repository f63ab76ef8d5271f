/**
 * @module A Messages request prepared for one target: for Claude, Anthropic's own body through
 * InvokeModel (or its stream); its estimates, price selection and warnings.
 */
import { claudeMessageOperation, claudeStreamOperation, type ClaudeCallOptions } from '../../../anthropic/claude-invoke-operations';
import type { MessagesStreamEvent } from '../../../anthropic/claude-invoke-answer';
import { convertToClaudeBody, type PreparedClaudeBody } from '../../../anthropic/convert-to-claude-body';
import { estimateMessagesInputTokens } from '../../../anthropic/estimate-messages-tokens';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../../../anthropic/messages-api-types';
import type { ParsedMessagesRequest } from '../../../anthropic/messages-request-schema';
import { resolveImageUrls } from '../../../anthropic/resolve-image-urls';
import { RequestWarnings } from '../../../bedrock/request-warnings';
import type { CatalogEntry } from '../../../catalog/types';
import type { JsonOperation, StreamOperation } from '../../../model-call/bedrock-operations';
import type { Candidate, PlannedCall } from '../../../model-call/candidates';
import { InvalidRequestError } from '../../../platform/errors';
import type { RouteTarget } from '../../../routing/route-types';
import type { RequestContext } from '../../context';
import { requestImageFetcher } from '../model-route-support';

/** A Messages candidate: one call, answering Anthropic's Message (JSON) or its stream events. */
interface MessagesCandidate<Op> extends Candidate<Op> {
  readonly calls: readonly [PlannedCall<Op>];
  /** Mutable: a retry without betas adds its warning before the response goes out. */
  readonly warnings: string[];
}

/** Prepares the request per target, for a JSON answer or a stream. */
interface MessagesCandidatePreparer {
  json(target: RouteTarget): Promise<MessagesCandidate<JsonOperation<AnthropicMessage>>>;
  stream(target: RouteTarget): Promise<MessagesCandidate<StreamOperation<MessagesStreamEvent>>>;
}

interface MessagesPreparerOptions {
  readonly parsed: ParsedMessagesRequest;
  /** The client's `anthropic-beta` values. */
  readonly betas: readonly string[];
}

/** The call the model is served through, or a 400 for a model the Messages surface cannot call. */
function requireMessagesApi(model: CatalogEntry): void {
  if (model.capabilities.messagesApi === true) return;
  throw new InvalidRequestError(`The model '${model.id}' is not a Claude model; the Messages API serves Claude models only.`, { param: 'model' });
}

/**
 * Builds the per-target preparer of one request: image URLs are fetched once (SSRF-guarded) for all
 * targets, the input estimate is computed once, and each model gets its own body (its limits,
 * thinking rules and sampling rules differ).
 */
function messagesCandidatePreparer(ctx: RequestContext, { parsed, betas }: MessagesPreparerOptions): MessagesCandidatePreparer {
  const { request, droppedFields } = parsed;
  const { guardrail } = ctx.services.config;
  const estimatedInputTokens = estimateMessagesInputTokens(request);
  let resolved: Promise<AnthropicMessagesRequest> | undefined;
  const withImages = (): Promise<AnthropicMessagesRequest> => {
    resolved ??= resolveImageUrls(request, { fetchImage: requestImageFetcher(), signal: ctx.request.signal });
    return resolved;
  };

  async function prepareClaude(target: RouteTarget): Promise<{ prepared: PreparedClaudeBody; callOptions: ClaudeCallOptions }> {
    const { model } = target;
    requireMessagesApi(model);
    const warnings = new RequestWarnings();
    if (droppedFields.length > 0) warnings.add(`${droppedFields.join(', ')}: not available on Amazon Bedrock; dropped.`);
    const prepared = convertToClaudeBody({ request: await withImages(), betas, model, warnings });
    const callOptions: ClaudeCallOptions = { modelId: model.bedrockModelId, body: prepared.body, warnings: warnings.list(), ...(guardrail === undefined ? {} : { guardrail }) };
    return { prepared, callOptions };
  }

  function candidate<Op>(target: RouteTarget, prepared: PreparedClaudeBody, warnings: string[], operation: Op): MessagesCandidate<Op> {
    return {
      target,
      calls: [{ operation, estimatedInputTokens, maxOutputTokens: prepared.maxOutputTokens }],
      priceSelection: { writesCache: prepared.writesCache },
      warnings,
      promptTokens: estimatedInputTokens,
    };
  }

  return {
    async json(target) {
      const { prepared, callOptions } = await prepareClaude(target);
      return candidate(target, prepared, callOptions.warnings, claudeMessageOperation(callOptions));
    },
    async stream(target) {
      const { prepared, callOptions } = await prepareClaude(target);
      return candidate(target, prepared, callOptions.warnings, claudeStreamOperation(callOptions));
    },
  };
}

export { messagesCandidatePreparer };
export type { MessagesCandidate, MessagesCandidatePreparer };
