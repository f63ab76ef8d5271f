/**
 * The `/bedrock` surface's pure rules: which Bedrock exception and status each gateway error becomes
 * (and which stream member carries it), how Converse and InvokeModel bodies are read, what the
 * gateway owns in them, and what a request reserves.
 */
import { bedrockExceptionOf, streamExceptionType } from '../../../lambda/bedrock-api/error-body';
import { converseEstimates, converseInputFor, parseConverseRequest } from '../../../lambda/bedrock-api/converse-request';
import { decodeInvokeChunk, invokeEstimates, invokeFamilyOf, invokeInputFor, invokeStreamMeter, parseInvokeRequest, readInvokeAnswer } from '../../../lambda/bedrock-api/invoke-request';
import { listFoundationModels, listInferenceProfiles } from '../../../lambda/bedrock-api/model-listings';
import { createModelCatalog } from '../../../lambda/catalog';
import type { CatalogEntry } from '../../../lambda/catalog/types';
import {
  AuthenticationError,
  BadGatewayError,
  GatewayError,
  GatewayTimeoutError,
  InsufficientQuotaError,
  InternalServerError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
} from '../../../lambda/platform/errors';

const catalog = createModelCatalog();
function model(id: string): CatalogEntry {
  const entry = catalog.get(id);
  if (entry === undefined) throw new Error(`no catalog entry ${id}`);
  return entry;
}

/** A gateway error caused by a Bedrock exception of this name (as mapBedrockError builds them). */
function fromBedrock(name: string, error: GatewayError): GatewayError {
  Object.defineProperty(error, 'cause', { value: Object.assign(new Error('upstream'), { name }) });
  return error;
}

describe('gateway errors as Bedrock exceptions', () => {
  it.each([
    ['a bad request', 'ValidationException', 400, new InvalidRequestError('x')],
    ['a bad or missing key', 'AccessDeniedException', 401, new AuthenticationError()],
    ['a model not allowed', 'AccessDeniedException', 403, new PermissionDeniedError('x')],
    ['an unknown model', 'ResourceNotFoundException', 404, new NotFoundError('x')],
    ['a body too large', 'ValidationException', 413, new PayloadTooLargeError('x')],
    ["the gateway's rate limit", 'ThrottlingException', 429, new RateLimitError('x', 2)],
    ['a spent budget', 'ServiceQuotaExceededException', 400, new InsufficientQuotaError('x')],
    ['a gateway fault', 'InternalServerException', 500, new InternalServerError('x')],
    ['an unreachable Bedrock', 'InternalServerException', 502, new BadGatewayError('x')],
    ['load shedding', 'ServiceUnavailableException', 503, new ServiceUnavailableError('x')],
    ['a model that did not answer in time', 'ModelTimeoutException', 408, new GatewayTimeoutError('x')],
    ["Bedrock's ModelErrorException", 'ModelErrorException', 424, fromBedrock('ModelErrorException', new BadGatewayError('x'))],
    ["Bedrock's InternalServerException", 'InternalServerException', 500, fromBedrock('InternalServerException', new BadGatewayError('x'))],
    ["Bedrock's ModelNotReadyException", 'ModelNotReadyException', 429, fromBedrock('ModelNotReadyException', new ServiceUnavailableError('x'))],
    ["Bedrock's ServiceQuotaExceededException", 'ServiceQuotaExceededException', 400, fromBedrock('ServiceQuotaExceededException', new RateLimitError('x', 2))],
  ] as const)('%s is %s with status %i', (_label, name, status, error) => {
    expect(bedrockExceptionOf(error)).toEqual({ name, status });
  });

  it.each([
    [new RateLimitError('x', 2), 'converse', 'throttlingException'],
    [new GatewayTimeoutError('x'), 'invoke', 'modelTimeoutException'],
    [new GatewayTimeoutError('x'), 'converse', 'modelStreamErrorException'],
    [fromBedrock('ModelStreamErrorException', new BadGatewayError('x')), 'converse', 'modelStreamErrorException'],
    [new ServiceUnavailableError('x'), 'invoke', 'serviceUnavailableException'],
    [new InternalServerError('x'), 'converse', 'internalServerException'],
    [new InvalidRequestError('x'), 'invoke', 'validationException'],
  ] as const)('in a stream, %p is sent in the %s union as %s', (error, stream, member) => {
    expect(streamExceptionType(error, stream)).toBe(member);
  });
});

