/** @module Parses and validates the routing table (`GATEWAY_ROUTES`, cdk.json `gateway.routes`) against the catalog. */
import * as z from 'zod';
import type { ModelCatalog } from '../catalog';
import type { CatalogEntry } from '../catalog/types';
import { RoutingConfigError } from './routing-config-error';
import type { CompiledRoute, RouteTable, RouteTarget } from './route-types';

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

const targetObjectSchema = z.strictObject({
  model: z.string().trim().min(1, 'must name a catalog model'),
  region: z.string().regex(REGION_PATTERN, 'must be an AWS Region such as "us-west-2"').optional(),
  weight: z.number().positive('must be greater than 0').optional(),
  maxConcurrent: z.number().int().min(0).optional(),
});

const targetSchema = z.union([z.string().trim().min(1, 'must name a catalog model'), targetObjectSchema]);

const routeObjectSchema = z.strictObject({
  strategy: z.enum(['ordered', 'weighted']).optional(),
  targets: z.array(targetSchema).min(1, 'must list at least one target'),
});

const routeSchema = z.union([z.array(targetSchema).min(1, 'must list at least one target'), routeObjectSchema]);

/**
 * The routing table: logical model name -> an ordered chain of targets (array shorthand), or
 * `{ "strategy": "weighted", "targets": [...] }`. A target is a catalog name (id, alias,
 * inference profile id or ARN) or `{ "model", "region"?, "weight"?, "maxConcurrent"? }`.
 */
const routesConfigSchema = z.record(z.string().trim().min(1), routeSchema);

/** The JSON form of the routing table, as validated. */
type RoutesConfig = z.infer<typeof routesConfigSchema>;
type TargetConfig = z.infer<typeof targetSchema>;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text === '' ? String(part) : `${text}.${String(part)}`), '');
}

/**
 * Validates the JSON form of the routing table.
 *
 * @param json A parsed value, or the raw JSON text.
 * @param source Names the origin in error messages. @default 'GATEWAY_ROUTES'
 * @throws RoutingConfigError naming the field, e.g. `GATEWAY_ROUTES chat.targets[1].weight: must be greater than 0 (got 0)`.
 * @example parseRoutesConfig('{"chat":["claude-sonnet-4-5","nova-pro"]}')
 */
function parseRoutesConfig(json: unknown, source = 'GATEWAY_ROUTES'): RoutesConfig {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (cause) {
      throw new RoutingConfigError(`${source} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
  }
  const parsed = routesConfigSchema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const [first] = parsed.error.issues;
  const field = first === undefined ? '' : formatPath(first.path);
  const received = first !== undefined && 'input' in first && first.input !== undefined ? ` (got ${JSON.stringify(first.input)})` : '';
  throw new RoutingConfigError(`${source} ${field === '' ? '' : `${field}: `}${first?.message ?? 'is invalid'}${received}`, { field });
}

function targetKey(model: CatalogEntry, region: string | undefined): string {
  return `${model.bedrockModelId}@${region ?? 'default'}`;
}

/** How `compileRoutes` treats a target the catalog does not know. */
interface CompileOptions {
  /**
   * Called for each such target, which is then left out (a route left with none is left out too):
   * the live catalog may bring its model later. Without it, such a target fails the whole table.
   * @default - an unknown target throws RoutingConfigError
   */
  readonly onUnknownTarget?: (field: string, model: string) => void;
}

function compileTarget(config: TargetConfig, catalog: ModelCatalog, field: string, source: string, options: CompileOptions): RouteTarget | undefined {
  const spec = typeof config === 'string' ? { model: config } : config;
  const model = catalog.resolve(spec.model);
  if (model === undefined && options.onUnknownTarget !== undefined) {
    options.onUnknownTarget(field, spec.model);
    return undefined;
  }
  if (model === undefined) {
    throw new RoutingConfigError(`${source} ${field}: unknown model ${JSON.stringify(spec.model)}; use a catalog id, alias or inference profile id.`, { field });
  }
  return {
    model,
    weight: spec.weight ?? 1,
    key: targetKey(model, spec.region),
    ...(spec.region === undefined ? {} : { region: spec.region }),
    ...(spec.maxConcurrent === undefined ? {} : { maxConcurrent: spec.maxConcurrent }),
  };
}

/**
 * Resolves every target of a validated routing table in the catalog.
 *
 * @throws RoutingConfigError for an unknown model (unless `options.onUnknownTarget` takes it), or a
 *   route that mixes chat and embedding models.
 */
function compileRoutes(config: RoutesConfig, catalog: ModelCatalog, source = 'GATEWAY_ROUTES', options: CompileOptions = {}): RouteTable {
  const table = new Map<string, CompiledRoute>();
  for (const [name, route] of Object.entries(config)) {
    const spec = Array.isArray(route) ? { targets: route } : route;
    const compiled = spec.targets.flatMap((target, index) => {
      const field = `${name}.targets[${index}]`;
      const resolved = compileTarget(target, catalog, field, source, options);
      return resolved === undefined ? [] : [{ field, target: resolved }];
    });
    if (compiled.length === 0) continue;
    const targets = compiled.map(({ target }) => target);
    const kind = targets[0]?.model.kind ?? 'chat';
    const mixed = compiled.find(({ target }) => target.model.kind !== kind);
    if (mixed !== undefined) {
      throw new RoutingConfigError(
        `${source} ${mixed.field}: '${mixed.target.model.id}' is a ${mixed.target.model.kind} model, but the route's first target is a ${kind} model; a route serves one kind.`,
        { field: mixed.field },
      );
    }
    const key = name.trim().toLowerCase();
    if (table.has(key)) throw new RoutingConfigError(`${source} ${name}: route names are case-insensitive and this one is defined twice.`, { field: name });
    table.set(key, { name, kind, strategy: spec.strategy ?? 'ordered', targets });
  }
  return table;
}

/** Parses and compiles in one step: what the services factory calls at cold start. */
function loadRouteTable(json: unknown, catalog: ModelCatalog, source = 'GATEWAY_ROUTES'): RouteTable {
  return compileRoutes(parseRoutesConfig(json, source), catalog, source);
}

export { compileRoutes, loadRouteTable, parseRoutesConfig, routesConfigSchema, targetKey };
export type { CompileOptions, RoutesConfig };
