/**
 * @module Converse and ConverseStream request bodies as clients send them to `/bedrock`: the wire JSON
 * checked where the gateway relies on it and turned into the SDK's `ConverseRequest`; the fields the
 * gateway owns (its `requestMetadata` attribution, an enforced guardrail, unpriced tiers) handled;
 * everything else passed through as it came.
 *
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
import type { ConverseRequest, GuardrailConfiguration, GuardrailStreamConfiguration, Message, SystemContentBlock, Tool } from '@aws-sdk/client-bedrock-runtime';
import { longestCacheTtl } from '../bedrock/cache-points';
import { estimateInputTokens, hasCachePoint } from '../bedrock/estimate-input-tokens';
import { prepareServing, servingSelection } from '../bedrock/prepare-serving';
import { RequestWarnings } from '../bedrock/request-warnings';
import type { PriceSelection } from '../model-call/charging-rules';
import { mergeRequestMetadata } from '../bedrock/request-metadata';
import type { CatalogEntry } from '../catalog/types';
import type { DeploymentGuardrail } from '../platform/config';
import { InvalidRequestError } from '../platform/errors';
import { decodeWireBlobs, isRecord } from './wire-json';

/** A Converse request without its `modelId` (the path names the model; the gateway picks the target). */
type ConverseBody = Omit<ConverseRequest, 'modelId'>;

/** A parsed body and what was dropped from it. */
interface ParsedConverseRequest {
  readonly body: ConverseBody;
  /** Members the gateway left out, for `x-gateway-warnings`. */
  readonly warnings: readonly string[];
}

/** Members of ConverseRequest's body; others are dropped with a warning. */
const CONVERSE_MEMBERS = new Set([
  'messages',
  'system',
  'inferenceConfig',
  'toolConfig',
  'guardrailConfig',
  'additionalModelRequestFields',
  'promptVariables',
  'additionalModelResponseFieldPaths',
  'requestMetadata',
  'performanceConfig',
  'serviceTier',
  'outputConfig',
]);

function invalid(param: string, message: string): InvalidRequestError {
  return new InvalidRequestError(`${param}: ${message}`, { param });
}

function optionalObject(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalid(name, 'must be a JSON object.');
  return value;
}

function optionalArray(body: Record<string, unknown>, name: string): unknown[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(name, 'must be an array.');
  return value;
}

function checkMessages(messages: unknown[] | undefined): void {
  if (messages === undefined) throw invalid('messages', 'is required.');
  messages.forEach((message, index) => {
    if (!isRecord(message)) throw invalid(`messages[${index}]`, 'must be a JSON object.');
    if (message['role'] !== 'user' && message['role'] !== 'assistant') throw invalid(`messages[${index}].role`, "must be 'user' or 'assistant'.");
    if (!Array.isArray(message['content'])) throw invalid(`messages[${index}].content`, 'must be an array of content blocks.');
  });
}

function checkInferenceConfig(config: Record<string, unknown> | undefined): void {
  const maxTokens = config?.['maxTokens'];
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isSafeInteger(maxTokens) || maxTokens < 1)) {
    throw invalid('inferenceConfig.maxTokens', 'must be an integer of at least 1.');
  }
}

/** Prompt management prompts are not served: the gateway needs the messages to estimate and route. */
function checkPromptVariables(body: Record<string, unknown>): void {
  if (body['promptVariables'] !== undefined) {
    throw invalid('promptVariables', 'Prompt management prompts are not available through the gateway; send the messages themselves.');
  }
}

function checkServing(body: Record<string, unknown>): void {
  const latency = optionalObject(body, 'performanceConfig')?.['latency'];
  if (latency !== undefined && latency !== 'standard' && latency !== 'optimized') throw invalid('performanceConfig.latency', "must be 'standard' or 'optimized'.");
  const tier = optionalObject(body, 'serviceTier')?.['type'];
  if (tier !== undefined && typeof tier !== 'string') throw invalid('serviceTier.type', 'must be a string.');
}

function checkRequestMetadata(metadata: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (typeof value !== 'string') throw invalid(`requestMetadata.${key}`, 'must be a string.');
  }
}

function checkGuardrailConfig(config: Record<string, unknown> | undefined): void {
  if (config === undefined) return;
  for (const field of ['guardrailIdentifier', 'guardrailVersion']) {
    if (typeof config[field] !== 'string') throw invalid(`guardrailConfig.${field}`, 'is required and must be a string.');
  }
}

/**
 * Reads a Converse body: a JSON object with `messages` (user/assistant turns with content arrays);
 * base64 blobs become bytes; unknown members are dropped with a warning; Bedrock checks the rest.
 *
 * @throws InvalidRequestError naming the member at fault, for a malformed body or `promptVariables`.
 */
function parseConverseRequest(raw: unknown): ParsedConverseRequest {
  if (!isRecord(raw)) throw new InvalidRequestError('The request body must be a JSON object.');
  const warnings: string[] = [];
  const dropped = Object.keys(raw).filter((key) => !CONVERSE_MEMBERS.has(key));
  if (dropped.length > 0) warnings.push(`${dropped.join(', ')}: not members of a Converse request; dropped.`);
  const messages = optionalArray(raw, 'messages');
  checkMessages(messages);
  optionalArray(raw, 'system');
  optionalArray(raw, 'additionalModelResponseFieldPaths');
  checkInferenceConfig(optionalObject(raw, 'inferenceConfig'));
  optionalObject(raw, 'toolConfig');
  optionalObject(raw, 'additionalModelRequestFields');
  optionalObject(raw, 'outputConfig');
  checkGuardrailConfig(optionalObject(raw, 'guardrailConfig'));
  checkRequestMetadata(optionalObject(raw, 'requestMetadata'));
  checkPromptVariables(raw);
  checkServing(raw);
  const kept = Object.fromEntries(Object.entries(raw).filter(([key, value]) => CONVERSE_MEMBERS.has(key) && value !== null && value !== undefined));
  // The members the gateway relies on were checked above; Bedrock validates the content blocks themselves.
  const body = decodeWireBlobs(kept, '') as ConverseBody;
  return { body, warnings };
}

