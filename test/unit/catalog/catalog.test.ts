/** @module Tests for catalog lookup, options and option validation. */
import { CatalogConfigError, createModelCatalog, parseCatalogOptions } from '../../../lambda/catalog';

const SONNET_FM = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const APP_PROFILE_ARN = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6';

describe('resolve', () => {
  const catalog = createModelCatalog({ applicationInferenceProfiles: [{ arn: APP_PROFILE_ARN, model: 'claude-sonnet-4-5' }] });

  it.each([
    { form: 'friendly id', name: 'claude-sonnet-4-5', bedrockModelId: `us.${SONNET_FM}` },
    { form: 'friendly id in another case, padded', name: '  Claude-Sonnet-4-5 ', bedrockModelId: `us.${SONNET_FM}` },
    { form: 'older friendly alias', name: 'claude-sonnet-4.5', bedrockModelId: `us.${SONNET_FM}` },
    { form: 'raw model id', name: SONNET_FM, bedrockModelId: `us.${SONNET_FM}` },
    { form: 'us. profile id', name: `us.${SONNET_FM}`, bedrockModelId: `us.${SONNET_FM}` },
    { form: 'eu. profile id', name: `eu.${SONNET_FM}`, bedrockModelId: `eu.${SONNET_FM}` },
    { form: 'apac. profile id not listed for the model', name: `apac.${SONNET_FM}`, bedrockModelId: `apac.${SONNET_FM}` },
    { form: 'global. profile id', name: `global.${SONNET_FM}`, bedrockModelId: `global.${SONNET_FM}` },
    {
      form: 'foundation-model ARN',
      name: `arn:aws:bedrock:us-east-1::foundation-model/${SONNET_FM}`,
      bedrockModelId: `us.${SONNET_FM}`,
    },
    {
      form: 'inference-profile ARN',
      name: `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${SONNET_FM}`,
      bedrockModelId: `arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.${SONNET_FM}`,
    },
    { form: 'configured application inference profile ARN', name: APP_PROFILE_ARN, bedrockModelId: APP_PROFILE_ARN },
  ])('resolves the $form to claude-sonnet-4-5, calling $bedrockModelId', ({ name, bedrockModelId }) => {
    const entry = catalog.resolve(name);
    expect(entry?.id).toBe('claude-sonnet-4-5');
    expect(entry?.bedrockModelId).toBe(bedrockModelId);
    expect(entry?.foundationModelId).toBe(SONNET_FM);
  });

  it.each([
    { form: 'unknown name', name: 'gpt-4o' },
    { form: 'empty string', name: '' },
    { form: 'profile id of an unknown model', name: 'us.acme.unknown-v1:0' },
    { form: 'unconfigured application inference profile ARN', name: APP_PROFILE_ARN.replace('a1b2', 'ffff') },
    { form: 'ARN of another service', name: 'arn:aws:s3:::bucket/claude-sonnet-4-5' },
  ])('returns undefined for an $form', ({ name }) => {
    expect(catalog.resolve(name)).toBeUndefined();
  });

  it('keeps prices and capabilities when routing through another geography profile', () => {
    const canonical = catalog.get('claude-sonnet-4-5');
    const eu = catalog.resolve(`eu.${SONNET_FM}`);
    expect(eu?.prices).toEqual(canonical?.prices);
    expect(eu?.capabilities).toEqual(canonical?.capabilities);
  });

  it('applies global prices when routing through the global. profile', () => {
    expect(catalog.resolve(`global.${SONNET_FM}`)?.prices).toEqual({
      inputPerMTok: 3,
      outputPerMTok: 15,
      cacheReadPerMTok: 0.3,
      cacheWritePerMTok: 3.75,
      cacheWrite1hPerMTok: 6,
      longContext: { inputPerMTok: 6, outputPerMTok: 22.5, cacheReadPerMTok: 0.6, cacheWritePerMTok: 7.5, cacheWrite1hPerMTok: 12, thresholdTokens: 200_000 },
    });
  });

  it('resolves a direct-id model by its raw id without changing bedrockModelId', () => {
    expect(catalog.resolve('amazon.nova-pro-v1:0')).toBe(catalog.get('nova-pro'));
  });

  it('returns the canonical (profile) route for the raw id of a profile-only model', () => {
    expect(catalog.resolve('amazon.nova-premier-v1:0')?.bedrockModelId).toBe('us.amazon.nova-premier-v1:0');
  });
});

