/**
 * The live listing merged into the catalog, one row per rule: listed models the catalog lacks are
 * served with their family's capabilities and the Price List's prices; unpriced ones are refused by
 * name; everything else stays as the built-in table has it.
 */
import { createModelCatalog } from '../../../lambda/catalog';
import { familyOfModelId, friendlyIdOf, mergeLiveListing, type ListedModel, type LiveListing } from '../../../lambda/catalog/live-listing';
import { MODELS } from '../../../lambda/catalog/models.data';

const SONNET_6: ListedModel = { modelId: 'anthropic.claude-sonnet-6', modelName: 'Claude Sonnet 6', providerName: 'Anthropic', outputModalities: ['TEXT'], inferenceTypesSupported: ['INFERENCE_PROFILE'] };
const NOVA_3: ListedModel = { modelId: 'amazon.nova-3-pro-v1:0', modelName: 'Nova 3 Pro', providerName: 'Amazon', outputModalities: ['TEXT'], inferenceTypesSupported: ['ON_DEMAND'] };
const SONNET_6_PRICES = { inputPerMTok: 3.3, outputPerMTok: 16.5, cacheReadPerMTok: 0.33, cacheWritePerMTok: 4.125, cacheWrite1hPerMTok: 6.6 };

function listing(models: readonly ListedModel[], prices: LiveListing['prices'] = {}, inferenceProfileIds: readonly string[] = []): LiveListing {
  return { models, prices, inferenceProfileIds, fetchedAt: '2026-12-05T07:00:00.000Z' };
}

describe('mapping listed ids', () => {
  it.each([
    { modelId: 'anthropic.claude-sonnet-6', family: 'anthropic-claude', id: 'claude-sonnet-6' },
    { modelId: 'amazon.nova-3-pro-v1:0', family: 'amazon-nova', id: 'nova-3-pro' },
    { modelId: 'openai.gpt-oss-240b-1:0', family: 'openai-gpt-oss', id: 'gpt-oss-240b-1' },
    { modelId: 'amazon.titan-embed-text-v3:0', family: 'amazon-titan-embed', id: 'titan-embed-text' },
    { modelId: 'writer.palmyra-x5-v1:0', family: undefined, id: 'palmyra-x5' },
  ])('$modelId: family $family, id $id', ({ modelId, family, id }) => {
    expect(familyOfModelId(modelId)).toBe(family);
    expect(friendlyIdOf(modelId)).toBe(id);
  });
});

describe('mergeLiveListing', () => {
  it("adds a listed Claude model the table lacks, with its family's capabilities and limits and the Price List's prices", () => {
    const { additions, unpriced } = mergeLiveListing(MODELS, listing([SONNET_6], { 'anthropic.claude-sonnet-6': SONNET_6_PRICES }, ['us.anthropic.claude-sonnet-6', 'global.anthropic.claude-sonnet-6']), '2026-12-05');
    const template = MODELS.find((entry) => entry.family === 'anthropic-claude');

    expect(unpriced).toEqual([]);
    expect(additions).toEqual([
      expect.objectContaining({
        id: 'claude-sonnet-6',
        bedrockModelId: 'us.anthropic.claude-sonnet-6',
        foundationModelId: 'anthropic.claude-sonnet-6',
        kind: 'chat',
        family: 'anthropic-claude',
        provider: 'Anthropic',
        inferenceProfiles: ['us', 'global'],
        contextWindowTokens: template?.contextWindowTokens,
        maxOutputTokens: template?.maxOutputTokens,
        capabilities: template?.capabilities,
        prices: SONNET_6_PRICES,
        provenance: expect.objectContaining({ checkedOn: '2026-12-05', verification: 'unverified' }),
      }),
    ]);
  });

  it.each([
    { rule: 'a model the table already has is left as the table has it', model: { ...SONNET_6, modelId: 'anthropic.claude-sonnet-5' }, prices: { 'anthropic.claude-sonnet-5': { inputPerMTok: 1, outputPerMTok: 1 } } },
    { rule: 'a legacy model is left out', model: { ...NOVA_3, lifecycleStatus: 'LEGACY' }, prices: { 'amazon.nova-3-pro-v1:0': { inputPerMTok: 1, outputPerMTok: 4 } } },
    { rule: 'a model of a family the gateway does not map is left out', model: { ...NOVA_3, modelId: 'writer.palmyra-x5-v1:0' }, prices: { 'writer.palmyra-x5-v1:0': { inputPerMTok: 1, outputPerMTok: 4 } } },
    { rule: 'a model only served by provisioned throughput is left out', model: { ...NOVA_3, inferenceTypesSupported: ['PROVISIONED'] }, prices: { 'amazon.nova-3-pro-v1:0': { inputPerMTok: 1, outputPerMTok: 4 } } },
    { rule: 'a profile-only model without a listed profile is left out', model: SONNET_6, prices: { 'anthropic.claude-sonnet-6': SONNET_6_PRICES } },
    { rule: 'an image model is left out', model: { ...NOVA_3, outputModalities: ['IMAGE'] }, prices: { 'amazon.nova-3-pro-v1:0': { inputPerMTok: 1, outputPerMTok: 4 } } },
  ] as { rule: string; model: ListedModel; prices: LiveListing['prices'] }[])('$rule', ({ model, prices }) => {
    expect(mergeLiveListing(MODELS, listing([model], prices), '2026-12-05')).toEqual({ additions: [], unpriced: [] });
  });

  it('names a listed model without a price instead of serving it', () => {
    expect(mergeLiveListing(MODELS, listing([NOVA_3]), '2026-12-05')).toEqual({ additions: [], unpriced: [{ modelId: 'amazon.nova-3-pro-v1:0', id: 'nova-3-pro', reason: 'no-price' }] });
  });

  it('drops prompt caching from the template when the Price List has no cache prices', () => {
    const { additions } = mergeLiveListing(MODELS, listing([NOVA_3], { 'amazon.nova-3-pro-v1:0': { inputPerMTok: 1, outputPerMTok: 4 } }), '2026-12-05');
    expect(additions[0]?.capabilities.promptCaching).toBe(false);
    expect(additions[0]?.bedrockModelId).toBe('amazon.nova-3-pro-v1:0');
  });
});