describe('Converse bodies', () => {
  const hi = [{ role: 'user', content: [{ text: 'Hi' }] }];

  it.each([
    [[1], /request body must be a JSON object/],
    [{}, /messages: is required/],
    [{ messages: [{ role: 'system', content: [] }] }, /messages\[0\]\.role/],
    [{ messages: hi, inferenceConfig: { maxTokens: 0 } }, /inferenceConfig\.maxTokens/],
    [{ messages: hi, performanceConfig: { latency: 'fast' } }, /performanceConfig\.latency: must be 'standard' or 'optimized'/],
    [{ messages: hi, promptVariables: { x: { text: 'y' } } }, /promptVariables/],
    [{ messages: [{ role: 'user', content: [{ image: { format: 'png', source: { bytes: 'not base64!' } } }] }] }, /messages\[0\]\.content\[0\]\.image\.source\.bytes: must be base64/],
  ])('refuses %j', (body, message) => {
    expect(() => parseConverseRequest(body)).toThrow(message);
  });

  it('decodes blobs, keeps documents as they are, and drops unknown members with a warning', () => {
    const parsed = parseConverseRequest({
      messages: [
        { role: 'user', content: [{ image: { format: 'png', source: { bytes: 'AAEC' } } }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 't1', name: 'f', input: { bytes: 'stays a string' } } }] },
      ],
      modelId: 'ignored',
      stream: true,
    });
    const [user, assistant] = parsed.body.messages ?? [];
    expect(user?.content?.[0]?.image?.source?.bytes).toEqual(new Uint8Array([0, 1, 2]));
    expect(assistant?.content?.[0]?.toolUse?.input).toEqual({ bytes: 'stays a string' });
    expect(parsed.warnings).toEqual(['modelId, stream: not members of a Converse request; dropped.']);
  });

  it("sets the target's model id and the gateway's attribution; caller keys starting with gateway_ never reach Bedrock", () => {
    const { body } = parseConverseRequest({ messages: hi, requestMetadata: { app: 'docs', GATEWAY_team: 'forged' } });
    const input = converseInputFor(body, { model: model('claude-haiku-4-5'), attribution: { gateway_principal: 'key_1' }, guardrail: undefined, stream: false });
    expect(input.modelId).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(input.requestMetadata).toEqual({ app: 'docs', gateway_principal: 'key_1' });
    expect(input.guardrailConfig).toBeUndefined();
  });

  it.each([
    ['no guardrail asked, the deployment has one', undefined, { guardrailIdentifier: 'g1', guardrailVersion: '1' }, { guardrailIdentifier: 'g1', guardrailVersion: '1' }],
    ['the caller names one, the deployment does not enforce', { guardrailIdentifier: 'mine', guardrailVersion: '2' }, { guardrailIdentifier: 'g1', guardrailVersion: '1' }, { guardrailIdentifier: 'mine', guardrailVersion: '2' }],
    ['the caller names the enforced one', { guardrailIdentifier: 'g1', guardrailVersion: '1' }, { guardrailIdentifier: 'g1', guardrailVersion: '1', enforced: true }, { guardrailIdentifier: 'g1', guardrailVersion: '1' }],
  ])('guardrail: %s', (_label, requested, deployment, expected) => {
    const { body } = parseConverseRequest({ messages: hi, ...(requested === undefined ? {} : { guardrailConfig: requested }) });
    expect(converseInputFor(body, { model: model('nova-lite'), attribution: {}, guardrail: deployment, stream: false }).guardrailConfig).toEqual(expected);
  });

  it('refuses another guardrail than an enforced one', () => {
    const { body } = parseConverseRequest({ messages: hi, guardrailConfig: { guardrailIdentifier: 'weaker', guardrailVersion: '1' } });
    expect(() => converseInputFor(body, { model: model('nova-lite'), attribution: {}, guardrail: { guardrailIdentifier: 'g1', guardrailVersion: '1', enforced: true }, stream: false })).toThrow(/enforces its own guardrail/);
  });

  it.each([
    [{ serviceTier: { type: 'priority' } }, /serviceTier\.type.*no price/],
    [{ performanceConfig: { latency: 'optimized' } }, /performanceConfig\.latency.*no latency-optimized price/],
  ])('refuses %j for a model the catalog has no price for it', (serving, message) => {
    const { body } = parseConverseRequest({ messages: hi, ...serving });
    expect(() => converseInputFor(body, { model: model('nova-lite'), attribution: {}, guardrail: undefined, stream: false })).toThrow(message);
  });

  it('sends the default tier and standard latency as asked', () => {
    const { body } = parseConverseRequest({ messages: hi, serviceTier: { type: 'default' }, performanceConfig: { latency: 'standard' } });
    const input = converseInputFor(body, { model: model('nova-lite'), attribution: {}, guardrail: undefined, stream: false });
    expect(input.performanceConfig).toEqual({ latency: 'standard' });
    expect(input.serviceTier).toBeUndefined();
  });

  it('prices a 1-hour cache point at the 1-hour write price', () => {
    const { body } = parseConverseRequest({ messages: hi, system: [{ text: 's' }, { cachePoint: { type: 'default', ttl: '1h' } }] });
    expect(converseEstimates(body, model('claude-haiku-4-5')).priceSelection).toEqual({ writesCache: true, cacheTtl: '1h' });
  });

  it.each([
    ['maxTokens as asked', { messages: hi, inferenceConfig: { maxTokens: 300 } }, 300],
    ["the model's largest output without maxTokens", { messages: hi }, model('claude-haiku-4-5').maxOutputTokens],
    ["at most the model's largest output", { messages: hi, inferenceConfig: { maxTokens: 10_000_000 } }, model('claude-haiku-4-5').maxOutputTokens],
  ])('reserves %s', (_label, raw, expected) => {
    expect(converseEstimates(parseConverseRequest(raw).body, model('claude-haiku-4-5')).maxOutputTokens).toBe(expected);
  });
});