describe('resolve: Claude models as clients name them', () => {
  const catalog = createModelCatalog();

  it.each([
    { client: 'Claude Code, first-party', name: 'claude-opus-5-5', id: 'claude-opus-5-5', bedrockModelId: 'us.anthropic.claude-opus-5-5' },
    { client: 'Claude Code, Bedrock mode', name: 'us.anthropic.claude-opus-5-5', id: 'claude-opus-5-5', bedrockModelId: 'us.anthropic.claude-opus-5-5' },
    {
      client: 'Claude Code, Bedrock mode (small model)',
      name: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      id: 'claude-haiku-4-5',
      bedrockModelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
    },
    { client: 'openai client', name: 'claude-sonnet-5', id: 'claude-sonnet-5', bedrockModelId: 'us.anthropic.claude-sonnet-5' },
    { client: 'openai client', name: 'us.anthropic.claude-opus-4-7', id: 'claude-opus-4-7', bedrockModelId: 'us.anthropic.claude-opus-4-7' },
    { client: 'openai client', name: 'global.anthropic.claude-opus-5-5', id: 'claude-opus-5-5', bedrockModelId: 'global.anthropic.claude-opus-5-5' },
    { client: 'a dotted alias', name: 'claude-sonnet-5.5', id: 'claude-sonnet-5-5', bedrockModelId: 'us.anthropic.claude-sonnet-5-5' },
    { client: 'a Japan profile', name: 'jp.anthropic.claude-opus-5-5', id: 'claude-opus-5-5', bedrockModelId: 'jp.anthropic.claude-opus-5-5' },
    { client: 'an Australia profile', name: 'au.anthropic.claude-haiku-5-5', id: 'claude-haiku-5-5', bedrockModelId: 'au.anthropic.claude-haiku-5-5' },
    { client: 'the raw foundation model id', name: 'anthropic.claude-fable-5-1', id: 'claude-fable-5-1', bedrockModelId: 'us.anthropic.claude-fable-5-1' },
  ])('resolves $name ($client) to $id, calling $bedrockModelId', ({ name, id, bedrockModelId }) => {
    const entry = catalog.resolve(name);
    expect(entry?.id).toBe(id);
    expect(entry?.bedrockModelId).toBe(bedrockModelId);
  });

  it('prices global.anthropic.claude-opus-5-5 at the global list price and us. at the 10% geo premium', () => {
    expect(catalog.resolve('global.anthropic.claude-opus-5-5')?.prices).toEqual({
      inputPerMTok: 4,
      outputPerMTok: 20,
      cacheReadPerMTok: 0.2,
      cacheWritePerMTok: 5,
      cacheWrite1hPerMTok: 8,
    });
    expect(catalog.resolve('us.anthropic.claude-opus-5-5')?.prices).toEqual({
      inputPerMTok: 4.4,
      outputPerMTok: 22,
      cacheReadPerMTok: 0.22,
      cacheWritePerMTok: 5.5,
      cacheWrite1hPerMTok: 8.8,
    });
  });
});

