/** @module `tools` and `tool_choice` to a Converse `toolConfig`, per the model's tool-choice support. */
import type { Tool, ToolChoice, ToolConfiguration, ToolSpecification } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry, ToolChoiceMode } from '../catalog/types';
import type { OpenAIFunctionTool, OpenAIToolChoice } from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import { toCachePoint } from './cache-points';
import { toDocumentObject } from './json-document';
import type { SchemaTool } from './prepare-response-format';
import type { RequestWarnings } from './request-warnings';
import { toBedrockIdentifier, type ToolNameRegistry } from './tool-names';

/** Description of tools rebuilt from history when the request sends no `tools`. */
const HISTORY_TOOL_DESCRIPTION = 'A tool used earlier in this conversation.';
const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };

interface PrepareToolsInput {
  readonly tools: readonly OpenAIFunctionTool[] | undefined;
  readonly toolChoice: OpenAIToolChoice | undefined;
  readonly model: CatalogEntry;
  readonly registry: ToolNameRegistry;
  /** Bedrock names of tools called in the history. */
  readonly historyToolNames: readonly string[];
  /** The history holds tool blocks, so a `toolConfig` is required. */
  readonly hasToolBlocks: boolean;
  /** The `json_schema` fallback tool, when structured output goes through a tool. */
  readonly schemaTool?: SchemaTool;
  readonly warnings: RequestWarnings;
}

interface PreparedTools {
  readonly toolConfig?: ToolConfiguration;
  /** `toolChoice` is `any` or `tool`, which Claude thinking does not allow. */
  readonly forcesTool: boolean;
  /** The schema tool is offered but not forced (client tools compete), so the model must be told to use it. */
  readonly schemaToolNeedsInstruction: boolean;
}

function supports(model: CatalogEntry, mode: ToolChoiceMode): boolean {
  return mode === 'auto' || model.capabilities.toolChoice.includes(mode);
}

function toolSpec(tool: OpenAIFunctionTool, index: number, input: PrepareToolsInput, seen: Set<string>): ToolSpecification {
  const name = input.registry.register(tool.function.name);
  if (seen.has(name)) {
    throw new InvalidRequestError(`Invalid 'tools[${index}].function.name': duplicate tool name '${tool.function.name}'.`, {
      param: `tools[${index}].function.name`,
      code: 'invalid_value',
    });
  }
  seen.add(name);
  const strict = tool.function.strict === true && input.model.capabilities.structuredOutput;
  if (tool.function.strict === true && !strict) input.warnings.add(`tools[${index}].function.strict: ignored, the model has no strict tool use.`);
  return {
    name,
    ...(tool.function.description ? { description: tool.function.description } : {}),
    inputSchema: { json: toDocumentObject(tool.function.parameters ?? EMPTY_OBJECT_SCHEMA, `tools[${index}].function.parameters`) },
    ...(strict ? { strict: true } : {}),
  };
}

function clientTools(input: PrepareToolsInput): { specs: ToolSpecification[]; tools: Tool[] } {
  const seen = new Set<string>();
  const specs: ToolSpecification[] = [];
  const tools: Tool[] = [];
  (input.tools ?? []).forEach((tool, index) => {
    const spec = toolSpec(tool, index, input, seen);
    specs.push(spec);
    tools.push({ toolSpec: spec });
    if (tool.cache_control === undefined) return;
    if (input.model.capabilities.promptCaching) tools.push({ cachePoint: toCachePoint(tool.cache_control) });
    else input.warnings.add('cache_control: ignored, the model does not support prompt caching.');
  });
  return { specs, tools };
}

/** The strongest way to force one tool the model allows. */
function forceOne(name: string, model: CatalogEntry, warnings: RequestWarnings, param: string): { choice: ToolChoice; forces: boolean } {
  if (supports(model, 'tool')) return { choice: { tool: { name } }, forces: true };
  if (supports(model, 'any')) return { choice: { any: {} }, forces: true };
  warnings.add(`${param}: the model cannot be forced to call a tool; it was offered only '${name}' with tool_choice auto.`);
  return { choice: { auto: {} }, forces: false };
}