/** What the budget reservation and the price selection need to know of a Converse body. */
interface ConverseEstimates {
  readonly estimatedInputTokens: number;
  /** `inferenceConfig.maxTokens`, else the model's largest output (Bedrock's default may be that high). */
  readonly maxOutputTokens: number;
  /** Cache writes (and their longest TTL), service tier and latency mode the call is priced at. */
  readonly priceSelection: PriceSelection;
}

/** The estimates of a body for one model: the output is capped at what the model can produce. */
function converseEstimates(body: ConverseBody, model: CatalogEntry): ConverseEstimates {
  const system: readonly SystemContentBlock[] = body.system ?? [];
  const messages: readonly Message[] = body.messages ?? [];
  const tools: readonly Tool[] = body.toolConfig?.tools ?? [];
  const requested = body.inferenceConfig?.maxTokens;
  const serving = servingSelection({
    ...(body.serviceTier === undefined ? {} : { serviceTier: body.serviceTier }),
    ...(body.performanceConfig === undefined ? {} : { performanceConfig: body.performanceConfig }),
  });
  const cacheTtl = longestCacheTtl({ system: [...system], messages: [...messages], tools: [...tools] });
  return {
    estimatedInputTokens: estimateInputTokens(system, messages, tools),
    maxOutputTokens: Math.min(requested ?? model.maxOutputTokens, model.maxOutputTokens),
    priceSelection: { writesCache: hasCachePoint(system, messages, tools), ...(cacheTtl === '1h' ? { cacheTtl } : {}), ...serving },
  };
}

/**
 * The guardrail a call runs with: the caller's, unless the deployment enforces its own (then naming
 * another is refused); the deployment's when the caller names none. `streamProcessingMode` is
 * ConverseStream's only.
 *
 * @throws InvalidRequestError when the caller names another guardrail than an enforced one.
 */
function chooseGuardrail(
  deployment: DeploymentGuardrail | undefined,
  requested: GuardrailStreamConfiguration | undefined,
  stream: boolean,
): GuardrailStreamConfiguration | GuardrailConfiguration | undefined {
  if (
    requested !== undefined &&
    deployment?.enforced === true &&
    (requested.guardrailIdentifier !== deployment.guardrailIdentifier || requested.guardrailVersion !== deployment.guardrailVersion)
  ) {
    throw invalid('guardrailConfig', "this gateway enforces its own guardrail; leave guardrailConfig out or name that guardrail.");
  }
  if (requested !== undefined) {
    if (stream) return requested;
    const { streamProcessingMode: _ignored, ...json } = requested;
    return json;
  }
  if (deployment === undefined) return undefined;
  return {
    guardrailIdentifier: deployment.guardrailIdentifier,
    guardrailVersion: deployment.guardrailVersion,
    ...(deployment.trace === undefined ? {} : { trace: deployment.trace }),
  };
}

/** What the gateway sets on every Converse call it makes for a `/bedrock` request. */
interface ConverseTargetOptions {
  /** The target's model: its Bedrock id, and the prices a service tier or latency mode needs. */
  readonly model: CatalogEntry;
  /** The gateway's `requestMetadata` pairs (request, principal, team): they win over the caller's. */
  readonly attribution: Readonly<Record<string, string>>;
  readonly guardrail: DeploymentGuardrail | undefined;
  readonly stream: boolean;
}

/**
 * The Converse input for one target: the caller's body with the target's model id, the gateway's
 * attribution merged into `requestMetadata` (caller keys starting with `gateway_` dropped), the
 * guardrail chosen by `chooseGuardrail`, and a service tier or latency mode only where the catalog
 * prices it for this model (as on the other surfaces).
 *
 * @throws InvalidRequestError naming `serviceTier.type` or `performanceConfig.latency` when the model
 *   has no price for them, or `guardrailConfig` against an enforced guardrail.
 */
function converseInputFor(body: ConverseBody, options: ConverseTargetOptions): ConverseRequest {
  const { guardrailConfig: requested, requestMetadata, serviceTier, performanceConfig, ...rest } = body;
  const guardrailConfig = chooseGuardrail(options.guardrail, requested, options.stream);
  const serving = prepareServing({
    serviceTier: serviceTier?.type,
    latency: performanceConfig?.latency,
    model: options.model,
    params: { serviceTier: 'serviceTier.type', latency: 'performanceConfig.latency' },
    warnings: new RequestWarnings(),
  });
  return {
    ...rest,
    ...serving,
    modelId: options.model.bedrockModelId,
    requestMetadata: mergeRequestMetadata(requestMetadata, options.attribution),
    ...(guardrailConfig === undefined ? {} : { guardrailConfig }),
  };
}

export { chooseGuardrail, converseEstimates, converseInputFor, parseConverseRequest };
export type { ConverseBody, ConverseEstimates, ConverseTargetOptions, ParsedConverseRequest };
