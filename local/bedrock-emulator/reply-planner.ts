/**
 * @module Decides what the emulated model answers: a scripted reply or a deterministic default.
 *
 * Default replies, in order of precedence:
 * 1. the last user turn holds toolResult blocks -> text that reports each result;
 * 2. `toolChoice` forces a tool (`tool` -> that one, `any` -> the first), or the last user text
 *    names an offered tool -> a toolUse whose input is built from the tool's JSON schema;
 * 3. `outputConfig.textFormat` carries a JSON schema -> JSON text matching its required properties;
 *    the system or last user text says "JSON" -> a small JSON object;
 * 4. otherwise a friendly echo naming the model.
 * Reasoning (text + signature) comes first when the request asks for it or the model always reasons.
 * Stop sequences cut text (stop_sequence) and `maxTokens` caps output tokens (max_tokens).
 */

import { createHash } from 'node:crypto';
import type { CacheDetail, ContentBlock, StopReason, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { buildSchemaPlaceholder } from './json-schema-placeholder';
import {
  additionalFields,
  isJsonDocumentObject,
  isJsonObject,
  joinText,
  lastUserMessage,
  requestsReasoning,
  systemText,
  toolSpecs,
  type ConverseBody,
  type JsonDocumentObject,
} from './request-features';
import { countInputTokens, countTextTokens } from './token-count';
import type { EmulatorModel, ScriptedReply } from './types';

/** One content block of the planned reply. */
type PlannedBlock =
  | { readonly kind: 'reasoning'; readonly text: string; readonly signature: string }
  | { readonly kind: 'redacted-reasoning'; readonly data: string }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tool-use'; readonly toolUseId: string; readonly name: string; readonly input: JsonDocumentObject };

/** The whole reply, independent of whether it is sent unary or streamed. */
interface ReplyPlan {
  readonly blocks: readonly PlannedBlock[];
  readonly stopReason: StopReason;
  /** The stop sequence that cut the text, when one did. */
  readonly stopSequence?: string;
  readonly usage: TokenUsage;
  /** The tier and latency mode the reply reports, when the call asked for one (or the script set one). */
  readonly serving?: { readonly serviceTier?: string; readonly latency?: string };
}

/** What the planner needs to know about the call. */
interface PlanInput {
  readonly body: ConverseBody;
  readonly model: EmulatorModel;
  readonly script?: ScriptedReply;
  /** Prefix of generated tool-use ids: Converse uses `tooluse_`, Claude's Messages body `toolu_bdrk_01`. @default 'tooluse_' */
  readonly toolUseIdPrefix?: string;
  /** The request has a 1-hour cache checkpoint. @default false */
  readonly oneHourCache?: boolean;
  /** The tier and latency mode asked for. @default - none */
  readonly serving?: { readonly serviceTier?: string; readonly latency?: string };
}

const EXCERPT_MAX_CHARS = 200;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_MAX_CHARS ? `${flat.slice(0, EXCERPT_MAX_CHARS)}...` : flat;
}

/** A stable id (prefix + 22 base64url characters, like Bedrock's) from the call's content. */
function toolUseIdFor(body: ConverseBody, name: string, index: number, prefix: string): string {
  const seed = `${JSON.stringify(body.messages ?? [])}|${name}|${index}`;
  return `${prefix}${digest(seed).toString('base64url').slice(0, 22)}`;
}

function signatureFor(text: string): string {
  return digest(`signature:${text}`).toString('base64');
}

function reasoningBlock(text: string): PlannedBlock {
  return { kind: 'reasoning', text, signature: signatureFor(text) };
}