/**
 * Builds `toolConfig`. `required` -> `any`, a named function -> `tool` (or `any` with only that
 * tool offered, or `auto` with only that tool, as the model allows, with a warning), `none` -> no
 * client tools (Converse has no `none`). When the history holds tool blocks and nothing else
 * would be sent, minimal specs are rebuilt from the names in the history, as Converse requires.
 * @throws InvalidRequestError when the model has no tool use, or `tool_choice` names no sent tool.
 */
function prepareTools(input: PrepareToolsInput): PreparedTools {
  const { model, toolChoice, warnings } = input;
  const requested = input.tools ?? [];
  if (requested.length > 0 && !model.capabilities.tools) {
    throw new InvalidRequestError(`The model '${model.id}' does not support tools.`, { param: 'tools', code: 'unsupported_parameter' });
  }
  if (requested.length === 0 && toolChoice !== undefined && toolChoice !== 'none' && toolChoice !== 'auto') {
    throw new InvalidRequestError("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", {
      param: 'tool_choice',
      code: 'invalid_value',
    });
  }
  const client = clientTools(input);
  let tools = client.tools;
  let choice: ToolChoice | undefined;
  let forcesTool = false;

  if (toolChoice === 'none') {
    if (requested.length > 0) warnings.add("tool_choice: 'none' has no Converse equivalent; the tools were not sent.");
    tools = [];
  } else if (toolChoice === 'auto') {
    choice = { auto: {} };
  } else if (toolChoice === 'required') {
    if (supports(model, 'any')) {
      choice = { any: {} };
      forcesTool = true;
    } else {
      warnings.add("tool_choice: 'required' is not supported by the model; sent as 'auto'.");
      choice = { auto: {} };
    }
  } else if (toolChoice !== undefined) {
    const name = toBedrockIdentifier(toolChoice.function.name);
    const spec = client.specs.find((candidate) => candidate.name === name);
    if (spec === undefined) {
      throw new InvalidRequestError(`Invalid value for 'tool_choice': no function named '${toolChoice.function.name}' was specified in 'tools'.`, {
        param: 'tool_choice',
        code: 'invalid_value',
      });
    }
    const forced = forceOne(name, model, warnings, 'tool_choice');
    if (!supports(model, 'tool')) tools = [{ toolSpec: spec }];
    choice = forced.choice;
    forcesTool = forced.forces;
  }

  let schemaToolNeedsInstruction = false;
  if (input.schemaTool) {
    const { name, description, schema } = input.schemaTool;
    input.registry.register(name);
    tools = [...tools, { toolSpec: { name, description, inputSchema: { json: schema } } }];
    if (tools.length === 1) {
      const forced = forceOne(name, model, warnings, 'response_format');
      choice = forced.choice;
      forcesTool = forced.forces;
      schemaToolNeedsInstruction = !forced.forces;
    } else {
      schemaToolNeedsInstruction = true;
    }
  }

  if (tools.length === 0 && input.hasToolBlocks) {
    tools = input.historyToolNames.map((name): Tool => ({
      toolSpec: client.specs.find((spec) => spec.name === name) ?? {
        name,
        description: HISTORY_TOOL_DESCRIPTION,
        inputSchema: { json: EMPTY_OBJECT_SCHEMA },
      },
    }));
    choice = undefined;
  }
  if (tools.length === 0) return { forcesTool: false, schemaToolNeedsInstruction: false };
  return { toolConfig: { tools, ...(choice ? { toolChoice: choice } : {}) }, forcesTool, schemaToolNeedsInstruction };
}

export { HISTORY_TOOL_DESCRIPTION, prepareTools };
export type { PreparedTools, PrepareToolsInput };
