/** @module The model catalog: validated entries plus lookup by id, alias, profile id or ARN. */
import type * as z from 'zod';
import { parseBedrockArn, parseProfileId, profileOfModelId } from './bedrock-ids';
import { CatalogConfigError } from './catalog-config-error';
import {
  catalogEntryInputSchema,
  catalogOptionsSchema,
  type CatalogEntryInput,
  type CatalogEntryOverride,
  type CatalogOptions,
} from './entry-schema';
import type { CatalogRefreshReport } from './live-catalog';
import { mergeLiveListing, type LiveListing, type UnservedModel } from './live-listing';
import { MODELS } from './models.data';
import { PricingError, toNanoPrices } from './pricing';
import type { CatalogEntry, ModelKind, ModelPrices } from './types';

/** Looks models up the way clients and configuration name them. */
interface ModelCatalog {
  /**
   * Finds the entry a client means by `name`: friendly id, alias, raw model id, `us.`/`eu.`/`apac.`/
   * `global.` profile id, foundation-model ARN, inference-profile ARN, or a configured application
   * inference profile ARN. Profile ids and ARNs come back with `bedrockModelId` set to what was
   * asked for (and `global.` prices where they differ), so the caller's routing choice is kept.
   */
  resolve(name: string): CatalogEntry | undefined;
  /** The entry with this friendly id, as the catalog routes it. */
  get(id: string): CatalogEntry | undefined;
  /** Every served entry, optionally of one kind, in catalog order. */
  list(kind?: ModelKind): readonly CatalogEntry[];
  /** Configured application inference profile ARNs, for IAM grants. */
  readonly applicationInferenceProfileArns: readonly string[];
  /**
   * Why a model Bedrock lists is not served, when `name` names one (its id, model id or a profile
   * id): a message naming it, for the refusal. @default - none (no live listing merged)
   */
  unpricedModel?(name: string): string | undefined;
  /**
   * Brings the live listing up to date before a request is served: waits (bounded) for the first
   * load and starts a background refresh once the cached listing is older than its bound.
   * @default - nothing to do (a catalog without a live listing)
   */
  freshen?(): Promise<void>;
  /**
   * Reads the live listing (the catalog snapshot) now and merges it; undefined while there is none.
   * @default - absent on a catalog without a live source
   * @throws the source's error; the catalog it had stays.
   */
  refresh?(): Promise<CatalogRefreshReport | undefined>;
  /**
   * Merges a listing just fetched (the admin refresh, which also wrote it to the snapshot).
   * @default - absent on a catalog without a live source
   */
  use?(listing: LiveListing): CatalogRefreshReport;
  /**
   * What the merged live listing left out (`unpriced`), and the configuration's names that wait for
   * it (`deferred`: allow-list entries and application profile models no listing has brought yet,
   * each as `field: "name"`). @default - no live listing merged
   */
  readonly live?: { readonly unpriced: readonly UnservedModel[]; readonly deferred: readonly string[] };
}

/** The live listing to merge, and the date recorded in the entries it adds. */
interface LiveCatalogInput {
  readonly listing: LiveListing;
  /** `YYYY-MM-DD`. */
  readonly checkedOn: string;
}

/** An entry plus the facts only the catalog needs. */
interface CatalogRecord {
  readonly entry: CatalogEntry;
  readonly globalPrices: ModelPrices | undefined;
}

const key = (name: string): string => name.trim().toLowerCase();

function formatIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => {
      const path = issue.path
        .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
        .join('');
      return `${prefix}${path === '' ? '' : path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Validates the JSON form of the catalog options (`GATEWAY_CATALOG`, CDK config).
 *
 * @param json A parsed value, or the raw JSON text.
 * @param source Names the origin in error messages. @default 'GATEWAY_CATALOG'
 * @throws CatalogConfigError naming the bad field, e.g. `GATEWAY_CATALOG additions[0].prices.inputPerMTok: ...`.
 * @example parseCatalogOptions('{"allowList":["claude-sonnet-4-5","nova-pro"]}')
 */
function parseCatalogOptions(json: unknown, source = 'GATEWAY_CATALOG'): CatalogOptions {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (cause) {
      throw new CatalogConfigError(`${source} is not valid JSON: ${(cause as Error).message}`, { cause });
    }
  }
  const parsed = catalogOptionsSchema.safeParse(value);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new CatalogConfigError(formatIssues(parsed.error, `${source} `), {
      field: first?.path.map(String).join('.'),
    });
  }
  return parsed.data;
}

function mergeOverride(input: CatalogEntryInput, override: CatalogEntryOverride): CatalogEntryInput {
  return {
    ...input,
    ...override,
    capabilities: { ...input.capabilities, ...override.capabilities },
    prices: { ...input.prices, ...override.prices },
  };
}

function checkPrices(prices: ModelPrices | undefined, context: string): void {
  if (prices === undefined) return;
  try {
    toNanoPrices(prices, context);
    for (const [tier, tierPrices] of Object.entries(prices.serviceTiers ?? {})) toNanoPrices(tierPrices, `${context}.serviceTiers.${tier}`);
    if (prices.latencyOptimized !== undefined) toNanoPrices(prices.latencyOptimized, `${context}.latencyOptimized`);
  } catch (error) {
    if (error instanceof PricingError) throw new CatalogConfigError(error.message, { cause: error });
    throw error;
  }
}

/** Checks what the schema cannot: exact prices, caching prices, embedding dimensions. */
function checkEntry(input: CatalogEntryInput, context: string): void {
  checkPrices(input.prices, `${context} prices`);
  checkPrices(input.globalPrices, `${context} globalPrices`);
  const { promptCaching } = input.capabilities;
  const cachePriced = input.prices.cacheReadPerMTok !== undefined && input.prices.cacheWritePerMTok !== undefined;
  if (promptCaching && !cachePriced) {
    throw new CatalogConfigError(`${context}: promptCaching is true but prices.cacheReadPerMTok/cacheWritePerMTok are missing.`);
  }
  for (const [name, prices] of [['prices', input.prices], ['globalPrices', input.globalPrices]] as const) {
    const long = prices?.longContext;
    const missing = (['cacheReadPerMTok', 'cacheWritePerMTok', 'cacheWrite1hPerMTok'] as const).filter(
      (field) => prices?.[field] !== undefined && long !== undefined && long[field] === undefined,
    );
    if (missing.length > 0) {
      throw new CatalogConfigError(`${context}: ${name}.longContext lacks ${missing.join(', ')}, which ${name} has; long prompts could not be priced.`);
    }
  }
  if (input.kind === 'embedding' && (input.embeddingDimensions ?? []).length === 0) {
    throw new CatalogConfigError(`${context}: embedding entries need embeddingDimensions.`);
  }
  if (input.kind === 'chat' && input.maxOutputTokens === 0) {
    throw new CatalogConfigError(`${context}: chat entries need maxOutputTokens above 0.`);
  }
}

function toRecord(input: CatalogEntryInput): CatalogRecord {
  const { inferenceProfiles = [], aliases = [], globalPrices, provenance, embeddingDimensions, ...rest } = input;
  const names = [
    input.foundationModelId,
    input.bedrockModelId,
    ...inferenceProfiles.map((prefix) => `${prefix}.${input.foundationModelId}`),
    ...aliases,
  ];
  const uniqueAliases = [...new Set(names)].filter((name) => key(name) !== key(input.id));
  const entry: CatalogEntry = {
    ...rest,
    aliases: uniqueAliases,
    ...(embeddingDimensions === undefined ? {} : { embeddingDimensions }),
    ...(provenance === undefined ? {} : { provenance }),
  };
  return { entry, globalPrices };
}

function validateInput(value: unknown, context: string): CatalogEntryInput {
  const parsed = catalogEntryInputSchema.safeParse(value);
  if (!parsed.success) throw new CatalogConfigError(formatIssues(parsed.error, `${context} `));
  checkEntry(parsed.data, context);
  return parsed.data;
}

/**
 * Checks a built-in entry. The schema pass is left out: the table is typed as `CatalogEntryInput`
 * and test/unit/catalog/models-data.test.ts runs every entry through the schema, while parsing it
 * here cost about 15 ms of every cold start (zod compiles the schema on first use).
 */
function checkBuiltIn(entry: CatalogEntryInput, context: string): CatalogEntryInput {
  checkEntry(entry, context);
  return entry;
}

/** Builds the name index, failing on any name two entries share. */
function indexRecords(records: readonly CatalogRecord[]): Map<string, CatalogRecord> {
  const index = new Map<string, CatalogRecord>();
  for (const record of records) {
    for (const name of [record.entry.id, ...record.entry.aliases]) {
      const existing = index.get(key(name));
      if (existing !== undefined && existing !== record) {
        throw new CatalogConfigError(
          `name "${name}" is claimed by both "${existing.entry.id}" and "${record.entry.id}".`,
        );
      }
      index.set(key(name), record);
    }
  }
  return index;
}

/** The entry routed through `bedrockModelId`, with `global.` prices when that profile is global. */
function routedVia(record: CatalogRecord, bedrockModelId: string): CatalogEntry {
  if (bedrockModelId === record.entry.bedrockModelId) return record.entry;
  const isGlobal = profileOfModelId(bedrockModelId)?.prefix === 'global';
  const prices = isGlobal && record.globalPrices !== undefined ? record.globalPrices : record.entry.prices;
  return Object.freeze({ ...record.entry, bedrockModelId, prices });
}

/**
 * Builds the catalog from the built-in table plus options.
 *
 * Everything is validated here, once, so a bad price or a typo in the allow-list fails the cold
 * start (or `cdk synth`) rather than a request.
 *
 * @throws CatalogConfigError naming the entry or option at fault.
 * @example
 * const catalog = createModelCatalog({ allowList: ['claude-sonnet-4-5', 'titan-embed-text-v2'] });
 * catalog.resolve('eu.anthropic.claude-sonnet-4-5-20250929-v1:0')?.bedrockModelId; // the EU profile
 */
function createModelCatalog(options: CatalogOptions = {}, live?: LiveCatalogInput): ModelCatalog {
  const inputs = new Map<string, CatalogEntryInput>();
  MODELS.forEach((model, index) => inputs.set(model.id, checkBuiltIn(model, `models.data.ts entry ${index} ("${model.id}")`)));
  (options.additions ?? []).forEach((addition, index) => {
    const context = `additions[${index}] ("${addition.id}")`;
    if (inputs.has(addition.id)) throw new CatalogConfigError(`${context}: id already exists; use overrides to change it.`);
    inputs.set(addition.id, validateInput(addition, context));
  });
  const merged = live === undefined ? undefined : mergeLiveListing([...inputs.values()], live.listing, live.checkedOn);
  (merged?.additions ?? []).forEach((addition) => inputs.set(addition.id, validateInput(addition, `live listing ("${addition.foundationModelId}")`)));
  const unpriced = new Map<string, string>();
  for (const model of merged?.unpriced ?? []) {
    const message =
      `The model '${model.id}' (${model.modelId}) is listed by Amazon Bedrock, but the gateway has no price for it, so it cannot be charged: ` +
      `an administrator can add its prices to the catalog configuration (catalog.overrides or additions), or refresh the AWS Price List (POST /admin/maintenance/refresh-catalog).`;
    for (const name of [model.id, model.modelId]) unpriced.set(key(name), message);
  }
  for (const [id, override] of Object.entries(options.overrides ?? {})) {
    const base = inputs.get(id);
    // With a live listing, an override may name a model that only the listing brings (not listed today).
    if (base === undefined && live !== undefined) continue;
    if (base === undefined) {
      throw new CatalogConfigError(`overrides.${id}: no catalog entry has this id.`, { field: `overrides.${id}` });
    }
    inputs.set(id, validateInput(mergeOverride(base, override), `overrides.${id}`));
  }

  const allRecords = [...inputs.values()].map(toRecord);
  const fullIndex = indexRecords(allRecords);
  // With a live listing, a name it has not brought (yet) waits for it rather than failing the catalog.
  const deferred: string[] = [];
  const allowed =
    options.allowList === undefined
      ? undefined
      : new Set(
          options.allowList.flatMap((name, index) => {
            const record = fullIndex.get(key(name)) ?? resolveDerived(fullIndex, name);
            if (record !== undefined) return [record];
            if (live !== undefined) {
              deferred.push(`allowList[${index}]: "${name}"`);
              return [];
            }
            throw new CatalogConfigError(`allowList[${index}]: "${name}" names no catalog model.`, {
              field: `allowList[${index}]`,
            });
          }),
        );
  const records = allowed === undefined ? allRecords : allRecords.filter((record) => allowed.has(record));
  const index = indexRecords(records);

  const applicationProfiles = new Map<string, CatalogEntry>();
  (options.applicationInferenceProfiles ?? []).forEach((profile, position) => {
    const target = resolveIn(index, profile.model, new Map());
    if (target === undefined && live !== undefined) {
      deferred.push(`applicationInferenceProfiles[${position}].model: "${profile.model}"`);
      return;
    }
    if (target === undefined) {
      throw new CatalogConfigError(
        `applicationInferenceProfiles[${position}].model: "${profile.model}" names no served catalog model.`,
        { field: `applicationInferenceProfiles[${position}].model` },
      );
    }
    applicationProfiles.set(key(profile.arn), Object.freeze({ ...target, bedrockModelId: profile.arn }));
  });
  // The account's application profiles the live listing names: served as the model they route to
  // (its prices, never a guess), when the catalog serves that model; a configured ARN wins.
  for (const profile of live?.listing.applicationInferenceProfiles ?? []) {
    if (applicationProfiles.has(key(profile.arn))) continue;
    const target = resolveIn(index, profile.modelId, new Map());
    if (target !== undefined) applicationProfiles.set(key(profile.arn), Object.freeze({ ...target, bedrockModelId: profile.arn }));
    else {
      const refusal = unpriced.get(key(profile.modelId));
      if (refusal !== undefined) unpriced.set(key(profile.arn), refusal);
    }
  }

  const entries = Object.freeze(records.map((record) => Object.freeze(record.entry)));
  return {
    resolve: (name) => resolveIn(index, name, applicationProfiles),
    get: (id) => {
      const record = index.get(key(id));
      return record !== undefined && key(record.entry.id) === key(id) ? record.entry : undefined;
    },
    list: (kind) => (kind === undefined ? entries : entries.filter((entry) => entry.kind === kind)),
    applicationInferenceProfileArns: Object.freeze((options.applicationInferenceProfiles ?? []).map((p) => p.arn)),
    unpricedModel: (name) => unpriced.get(key(name)) ?? unpriced.get(key(parseProfileId(name.trim())?.foundationModelId ?? '')),
    ...(merged === undefined ? {} : { live: { unpriced: merged.unpriced, deferred } }),
  };
}

/** A profile id of a known model that the entry does not list (AWS adds profiles over time). */
function resolveDerived(index: ReadonlyMap<string, CatalogRecord>, name: string): CatalogRecord | undefined {
  const profile = parseProfileId(name.trim());
  return profile === undefined ? undefined : index.get(key(profile.foundationModelId));
}

function resolveIn(
  index: ReadonlyMap<string, CatalogRecord>,
  rawName: string,
  applicationProfiles: ReadonlyMap<string, CatalogEntry>,
): CatalogEntry | undefined {
  const name = rawName.trim();
  const arn = parseBedrockArn(name);
  if (arn !== undefined) {
    if (arn.resourceType === 'application-inference-profile') return applicationProfiles.get(key(name));
    const record = index.get(key(arn.resourceId)) ?? resolveDerived(index, arn.resourceId);
    if (record === undefined) return undefined;
    return arn.resourceType === 'inference-profile' ? routedVia(record, name) : record.entry;
  }
  const direct = index.get(key(name));
  if (direct !== undefined) return parseProfileId(name) === undefined ? direct.entry : routedVia(direct, name);
  const derived = resolveDerived(index, name);
  return derived === undefined ? undefined : routedVia(derived, name);
}

export { createModelCatalog, parseCatalogOptions };
export type { LiveCatalogInput, ModelCatalog };