describe('capability facts the API surfaces rely on', () => {
  const catalog = createModelCatalog();
  const facts = (id: string) => {
    const capabilities = catalog.get(id)?.capabilities;
    return {
      thinkingTypes: capabilities?.thinking?.types,
      whenOmitted: capabilities?.thinking?.whenOmitted,
      rejectedSampling: capabilities?.rejectedSampling ?? [],
      forcedToolChoice: capabilities?.toolChoice.length !== 0,
      midConversationSystem: capabilities?.midConversationSystem ?? false,
      countTokens: capabilities?.countTokens ?? false,
      messagesApi: capabilities?.messagesApi ?? false,
    };
  };
  const LATER = ['temperature', 'top_p', 'top_k'];

  it.each([
    { id: 'claude-opus-5-5', thinkingTypes: ['adaptive'], whenOmitted: 'adaptive', rejectedSampling: LATER, forcedToolChoice: false, midConversationSystem: true, countTokens: false },
    { id: 'claude-sonnet-5-5', thinkingTypes: ['adaptive', 'between_tools'], whenOmitted: 'adaptive', rejectedSampling: LATER, forcedToolChoice: false, midConversationSystem: true, countTokens: false },
    { id: 'claude-fable-5-1', thinkingTypes: ['adaptive'], whenOmitted: 'adaptive', rejectedSampling: LATER, forcedToolChoice: false, midConversationSystem: true, countTokens: false },
    { id: 'claude-opus-5', thinkingTypes: ['adaptive', 'disabled'], whenOmitted: 'adaptive', rejectedSampling: LATER, forcedToolChoice: true, midConversationSystem: true, countTokens: false },
    { id: 'claude-sonnet-5', thinkingTypes: ['adaptive', 'disabled'], whenOmitted: 'adaptive', rejectedSampling: LATER, forcedToolChoice: true, midConversationSystem: false, countTokens: false },
    { id: 'claude-opus-4-8', thinkingTypes: ['adaptive'], whenOmitted: 'off', rejectedSampling: LATER, forcedToolChoice: true, midConversationSystem: true, countTokens: false },
    { id: 'claude-opus-4-7', thinkingTypes: ['adaptive'], whenOmitted: 'off', rejectedSampling: LATER, forcedToolChoice: true, midConversationSystem: false, countTokens: false },
    { id: 'claude-opus-4-6', thinkingTypes: ['enabled', 'adaptive', 'disabled'], whenOmitted: 'off', rejectedSampling: [], forcedToolChoice: true, midConversationSystem: false, countTokens: true },
    { id: 'claude-haiku-4-5', thinkingTypes: ['enabled', 'disabled'], whenOmitted: 'off', rejectedSampling: [], forcedToolChoice: true, midConversationSystem: false, countTokens: true },
  ])('$id: thinking $thinkingTypes (omitted: $whenOmitted), rejects $rejectedSampling, forced tools $forcedToolChoice, mid-conversation system $midConversationSystem, CountTokens $countTokens', ({ id, ...expected }) => {
    expect(facts(id)).toEqual({ ...expected, messagesApi: true });
  });

  it('marks every Claude entry, and only Claude, as taking the Messages body on InvokeModel', () => {
    const entries = catalog.list('chat');
    expect(entries.filter((entry) => entry.capabilities.messagesApi === true).map((entry) => entry.family)).toEqual(
      entries.filter((entry) => entry.family === 'anthropic-claude').map((entry) => entry.family),
    );
  });
});

describe('get and list', () => {
  const catalog = createModelCatalog();

  it('gets by friendly id only', () => {
    expect(catalog.get('nova-pro')?.id).toBe('nova-pro');
    expect(catalog.get('amazon.nova-pro-v1:0')).toBeUndefined();
  });

  it.each([
    { kind: 'chat' as const, includes: 'claude-sonnet-4-5', excludes: 'titan-embed-text-v2' },
    { kind: 'embedding' as const, includes: 'cohere-embed-v4', excludes: 'nova-pro' },
  ])('lists only $kind models', ({ kind, includes, excludes }) => {
    const ids = catalog.list(kind).map((entry) => entry.id);
    expect(ids).toContain(includes);
    expect(ids).not.toContain(excludes);
    expect(catalog.list(kind).every((entry) => entry.kind === kind)).toBe(true);
  });
});

