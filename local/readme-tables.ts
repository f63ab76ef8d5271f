/**
 * @module Generates the README's data tables (parameter compatibility, models) from the data they
 * describe, so the README cannot drift: `npx tsx local/readme-tables.ts` prints them, and a unit
 * test fails when README.md does not contain them verbatim.
 */
import { CHAT_PARAMETER_POLICY } from '../lambda/bedrock/chat-parameter-policy';
import { createModelCatalog, type CatalogEntry } from '../lambda/catalog';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Chat Completions parameter table: parameter | behaviour | notes. */
function parameterTable(): string {
  const rows = CHAT_PARAMETER_POLICY.map((row) => `| \`${row.parameter}\` | ${row.behaviour} | ${escapeCell(row.notes)} |`);
  return ['| Parameter | Behaviour | Notes |', '| --- | --- | --- |', ...rows].join('\n');
}

function formatTokens(tokens: number): string {
  if (tokens >= 1_000_000 && tokens % 1_000_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens >= 1000 && tokens % 1000 === 0) return `${tokens / 1000}K`;
  return tokens.toLocaleString('en-US');
}

function formatPrice(usdPerMTok: number | undefined): string {
  return usdPerMTok === undefined ? '-' : `$${usdPerMTok}`;
}

function capabilityList(entry: CatalogEntry): string {
  const c = entry.capabilities;
  const parts: string[] = [];
  if (c.tools) parts.push(c.toolChoice.length > 1 ? `tools (${c.toolChoice.join('/')})` : 'tools');
  if (c.images) parts.push('images');
  if (c.documents) parts.push('documents');
  if (c.reasoning !== undefined) parts.push(`reasoning (${c.reasoning})`);
  if (c.promptCaching) parts.push('caching');
  if (c.structuredOutput) parts.push('structured output');
  return parts.join(', ') || '-';
}

/** The model table: every catalog entry with its Bedrock id, limits, prices and capabilities. */
function modelTable(): string {
  const rows = createModelCatalog()
    .list()
    .map((entry) => {
      const p = entry.prices;
      const limits = entry.kind === 'embedding' ? `${formatTokens(entry.contextWindowTokens)} in` : `${formatTokens(entry.contextWindowTokens)} / ${formatTokens(entry.maxOutputTokens)}`;
      const prices = entry.kind === 'embedding' ? formatPrice(p.inputPerMTok) : `${formatPrice(p.inputPerMTok)} / ${formatPrice(p.outputPerMTok)}`;
      const cache = p.cacheReadPerMTok === undefined ? '-' : `${formatPrice(p.cacheReadPerMTok)} / ${formatPrice(p.cacheWritePerMTok)}`;
      const capabilities = entry.kind === 'embedding' ? `embeddings (${(entry.embeddingDimensions ?? []).join('/')} dims)` : capabilityList(entry);
      return `| \`${entry.id}\` | \`${entry.bedrockModelId}\` | ${limits} | ${prices} | ${cache} | ${capabilities} | ${entry.provenance?.verification ?? '-'} |`;
    });
  return [
    '| Model | Bedrock id | Context / max output | Input / output $ per MTok | Cache read / write $ per MTok | Capabilities | Checked against AWS docs |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

if (require.main === module) {
  process.stdout.write(`${parameterTable()}\n\n${modelTable()}\n`);
}

export { modelTable, parameterTable };
