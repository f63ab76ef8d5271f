/** The emulator's GetProducts: AmazonBedrock and the Marketplace offer (AmazonBedrockFoundationModels), TERM_MATCH filters, paging, aws_v1 documents. */
import { getProducts, type EmulatorPrice } from '../../../local/bedrock-emulator/price-list';

const PRICES: EmulatorPrice[] = [
  { modelName: 'Claude Sonnet 6', usagetype: 'USE1-ClaudeSonnet6-input-tokens', usd: '0.0033' },
  { modelName: 'Claude Sonnet 6', usagetype: 'USE1-ClaudeSonnet6-output-tokens', usd: '0.0165' },
  { modelName: 'Claude Sonnet 6', regionCode: 'eu-west-1', usagetype: 'EU-ClaudeSonnet6-input-tokens', usd: '0.0099' },
];

describe('getProducts', () => {
  it('renders each SKU as an aws_v1 product document with its OnDemand price', () => {
    const [first] = getProducts(PRICES, { ServiceCode: 'AmazonBedrock' }, 'us-east-1').PriceList;
    const document = JSON.parse(first ?? '{}') as { product: { attributes: Record<string, string> }; terms: { OnDemand: Record<string, { priceDimensions: Record<string, unknown> }> } };

    expect(document.product.attributes).toMatchObject({ servicecode: 'AmazonBedrock', regionCode: 'us-east-1', model: 'Claude Sonnet 6', usagetype: 'USE1-ClaudeSonnet6-input-tokens' });
    const [term] = Object.values(document.terms.OnDemand);
    expect(Object.values(term?.priceDimensions ?? {})).toEqual([expect.objectContaining({ unit: '1K tokens', pricePerUnit: { USD: '0.0033' } })]);
  });

  it.each([
    { rule: 'TERM_MATCH on regionCode keeps that Region', input: { ServiceCode: 'AmazonBedrock', Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: 'eu-west-1' }] }, count: 1, next: undefined },
    { rule: 'MaxResults pages, NextToken continues', input: { ServiceCode: 'AmazonBedrock', MaxResults: 2 }, count: 2, next: '2' },
    { rule: 'the last page has no NextToken', input: { ServiceCode: 'AmazonBedrock', MaxResults: 2, NextToken: '2' }, count: 1, next: undefined },
  ])('$rule', ({ input, count, next }) => {
    const output = getProducts(PRICES, input, 'us-east-1');
    expect(output.PriceList).toHaveLength(count);
    expect(output.NextToken).toBe(next);
  });

  it('serves Marketplace SKUs on AmazonBedrockFoundationModels only, named by servicename and priced in Units of a million tokens', () => {
    const marketplace: EmulatorPrice[] = [...PRICES, { serviceCode: 'AmazonBedrockFoundationModels', modelName: 'Claude Haiku 5', usagetype: 'USE1-MP:USE1_OutputTokenCount-Units', usd: '5.5' }];
    expect(getProducts(marketplace, { ServiceCode: 'AmazonBedrock' }, 'us-east-1').PriceList).toHaveLength(3);
    const { PriceList } = getProducts(marketplace, { ServiceCode: 'AmazonBedrockFoundationModels' }, 'us-east-1');
    expect(PriceList).toHaveLength(1);
    const document = JSON.parse(PriceList[0] ?? '{}') as { product: { attributes: Record<string, string> }; terms: { OnDemand: Record<string, { priceDimensions: Record<string, unknown> }> } };
    expect(document.product.attributes).toMatchObject({ servicecode: 'AmazonBedrockFoundationModels', servicename: 'Claude Haiku 5 (Amazon Bedrock Edition)', usagetype: 'USE1-MP:USE1_OutputTokenCount-Units' });
    expect(document.product.attributes['model']).toBeUndefined();
    const [term] = Object.values(document.terms.OnDemand);
    expect(Object.values(term?.priceDimensions ?? {})).toEqual([expect.objectContaining({ unit: 'Units', description: 'Million Output Tokens', pricePerUnit: { USD: '5.5' } })]);
  });

  it('serves no other service code', () => {
    expect(() => getProducts(PRICES, { ServiceCode: 'AmazonEC2' }, 'us-east-1')).toThrow('Service code AmazonEC2 is not served');
  });
});
