/** @module What the JSON and the streamed completion share: the id, the model name echoed back, and how tool names map. */
import type { ChatCompletionConversionOptions } from '../../../bedrock/convert-to-chat-completion';
import type { PreparedConverseRequest } from '../../../bedrock/prepare-converse-request';
import type { RouteTarget } from '../../../routing/route-types';
import { servedModelName } from '../../../routing/select-targets';
import type { ChatCall } from './chat-call';

function structuredOutputToolName(prepared: PreparedConverseRequest): string | undefined {
  const format = prepared.responseFormat;
  return format.kind === 'json_schema' && format.strategy === 'tool' ? format.toolName : undefined;
}

/** The completion's options once `served` answered from `target`: the name the client asked for, the served model's tool names. */
function completionOptions(call: ChatCall, target: RouteTarget): ChatCompletionConversionOptions {
  const { prepared } = call.served;
  return {
    id: call.id,
    created: call.created,
    model: servedModelName(call.plan, target),
    toolNames: prepared.toolNames,
    structuredOutputToolName: structuredOutputToolName(prepared),
  };
}

export { completionOptions };