describe('InvokeModel bodies', () => {
  const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

  it.each([
    ['claude-haiku-4-5', 'claude'],
    ['nova-lite', 'nova'],
    ['llama3-3-70b', 'meta-llama'],
    ['mistral-large-2407', 'mistral'],
    ['deepseek-r1', 'deepseek'],
    ['gpt-oss-20b', 'openai-gpt-oss'],
    ['titan-embed-text-v2', undefined],
  ])('%s takes the %s body family', (id, family) => {
    expect(invokeFamilyOf(model(id))).toBe(family);
  });

  it.each([
    [{ 'content-type': 'text/plain' }, json({}), /contentType/],
    [{}, Buffer.from('not json'), /body: must be a JSON object/],
    [{ 'x-amzn-bedrock-performanceconfig-latency': 'fast' }, json({}), /performanceConfigLatency/],
    [{ 'x-amzn-bedrock-guardrailidentifier': 'g1' }, json({}), /guardrailVersion go together/],
    [{ 'x-amzn-bedrock-trace': 'LOUD' }, json({}), /trace/],
  ])('refuses headers %j', (headers, body, message) => {
    expect(() => parseInvokeRequest(headers, body)).toThrow(message);
  });

  it.each([
    ['Claude: max_tokens', { max_tokens: 123, messages: [] }, 'claude-haiku-4-5', 123, false],
    ['Claude with cache_control: a cache write', { max_tokens: 5, system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }], messages: [] }, 'claude-haiku-4-5', 5, true],
    ['Nova: inferenceConfig.maxTokens', { messages: [], inferenceConfig: { maxTokens: 77 } }, 'nova-lite', 77, false],
    ["Nova without maxTokens: the model's largest output", { messages: [] }, 'nova-lite', model('nova-lite').maxOutputTokens, false],
    ['Llama: max_gen_len', { prompt: 'Hi', max_gen_len: 64 }, 'llama3-3-70b', 64, false],
    ['Mistral: max_tokens', { prompt: '<s>[INST] Hi [/INST]', max_tokens: 99 }, 'mistral-large-2407', 99, false],
    ['DeepSeek: max_tokens', { prompt: 'Hi', max_tokens: 300 }, 'deepseek-r1', 300, false],
    ['gpt-oss: max_completion_tokens before max_tokens', { messages: [], max_completion_tokens: 40, max_tokens: 900 }, 'gpt-oss-20b', 40, false],
    ["another family without its field: the model's largest output", { prompt: 'Hi' }, 'llama3-3-70b', model('llama3-3-70b').maxOutputTokens, false],
    ["another family asking more than the model's largest output: that largest", { prompt: 'Hi', max_gen_len: 10_000_000 }, 'llama3-3-70b', model('llama3-3-70b').maxOutputTokens, false],
  ])('reserves %s', (_label, body, id, maxOutputTokens, writesCache) => {
    const entry = model(id);
    const family = invokeFamilyOf(entry);
    if (family === undefined) throw new Error('no family');
    const estimates = invokeEstimates(body, family, entry);
    expect(estimates.maxOutputTokens).toBe(maxOutputTokens);
    expect(estimates.priceSelection.writesCache).toBe(writesCache);
  });

  it('refuses a service tier the catalog has no price for, naming the header', () => {
    const parsed = parseInvokeRequest({ 'x-amzn-bedrock-service-tier': 'flex' }, json({ messages: [] }));
    expect(() => invokeInputFor(parsed, model('nova-lite'), undefined)).toThrow(/serviceTier.*no price/);
  });

  it.each([
    [false, { accept: 'application/json' }, 'application/json'],
    [true, { accept: 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-accept': '*/*' }, '*/*'],
    [true, { accept: 'application/vnd.amazon.eventstream' }, 'application/json'],
  ])('takes the model accept type of a stream=%s call from the right header (%j)', (stream, headers, accept) => {
    const { input } = invokeInputFor(parseInvokeRequest(headers, json({ messages: [] }), stream), model('nova-lite'), undefined);
    expect(input.accept).toBe(accept);
  });

  it('sends the body byte for byte with the target model id', () => {
    const body = Buffer.from('{"messages": [], "max_tokens": 5}');
    const { input } = invokeInputFor(parseInvokeRequest({}, body), model('claude-haiku-4-5'), undefined);
    expect(input).toEqual({ modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', body: new Uint8Array(body), contentType: 'application/json', accept: 'application/json' });
  });

  it('counts a base64 image at the per-image cost, not as text', () => {
    const image = 'A'.repeat(400_000);
    const body = { max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: image } }] }] };
    expect(invokeEstimates(body, 'claude', model('claude-haiku-4-5')).estimatedInputTokens).toBeLessThan(10_000);
  });
});