describe('options', () => {
  it.each([
    { title: 'friendly ids', allowList: ['claude-sonnet-4-5', 'nova-pro'] },
    { title: 'aliases and raw ids', allowList: ['claude-sonnet-4.5', 'amazon.nova-pro-v1:0'] },
    { title: 'profile ids', allowList: [`global.${SONNET_FM}`, 'us.amazon.nova-pro-v1:0'] },
  ])('keeps only allow-listed models named by $title', ({ allowList }) => {
    const catalog = createModelCatalog({ allowList });
    expect(catalog.list().map((entry) => entry.id)).toEqual(['claude-sonnet-4-5', 'nova-pro']);
    expect(catalog.resolve('claude-haiku-4-5')).toBeUndefined();
    expect(catalog.resolve('anthropic.claude-haiku-4-5-20251001-v1:0')).toBeUndefined();
  });

  it('throws when a long-context tier lacks a cache price the base prices have (long prompts could not be priced)', () => {
    expect(() =>
      createModelCatalog({
        overrides: { 'claude-haiku-4-5': { prices: { longContext: { inputPerMTok: 2, outputPerMTok: 10, thresholdTokens: 100_000 } } } },
      }),
    ).toThrow(/overrides\.claude-haiku-4-5: prices\.longContext lacks cacheReadPerMTok, cacheWritePerMTok, cacheWrite1hPerMTok/);
  });

  it('throws when the allow-list names no model', () => {
    expect(() => createModelCatalog({ allowList: ['claude-sonet-4-5'] })).toThrow(/allowList\[0\]: "claude-sonet-4-5"/);
  });

  it('overrides a price and merges capabilities key by key', () => {
    const catalog = createModelCatalog({
      overrides: { 'nova-pro': { prices: { inputPerMTok: 0.7 }, capabilities: { structuredOutput: true } } },
    });
    const entry = catalog.get('nova-pro');
    expect(entry?.prices).toEqual({ inputPerMTok: 0.7, outputPerMTok: 3.2, cacheReadPerMTok: 0.2, cacheWritePerMTok: 0.8 });
    expect(entry?.capabilities.structuredOutput).toBe(true);
    expect(entry?.capabilities.tools).toBe(true);
  });

  it('overrides bedrockModelId, keeping the aliases', () => {
    const catalog = createModelCatalog({ overrides: { 'nova-pro': { bedrockModelId: 'eu.amazon.nova-pro-v1:0' } } });
    expect(catalog.resolve('nova-pro')?.bedrockModelId).toBe('eu.amazon.nova-pro-v1:0');
    expect(catalog.resolve('amazon.nova-pro-v1:0')?.id).toBe('nova-pro');
  });

  it('adds an entry that resolves by id and by derived profile id', () => {
    const catalog = createModelCatalog({
      additions: [
        {
          id: 'acme-chat',
          bedrockModelId: 'acme.chat-v1:0',
          foundationModelId: 'acme.chat-v1:0',
          kind: 'chat',
          family: 'other',
          provider: 'Acme',
          contextWindowTokens: 32_000,
          maxOutputTokens: 4_096,
          capabilities: {
            tools: false,
            toolChoice: [],
            streamingToolUse: false,
            images: false,
            documents: false,
            systemPrompt: true,
            promptCaching: false,
            structuredOutput: false,
            exclusiveTemperatureTopP: false,
          },
          prices: { inputPerMTok: 1, outputPerMTok: 2 },
        },
      ],
    });
    expect(catalog.resolve('acme-chat')?.bedrockModelId).toBe('acme.chat-v1:0');
    expect(catalog.resolve('us.acme.chat-v1:0')?.bedrockModelId).toBe('us.acme.chat-v1:0');
  });

  it.each([
    {
      title: 'an override of an unknown id',
      options: { overrides: { 'nova-ultra': { maxOutputTokens: 1 } } },
      message: /overrides\.nova-ultra: no catalog entry/,
    },
    {
      title: 'an override with an inexact price',
      options: { overrides: { 'nova-pro': { prices: { cacheReadPerMTok: 0.00875 } } } },
      message: /overrides\.nova-pro prices cacheReadPerMTok: price 0\.00875/,
    },
    {
      title: 'a service-tier price that is not a whole nano-dollar per token',
      options: { overrides: { 'gpt-oss-120b': { prices: { serviceTiers: { priority: { inputPerMTok: 0.2625, outputPerMTok: 1.05 } } } } } },
      message: /overrides\.gpt-oss-120b prices\.serviceTiers\.priority inputPerMTok: price 0\.2625/,
    },
    {
      title: 'a latency-optimized price that is not a whole nano-dollar per token',
      options: { overrides: { 'nova-pro': { prices: { latencyOptimized: { inputPerMTok: 1.0005, outputPerMTok: 4 } } } } },
      message: /overrides\.nova-pro prices\.latencyOptimized inputPerMTok/,
    },
    {
      title: 'an addition reusing an id',
      options: { additions: [{ ...createModelCatalog().get('nova-pro'), aliases: [] }] },
      message: /additions\[0\] \("nova-pro"\): id already exists/,
    },
    {
      title: 'an application profile of an unknown model',
      options: { applicationInferenceProfiles: [{ arn: APP_PROFILE_ARN, model: 'nope' }] },
      message: /applicationInferenceProfiles\[0\]\.model/,
    },
    {
      title: 'a caching model without cache prices',
      options: { overrides: { 'claude-3-haiku': { capabilities: { promptCaching: true } } } },
      message: /overrides\.claude-3-haiku: promptCaching is true/,
    },
  ])('throws CatalogConfigError for $title', ({ options, message }) => {
    expect(() => createModelCatalog(parseCatalogOptions(options))).toThrow(CatalogConfigError);
    expect(() => createModelCatalog(parseCatalogOptions(options))).toThrow(message);
  });

  it('throws when an addition claims an alias of another entry', () => {
    const novaPro = createModelCatalog().get('nova-pro');
    if (novaPro === undefined) throw new Error('fixture missing');
    const { aliases: _aliases, provenance: _provenance, ...rest } = novaPro;
    expect(() =>
      createModelCatalog({
        additions: [{ ...rest, id: 'acme-copy', bedrockModelId: 'acme.x-v1:0', foundationModelId: 'acme.x-v1:0', aliases: ['nova-lite'] }],
      }),
    ).toThrow(/"nova-lite" is claimed by both "nova-lite" and "acme-copy"/);
  });

  it('throws when an addition reuses the raw model id of another entry', () => {
    const novaPro = createModelCatalog().get('nova-pro');
    if (novaPro === undefined) throw new Error('fixture missing');
    const { aliases: _aliases, provenance: _provenance, ...rest } = novaPro;
    expect(() => createModelCatalog({ additions: [{ ...rest, id: 'nova-pro-copy' }] })).toThrow(
      /"amazon\.nova-pro-v1:0" is claimed by both "nova-pro" and "nova-pro-copy"/,
    );
  });
});

