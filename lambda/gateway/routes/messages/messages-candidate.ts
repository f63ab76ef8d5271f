/**
 * @module A Messages request prepared for one target: for Claude, Anthropic's own body through
 * InvokeModel (or its stream), which keeps betas, adaptive thinking and system turns; for every other
 * catalog model, the Converse mapping of the chat surface with the answer converted back to
 * Anthropic's shapes. With its estimates, price selection and warnings.
 */
import type { ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import { claudeMessageOperation, claudeStreamOperation, type ClaudeCallOptions } from '../../../anthropic/claude-invoke-operations';
import { ConverseMessagesStream, convertConverseToMessage, type ConverseAnswerOptions } from '../../../anthropic/convert-converse-to-message';
import { convertToChatRequest } from '../../../anthropic/convert-to-chat-request';
import type { MessagesStreamEvent } from '../../../anthropic/claude-invoke-answer';
import { convertToClaudeBody } from '../../../anthropic/convert-to-claude-body';
import { estimateMessagesInputTokens } from '../../../anthropic/estimate-messages-tokens';
import type { AnthropicMessage, AnthropicMessagesRequest } from '../../../anthropic/messages-api-types';
import type { ParsedMessagesRequest } from '../../../anthropic/messages-request-schema';
import { resolveImageUrls } from '../../../anthropic/resolve-image-urls';
import { longestCacheTtl } from '../../../bedrock/cache-points';
import { hasCachePoint } from '../../../bedrock/estimate-input-tokens';
import { prepareConverseRequest } from '../../../bedrock/prepare-converse-request';
import { gatewayRequestMetadata, mergeRequestMetadata } from '../../../bedrock/request-metadata';
import { RequestWarnings } from '../../../bedrock/request-warnings';
import {
  converseOperation,
  converseStreamOperation,
  mapJsonOperation,
  transformStreamOperation,
  type JsonOperation,
  type StreamOperation,
} from '../../../model-call/bedrock-operations';
import type { Candidate, PlannedCall } from '../../../model-call/candidates';
import type { RouteTarget } from '../../../routing/route-types';
import type { RequestContext } from '../../context';
import { requestImageFetcher, requirePrincipal } from '../model-route-support';

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

/** A target prepared for one of the two Bedrock calls. */
type PreparedTarget =
  | { readonly kind: 'claude'; readonly claude: ClaudeCallOptions; readonly maxOutputTokens: number; readonly writesCache: boolean; readonly cacheTtl?: '1h' }
  | { readonly kind: 'converse'; readonly input: ConverseRequest; readonly answer: ConverseAnswerOptions; readonly warnings: string[]; readonly maxOutputTokens: number; readonly writesCache: boolean; readonly cacheTtl?: '1h'; readonly estimatedInputTokens: number };

/**
 * Builds the per-target preparer of one request: image URLs are fetched once (SSRF-guarded) for all
 * targets, the input estimate is computed once, and each model gets its own body (its limits,
 * thinking rules and sampling rules differ).
 */
function messagesCandidatePreparer(ctx: RequestContext, { parsed, betas }: MessagesPreparerOptions): MessagesCandidatePreparer {
  const { request, droppedFields } = parsed;
  const { guardrail, autoCachePoints } = ctx.services.config;
  const principal = requirePrincipal(ctx);
  const attribution = gatewayRequestMetadata({ requestId: ctx.requestId, principalId: principal.id, team: principal.team });
  const fetchImage = requestImageFetcher();
  const estimatedInputTokens = estimateMessagesInputTokens(request);
  let resolved: Promise<AnthropicMessagesRequest> | undefined;
  const withImages = (): Promise<AnthropicMessagesRequest> => {
    resolved ??= resolveImageUrls(request, { fetchImage, signal: ctx.request.signal });
    return resolved;
  };

  function startWarnings(): RequestWarnings {
    const warnings = new RequestWarnings();
    if (droppedFields.length > 0) warnings.add(`${droppedFields.join(', ')}: not available on Amazon Bedrock; dropped.`);
    return warnings;
  }

  async function prepareTarget(target: RouteTarget): Promise<PreparedTarget> {
    const { model } = target;
    const warnings = startWarnings();
    if (model.capabilities.messagesApi === true) {
      const prepared = convertToClaudeBody({ request: await withImages(), betas, model, warnings });
      const claude: ClaudeCallOptions = { modelId: model.bedrockModelId, body: prepared.body, warnings: warnings.list(), ...(guardrail === undefined ? {} : { guardrail }) };
      return { kind: 'claude', claude, maxOutputTokens: prepared.maxOutputTokens, writesCache: prepared.writesCache, ...(prepared.cacheTtl === undefined ? {} : { cacheTtl: prepared.cacheTtl }) };
    }
    const chatRequest = convertToChatRequest(await withImages(), warnings);
    const prepared = await prepareConverseRequest(chatRequest, model, { fetchImage, guardrail, autoCachePoints, signal: ctx.request.signal });
    const input = { ...prepared.input, requestMetadata: mergeRequestMetadata(prepared.input.requestMetadata, attribution) };
    const { system = [], messages = [], toolConfig } = input;
    return {
      kind: 'converse',
      input,
      answer: { toolNames: prepared.toolNames, stopSequences: request.stop_sequences ?? [] },
      warnings: [...warnings.list(), ...prepared.warnings],
      maxOutputTokens: prepared.maxOutputTokens,
      writesCache: hasCachePoint(system, messages, toolConfig?.tools ?? []),
      ...(longestCacheTtl({ system, messages, tools: toolConfig?.tools ?? [] }) === '1h' ? { cacheTtl: '1h' as const } : {}),
      estimatedInputTokens: prepared.estimatedInputTokens,
    };
  }

  function candidate<Op>(target: RouteTarget, prepared: PreparedTarget, operation: Op): MessagesCandidate<Op> {
    // Claude is estimated on Anthropic's body; Converse on the blocks it sends (images as decoded bytes).
    const inputTokens = prepared.kind === 'claude' ? estimatedInputTokens : prepared.estimatedInputTokens;
    return {
      target,
      calls: [{ operation, estimatedInputTokens: inputTokens, maxOutputTokens: prepared.maxOutputTokens }],
      priceSelection: { writesCache: prepared.writesCache, ...(prepared.cacheTtl === undefined ? {} : { cacheTtl: prepared.cacheTtl }) },
      warnings: prepared.kind === 'claude' ? prepared.claude.warnings : prepared.warnings,
      promptTokens: inputTokens,
    };
  }

  return {
    async json(target) {
      const prepared = await prepareTarget(target);
      if (prepared.kind === 'claude') return candidate(target, prepared, claudeMessageOperation(prepared.claude));
      return candidate(target, prepared, mapJsonOperation(converseOperation(prepared.input), (response) => convertConverseToMessage(response, prepared.answer)));
    },
    async stream(target) {
      const prepared = await prepareTarget(target);
      if (prepared.kind === 'claude') return candidate(target, prepared, claudeStreamOperation(prepared.claude));
      const conversion = (): ConverseMessagesStream => new ConverseMessagesStream(prepared.answer);
      return candidate(target, prepared, transformStreamOperation(converseStreamOperation(prepared.input), conversion));
    },
  };
}

export { messagesCandidatePreparer };
export type { MessagesCandidate, MessagesCandidatePreparer };
