import { createModelCatalog } from '../../../lambda/catalog';
import type { Principal } from '../../../lambda/identity/principal';
import { loadRouteTable } from '../../../lambda/routing/route-config';
import { parseFallbacksHeader, partitionByContextWindow, planRoute, servedModelName, weightedOrder } from '../../../lambda/routing/select-targets';

const catalog = createModelCatalog();
const routes = loadRouteTable(
  {
    chat: ['claude-sonnet-4-5', 'nova-pro'],
    mix: { strategy: 'weighted', targets: [{ model: 'nova-micro', weight: 1 }, { model: 'nova-lite', weight: 2 }, { model: 'nova-pro', weight: 1 }] },
    embed: ['titan-embed-text-v2'],
  },
  catalog,
);
const anyone: Principal = { id: 'key_a', kind: 'key' };

function plan(name: string, extra: Partial<Parameters<typeof planRoute>[0]> = {}) {
  return planRoute({ name, kind: 'chat', principal: anyone, catalog, routes, ...extra });
}

describe('weightedOrder', () => {
  it.each([
    { random: 0, first: 'nova-micro' },
    { random: 0.24, first: 'nova-micro' },
    { random: 0.25, first: 'nova-lite' },
    { random: 0.74, first: 'nova-lite' },
    { random: 0.75, first: 'nova-pro' },
    { random: 0.999, first: 'nova-pro' },
  ])('draws $first first for $random, the rest follow in configured order', ({ random, first }) => {
    const order = weightedOrder(routes.get('mix')!.targets, () => random).map((t) => t.model.id);

    expect(order[0]).toBe(first);
    expect(order.slice(1)).toEqual(['nova-micro', 'nova-lite', 'nova-pro'].filter((id) => id !== first));
  });
});

describe('planRoute', () => {
  it('gives a plain catalog name one target', () => {
    expect(plan('nova-pro').targets.map((t) => t.model.id)).toEqual(['nova-pro']);
  });

  it('gives a logical name its chain, case-insensitively', () => {
    expect(plan('CHAT').targets.map((t) => t.model.id)).toEqual(['claude-sonnet-4-5', 'nova-pro']);
  });

  it('drops route targets the principal may not use, and refuses when none is left', () => {
    const limited: Principal = { ...anyone, allowedModels: ['nova-pro'] };

    expect(plan('chat', { principal: limited }).targets.map((t) => t.model.id)).toEqual(['nova-pro']);
    expect(() => plan('chat', { principal: { ...anyone, allowedModels: ['nova-micro'] } })).toThrow(
      expect.objectContaining({ statusCode: 403, code: 'model_not_allowed' }),
    );
  });

  it('allows every target of a route the principal is allowed by name', () => {
    expect(plan('chat', { principal: { ...anyone, allowedModels: ['chat'] } }).targets).toHaveLength(2);
  });

  it('keeps the first target and replaces the chain with an override, without duplicates', () => {
    const override = { models: ['nova-lite', 'claude-sonnet-4-5'], param: 'bedrock.fallbacks' };

    expect(plan('chat', { override }).targets.map((t) => t.model.id)).toEqual(['claude-sonnet-4-5', 'nova-lite']);
  });

  it.each([
    { name: 'gpt-9', override: undefined, status: 404, code: 'model_not_found', param: 'model' },
    { name: 'embed', override: undefined, status: 400, code: 'model_not_supported', param: 'model' },
    { name: 'nova-pro', override: { models: ['titan-embed-text-v2'], param: 'bedrock.fallbacks' }, status: 400, code: 'model_not_supported', param: 'bedrock.fallbacks[0]' },
    { name: 'nova-pro', override: { models: ['x'], param: 'x-gateway-fallbacks' }, status: 404, code: 'model_not_found', param: 'x-gateway-fallbacks' },
    { name: 'nova-pro', override: { models: ['a', 'b', 'c', 'd', 'e', 'f'], param: 'x-gateway-fallbacks' }, status: 400, code: 'invalid_value', param: 'x-gateway-fallbacks' },
  ])('fails with $status $code naming $param for $name', ({ name, override, status, code, param }) => {
    expect(() => plan(name, override === undefined ? {} : { override })).toThrow(expect.objectContaining({ statusCode: status, code, param }));
  });
});

describe('partitionByContextWindow', () => {
  it('skips targets whose window is smaller than the estimate', () => {
    const targets = loadRouteTable({ long: ['mistral-small-2402', 'nova-pro'] }, catalog).get('long')!.targets;

    const { fitting, tooSmall } = partitionByContextWindow(targets, () => 50_000);

    expect(fitting.map((t) => t.model.id)).toEqual(['nova-pro']);
    expect(tooSmall.map((t) => t.model.id)).toEqual(['mistral-small-2402']);
  });
});

describe('servedModelName', () => {
  it("echoes the client's spelling when the named model served, and the catalog id otherwise", () => {
    const direct = plan('amazon.nova-pro-v1:0');
    const routed = plan('chat');

    expect(servedModelName(direct, direct.targets[0]!)).toBe('amazon.nova-pro-v1:0');
    expect(servedModelName(routed, routed.targets[0]!)).toBe('claude-sonnet-4-5');
    expect(servedModelName(routed, routed.targets[1]!)).toBe('nova-pro');
  });
});

describe('parseFallbacksHeader', () => {
  it.each([
    { header: 'nova-pro, nova-lite ,', expected: { models: ['nova-pro', 'nova-lite'], param: 'x-gateway-fallbacks' } },
    { header: '  ', expected: undefined },
  ])('reads "$header"', ({ header, expected }) => {
    expect(parseFallbacksHeader({ 'x-gateway-fallbacks': header })).toEqual(expected);
  });
});