describe('parseCatalogOptions', () => {
  it('accepts JSON text and returns the typed options', () => {
    expect(parseCatalogOptions('{"allowList":["nova-pro"],"overrides":{"nova-pro":{"maxOutputTokens":5000}}}')).toEqual({
      allowList: ['nova-pro'],
      overrides: { 'nova-pro': { maxOutputTokens: 5000 } },
    });
  });

  it.each([
    { title: 'invalid JSON', json: '{allowList:', message: /GATEWAY_CATALOG is not valid JSON/ },
    { title: 'a non-array allow-list', json: { allowList: 'nova-pro' }, message: /GATEWAY_CATALOG allowList: /i },
    { title: 'an unknown top-level key', json: { allowlist: [] }, message: /allowlist/ },
    {
      title: 'a string price in an override',
      json: { overrides: { 'nova-pro': { prices: { inputPerMTok: '0.8' } } } },
      message: /overrides\.nova-pro\.prices\.inputPerMTok/,
    },
    {
      title: 'a bad application profile ARN',
      json: { applicationInferenceProfiles: [{ arn: 'arn:aws:bedrock:us-east-1:1:foo/x', model: 'nova-pro' }] },
      message: /applicationInferenceProfiles\[0\]\.arn: must be arn:PARTITION/,
    },
    {
      title: 'an addition with an upper-case id',
      json: { additions: [{ id: 'Acme' }] },
      message: /additions\[0\]\.id: must be lowercase/,
    },
    {
      title: 'an unknown capability key',
      json: { overrides: { 'nova-pro': { capabilities: { vision: true } } } },
      message: /overrides\.nova-pro\.capabilities/,
    },
  ])('fails on $title, naming the field', ({ json, message }) => {
    expect(() => parseCatalogOptions(json)).toThrow(CatalogConfigError);
    expect(() => parseCatalogOptions(json)).toThrow(message);
  });

  it('names the configured source in messages', () => {
    expect(() => parseCatalogOptions({ allowList: 1 }, 'cdk.json catalog')).toThrow(/^cdk\.json catalog allowList/);
  });
});