describe('listing filters Bedrock would refuse are 400s naming the parameter', () => {
  const context = { models: createModelCatalog().list(), region: 'us-east-1' };
  it.each([
    { listing: 'foundation models', query: 'byOutputModality=AUDIO', param: 'byOutputModality', message: "Value 'AUDIO' at 'byOutputModality' failed to satisfy constraint: Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]" },
    { listing: 'foundation models', query: 'byInferenceType=on_demand', param: 'byInferenceType', message: 'enum value set: [ON_DEMAND, PROVISIONED]' },
    { listing: 'foundation models', query: 'byCustomizationType=LORA', param: 'byCustomizationType', message: 'enum value set: [FINE_TUNING, CONTINUED_PRE_TRAINING, DISTILLATION]' },
    { listing: 'foundation models', query: 'byProvider=anthropic%3Bdrop', param: 'byProvider', message: 'regular expression pattern: [A-Za-z0-9- ]{1,63}' },
    { listing: 'foundation models', query: 'byProvider=', param: 'byProvider', message: 'regular expression pattern' },
    { listing: 'inference profiles', query: 'type=CUSTOM', param: 'type', message: 'enum value set: [SYSTEM_DEFINED, APPLICATION]' },
    { listing: 'inference profiles', query: 'maxResults=0', param: 'maxResults', message: 'maxResults: must be an integer from 1 to 1000.' },
    { listing: 'inference profiles', query: 'nextToken=abc', param: 'nextToken', message: 'nextToken: is not a token this listing returned.' },
  ])('$listing with $query', ({ listing, query, param, message }) => {
    const list = () => (listing === 'foundation models' ? listFoundationModels(context, new URLSearchParams(query)) : listInferenceProfiles(context, new URLSearchParams(query)));
    expect(list).toThrow(InvalidRequestError);
    expect(list).toThrow(message);
    try {
      list();
    } catch (error) {
      expect((error as InvalidRequestError).param).toBe(param);
    }
  });

  it.each([
    { query: 'byOutputModality=EMBEDDING&byInferenceType=ON_DEMAND', some: true },
    { query: 'byProvider=Mistral%20AI', some: true },
    { query: 'byCustomizationType=FINE_TUNING', some: false },
  ])('accepts valid filters: $query', ({ query, some }) => {
    expect(listFoundationModels(context, new URLSearchParams(query)).modelSummaries?.length !== 0).toBe(some);
  });
});

