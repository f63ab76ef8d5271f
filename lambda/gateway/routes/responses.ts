/**
 * @module `POST /v1/responses`, `GET /v1/responses/{id}`, `DELETE /v1/responses/{id}`: OpenAI's
 * Responses API on the model-call core. The request becomes the gateway's chat request (one
 * Converse mapping for every chat model of the catalog), the answer a response object or its event
 * stream; stored responses live in the ledger table, readable by their creator only.
 */
import type { ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import { convertToChatCompletion } from '../../bedrock/convert-to-chat-completion';
import { ChatStreamTransformer } from '../../bedrock/chat-stream-transformer';
import type { PreparedConverseRequest } from '../../bedrock/prepare-converse-request';
import { converseOperation, converseStreamOperation } from '../../model-call/bedrock-operations';
import { callModelForJson, callModelForStream } from '../../model-call/model-call';
import type { OpenAIThinkingBlock } from '../../openai/chat-response-types';
import { renderOpenAIError } from '../../openai/error-body';
import type { GatewayError } from '../../platform/errors';
import { NotFoundError, InvalidRequestError } from '../../platform/errors';
import { convertToChatRequest, type LocatedItem } from '../../responses/convert-to-chat-request';
import { openReasoning, sealReasoning } from '../../responses/reasoning-seal';
import { clientView, convertCompletionToResponse, eventView, newResponseIdentity, type OutputOptions } from '../../responses/response-object';
import type { ResponseStore, StoredResponse } from '../../responses/response-store';
import { parseResponsesRequest } from '../../responses/responses-request-schema';
import { ResponsesSseWriter } from '../../responses/responses-sse-writer';
import { ResponsesStreamConverter } from '../../responses/responses-stream';
import { ToolBook } from '../../responses/tool-book';
import type { ResponsesCreateRequest, ResponsesInputItem, ResponsesStreamEvent } from '../../responses/responses-types';
import type { RouteTarget } from '../../routing/route-types';
import type { RequestContext } from '../context';
import { chatCandidatePreparer, type ChatCandidate } from './chat/chat-candidate';
import { modelCallContext, planModelRoute, readJsonBody, requirePrincipal } from './model-route-support';
import { parseFallbacksHeader } from '../../routing/select-targets';

function responseStore(ctx: RequestContext): ResponseStore {
  return ctx.services.responses;
}

function responseNotFound(id: string, param: string | null): NotFoundError {
  return new NotFoundError(`Response with id '${id}' not found.`, { param, code: null });
}

/**
 * The items the model sees: the stored conversation of `previous_response_id` (its input and its
 * output), then this request's input with `item_reference`s resolved against the stored items.
 */
async function contextItems(ctx: RequestContext, request: ResponsesCreateRequest): Promise<LocatedItem[]> {
  const located: LocatedItem[] = [];
  const known = new Map<string, ResponsesInputItem>();
  if (request.previous_response_id !== undefined) {
    const previous = await responseStore(ctx).get(request.previous_response_id, requirePrincipal(ctx).id);
    if (previous === undefined) throw responseNotFound(request.previous_response_id, 'previous_response_id');
    for (const item of [...previous.items, ...(previous.response.output as ResponsesInputItem[])]) {
      located.push({ item, param: 'previous_response_id' });
      if (item.type !== 'item_reference' && item.id !== undefined) known.set(item.id, item);
    }
  }
  request.input.forEach((item, index) => {
    const param = `input[${index}]`;
    if (item.type !== 'item_reference') {
      located.push({ item, param });
      return;
    }
    const referenced = known.get(item.id);
    if (referenced === undefined) {
      throw new InvalidRequestError(`Invalid value for '${param}.id': no item '${item.id}' in the conversation of previous_response_id.`, { param: `${param}.id` });
    }
    located.push({ item: referenced, param });
  });
  return located;
}

function structuredOutputToolName(prepared: PreparedConverseRequest): string | undefined {
  const format = prepared.responseFormat;
  return format.kind === 'json_schema' && format.strategy === 'tool' ? format.toolName : undefined;
}

/** Stores the response unless `store: false`; a failure to store is logged, the answer still goes out. */
async function keep(ctx: RequestContext, request: ResponsesCreateRequest, record: StoredResponse): Promise<void> {
  if (!request.store) return;
  try {
    await responseStore(ctx).put(record);
  } catch (error) {
    ctx.logFields.responseStoreError = error instanceof Error ? error.message : String(error);
  }
}

/**
 * Handles `POST /v1/responses`: parse (hosted and unknown tools dropped with warnings, never a 400),
 * resolve the stored conversation, convert to the chat request, plan the route, then the core
 * prepares Converse per target, reserves the worst case, calls Bedrock with retries and fallbacks,
 * and settles the actual usage once; the answer is a response object or its event stream.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */
async function createResponse(ctx: RequestContext): Promise<void> {
  const { request, warnings: parseWarnings } = parseResponsesRequest(readJsonBody(ctx.request));
  const principal = requirePrincipal(ctx);
  const plan = planModelRoute(ctx, { name: request.model, kind: 'chat', override: parseFallbacksHeader(ctx.request.headers) });
  Object.assign(ctx.logFields, { model: request.model, servedModel: plan.targets[0]?.model.id, stream: request.stream });
  const items = await contextItems(ctx, request);
  const sealKey = await responseStore(ctx).sealKey();
  const conversionWarnings: string[] = [];
  const chatRequest = convertToChatRequest(request, items, {
    openReasoning: (sealed) => openReasoning(sealed, sealKey, principal.id),
    warnings: { add: (message) => conversionWarnings.push(message) },
  });
  if (ctx.services.config.logPrompts) ctx.logFields.prompt = { instructions: request.instructions, input: request.input };
  const warnings = [...parseWarnings, ...new Set(conversionWarnings)];
  const output: OutputOptions = {
    tools: ToolBook.of(request.tools),
    seal: (blocks: readonly OpenAIThinkingBlock[]) => sealReasoning(blocks, sealKey, principal.id),
    summary: request.reasoning?.summary != null,
  };
  const identity = newResponseIdentity(request, ctx.services.now());
  const storedItems = items.map(({ item }) => item);
  const context = modelCallContext(ctx);
  // A prompt_cache_key (Codex sends one per session) asks for caching: cache points on models that have them.
  const prepare = chatCandidatePreparer(ctx, chatRequest, { autoCachePoints: ctx.services.config.autoCachePoints || request.prompt_cache_key !== undefined });
  const withWarnings = async <Op>(target: RouteTarget, operationFor: (input: ConverseRequest) => Op): Promise<ChatCandidate<Op>> => {
    const candidate = await prepare(target, operationFor);
    return { ...candidate, warnings: [...warnings, ...candidate.warnings] };
  };
  if (request.stream) {
    await callModelForStream(
      { context, plan, promptParam: 'input', prepare: (target: RouteTarget) => withWarnings(target, converseStreamOperation) },
      (served) => {
        const { prepared } = served.candidate;
        const transformer = new ChatStreamTransformer({
          id: identity.id,
          created: identity.createdAt,
          model: served.modelName,
          toolNames: prepared.toolNames,
          structuredOutputToolName: structuredOutputToolName(prepared),
          includeUsage: true,
          estimatedInputTokens: prepared.estimatedInputTokens,
          requestedServiceTier: request.service_tier,
        });
        const converter = new ResponsesStreamConverter(identity, served.modelName, output);
        const sse = new ResponsesSseWriter(ctx.response);
        let started = false;
        const send = async (events: readonly ResponsesStreamEvent[]): Promise<void> => {
          if (!started) {
            started = true;
            for (const event of converter.start()) await sse.event(eventView(event, request));
          }
          for (const event of events) await sse.event(eventView(event, request));
        };
        const write = async (parts: ReturnType<ChatStreamTransformer['transform']>): Promise<GatewayError | undefined> => {
          for (const part of parts) {
            if (part.type === 'error') return part.error;
            await send(converter.chunk(part.chunk));
          }
          return undefined;
        };
        return {
          open: (headers) => sse.open(headers),
          write: (event) => write(transformer.transform(event)),
          finish: async () => {
            const error = await write(transformer.end());
            if (error !== undefined) return error;
            const { events, response } = converter.end();
            await keep(ctx, request, { response, items: storedItems, ownerId: principal.id });
            await send(events);
            await sse.close();
            return undefined;
          },
          fail: async (error) => {
            if (!started) {
              await sse.error(renderOpenAIError(error));
              return;
            }
            await sse.event({ ...converter.failed(error.code ?? error.errorType, error.message) });
            await sse.close();
          },
          keepAlive: () => sse.comment('keep-alive'),
          close: () => {
            ctx.logFields.stopReason = transformer.rawStopReason;
          },
        };
      },
    );
    return;
  }
  await callModelForJson({ context, plan, promptParam: 'input', prepare: (target: RouteTarget) => withWarnings(target, converseOperation) }, async ([answer], served) => {
    const { prepared } = served.candidate;
    const { completion, rawStopReason } = convertToChatCompletion(answer as Parameters<typeof convertToChatCompletion>[0], {
      id: identity.id,
      created: identity.createdAt,
      model: served.modelName,
      toolNames: prepared.toolNames,
      structuredOutputToolName: structuredOutputToolName(prepared),
      requestedServiceTier: request.service_tier,
    });
    ctx.logFields.stopReason = rawStopReason;
    const response = convertCompletionToResponse(completion, identity, served.modelName, output);
    await keep(ctx, request, { response, items: storedItems, ownerId: principal.id });
    return clientView(response, request);
  });
}

/** The `{id}` path segment. */
function responseId(ctx: RequestContext): string {
  return ctx.params['id'] ?? '';
}

/**
 * Handles `GET /v1/responses/{id}`: the stored response of the caller; another principal's, an
 * expired or a deleted one is a 404. Reasoning items keep their `encrypted_content` (sealed to the caller).
 *
 * @see https://platform.openai.com/docs/api-reference/responses/get
 */
async function retrieveResponse(ctx: RequestContext): Promise<void> {
  const id = responseId(ctx);
  const stored = await responseStore(ctx).get(id, requirePrincipal(ctx).id);
  if (stored === undefined) throw responseNotFound(id, null);
  await ctx.response.json(200, stored.response);
}

/**
 * Handles `DELETE /v1/responses/{id}`.
 *
 * @see https://platform.openai.com/docs/api-reference/responses/delete
 */
async function deleteResponse(ctx: RequestContext): Promise<void> {
  const id = responseId(ctx);
  const deleted = await responseStore(ctx).delete(id, requirePrincipal(ctx).id);
  if (!deleted) throw responseNotFound(id, null);
  await ctx.response.json(200, { id, object: 'response', deleted: true });
}

export { createResponse, deleteResponse, retrieveResponse };
