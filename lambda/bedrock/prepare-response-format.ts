/** @module `response_format` to native structured output, a forced tool, or a JSON instruction. */
import type { OutputConfig } from '@aws-sdk/client-bedrock-runtime';
import type { CatalogEntry } from '../catalog/types';
import type { OpenAIResponseFormat } from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import { toDocumentObject, type BedrockDocumentObject } from './json-document';
import type { RequestWarnings } from './request-warnings';
import { toBedrockIdentifier } from './tool-names';

/** How the response side must read the model's answer. */
type PreparedResponseFormat =
  | { kind: 'text' }
  | { kind: 'json_object' }
  | { kind: 'json_schema'; strategy: 'native' }
  | { kind: 'json_schema'; strategy: 'tool'; toolName: string };

/** A tool whose input is the structured answer (models without native structured output). */
interface SchemaTool {
  readonly name: string;
  readonly description: string;
  readonly schema: BedrockDocumentObject;
}

interface ResponseFormatPlan {
  readonly responseFormat: PreparedResponseFormat;
  /** Appended to the system prompt. */
  readonly instruction?: string;
  readonly outputConfig?: OutputConfig;
  readonly schemaTool?: SchemaTool;
}

/**
 * JSON mode has no Converse switch, so the model is told; no assistant prefill, which breaks
 * thinking and would have to be stitched back into the answer.
 */
const JSON_OBJECT_INSTRUCTION =
  'Respond only with a single valid JSON object. Do not add any text before or after it and do not wrap it in a code block.';

/** Picks a Bedrock tool name for the schema that no client or history tool uses. */
function schemaToolName(name: string, takenNames: ReadonlySet<string>): string {
  let candidate = toBedrockIdentifier(name);
  for (let attempt = 2; takenNames.has(candidate); attempt += 1) candidate = toBedrockIdentifier(`${name.slice(0, 56)}_${attempt}`);
  return candidate;
}

/**
 * Plans `response_format`: `json_schema` uses Converse `outputConfig.textFormat` when the model
 * supports structured output, otherwise a tool named after the schema whose input is the answer.
 * @see https://docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html
 */
function prepareResponseFormat(
  format: OpenAIResponseFormat | undefined,
  model: CatalogEntry,
  takenToolNames: ReadonlySet<string>,
  warnings: RequestWarnings,
): ResponseFormatPlan {
  if (format === undefined) return { responseFormat: { kind: 'text' } };
  switch (format.type) {
    case 'text':
      return { responseFormat: { kind: 'text' } };
    case 'json_object':
      return { responseFormat: { kind: 'json_object' }, instruction: JSON_OBJECT_INSTRUCTION };
    case 'json_schema': {
      const { name, description, schema } = format.json_schema;
      if (schema === undefined) {
        throw new InvalidRequestError("Missing required parameter: 'response_format.json_schema.schema'.", {
          param: 'response_format.json_schema.schema',
          code: 'missing_required_parameter',
        });
      }
      if (model.capabilities.structuredOutput) {
        return {
          responseFormat: { kind: 'json_schema', strategy: 'native' },
          outputConfig: {
            textFormat: {
              type: 'json_schema',
              structure: { jsonSchema: { schema: JSON.stringify(schema), name, ...(description ? { description } : {}) } },
            },
          },
        };
      }
      if (!model.capabilities.tools) {
        warnings.add('response_format: the model has neither structured output nor tools; the schema is given as an instruction and not enforced.');
        return { responseFormat: { kind: 'json_object' }, instruction: `${JSON_OBJECT_INSTRUCTION} It must match this JSON schema: ${JSON.stringify(schema)}` };
      }
      if (schema.type !== undefined && schema.type !== 'object') {
        throw new InvalidRequestError("Invalid 'response_format.json_schema.schema': the root must be an object schema ('type': 'object').", {
          param: 'response_format.json_schema.schema',
          code: 'invalid_value',
        });
      }
      const toolName = schemaToolName(name, takenToolNames);
      return {
        responseFormat: { kind: 'json_schema', strategy: 'tool', toolName },
        schemaTool: { name: toolName, description: description ?? `Return the final answer as ${name}.`, schema: toDocumentObject(schema, 'response_format.json_schema.schema') },
      };
    }
    default: {
      const _exhaustiveCheck: never = format;
      return _exhaustiveCheck;
    }
  }
}

export { JSON_OBJECT_INSTRUCTION, prepareResponseFormat };
export type { PreparedResponseFormat, ResponseFormatPlan, SchemaTool };