describe('the catalog with a live listing', () => {
  const live = { listing: listing([SONNET_6, NOVA_3], { 'anthropic.claude-sonnet-6': SONNET_6_PRICES }, ['us.anthropic.claude-sonnet-6']), checkedOn: '2026-12-05' };

  it('serves the added model by id, model id and profile id', () => {
    const catalog = createModelCatalog({}, live);
    expect(catalog.resolve('claude-sonnet-6')?.bedrockModelId).toBe('us.anthropic.claude-sonnet-6');
    expect(catalog.resolve('anthropic.claude-sonnet-6')?.id).toBe('claude-sonnet-6');
    expect(catalog.resolve('us.anthropic.claude-sonnet-6')?.id).toBe('claude-sonnet-6');
    expect(catalog.list().map((entry) => entry.id)).toContain('claude-sonnet-6');
  });

  it('refuses the unpriced model with a message naming it', () => {
    const catalog = createModelCatalog({}, live);
    expect(catalog.resolve('nova-3-pro')).toBeUndefined();
    expect(catalog.unpricedModel?.('nova-3-pro')).toContain("The model 'nova-3-pro' (amazon.nova-3-pro-v1:0) is listed by Amazon Bedrock, but the gateway has no price for it");
    expect(catalog.unpricedModel?.('us.amazon.nova-3-pro-v1:0')).toContain('amazon.nova-3-pro-v1:0');
    expect(catalog.unpricedModel?.('claude-sonnet-6')).toBeUndefined();
  });

  it("lets the deployment's config override a live model's capabilities and prices (a price in config always wins)", () => {
    const catalog = createModelCatalog({ overrides: { 'claude-sonnet-6': { prices: { inputPerMTok: 3 }, maxOutputTokens: 64000 } } }, live);
    expect(catalog.get('claude-sonnet-6')).toMatchObject({ maxOutputTokens: 64000, prices: { ...SONNET_6_PRICES, inputPerMTok: 3 } });
  });
});

describe("the account's application inference profiles in the listing", () => {
  const ACCOUNT_PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team1sonnet6';
  const SONNET_45_PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team2sonnet45';
  const NOVA_3_PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team3nova3';
  const PALMYRA_PROFILE = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/team4palmyra';
  const live = {
    listing: {
      ...listing([SONNET_6, NOVA_3], { 'anthropic.claude-sonnet-6': SONNET_6_PRICES }, ['us.anthropic.claude-sonnet-6']),
      applicationInferenceProfiles: [
        { arn: ACCOUNT_PROFILE, modelId: 'anthropic.claude-sonnet-6' },
        { arn: SONNET_45_PROFILE, modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0' },
        { arn: NOVA_3_PROFILE, modelId: 'amazon.nova-3-pro-v1:0' },
        { arn: PALMYRA_PROFILE, modelId: 'writer.palmyra-x5-v1:0' },
      ],
    },
    checkedOn: '2026-12-05',
  };

  it.each([
    { rule: 'a profile of a model only the listing brings is served as that model, called by its ARN', arn: ACCOUNT_PROFILE, id: 'claude-sonnet-6', inputPerMTok: 3.3 },
    { rule: 'a profile of a built-in model is served as that model, at its geo/in-Region prices (never the cheaper global ones)', arn: SONNET_45_PROFILE, id: 'claude-sonnet-4-5', inputPerMTok: 3.3 },
  ])('$rule', ({ arn, id, inputPerMTok }) => {
    const entry = createModelCatalog({}, live).resolve(arn);
    expect(entry).toMatchObject({ id, bedrockModelId: arn, prices: { inputPerMTok } });
  });

  it.each([
    { rule: 'a profile of a listed model without a price is refused naming the model', arn: NOVA_3_PROFILE, refusal: "The model 'nova-3-pro' (amazon.nova-3-pro-v1:0) is listed" },
    { rule: 'a profile of a model the gateway does not serve resolves to nothing (unknown model)', arn: PALMYRA_PROFILE, refusal: undefined },
  ])('$rule', ({ arn, refusal }) => {
    const catalog = createModelCatalog({}, live);
    expect(catalog.resolve(arn)).toBeUndefined();
    if (refusal === undefined) expect(catalog.unpricedModel?.(arn)).toBeUndefined();
    else expect(catalog.unpricedModel?.(arn)).toContain(refusal);
  });

  it('a profile the deployment configures keeps the model the configuration names', () => {
    const catalog = createModelCatalog({ applicationInferenceProfiles: [{ arn: ACCOUNT_PROFILE, model: 'claude-sonnet-4-5' }] }, live);
    expect(catalog.resolve(ACCOUNT_PROFILE)).toMatchObject({ id: 'claude-sonnet-4-5', bedrockModelId: ACCOUNT_PROFILE });
  });

  it('an allow-listed catalog serves no profile of a model left out', () => {
    const catalog = createModelCatalog({ allowList: ['claude-sonnet-4-5'] }, live);
    expect(catalog.resolve(ACCOUNT_PROFILE)).toBeUndefined();
    expect(catalog.resolve(SONNET_45_PROFILE)?.id).toBe('claude-sonnet-4-5');
  });
});
