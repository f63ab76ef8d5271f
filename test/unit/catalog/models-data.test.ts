/** @module Data integrity of the built-in model table. */
import { createModelCatalog } from '../../../lambda/catalog';
import { catalogEntryInputSchema } from '../../../lambda/catalog/entry-schema';
import { CHECKED_ON, CLAUDE_CHECKED_ON, MODELS } from '../../../lambda/catalog/models.data';
import { toNanoPrices } from '../../../lambda/catalog/pricing';
import { DEFAULT_MODELS } from '../../../local/bedrock-emulator/default-models';

const catalog = createModelCatalog();
const entries = catalog.list();

describe('built-in model table', () => {
  it('loads without errors and serves every data entry', () => {
    expect(entries.map((entry) => entry.id)).toEqual(MODELS.map((model) => model.id));
  });

  // The catalog skips the schema for built-in entries at cold start; this test is that check.
  it.each(MODELS.map((model) => ({ id: model.id, model })))('entry $id passes the entry schema', ({ model }) => {
    expect(catalogEntryInputSchema.safeParse(model).error?.issues).toBeUndefined();
  });

  it('is served by the local emulator: every foundation model id and the profile geography each entry calls', () => {
    const emulated = new Map(DEFAULT_MODELS.map((model) => [model.modelId, model]));
    const missing = entries.flatMap((entry) => {
      const model = emulated.get(entry.foundationModelId);
      if (model === undefined) return [entry.foundationModelId];
      if (entry.bedrockModelId === entry.foundationModelId) return [];
      const prefix = entry.bedrockModelId.slice(0, entry.bedrockModelId.length - entry.foundationModelId.length - 1);
      return (model.inferenceProfiles ?? []).some((geo) => geo === prefix) ? [] : [entry.bedrockModelId];
    });
    expect(missing).toEqual([]);
  });

  it('has unique ids and aliases across all entries (case-insensitive)', () => {
    const names = entries.flatMap((entry) => [entry.id, ...entry.aliases].map((name) => name.toLowerCase()));
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    expect(duplicates).toEqual([]);
  });

  it.each(
    [
      'claude-opus-5-5',
      'claude-fable-5-2',
      'claude-fable-5-1',
      'claude-fable-5',
      'claude-sonnet-5-5',
      'claude-haiku-5-5',
      'claude-opus-5',
      'claude-sonnet-5',
      'claude-opus-4-8',
      'claude-opus-4-7',
      'claude-opus-4-6',
      'claude-sonnet-4-6',
      'claude-sonnet-4-5',
      'claude-haiku-4-5',
      'claude-opus-4-5',
      'claude-opus-4-1',
      'claude-sonnet-4',
      'claude-3-haiku',
      'nova-micro',
      'nova-lite',
      'nova-pro',
      'nova-premier',
      'nova-2-lite',
      'llama3-1-8b',
      'llama3-1-70b',
      'llama3-2-11b',
      'llama3-2-90b',
      'llama3-3-70b',
      'llama4-scout-17b',
      'llama4-maverick-17b',
      'mistral-large-2407',
      'mistral-small-2402',
      'pixtral-large',
      'mistral-large-3',
      'deepseek-r1',
      'deepseek-v3-1',
      'deepseek-v3-2',
      'gpt-oss-20b',
      'gpt-oss-120b',
      'command-r',
      'command-r-plus',
      'qwen3-32b',
      'qwen3-235b-a22b',
      'qwen3-coder-480b-a35b',
      'titan-embed-text-v2',
      'cohere-embed-english-v3',
      'cohere-embed-multilingual-v3',
      'cohere-embed-v4',
    ].map((id) => ({ id })),
  )('serves $id', ({ id }) => {
    expect(catalog.get(id)?.id).toBe(id);
  });

  describe.each(entries.map((entry) => ({ id: entry.id, entry })))('entry $id', ({ entry }) => {
    it('has a source URL and the check date', () => {
      expect(entry.provenance?.source).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com|platform\.claude\.com)\//);
      expect([CHECKED_ON, CLAUDE_CHECKED_ON]).toContain(entry.provenance?.checkedOn);
    });

    it('has prices that are integral in nano-USD per token', () => {
      const { longContext, ...nano } = toNanoPrices(entry.prices, entry.id);
      const values = [...Object.values(nano), ...Object.values(longContext ?? {})];
      expect(values.every((value) => Number.isSafeInteger(value))).toBe(true);
    });

    it('aliases its raw model id and calls either that id or one of its profile ids', () => {
      expect(entry.aliases).toContain(entry.foundationModelId);
      expect(entry.bedrockModelId.endsWith(entry.foundationModelId)).toBe(true);
    });

    it('is consistent with its kind', () => {
      if (entry.kind === 'chat') {
        expect(entry.prices.inputPerMTok).toBeGreaterThan(0);
        expect(entry.prices.outputPerMTok).toBeGreaterThan(0);
        expect(entry.maxOutputTokens).toBeGreaterThan(0);
        expect(entry.maxOutputTokens).toBeLessThanOrEqual(entry.contextWindowTokens);
      } else {
        expect(entry.prices.inputPerMTok).toBeGreaterThan(0);
        expect(entry.embeddingDimensions?.length).toBeGreaterThan(0);
        expect(entry.capabilities.tools).toBe(false);
      }
    });

    it('prices cache tokens exactly when it supports prompt caching', () => {
      if (!entry.capabilities.promptCaching) return;
      expect(entry.prices.cacheReadPerMTok).toBeDefined();
      expect(entry.prices.cacheWritePerMTok).toBeDefined();
    });

    it('declares toolChoice modes only when it accepts tools', () => {
      if (!entry.capabilities.tools) expect(entry.capabilities.toolChoice).toEqual([]);
    });
  });

  it.each(
    [
      { id: 'claude-opus-4-6', bedrock: 'anthropic.claude-opus-4-6-v1' },
      { id: 'claude-sonnet-4-6', bedrock: 'anthropic.claude-sonnet-4-6' },
    ].map((row) => ({ ...row })),
  )('routes $id through the us. profile and prices its global. profile at list price', ({ id, bedrock }) => {
    const entry = catalog.get(id);
    expect(entry?.bedrockModelId).toBe(`us.${bedrock}`);
    expect(entry?.contextWindowTokens).toBe(1_000_000);
    expect(entry?.maxOutputTokens).toBe(128_000);
    const viaGlobal = catalog.resolve(`global.${bedrock}`);
    expect(viaGlobal?.id).toBe(id);
    expect(viaGlobal?.bedrockModelId).toBe(`global.${bedrock}`);
    expect(viaGlobal?.prices.inputPerMTok).toBeLessThan(entry?.prices.inputPerMTok ?? 0);
  });

  it.each(entries.filter((entry) => entry.family === 'anthropic-claude').map((entry) => ({ id: entry.id, entry })))(
    'marks $id temperature/top_p exclusive exactly when it is Claude 4.5 or later',
    ({ id, entry }) => {
      expect(entry.capabilities.exclusiveTemperatureTopP).toBe(/-(4-[5-9]|5(-\d)?)$/.test(id));
    },
  );
});
