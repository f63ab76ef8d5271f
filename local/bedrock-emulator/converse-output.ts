/** @module Turns a reply plan into a Converse response or the ordered ConverseStream events. */

import type {
  ContentBlock,
  ContentBlockDeltaEvent,
  ContentBlockStartEvent,
  ContentBlockStopEvent,
  ConverseResponse,
  ConverseStreamMetadataEvent,
  MessageStartEvent,
  MessageStopEvent,
  PerformanceConfigLatency,
  ServiceTierType,
} from '@aws-sdk/client-bedrock-runtime';
import type { PlannedBlock, ReplyPlan } from './reply-planner';

/** One ConverseStream event: the union member name (`:event-type`) and its JSON payload. */
type ConverseStreamEvent =
  | { readonly eventType: 'messageStart'; readonly payload: MessageStartEvent }
  | { readonly eventType: 'contentBlockStart'; readonly payload: ContentBlockStartEvent }
  | { readonly eventType: 'contentBlockDelta'; readonly payload: ContentBlockDeltaEvent }
  | { readonly eventType: 'contentBlockStop'; readonly payload: ContentBlockStopEvent }
  | { readonly eventType: 'messageStop'; readonly payload: MessageStopEvent }
  | { readonly eventType: 'metadata'; readonly payload: ConverseStreamMetadataEvent };

/** Tool input JSON is streamed in fragments of this many characters. */
const TOOL_INPUT_FRAGMENT_CHARS = 16;

function toContentBlock(block: PlannedBlock): ContentBlock {
  switch (block.kind) {
    case 'reasoning':
      return { reasoningContent: { reasoningText: { text: block.text, signature: block.signature } } };
    case 'redacted-reasoning':
      return { reasoningContent: { redactedContent: Buffer.from(block.data, 'base64') } };
    case 'text':
      return { text: block.text };
    case 'tool-use':
      return { toolUse: { toolUseId: block.toolUseId, name: block.name, input: block.input } };
    default: {
      const _exhaustiveCheck: never = block;
      return _exhaustiveCheck;
    }
  }
}

/** `serviceTier` and `performanceConfig` of a Converse response or stream metadata, as the plan reports them. */
function servingFields(plan: ReplyPlan): Pick<ConverseResponse, 'serviceTier' | 'performanceConfig'> {
  const tier = plan.serving?.serviceTier;
  const latency = plan.serving?.latency;
  return {
    ...(tier === undefined ? {} : { serviceTier: { type: tier as ServiceTierType } }),
    ...(latency === undefined ? {} : { performanceConfig: { latency: latency as PerformanceConfigLatency } }),
  };
}

/** The Converse response for a plan. */
function toConverseResponse(plan: ReplyPlan, latencyMs: number): ConverseResponse {
  return {
    output: { message: { role: 'assistant', content: plan.blocks.map(toContentBlock) } },
    stopReason: plan.stopReason,
    usage: plan.usage,
    metrics: { latencyMs },
    ...servingFields(plan),
  };
}

/** Splits text into word-sized deltas whose concatenation is the text. */
function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [text];
}

/** Splits a string into fixed-size fragments. */
function splitFragments(text: string, size: number = TOOL_INPUT_FRAGMENT_CHARS): string[] {
  const fragments: string[] = [];
  for (let at = 0; at < text.length; at += size) fragments.push(text.slice(at, at + size));
  return fragments.length > 0 ? fragments : [''];
}

function blockEvents(block: PlannedBlock, contentBlockIndex: number): ConverseStreamEvent[] {
  const delta = (payload: ContentBlockDeltaEvent['delta']): ConverseStreamEvent => ({
    eventType: 'contentBlockDelta',
    payload: { contentBlockIndex, delta: payload },
  });
  const events: ConverseStreamEvent[] = [];
  switch (block.kind) {
    case 'reasoning':
      events.push(...splitWords(block.text).map((text) => delta({ reasoningContent: { text } })));
      events.push(delta({ reasoningContent: { signature: block.signature } }));
      break;
    case 'redacted-reasoning':
      events.push(delta({ reasoningContent: { redactedContent: Buffer.from(block.data, 'base64') } }));
      break;
    case 'text':
      events.push(...splitWords(block.text).map((text) => delta({ text })));
      break;
    case 'tool-use':
      events.push({
        eventType: 'contentBlockStart',
        payload: { contentBlockIndex, start: { toolUse: { toolUseId: block.toolUseId, name: block.name } } },
      });
      events.push(...splitFragments(JSON.stringify(block.input)).map((input) => delta({ toolUse: { input } })));
      break;
    default: {
      const _exhaustiveCheck: never = block;
      return _exhaustiveCheck;
    }
  }
  events.push({ eventType: 'contentBlockStop', payload: { contentBlockIndex } });
  return events;
}

/**
 * The ConverseStream events for a plan, in Bedrock's order: messageStart, per block
 * (contentBlockStart for tool use only) deltas and contentBlockStop, messageStop, metadata.
 * `latencyMs` is read when the metadata event is built, so it can reflect the stream's duration.
 */
function toStreamEvents(plan: ReplyPlan, latencyMs: () => number): Iterable<ConverseStreamEvent> {
  return {
    *[Symbol.iterator]() {
      yield { eventType: 'messageStart', payload: { role: 'assistant' } };
      for (const [index, block] of plan.blocks.entries()) yield* blockEvents(block, index);
      yield { eventType: 'messageStop', payload: { stopReason: plan.stopReason } };
      yield { eventType: 'metadata', payload: { usage: plan.usage, metrics: { latencyMs: latencyMs() }, ...servingFields(plan) } };
    },
  };
}

export { TOOL_INPUT_FRAGMENT_CHARS, splitFragments, splitWords, toConverseResponse, toStreamEvents };
export type { ConverseStreamEvent };
