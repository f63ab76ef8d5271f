/** @module What the gateway does with each Chat Completions parameter: the data table and its enforcement. */
import type { OpenAIChatCompletionRequest } from '../openai/chat-request-types';
import { InvalidRequestError } from '../platform/errors';
import type { RequestWarnings } from './request-warnings';

/** How a parameter is handled. */
type ParameterBehaviour =
  /** Translated to Converse. */
  | 'mapped'
  /** Translated, but some values are clamped, degraded or rejected (see notes). */
  | 'partial'
  /** Accepted and not used; a warning is returned when the value asks for something. */
  | 'ignored'
  /** Any value that asks for the feature is a 400 naming the parameter. */
  | 'rejected'
  /** A gateway extension beyond OpenAI's API. */
  | 'extension';

/**
 * One row per top-level parameter; the README table is generated from it. Keep it in step with
 * `applyParameterPolicy` and the mappers.
 */
const CHAT_PARAMETER_POLICY = [
  { parameter: 'model', behaviour: 'mapped', notes: 'Resolved through the catalog to the Bedrock model or inference profile id.' },
  { parameter: 'messages', behaviour: 'mapped', notes: 'system/developer (anywhere) -> `system[]`; tool results merged into one user turn; same-role turns merged; a user turn is inserted if the conversation starts with the assistant. An empty content array, or a user message with only empty or whitespace text, is a 400 naming `messages[i].content`. `cache_control` -> cache point; `ttl: "1h"` -> a 1-hour cache point where the model has a 1-hour cache price (charged at it), else the 5-minute cache with a warning; a 1-hour point after a 5-minute one becomes 5-minute with a warning (Bedrock needs TTLs that never increase along the prompt).' },
  { parameter: 'max_completion_tokens', behaviour: 'partial', notes: 'Wins over max_tokens. Clamped to the model maximum with a warning; default min(model max, 4096 + room for thinking: the budget, or the budget the effort stands for on adaptive thinking); raised above the thinking budget when reasoning is on.' },
  { parameter: 'max_tokens', behaviour: 'partial', notes: 'Deprecated alias of max_completion_tokens; used only when max_completion_tokens is absent.' },
  { parameter: 'temperature', behaviour: 'partial', notes: 'OpenAI 0..2, Bedrock 0..1: values above 1 are clamped to 1 with a warning. Dropped with a warning when Claude thinking is on (including models that think by default) and on models that reject it (Claude Opus 4.7 and later).' },
  { parameter: 'top_p', behaviour: 'partial', notes: 'Dropped with a warning when sent with temperature to a model that rejects both (Claude 4.5+), when Claude thinking is on, or on models that reject it (Claude Opus 4.7 and later).' },
  { parameter: 'stop', behaviour: 'mapped', notes: 'String or list -> stopSequences; empty strings dropped; more than 4 is a 400 (as OpenAI).' },
  { parameter: 'stream', behaviour: 'mapped', notes: 'Selects ConverseStream (route) and the guardrail stream processing mode.' },
  { parameter: 'stream_options', behaviour: 'partial', notes: '`include_usage` -> final usage chunk; `include_obfuscation` ignored. 400 when sent without `stream: true` (as OpenAI).' },
  { parameter: 'n', behaviour: 'partial', notes: '1 accepted; more than 1 is a 400 (Converse returns one choice).' },
  { parameter: 'tools', behaviour: 'partial', notes: 'Function tools -> toolConfig.tools. Validated like `response_format`: names match `^[a-zA-Z0-9_-]{1,64}$`, `parameters` must be a JSON Schema of `type: "object"` whose keywords hold the right kinds of values (a 400 naming the keyword). Names in the history that Bedrock would refuse are sanitised and mapped back. 400 when the model has no tool use. `strict` passed through. `cache_control` as on messages.' },
  { parameter: 'tool_choice', behaviour: 'partial', notes: 'auto -> auto, required -> any, named -> tool; unsupported modes degrade (named -> only that tool offered) with a warning; none -> tools dropped.' },
  { parameter: 'parallel_tool_calls', behaviour: 'partial', notes: '`false` with tools: Claude 4.5 and later get Anthropic\'s `tool_choice.disable_parallel_tool_use` in `additionalModelRequestFields` (with `type: "auto"` when no tool is forced), so they call one tool per turn; other models cannot be held to it on Converse (a warning).' },
  { parameter: 'response_format', behaviour: 'mapped', notes: 'json_object -> system instruction; json_schema -> native structured output where supported, else a forced tool. The schema is checked like tool `parameters` (a 400 naming the keyword).' },
  { parameter: 'reasoning_effort', behaviour: 'partial', notes: 'Also `xhigh` and `max`. Claude -> thinking as each model takes it (see the reasoning table): adaptive thinking with that effort, or a budget on Claude 4.5 and earlier (minimal 1024, low 2048, medium 4096, high 8192, xhigh 16384, max 32768); `none` turns thinking off where the model can (`disabled`, Sonnet 5.5 `between_tools`, the lowest effort on models that always think, with a warning); levels a model lacks become the nearest lower one, with a warning. Nova 2 -> reasoningConfig; gpt-oss -> reasoning_effort. Ignored with a warning on models without reasoning.' },
  { parameter: 'seed', behaviour: 'ignored', notes: 'Bedrock has no seed; a warning says results are not reproducible.' },
  { parameter: 'presence_penalty', behaviour: 'ignored', notes: 'Non-zero values return a warning.' },
  { parameter: 'frequency_penalty', behaviour: 'ignored', notes: 'Non-zero values return a warning.' },
  { parameter: 'logprobs', behaviour: 'rejected', notes: '`true` is a 400; Converse returns no log probabilities.' },
  { parameter: 'top_logprobs', behaviour: 'rejected', notes: 'Values above 0 are a 400.' },
  { parameter: 'logit_bias', behaviour: 'rejected', notes: 'A non-empty map is a 400.' },
  { parameter: 'user', behaviour: 'mapped', notes: '-> requestMetadata `user` (invocation logs), within Bedrock limits.' },
  { parameter: 'safety_identifier', behaviour: 'mapped', notes: '-> requestMetadata `safety_identifier`.' },
  { parameter: 'metadata', behaviour: 'partial', notes: '-> requestMetadata; pairs that break Bedrock limits or exceed the client share are dropped with a warning, and so are `gateway_*` keys (the gateway\'s own attribution: request id, principal, team).' },
  { parameter: 'store', behaviour: 'ignored', notes: 'Nothing is stored; `true` returns a warning.' },
  { parameter: 'prompt_cache_key', behaviour: 'ignored', notes: 'Bedrock caches by prefix; use `cache_control` markers.' },
  { parameter: 'service_tier', behaviour: 'partial', notes: '`auto`/`default` -> the standard tier; `flex`/`priority` -> Bedrock `serviceTier` where the catalog prices that tier for the model (charged at the tier Bedrock reports it served), else a 400 naming `service_tier`; `scale` is ignored with a warning. The completion (and every chunk) names the tier that served: Bedrock\'s report, else the tier sent (`default`, `flex`, `priority`; Bedrock\'s `reserved` as `scale`).' },
  { parameter: 'verbosity', behaviour: 'ignored', notes: 'Returns a warning.' },
  { parameter: 'prediction', behaviour: 'ignored', notes: 'Predicted outputs are a latency optimisation Converse lacks; warning.' },
  { parameter: 'modalities', behaviour: 'partial', notes: '`["text"]` accepted; `audio` is a 400.' },
  { parameter: 'audio', behaviour: 'rejected', notes: 'Audio output is a 400.' },
  { parameter: 'web_search_options', behaviour: 'rejected', notes: 'A 400: silently answering without search would mislead.' },
  { parameter: 'functions', behaviour: 'rejected', notes: 'Deprecated; a 400 pointing to `tools`.' },
  { parameter: 'function_call', behaviour: 'rejected', notes: 'Deprecated; a 400 pointing to `tool_choice`.' },
  { parameter: 'thinking', behaviour: 'extension', notes: '`{type:"enabled",budget_tokens}` (>= 1024) sets the Claude thinking budget (adaptive thinking with the effort the budget stands for on models without budgets, with a warning); `{type:"disabled"}` as `reasoning_effort: "none"`; mapped to an effort level for Nova 2 / gpt-oss.' },
  { parameter: 'bedrock', behaviour: 'extension', notes: '`guardrailConfig` (overrides the deployment guardrail unless it is enforced), `additionalModelRequestFields` (merged; gateway fields win; `top_k` dropped with a warning where the model or Claude thinking rejects it), `performanceConfig` (`latency: "optimized"` where the catalog has a latency-optimized price for the model, charged at it; else a 400), `fallbacks` (per-request fallback models, see Routing and resilience).' },
  { parameter: '(unknown)', behaviour: 'rejected', notes: 'Unknown top-level arguments are a 400 "Unrecognized request argument supplied" (as OpenAI).' },
] as const satisfies readonly { parameter: string; behaviour: ParameterBehaviour; notes: string }[];

