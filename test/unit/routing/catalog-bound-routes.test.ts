/**
 * Routes of a deployment with the live catalog: a target the catalog does not know yet is left out
 * (and reported), not fatal; the table follows the catalog when a snapshot brings the model.
 */
import { RefreshableCatalog, type ListingReader } from '../../../lambda/catalog/live-catalog';
import type { LiveListing } from '../../../lambda/catalog/live-listing';
import { createModelCatalog } from '../../../lambda/catalog';
import { CatalogBoundRouteTable } from '../../../lambda/routing/catalog-bound-routes';
import { compileRoutes, parseRoutesConfig } from '../../../lambda/routing/route-config';

const SONNET_6_LISTING: LiveListing = {
  models: [{ modelId: 'anthropic.claude-sonnet-6', modelName: 'Claude Sonnet 6', providerName: 'Anthropic', outputModalities: ['TEXT'], inferenceTypesSupported: ['ON_DEMAND'] }],
  inferenceProfileIds: [],
  prices: { 'anthropic.claude-sonnet-6': { inputPerMTok: 3.3, outputPerMTok: 16.5 } },
  fetchedAt: '2026-12-05T07:00:00.000Z',
};
/** A listing that brings an embedding model under a name a chat route uses. */
const EMBEDDING_LISTING: LiveListing = {
  models: [{ modelId: 'amazon.titan-embed-text-v9:0', modelName: 'Titan Embed 9', providerName: 'Amazon', outputModalities: ['EMBEDDING'], inferenceTypesSupported: ['ON_DEMAND'] }],
  inferenceProfileIds: [],
  prices: { 'amazon.titan-embed-text-v9:0': { inputPerMTok: 0.02, outputPerMTok: 0 } },
  fetchedAt: '2026-12-06T07:00:00.000Z',
};

const ROUTES = parseRoutesConfig({
  'sonnet-latest': ['claude-sonnet-6', { model: 'claude-haiku-4-5', maxConcurrent: 2 }],
  'only-new': ['claude-sonnet-6'],
  stable: ['nova-pro'],
});

function readerOf(...listings: LiveListing[]): ListingReader {
  return { fetch: async () => listings.shift() };
}

describe('compileRoutes with onUnknownTarget (the live catalog at synthesis and cold start)', () => {
  it('leaves unknown targets out, reports each by field, and leaves out a route with none left', () => {
    const unknown: string[] = [];
    const table = compileRoutes(ROUTES, createModelCatalog(), 'GATEWAY_ROUTES', { onUnknownTarget: (field, model) => unknown.push(`${field}=${model}`) });

    expect(unknown).toEqual(['sonnet-latest.targets[0]=claude-sonnet-6', 'only-new.targets[0]=claude-sonnet-6']);
    expect(table.get('sonnet-latest')?.targets.map((target) => target.model.id)).toEqual(['claude-haiku-4-5']);
    expect(table.has('only-new')).toBe(false);
    expect(table.get('stable')?.targets.map((target) => target.model.id)).toEqual(['nova-pro']);
  });

  it('still refuses a route mixing chat and embedding models, naming the target as configured', () => {
    const mixed = parseRoutesConfig({ chat: ['claude-sonnet-6', 'nova-pro', 'titan-embed-text-v2'] });
    expect(() => compileRoutes(mixed, createModelCatalog(), 'GATEWAY_ROUTES', { onUnknownTarget: () => undefined })).toThrow(
      "GATEWAY_ROUTES chat.targets[2]: 'titan-embed-text-v2' is a embedding model, but the route's first target is a chat model; a route serves one kind.",
    );
  });
});

describe('CatalogBoundRouteTable', () => {
  it('serves what the catalog has, and the new model once a snapshot brings it, telling what waits each time', async () => {
    const reports: (readonly string[])[] = [];
    const catalog = new RefreshableCatalog({ options: {}, source: readerOf(SONNET_6_LISTING) });
    const routes = new CatalogBoundRouteTable(ROUTES, catalog, 'GATEWAY_ROUTES', (unresolved) => reports.push(unresolved));

    expect(routes.get('sonnet-latest')?.targets.map((target) => target.model.id)).toEqual(['claude-haiku-4-5']);
    expect([...routes.keys()]).toEqual(['sonnet-latest', 'stable']);
    expect(reports).toEqual([['sonnet-latest.targets[0]: "claude-sonnet-6"', 'only-new.targets[0]: "claude-sonnet-6"']]);

    await catalog.refresh();

    expect(routes.get('sonnet-latest')?.targets.map((target) => [target.model.id, target.maxConcurrent])).toEqual([
      ['claude-sonnet-6', undefined],
      ['claude-haiku-4-5', 2],
    ]);
    expect(routes.get('only-new')?.targets[0]?.model.prices).toEqual({ inputPerMTok: 3.3, outputPerMTok: 16.5 });
    expect(routes.size).toBe(3);
    // Nothing waits any more: no new report, and no recompilation while the catalog stays.
    expect(reports).toHaveLength(1);
    expect(routes.get('stable')).toBe(routes.get('stable'));
  });

  it('keeps the table that worked when a later catalog would make a route mix kinds', async () => {
    const reports: (readonly string[])[] = [];
    const catalog = new RefreshableCatalog({ options: {}, source: readerOf(EMBEDDING_LISTING) });
    const config = parseRoutesConfig({ chat: ['nova-pro', 'amazon.titan-embed-text-v9:0'] });
    const routes = new CatalogBoundRouteTable(config, catalog, 'GATEWAY_ROUTES', (unresolved) => reports.push(unresolved));

    await catalog.refresh();

    expect(routes.get('chat')?.targets.map((target) => target.model.id)).toEqual(['nova-pro']);
    expect(reports[1]?.[0]).toMatch(/^GATEWAY_ROUTES chat\.targets\[1\]: 'titan-embed-text' is a embedding model.*\(the previous routing table stays\)$/);
  });

  it('fails the cold start on a table that cannot compile, as without the live catalog', () => {
    const catalog = new RefreshableCatalog({ options: {}, source: readerOf() });
    expect(() => new CatalogBoundRouteTable(parseRoutesConfig({ chat: ['nova-pro', 'titan-embed-text-v2'] }), catalog, 'GATEWAY_ROUTES', () => undefined)).toThrow(/a route serves one kind/);
  });
});
