/**
 * @module OpenAI's `parallel_tool_calls: false` on Converse. Converse has no switch of its own;
 * Claude 4.5 and later take Anthropic's `tool_choice.disable_parallel_tool_use` through
 * `additionalModelRequestFields`, which Bedrock merges with `toolConfig.toolChoice` field by field:
 * without a tool choice the field needs its `type` (`auto`), and beside a forced choice (`any`,
 * `tool`) a `type` conflicts with it, so only the switch is sent. Other models: a warning.
 */
import type { ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry } from '../catalog/types';
import type { RequestWarnings } from './request-warnings';

/** The tool configuration to send, and the additional fields that carry the switch. */
interface ParallelToolUse {
  readonly toolConfig: ToolConfiguration | undefined;
  readonly fields: { readonly tool_choice?: { readonly type?: 'auto'; readonly disable_parallel_tool_use: true } };
}

/**
 * Applies `parallel_tool_calls: false` (nothing to do for `true` or absent, or without tools).
 *
 * @example disableParallelToolUse(false, sonnet5, { tools }, warnings) // { toolConfig: { tools }, fields: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } } }
 */
function disableParallelToolUse(parallelToolCalls: boolean | undefined, model: CatalogEntry, toolConfig: ToolConfiguration | undefined, warnings: RequestWarnings): ParallelToolUse {
  if (parallelToolCalls !== false || toolConfig === undefined || (toolConfig.tools ?? []).length === 0) return { toolConfig, fields: {} };
  if (model.capabilities.parallelToolUseSwitch !== true) {
    warnings.add(`parallel_tool_calls: ignored, '${model.id}' on Converse cannot be kept to one tool call per turn.`);
    return { toolConfig, fields: {} };
  }
  const choice = toolConfig.toolChoice;
  if (choice?.any !== undefined || choice?.tool !== undefined) return { toolConfig, fields: { tool_choice: { disable_parallel_tool_use: true } } };
  // `auto` is the default: it moves into the additional field, which then carries the type itself.
  const { toolChoice: _auto, ...withoutChoice } = toolConfig;
  return { toolConfig: withoutChoice, fields: { tool_choice: { type: 'auto', disable_parallel_tool_use: true } } };
}

export { disableParallelToolUse };
export type { ParallelToolUse };
