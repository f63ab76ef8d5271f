/**
 * @module The live listing from AWS: ListFoundationModels and ListInferenceProfiles (system-defined
 * and the account's application profiles) on the Bedrock control plane of the gateway's Region, and GetProducts (service codes
 * `AmazonBedrock` and `AmazonBedrockFoundationModels`, the Marketplace offer that prices Claude and
 * the other Marketplace models, each filtered to that Region) on the AWS Price List API. Read-only calls; the
 * endpoints follow the SDK's standard configuration (`AWS_ENDPOINT_URL_BEDROCK`,
 * `AWS_ENDPOINT_URL_PRICING`), so the local emulator serves them too.
 */
import {
  ListFoundationModelsCommand,
  ListInferenceProfilesCommand,
  type BedrockClient,
  type InferenceProfileSummary,
  type InferenceProfileType,
} from '@aws-sdk/client-bedrock';
import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import type { LiveListingSource } from './live-catalog';
import { parseBedrockArn } from './bedrock-ids';
import type { ListedApplicationProfile, ListedModel, LiveListing } from './live-listing';
import { parseBedrockPriceList } from './price-list';

interface AwsListingSourceOptions {
  /** Control-plane client in the gateway's Region. */
  readonly bedrock: BedrockClient;
  /** Price List client (the API is served in us-east-1, eu-central-1 and ap-south-1). */
  readonly pricing: PricingClient;
  /** The Region whose prices apply. */
  readonly region: string;
  readonly now?: () => number;
}

/** Most pages of one listing read per refresh (a bound against a runaway NextToken loop). */
const MAX_PAGES = 50;

async function listProfiles(bedrock: BedrockClient, typeEquals: InferenceProfileType): Promise<InferenceProfileSummary[]> {
  const summaries: InferenceProfileSummary[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const output = await bedrock.send(new ListInferenceProfilesCommand({ typeEquals, maxResults: 1000, ...(nextToken === undefined ? {} : { nextToken }) }));
    summaries.push(...(output.inferenceProfileSummaries ?? []));
    nextToken = output.nextToken;
    if (nextToken === undefined) break;
  }
  return summaries;
}

/**
 * The account's application inference profiles that route to one foundation model (their `models`
 * are that model in one or more Regions); others are left out.
 */
function applicationProfilesOf(summaries: readonly InferenceProfileSummary[]): ListedApplicationProfile[] {
  return summaries.flatMap((summary) => {
    const modelIds = new Set((summary.models ?? []).map((model) => parseBedrockArn(model.modelArn ?? '')).map((arn) => (arn?.resourceType === 'foundation-model' ? arn.resourceId : undefined)));
    const [modelId] = [...modelIds];
    return summary.inferenceProfileArn === undefined || modelIds.size !== 1 || modelId === undefined || summary.status !== 'ACTIVE' ? [] : [{ arn: summary.inferenceProfileArn, modelId }];
  });
}

/**
 * The Price List offers that price Bedrock models: Amazon's and open models, and the Marketplace
 * models (Claude, Cohere, AI21...), which the first offer does not carry.
 * @see ./price-list.ts for the shapes of both.
 */
const PRICE_LIST_SERVICE_CODES = ['AmazonBedrock', 'AmazonBedrockFoundationModels'] as const;

async function priceListItems(pricing: PricingClient, region: string): Promise<string[]> {
  const items: string[] = [];
  for (const serviceCode of PRICE_LIST_SERVICE_CODES) {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const output = await pricing.send(
        new GetProductsCommand({
          ServiceCode: serviceCode,
          Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }],
          FormatVersion: 'aws_v1',
          MaxResults: 100,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      items.push(...(output.PriceList ?? []).map(String));
      nextToken = output.NextToken;
      if (nextToken === undefined) break;
    }
  }
  return items;
}

/**
 * A listing source over the AWS APIs.
 *
 * @example createAwsListingSource({ bedrock: new BedrockClient({}), pricing: new PricingClient({ region: 'us-east-1' }), region: 'us-west-2' })
 */
function createAwsListingSource(options: AwsListingSourceOptions): LiveListingSource {
  const now = options.now ?? Date.now;
  return {
    async fetch(): Promise<LiveListing> {
      const [foundation, systemProfiles, applicationProfiles, items] = await Promise.all([
        options.bedrock.send(new ListFoundationModelsCommand({})),
        listProfiles(options.bedrock, 'SYSTEM_DEFINED'),
        listProfiles(options.bedrock, 'APPLICATION'),
        priceListItems(options.pricing, options.region),
      ]);
      const inferenceProfileIds = systemProfiles.flatMap((summary) => (summary.inferenceProfileId === undefined ? [] : [summary.inferenceProfileId]));
      const models: ListedModel[] = (foundation.modelSummaries ?? []).flatMap((summary) =>
        summary.modelId === undefined
          ? []
          : [
              {
                modelId: summary.modelId,
                ...(summary.modelName === undefined ? {} : { modelName: summary.modelName }),
                ...(summary.providerName === undefined ? {} : { providerName: summary.providerName }),
                outputModalities: summary.outputModalities ?? [],
                inferenceTypesSupported: summary.inferenceTypesSupported ?? [],
                lifecycleStatus: summary.modelLifecycle?.status ?? 'ACTIVE',
              },
            ],
      );
      const modelIdsByName = new Map(models.flatMap((model) => (model.modelName === undefined ? [] : [[model.modelName, model.modelId] as const])));
      const embeddings = new Set(models.filter((model) => model.outputModalities?.includes('EMBEDDING')).map((model) => model.modelId));
      const prices = parseBedrockPriceList(items, { region: options.region, modelIdsByName }, embeddings);
      return { models, inferenceProfileIds, applicationInferenceProfiles: applicationProfilesOf(applicationProfiles), prices, fetchedAt: new Date(now()).toISOString() };
    },
  };
}

export { PRICE_LIST_SERVICE_CODES, createAwsListingSource };
export type { AwsListingSourceOptions };
