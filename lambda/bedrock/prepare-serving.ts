/**
 * @module How a call is served: OpenAI's `service_tier` and the `bedrock.performanceConfig`
 * extension to Bedrock's `serviceTier` and `performanceConfig`, only where the catalog prices them
 * (a tier or latency mode without a price is refused: budgets never guess).
 */
import type { PerformanceConfiguration, ServiceTier } from '@aws-sdk/client-bedrock-runtime';
import { pricesForServing } from '../catalog/pricing';
import type { CatalogEntry, PricedServiceTier } from '../catalog/types';
import type { OpenAIServiceTier } from '../openai/chat-response-types';
import { InvalidRequestError } from '../platform/errors';
import type { RequestWarnings } from './request-warnings';

/** What to send besides the request itself. */
interface PreparedServing {
  readonly serviceTier?: ServiceTier;
  readonly performanceConfig?: PerformanceConfiguration;
}

interface PrepareServingInput {
  /** The tier asked for (`auto`, `default`, `flex`, `priority`, or another API's value). */
  readonly serviceTier: string | null | undefined;
  /** `performanceConfig.latency` asked for. */
  readonly latency: 'standard' | 'optimized' | undefined;
  readonly model: CatalogEntry;
  /** Parameter names for errors and warnings, e.g. `service_tier` and `bedrock.performanceConfig.latency`. */
  readonly params: { readonly serviceTier: string; readonly latency: string };
  readonly warnings: RequestWarnings;
}

const PRICED_TIERS: readonly string[] = ['flex', 'priority'] satisfies readonly PricedServiceTier[];

/**
 * Decides Bedrock's `serviceTier` and `performanceConfig` for one model. `auto`/`default` (or
 * nothing) is the standard tier; `flex` and `priority` are sent where the model has prices for
 * them; any other tier name is ignored with a warning; latency-optimized inference is sent where
 * the model prices it, and never together with a tier.
 *
 * @throws InvalidRequestError naming the parameter for a tier or latency mode the catalog cannot price.
 * @example prepareServing({ serviceTier: 'flex', latency: undefined, model: gptOss, params, warnings }) // { serviceTier: { type: 'flex' } }
 */
function prepareServing(input: PrepareServingInput): PreparedServing {
  const { model, params, warnings } = input;
  const asked = input.serviceTier ?? undefined;
  let tier: PricedServiceTier | undefined;
  if (asked !== undefined && asked !== 'auto' && asked !== 'default') {
    if (!PRICED_TIERS.includes(asked)) {
      warnings.add(`${params.serviceTier}: '${asked}' ignored, Amazon Bedrock has the 'default', 'flex' and 'priority' tiers; sent on the standard tier.`);
    } else if (pricesForServing(model.prices, { serviceTier: asked as PricedServiceTier }) === undefined) {
      throw new InvalidRequestError(
        `Invalid '${params.serviceTier}': the '${asked}' tier of '${model.id}' has no price in the gateway's catalog, so it could not be charged; omit '${params.serviceTier}' or send 'default'.`,
        { param: params.serviceTier, code: 'unsupported_value' },
      );
    } else {
      tier = asked as PricedServiceTier;
    }
  }
  if (input.latency === 'optimized') {
    const priced = pricesForServing(model.prices, tier === undefined ? { latency: 'optimized' } : { latency: 'optimized', serviceTier: tier }) !== undefined;
    if (!priced) {
      const why = tier === undefined ? `'${model.id}' has no latency-optimized price in the gateway's catalog` : `latency-optimized inference has no price on the '${tier}' tier`;
      throw new InvalidRequestError(`Invalid '${params.latency}': ${why}, so it could not be charged; send 'standard' or omit it.`, {
        param: params.latency,
        code: 'unsupported_value',
      });
    }
  }
  return {
    ...(tier === undefined ? {} : { serviceTier: { type: tier } }),
    ...(input.latency === undefined ? {} : { performanceConfig: { latency: input.latency } }),
  };
}

/** The tier and latency mode a prepared call asks for, in the charging rules' terms. */
function servingSelection(serving: PreparedServing): { serviceTier?: PricedServiceTier; latency?: 'optimized' } {
  const type = serving.serviceTier?.type;
  return {
    ...(type === 'flex' || type === 'priority' ? { serviceTier: type } : {}),
    ...(serving.performanceConfig?.latency === 'optimized' ? { latency: 'optimized' as const } : {}),
  };
}

/** Bedrock's tier names (as it reports `serviceTier.type`) in OpenAI's. */
const OPENAI_TIER_OF: Readonly<Record<string, OpenAIServiceTier>> = { default: 'default', flex: 'flex', priority: 'priority', reserved: 'scale' };

/**
 * OpenAI's `service_tier` in a response: present only when the request set one, naming the tier
 * that served it: the one Bedrock reports, else the one asked of Bedrock (`flex` and `priority`
 * are sent as asked; everything else is served on the standard tier, `default`).
 *
 * @example servedServiceTier('auto', undefined) // 'default'
 * @example servedServiceTier('flex', 'flex') // 'flex'
 * @example servedServiceTier(undefined, 'priority') // undefined
 */
function servedServiceTier(requested: string | null | undefined, reported: string | undefined): OpenAIServiceTier | undefined {
  if (requested == null) return undefined;
  return OPENAI_TIER_OF[reported ?? ''] ?? (requested === 'flex' || requested === 'priority' ? requested : 'default');
}

export { prepareServing, servedServiceTier, servingSelection };
export type { PreparedServing, PrepareServingInput };
