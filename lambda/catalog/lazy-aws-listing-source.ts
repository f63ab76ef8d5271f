/**
 * @module The AWS listing source with its SDK clients loaded on the first fetch: a function that
 * never fetches (the gateway, which reads the snapshot) never loads the control-plane clients.
 */
import type { LiveListingSource } from './live-catalog';

/** The Price List API's Region when no endpoint is configured (it is served in us-east-1, eu-central-1 and ap-south-1). */
const PRICE_LIST_REGION = 'us-east-1';

/**
 * `createAwsListingSource` over clients from the default chain (endpoints from
 * `AWS_ENDPOINT_URL_BEDROCK` and `AWS_ENDPOINT_URL_PRICING` when set), loaded on the first fetch.
 *
 * @param region The Region whose models and prices are listed.
 */
function lazyAwsListingSource(region: string): LiveListingSource {
  let source: Promise<LiveListingSource> | undefined;
  return {
    async fetch() {
      // `require`, not `import()`: this CommonJS module would load an ES module through `import()` (Node16 resolution).
      source ??= Promise.resolve().then(() => {
        const { BedrockClient } = require('@aws-sdk/client-bedrock') as typeof import('@aws-sdk/client-bedrock');
        const { PricingClient } = require('@aws-sdk/client-pricing') as typeof import('@aws-sdk/client-pricing');
        const { createAwsListingSource } = require('./aws-listing-source') as typeof import('./aws-listing-source');
        return createAwsListingSource({ bedrock: new BedrockClient({ region }), pricing: new PricingClient({ region: PRICE_LIST_REGION }), region });
      });
      return (await source).fetch();
    },
  };
}

/** The function's own Region, as Lambda and the AWS SDKs name it. */
const regionOfEnvironment = (): string => process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'] ?? 'us-east-1';

export { PRICE_LIST_REGION, lazyAwsListingSource, regionOfEnvironment };
