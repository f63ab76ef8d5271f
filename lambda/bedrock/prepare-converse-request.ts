/** @module The request mapper: an OpenAI Chat Completions request to one Converse/ConverseStream input. */
import type { ConverseRequest, Message, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry } from '../catalog/types';
import type { OpenAIChatCompletionRequest } from '../openai/chat-request-types';
import type { DeploymentGuardrail } from '../platform/config';
import { applyCachePoints } from './cache-points';
import { applyParameterPolicy } from './chat-parameter-policy';
import { convertToBedrockMessages } from './convert-to-bedrock-messages';
import { estimateInputTokens } from './estimate-input-tokens';
import type { ImageFetcher } from './fetch-image';
import { toDocumentObject, type BedrockDocumentObject } from './json-document';
import { prepareGuardrail } from './prepare-guardrail';
import { prepareInferenceConfig } from './prepare-inference-config';
import { rejectedSamplingParameters, type ClaudeThinkingPlan } from './claude-thinking';
import { prepareReasoning, type ReasoningPlan } from './prepare-reasoning';
import { prepareResponseFormat, type PreparedResponseFormat } from './prepare-response-format';
import { disableParallelToolUse } from './parallel-tool-use';
import { prepareServing } from './prepare-serving';
import { prepareTools } from './prepare-tools';
import { buildClientRequestMetadata } from './request-metadata';
import { RequestWarnings } from './request-warnings';
import { ToolNameRegistry, toBedrockIdentifier } from './tool-names';

/** What the mapper needs besides the request and the model. */
interface PrepareConverseOptions {
  /** Fetches `http(s)` image URLs; see `createImageFetcher`. */
  fetchImage: ImageFetcher;
  /** The deployment's guardrail; a request's `bedrock.guardrailConfig` may override it unless `enforced`. @default - none */
  guardrail?: DeploymentGuardrail;
  /** Adds cache points after the system prompt, the tools and the last user turn. @default false */
  autoCachePoints?: boolean;
  /** Cancels image fetches. */
  signal?: AbortSignal;
}

/** The Converse input and what the rest of the pipeline needs to know about it. */
interface PreparedConverseRequest {
  /** For Converse and ConverseStream alike; `modelId` is the catalog's `bedrockModelId`. */
  input: ConverseRequest;
  /** Ignored, dropped or clamped parameters, for logs and the `x-gateway-warnings` header. */
  warnings: string[];
  /** Bedrock tool name -> OpenAI tool name, to restore names in responses. */
  toolNames: ReadonlyMap<string, string>;
  /** `tool`: the response side turns this forced tool's input into message content and finish_reason "stop". */
  responseFormat: PreparedResponseFormat;
  /** The `maxTokens` sent, for budget reservation. */
  maxOutputTokens: number;
  /** Deterministic estimate (characters / 4, per-turn overhead, fixed image cost) for budgets and TPM. */
  estimatedInputTokens: number;
  /** `stream_options.include_usage`. */
  includeUsageInStream: boolean;
}

/** Tells the model to answer through the schema tool when other tools compete with it. */
function schemaToolInstruction(toolName: string): string {
  return `When you have the final answer, give it by calling the '${toolName}' tool.`;
}

/** Adds instructions to the system prompt, or to the start of the first user turn when the model has none. */
function addInstructions(
  instructions: readonly string[],
  system: SystemContentBlock[],
  messages: Message[],
  model: CatalogEntry,
): { system: SystemContentBlock[]; messages: Message[] } {
  if (instructions.length === 0) return { system, messages };
  const blocks = instructions.map((text) => ({ text }));
  if (model.capabilities.systemPrompt) return { system: [...system, ...blocks], messages };
  const [first, ...rest] = messages;
  if (first === undefined) return { system, messages };
  return { system, messages: [{ ...first, content: [...blocks, ...(first.content ?? [])] }, ...rest] };
}

/** The Claude fields to send: `thinking` (with the settled budget) and `output_config.effort`. */
function anthropicFields(plan: ClaudeThinkingPlan, settledBudgetTokens: number | undefined): BedrockDocumentObject {
  const thinking = plan.thinking;
  const fields: BedrockDocumentObject = {};
  if (thinking?.type === 'enabled') {
    if (settledBudgetTokens !== undefined) fields['thinking'] = { type: 'enabled', budget_tokens: settledBudgetTokens };
  } else if (thinking !== undefined) {
    fields['thinking'] = { type: thinking.type };
  }
  if (plan.effort !== undefined) fields['output_config'] = { effort: plan.effort };
  return fields;
}

/**
 * The gateway's `additionalModelRequestFields`, merged over the client's
 * `bedrock.additionalModelRequestFields`; a client `top_k` the model rejects is dropped.
 */
