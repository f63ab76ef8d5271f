/** @module Prepares a chat request for every target of its plan and keeps the candidates that can take it. */
import { createImageFetcher, type FetchedImage, type ImageFetcher } from '../../../bedrock/fetch-image';
import { prepareConverseRequest } from '../../../bedrock/prepare-converse-request';
import { gatewayRequestMetadata, mergeRequestMetadata } from '../../../bedrock/request-metadata';
import type { Principal } from '../../../identity/principal';
import type { OpenAIChatCompletionRequest } from '../../../openai/chat-request-types';
import { InvalidRequestError } from '../../../platform/errors';
import type { RoutePlan, RouteTarget } from '../../../routing/route-types';
import { partitionByContextWindow } from '../../../routing/select-targets';
import type { RequestContext } from '../../context';
import type { Candidate, Candidates } from './chat-call';

let sharedImageFetcher: ImageFetcher | undefined;

/** One guarded image fetcher per process (it holds no per-request state). */
function imageFetcher(): ImageFetcher {
  sharedImageFetcher ??= createImageFetcher();
  return sharedImageFetcher;
}

/** Fetches each image URL once per request, however many targets the request is prepared for. */
function requestImageFetcher(): ImageFetcher {
  const fetched = new Map<string, Promise<FetchedImage>>();
  return (url, signal) => {
    let image = fetched.get(url);
    if (image === undefined) {
      image = imageFetcher()(url, signal);
      fetched.set(url, image);
    }
    return image;
  };
}

/**
 * Prepares the request for every target of the plan (each model has its own parameter rules) and
 * keeps the targets that can take it: a target whose preparation fails is dropped (if all fail,
 * the first failure is the answer), and so is one whose context window the prompt does not fit.
 *
 * @throws the first target's preparation error when no target can take the request;
 *   InvalidRequestError `context_length_exceeded` when the prompt fits no target's window.
 */
async function prepareCandidates(ctx: RequestContext, request: OpenAIChatCompletionRequest, plan: RoutePlan, principal: Principal): Promise<Candidates> {
  const { guardrail, autoCachePoints } = ctx.services.config;
  const fetchImage = requestImageFetcher();
  const settled = await Promise.allSettled(
    plan.targets.map(async (target): Promise<Candidate> => {
      const prepared = await prepareConverseRequest(request, target.model, { fetchImage, guardrail, autoCachePoints, signal: ctx.request.signal });
      prepared.input.requestMetadata = mergeRequestMetadata(
        prepared.input.requestMetadata,
        gatewayRequestMetadata({ requestId: ctx.requestId, principalId: principal.id, team: principal.team }),
      );
      return { target, prepared };
    }),
  );
  const prepared: Candidate[] = [];
  settled.forEach((result, index) => {
    if (result.status === 'fulfilled') prepared.push(result.value);
    else if (plan.targets.length > 1) {
      ctx.services.logger.info('target cannot take the request', { requestId: ctx.requestId, target: plan.targets[index]?.model.id, error: String(result.reason) });
    }
  });
  if (prepared.length === 0) throw (settled[0] as PromiseRejectedResult).reason;
  const estimateOf = (target: RouteTarget): number => prepared.find((candidate) => candidate.target === target)?.prepared.estimatedInputTokens ?? 0;
  const { fitting, tooSmall } = partitionByContextWindow(
    prepared.map((candidate) => candidate.target),
    estimateOf,
  );
  if (fitting.length === 0) {
    const windows = tooSmall.map((target) => `${target.model.id} (${target.model.contextWindowTokens})`).join(', ');
    throw new InvalidRequestError(
      `The prompt (about ${estimateOf(tooSmall[0] as RouteTarget)} tokens) does not fit the context window of ${tooSmall.length === 1 ? 'the model' : 'any model of the route'}: ${windows}.`,
      { code: 'context_length_exceeded', param: 'messages' },
    );
  }
  if (tooSmall.length > 0) {
    ctx.logFields.contextEscalation = tooSmall.map((target) => target.model.id);
    ctx.services.logger.info('skipping targets whose context window is too small', { requestId: ctx.requestId, skipped: ctx.logFields.contextEscalation });
  }
  // Not empty: every fitting target was prepared.
  return prepared.filter((candidate) => fitting.includes(candidate.target)) as [Candidate, ...Candidate[]];
}

export { prepareCandidates };