function describeNonText(content: readonly ContentBlock[]): string {
  const images = content.filter((block) => block.image !== undefined).length;
  const documents = content.filter((block) => block.document !== undefined).length;
  const parts = [images > 0 ? `${images} image${images === 1 ? '' : 's'}` : '', documents > 0 ? `${documents} document${documents === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(' and ') || 'an empty message';
}

function greeting(modelId: string, content: readonly ContentBlock[] | undefined): string {
  const intro = `Hello from the Bedrock emulator (model ${modelId}).`;
  if (content === undefined) return intro;
  const text = joinText(content);
  return text.trim() === '' ? `${intro} You sent ${describeNonText(content)}.` : `${intro} You said: "${excerpt(text)}"`;
}

function toolResultSummary(body: ConverseBody, content: readonly ContentBlock[]): string | undefined {
  const results = content.flatMap((block) => (block.toolResult ? [block.toolResult] : []));
  if (results.length === 0) return undefined;
  const previous = body.messages?.at(-2)?.content ?? [];
  const sentences = results.map((result) => {
    const name = previous.find((block) => block.toolUse?.toolUseId === result.toolUseId)?.toolUse?.name ?? 'tool';
    const output = (result.content ?? [])
      .map((part) => (part.text !== undefined ? part.text : part.json !== undefined ? JSON.stringify(part.json) : ''))
      .join(' ');
    const verb = result.status === 'error' ? 'failed with' : 'returned';
    return `The ${name} tool ${verb}: ${excerpt(output) || '(no content)'}.`;
  });
  return `Thanks, I used the tool result. ${sentences.join(' ')}`;
}

function chooseTool(body: ConverseBody, userText: string): { readonly name: string; readonly schema: unknown } | undefined {
  const specs = toolSpecs(body);
  const choice = body.toolConfig?.toolChoice;
  const named = choice?.tool?.name;
  const spec =
    named !== undefined
      ? specs.find((candidate) => candidate.name === named)
      : choice?.any !== undefined
        ? specs[0]
        : specs.find((candidate) => candidate.name !== undefined && userText.toLowerCase().includes(candidate.name.toLowerCase()));
  return spec?.name === undefined ? undefined : { name: spec.name, schema: spec.inputSchema?.json };
}

function jsonReply(body: ConverseBody, model: EmulatorModel, userText: string): string | undefined {
  const schemaText = body.outputConfig?.textFormat?.structure?.jsonSchema?.schema;
  if (schemaText !== undefined) {
    let schema: unknown;
    try {
      schema = JSON.parse(schemaText);
    } catch {
      schema = {};
    }
    return JSON.stringify(buildSchemaPlaceholder(schema));
  }
  if (/\bjson\b/i.test(`${systemText(body)}\n${userText}`)) {
    return JSON.stringify({ message: `Hello from the Bedrock emulator (model ${model.modelId}).`, echo: excerpt(userText) });
  }
  return undefined;
}

function defaultBlocks(body: ConverseBody, model: EmulatorModel, toolUseIdPrefix: string): PlannedBlock[] {
  const last = lastUserMessage(body);
  const userText = joinText(last?.content);
  const reasoning =
    requestsReasoning(body) || model.alwaysReasons === true
      ? [reasoningBlock(`The user wrote: "${excerpt(userText)}". A short, friendly answer that names the model will do.`)]
      : [];
  const resultSummary = last ? toolResultSummary(body, last.content ?? []) : undefined;
  if (resultSummary !== undefined) return [...reasoning, { kind: 'text', text: resultSummary }];
  const tool = last ? chooseTool(body, userText) : undefined;
  if (tool) {
    const input = buildSchemaPlaceholder(tool.schema ?? { type: 'object' });
    return [...reasoning, { kind: 'tool-use', toolUseId: toolUseIdFor(body, tool.name, 0, toolUseIdPrefix), name: tool.name, input: isJsonDocumentObject(input) ? input : {} }];
  }
  const text = jsonReply(body, model, userText) ?? greeting(model.modelId, last?.content);
  return [...reasoning, { kind: 'text', text }];
}

function scriptedBlocks(body: ConverseBody, script: ScriptedReply, toolUseIdPrefix: string): PlannedBlock[] | undefined {
  const { reasoning, text, toolCalls } = script;
  if (reasoning === undefined && text === undefined && toolCalls === undefined) return undefined;
  const blocks: PlannedBlock[] = [];
  if (reasoning?.redacted !== undefined) blocks.push({ kind: 'redacted-reasoning', data: reasoning.redacted });
  else if (reasoning !== undefined) {
    const reasoningText = reasoning.text ?? '';
    blocks.push({ kind: 'reasoning', text: reasoningText, signature: reasoning.signature ?? signatureFor(reasoningText) });
  }
  if (text !== undefined) blocks.push({ kind: 'text', text });
  for (const [index, call] of (toolCalls ?? []).entries()) {
    blocks.push({ kind: 'tool-use', toolUseId: call.id ?? toolUseIdFor(body, call.name, index, toolUseIdPrefix), name: call.name, input: isJsonDocumentObject(call.input) ? call.input : {} });
  }
  return blocks;
}

function blockTokens(block: PlannedBlock): number {
  switch (block.kind) {
    case 'reasoning':
    case 'text':
      return countTextTokens(block.text);
    case 'tool-use':
      return countTextTokens(JSON.stringify(block.input));
    case 'redacted-reasoning':
      return 0;
    default: {
      const _exhaustiveCheck: never = block;
      return _exhaustiveCheck;
    }
  }
}

/** Cuts text at the earliest stop sequence; later blocks are dropped. */
function applyStopSequences(blocks: readonly PlannedBlock[], stopSequences: readonly string[]): { blocks: PlannedBlock[]; stoppedBy?: string } {
  const kept: PlannedBlock[] = [];
  for (const block of blocks) {
    if (block.kind === 'text') {
      const cuts = stopSequences.map((sequence) => ({ sequence, at: block.text.indexOf(sequence) })).filter(({ at }) => at >= 0);
      const first = cuts.reduce<(typeof cuts)[number] | undefined>((earliest, cut) => (earliest === undefined || cut.at < earliest.at ? cut : earliest), undefined);
      if (first !== undefined) {
        const text = block.text.slice(0, first.at);
        if (text !== '') kept.push({ kind: 'text', text });
        return { blocks: kept, stoppedBy: first.sequence };
      }
    }
    kept.push(block);
  }
  return { blocks: kept };
}

/** Caps output at `maxTokens`: text is cut to `4 * remaining` characters, a tool call that does not fit is dropped. */
function applyMaxTokens(blocks: readonly PlannedBlock[], maxTokens: number): { blocks: PlannedBlock[]; truncated: boolean } {
  const kept: PlannedBlock[] = [];
  let remaining = maxTokens;
  for (const block of blocks) {
    const cost = blockTokens(block);
    if (cost <= remaining) {
      kept.push(block);
      remaining -= cost;
      continue;
    }
    if ((block.kind === 'text' || block.kind === 'reasoning') && remaining > 0) {
      kept.push({ ...block, text: block.text.slice(0, remaining * 4) });
    }
    return { blocks: kept, truncated: true };
  }
  return { blocks: kept, truncated: false };
}

/** Bedrock's `cacheDetails`: the writes per TTL, 1h first, only the TTLs that wrote. */
function cacheDetails(writes: number, oneHour: number): CacheDetail[] {
  const long = Math.min(oneHour, writes);
  return [
    ...(long > 0 ? [{ ttl: '1h' as const, inputTokens: long }] : []),
    ...(writes - long > 0 ? [{ ttl: '5m' as const, inputTokens: writes - long }] : []),
  ];
}

/** Anthropic's `tool_choice.disable_parallel_tool_use` in the additional fields (Claude on Converse). */
function disablesParallelToolUse(body: ConverseBody): boolean {
  const choice = additionalFields(body)['tool_choice'];
  return isJsonObject(choice) && choice['disable_parallel_tool_use'] === true;
}

/** The blocks up to and including the first tool use: a model kept to one tool call per turn. */
function withOneToolUse(blocks: readonly PlannedBlock[]): PlannedBlock[] {
  const first = blocks.findIndex((block) => block.kind === 'tool-use');
  return first < 0 ? [...blocks] : blocks.filter((block, index) => block.kind !== 'tool-use' || index === first);
}

/** Plans the reply to a validated Converse body. */
function planReply({ body, model, script, toolUseIdPrefix = 'tooluse_', oneHourCache = false, serving = {} }: PlanInput): ReplyPlan {
  const planned = (script ? scriptedBlocks(body, script, toolUseIdPrefix) : undefined) ?? defaultBlocks(body, model, toolUseIdPrefix);
  const proposed = disablesParallelToolUse(body) ? withOneToolUse(planned) : planned;
  const stop = applyStopSequences(proposed, body.inferenceConfig?.stopSequences ?? []);
  const maxTokens = body.inferenceConfig?.maxTokens;
  const capped = maxTokens === undefined ? { blocks: stop.blocks, truncated: false } : applyMaxTokens(stop.blocks, maxTokens);
  const derivedStop: StopReason = capped.truncated
    ? 'max_tokens'
    : stop.stoppedBy !== undefined
      ? 'stop_sequence'
      : capped.blocks.some((block) => block.kind === 'tool-use')
        ? 'tool_use'
        : 'end_turn';
  const scriptedUsage = script?.usage ?? {};
  const inputTokens = scriptedUsage.inputTokens ?? countInputTokens({ system: body.system, messages: body.messages, tools: body.toolConfig?.tools });
  const outputTokens = scriptedUsage.outputTokens ?? capped.blocks.reduce((sum, block) => sum + blockTokens(block), 0);
  const cacheRead = scriptedUsage.cacheReadInputTokens;
  const cacheWrite = scriptedUsage.cacheWriteInputTokens;
  const usage: TokenUsage = {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens + (cacheRead ?? 0) + (cacheWrite ?? 0),
    ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite }),
    ...(cacheWrite === undefined || cacheWrite === 0 ? {} : { cacheDetails: cacheDetails(cacheWrite, scriptedUsage.cacheWrite1hInputTokens ?? (oneHourCache ? cacheWrite : 0)) }),
  };
  const stopReason = script?.stopReason ?? derivedStop;
  const servedTier = script?.serviceTier ?? serving.serviceTier;
  const served = { ...(servedTier === undefined ? {} : { serviceTier: servedTier }), ...(serving.latency === undefined ? {} : { latency: serving.latency }) };
  return {
    blocks: capped.blocks,
    stopReason,
    ...(stopReason === 'stop_sequence' && stop.stoppedBy !== undefined ? { stopSequence: stop.stoppedBy } : {}),
    usage,
    ...(Object.keys(served).length === 0 ? {} : { serving: served }),
  };
}

export { planReply };
export type { PlanInput, PlannedBlock, ReplyPlan };