describe('the usage of an InvokeModel answer', () => {
  const answer = (body: unknown, headers: Record<string, string> = {}) => ({ body: new Uint8Array(Buffer.from(JSON.stringify(body))), contentType: 'application/json', headers, served: {} });
  const COUNTS = { 'x-amzn-bedrock-input-token-count': '21', 'x-amzn-bedrock-output-token-count': '8' };

  it.each([
    { rule: "another family: Bedrock's token-count headers", family: 'meta-llama' as const, body: { generation: 'x', prompt_token_count: 1, generation_token_count: 1 }, headers: COUNTS, usage: [21, 8] },
    { rule: "another family without headers: Llama's own counts", family: 'meta-llama' as const, body: { generation: 'x', prompt_token_count: 5, generation_token_count: 2 }, headers: {}, usage: [5, 2] },
    { rule: 'another family without headers: an OpenAI-style usage', family: 'openai-gpt-oss' as const, body: { choices: [], usage: { prompt_tokens: 30, completion_tokens: 9 } }, headers: {}, usage: [30, 9] },
    { rule: "Nova: its body's usage before the headers", family: 'nova' as const, body: { usage: { inputTokens: 3, outputTokens: 1 } }, headers: COUNTS, usage: [3, 1] },
  ])('$rule', ({ family, body, headers, usage }) => {
    const { usage: tokens } = readInvokeAnswer(family, answer(body, headers));
    expect([tokens?.inputTokens, tokens?.outputTokens]).toEqual(usage);
  });

  it('is a 502 when nothing holds a usage (the answer could not be charged)', () => {
    expect(() => readInvokeAnswer('mistral', answer({ outputs: [{ text: 'x' }] }))).toThrow('Amazon Bedrock returned an InvokeModel answer without usage.');
  });

  it("meters another family's stream from the last chunk's invocation metrics, counting output characters until then", () => {
    const meter = invokeStreamMeter('meta-llama')();
    meter.observe(decodeInvokeChunk(new Uint8Array(Buffer.from(JSON.stringify({ generation: 'Hello ', prompt_token_count: 4, generation_token_count: 1, stop_reason: null })))));
    expect([meter.usage, meter.outputCharacters]).toEqual([undefined, 6]);
    meter.observe(decodeInvokeChunk(new Uint8Array(Buffer.from(JSON.stringify({ generation: 'there', stop_reason: 'stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 4, outputTokenCount: 2 } })))));
    expect([meter.usage, meter.outputCharacters]).toEqual([{ inputTokens: 4, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 }, 11]);
  });
});