function reject(param: string, message: string, code = 'unsupported_parameter'): never {
  throw new InvalidRequestError(message, { param, code });
}

/**
 * Enforces the rejected/ignored rows of `CHAT_PARAMETER_POLICY` that do not depend on the model.
 * @throws InvalidRequestError for a parameter value the gateway cannot honour.
 */
function applyParameterPolicy(request: OpenAIChatCompletionRequest, warnings: RequestWarnings): void {
  if (request.n != null && request.n > 1) reject('n', `Invalid 'n': Bedrock returns a single choice, so 'n' must be 1, but got ${request.n}.`, 'unsupported_value');
  if (request.logprobs === true) reject('logprobs', "'logprobs' is not supported: Amazon Bedrock Converse returns no log probabilities.", 'unsupported_value');
  if (request.top_logprobs != null && request.top_logprobs > 0) reject('top_logprobs', "'top_logprobs' is not supported: Amazon Bedrock Converse returns no log probabilities.", 'unsupported_value');
  if (request.logit_bias != null && Object.keys(request.logit_bias).length > 0) reject('logit_bias', "'logit_bias' is not supported by Amazon Bedrock Converse.", 'unsupported_value');
  if (request.modalities?.includes('audio')) reject('modalities', "Audio output is not supported; use 'modalities': ['text'].", 'unsupported_value');
  if (request.audio != null) reject('audio', "Audio output is not supported; remove 'audio'.");
  if (request.web_search_options !== undefined) reject('web_search_options', "'web_search_options' is not supported: Bedrock models have no built-in web search.");
  if (request.functions !== undefined) reject('functions', "'functions' is deprecated and not supported; use 'tools'.");
  if (request.function_call !== undefined) reject('function_call', "'function_call' is deprecated and not supported; use 'tool_choice'.");
  if (request.stream_options != null && request.stream !== true) {
    reject('stream_options', "The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'invalid_value');
  }

  if (request.seed != null) warnings.add('seed: ignored, Bedrock does not support seeded sampling.');
  if (request.presence_penalty) warnings.add('presence_penalty: ignored, not supported by Bedrock Converse.');
  if (request.frequency_penalty) warnings.add('frequency_penalty: ignored, not supported by Bedrock Converse.');
  if (request.store === true) warnings.add('store: ignored, the gateway does not store completions.');
  if (request.verbosity != null) warnings.add('verbosity: ignored, not supported by Bedrock Converse.');
  if (request.prediction != null) warnings.add('prediction: ignored, predicted outputs are not supported.');
}

export { CHAT_PARAMETER_POLICY, applyParameterPolicy };
export type { ParameterBehaviour };