function additionalFields(
  request: OpenAIChatCompletionRequest,
  model: CatalogEntry,
  reasoning: ReasoningPlan,
  settledBudgetTokens: number | undefined,
  parallelToolUse: BedrockDocumentObject,
  warnings: RequestWarnings,
): BedrockDocumentObject | undefined {
  const gateway: BedrockDocumentObject = {
    ...(reasoning.kind === 'model-fields' ? reasoning.fields : reasoning.kind === 'anthropic' ? anthropicFields(reasoning.plan, settledBudgetTokens) : {}),
    ...parallelToolUse,
  };
  const client = toDocumentObject(request.bedrock?.additionalModelRequestFields ?? {}, 'bedrock.additionalModelRequestFields');
  for (const key of Object.keys(gateway)) {
    if (key in client) warnings.add(`bedrock.additionalModelRequestFields.${key}: replaced by the gateway's ${key === 'tool_choice' ? 'parallel_tool_calls' : 'reasoning'} setting.`);
  }
  const thinks = reasoning.kind === 'anthropic' && reasoning.plan.thinks;
  const { top_k: topK, ...withoutTopK } = client;
  const dropTopK = topK !== undefined && rejectedSamplingParameters(model, thinks).includes('top_k');
  if (dropTopK) {
    warnings.add(`bedrock.additionalModelRequestFields.top_k: dropped, ${thinks ? 'Claude thinking does not allow it' : `the model '${model.id}' does not accept it`}.`);
  }
  const merged = { ...(dropTopK ? withoutTopK : client), ...gateway };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/**
 * Maps a validated OpenAI request to a Converse input for `model`. Pure apart from the injected
 * image fetcher.
 * @throws InvalidRequestError (400, naming the parameter) for anything Bedrock or the model cannot do.
 * @example const prepared = await prepareConverseRequest(parseChatCompletionRequest(body), entry, { fetchImage });
 */
async function prepareConverseRequest(
  request: OpenAIChatCompletionRequest,
  model: CatalogEntry,
  options: PrepareConverseOptions,
): Promise<PreparedConverseRequest> {
  const warnings = new RequestWarnings();
  applyParameterPolicy(request, warnings);
  const registry = new ToolNameRegistry();
  const converted = await convertToBedrockMessages(request.messages, {
    model,
    fetchImage: options.fetchImage,
    toolNames: registry,
    warnings,
    ...(options.signal ? { signal: options.signal } : {}),
  });

  const takenToolNames = new Set([...(request.tools ?? []).map((tool) => toBedrockIdentifier(tool.function.name)), ...converted.historyToolNames]);
  const format = prepareResponseFormat(request.response_format, model, takenToolNames, warnings);
  const tools = prepareTools({
    tools: request.tools,
    toolChoice: request.tool_choice,
    model,
    registry,
    historyToolNames: converted.historyToolNames,
    hasToolBlocks: converted.hasToolBlocks,
    ...(format.schemaTool ? { schemaTool: format.schemaTool } : {}),
    warnings,
  });
  const reasoning = prepareReasoning({ request, model, forcesTool: tools.forcesTool, lastToolUseLacksThinking: converted.lastToolUseLacksThinking, warnings });
  const claude = reasoning.kind === 'anthropic' ? reasoning.plan : undefined;
  const inference = prepareInferenceConfig(
    request,
    model,
    {
      thinks: claude?.thinks ?? false,
      ...(claude?.thinking?.type === 'enabled' ? { budgetTokens: claude.thinking.budget_tokens } : {}),
      ...(claude?.effort === undefined ? {} : { effort: claude.effort }),
    },
    warnings,
  );

  const instructions = [
    ...(format.instruction ? [format.instruction] : []),
    ...(tools.schemaToolNeedsInstruction && format.responseFormat.kind === 'json_schema' && format.responseFormat.strategy === 'tool'
      ? [schemaToolInstruction(format.responseFormat.toolName)]
      : []),
  ];
  const withInstructions = addInstructions(instructions, converted.system, converted.messages, model);
  const cached = applyCachePoints(
    { system: withInstructions.system, tools: tools.toolConfig?.tools ?? [], messages: withInstructions.messages },
    options.autoCachePoints === true && model.capabilities.promptCaching,
    warnings,
    model.prices.cacheWrite1hPerMTok !== undefined,
  );

  const parallel = disableParallelToolUse(request.parallel_tool_calls, model, tools.toolConfig, warnings);
  const additionalModelRequestFields = additionalFields(request, model, reasoning, inference.thinkingBudgetTokens, parallel.fields, warnings);
  const requestMetadata = buildClientRequestMetadata(request, warnings);
  const guardrailConfig = prepareGuardrail(options.guardrail, request.bedrock?.guardrailConfig, request.stream === true, warnings);
  const serving = prepareServing({
    serviceTier: request.service_tier,
    latency: request.bedrock?.performanceConfig?.latency,
    model,
    params: { serviceTier: 'service_tier', latency: 'bedrock.performanceConfig.latency' },
    warnings,
  });

  const input: ConverseRequest = {
    modelId: model.bedrockModelId,
    messages: cached.messages,
    ...(cached.system.length > 0 ? { system: cached.system } : {}),
    inferenceConfig: inference.inferenceConfig,
    ...(parallel.toolConfig ? { toolConfig: { ...parallel.toolConfig, tools: cached.tools } } : {}),
    ...(additionalModelRequestFields ? { additionalModelRequestFields } : {}),
    ...(format.outputConfig ? { outputConfig: format.outputConfig } : {}),
    ...(guardrailConfig ? { guardrailConfig } : {}),
    ...(Object.keys(requestMetadata).length > 0 ? { requestMetadata } : {}),
    ...serving,
  };

  return {
    input,
    warnings: warnings.list(),
    toolNames: registry.reverseMap(),
    responseFormat: format.responseFormat,
    maxOutputTokens: inference.maxOutputTokens,
    estimatedInputTokens: estimateInputTokens(cached.system, cached.messages, cached.tools),
    includeUsageInStream: request.stream === true && request.stream_options?.include_usage === true,
  };
}

export { prepareConverseRequest };
export type { PrepareConverseOptions, PreparedConverseRequest };
