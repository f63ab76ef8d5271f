/**
 * @module The AWS Price List API's GetProducts for service codes `AmazonBedrock` and
 * `AmazonBedrockFoundationModels` (JSON 1.1 protocol, `X-Amz-Target: AWSPriceListService.GetProducts`),
 * serving the emulator's price list as aws_v1 product documents: one SKU per model, Region, kind of
 * token and tier. Marketplace SKUs (`AmazonBedrockFoundationModels`) name the model by `servicename`
 * (`<modelName> (Amazon Bedrock Edition)`) and are priced in `Units` of a million tokens.
 * @see https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_pricing_GetProducts.html
 */

import { createHash } from 'node:crypto';
import { isJsonObject } from './request-features';

/** The offers GetProducts serves. */
const SERVICE_CODES = ['AmazonBedrock', 'AmazonBedrockFoundationModels'] as const;
type PriceListServiceCode = (typeof SERVICE_CODES)[number];

/** One SKU of the emulator's price list. */
interface EmulatorPrice {
  /** The offer the SKU is in. @default 'AmazonBedrock' */
  readonly serviceCode?: PriceListServiceCode;
  /** The display name the Price List uses (`model` attribute), e.g. `Claude Sonnet 6`: ListFoundationModels' `modelName`. */
  readonly modelName: string;
  /** @default the emulator's Region */
  readonly regionCode?: string;
  /** E.g. `USE1-ClaudeSonnet6-input-tokens`, `USE1-ClaudeSonnet6-cache-write-1h-tokens`, `USE1-GptOss120b-priority-output-tokens`. */
  readonly usagetype: string;
  /** E.g. `Input tokens`. @default - none */
  readonly inferenceType?: string;
  /** @default '1K tokens' (AmazonBedrock), 'Units' (AmazonBedrockFoundationModels) */
  readonly unit?: string;
  /** The price dimension's description. @default the usage type (AmazonBedrock), 'Million Input Tokens' or 'Million Output Tokens' (AmazonBedrockFoundationModels) */
  readonly description?: string;
  /** Price per unit in USD, as the Price List writes it (`"0.0030000000"`). */
  readonly usd: string;
}

/** A GetProducts request body (the fields the emulator reads). */
interface GetProductsInput {
  readonly ServiceCode?: string;
  readonly Filters?: readonly { readonly Type?: string; readonly Field?: string; readonly Value?: string }[];
  readonly NextToken?: string;
  readonly MaxResults?: number;
}

function skuOf(price: EmulatorPrice, region: string): string {
  return createHash('sha256').update(`${price.modelName}|${price.regionCode ?? region}|${price.usagetype}`).digest('hex').slice(0, 16).toUpperCase();
}

/** One product document as GetProducts returns it (a JSON string in `PriceList`). */
function productDocument(price: EmulatorPrice, region: string): Record<string, unknown> {
  const sku = skuOf(price, region);
  const term = `${sku}.JRTCKXETXF`;
  const serviceCode = price.serviceCode ?? 'AmazonBedrock';
  const marketplace = serviceCode === 'AmazonBedrockFoundationModels';
  const unit = price.unit ?? (marketplace ? 'Units' : '1K tokens');
  const description = price.description ?? (marketplace ? `Million ${/output/i.test(price.usagetype) ? 'Output' : 'Input'} Tokens` : price.usagetype);
  return {
    product: {
      productFamily: marketplace ? 'AWS Marketplace' : 'Amazon Bedrock',
      attributes: {
        servicecode: serviceCode,
        regionCode: price.regionCode ?? region,
        ...(marketplace ? {} : { model: price.modelName }),
        usagetype: price.usagetype,
        ...(price.inferenceType === undefined ? {} : { inferenceType: price.inferenceType }),
        servicename: marketplace ? `${price.modelName} (Amazon Bedrock Edition)` : 'Amazon Bedrock',
      },
      sku,
    },
    serviceCode,
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: {
            [`${term}.6YS6EN2CT7`]: { unit, pricePerUnit: { USD: price.usd }, description, appliesTo: [], beginRange: '0', endRange: 'Inf' },
          },
          sku,
          effectiveDate: '2026-12-01T00:00:00Z',
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: '20261201000000',
    publicationDate: '2026-12-01T00:00:00Z',
  };
}

/**
 * GetProducts over the emulator's price list: `ServiceCode` must be `AmazonBedrock` or
 * `AmazonBedrockFoundationModels` (each serves its own SKUs); `TERM_MATCH` filters compare attribute
 * values exactly; `MaxResults` (default 100) and `NextToken` page.
 *
 * @throws Error with the Price List's message for another service code.
 */
function getProducts(prices: readonly EmulatorPrice[], input: unknown, region: string): { FormatVersion: string; PriceList: string[]; NextToken?: string } {
  const request: GetProductsInput = isJsonObject(input) ? (input as GetProductsInput) : {};
  const serviceCode = SERVICE_CODES.find((code) => code === request.ServiceCode);
  if (serviceCode === undefined) throw new Error(`Service code ${String(request.ServiceCode)} is not served by the Bedrock emulator's price list.`);
  const documents = prices
    .filter((price) => (price.serviceCode ?? 'AmazonBedrock') === serviceCode)
    .map((price) => productDocument(price, region))
    .filter((document) => {
      const attributes = (document['product'] as { attributes: Record<string, string> }).attributes;
      return (request.Filters ?? []).every((filter) => filter.Type !== 'TERM_MATCH' || filter.Field === undefined || attributes[filter.Field] === filter.Value);
    });
  const start = Number(request.NextToken ?? '0') || 0;
  const end = start + (request.MaxResults ?? 100);
  return {
    FormatVersion: 'aws_v1',
    PriceList: documents.slice(start, end).map((document) => JSON.stringify(document)),
    ...(end < documents.length ? { NextToken: String(end) } : {}),
  };
}

export { getProducts };
export type { EmulatorPrice };
