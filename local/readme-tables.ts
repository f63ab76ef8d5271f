/**
 * @module Generates the README's data tables (parameter compatibility, models, the admin CLI) from the data they
 * describe, so the README cannot drift: `npx tsx local/readme-tables.ts` prints them, and a unit
 * test fails when README.md does not contain them verbatim.
 */
import { MESSAGES_PARAMETER_POLICY } from '../lambda/anthropic/messages-parameter-policy';
import { CHAT_PARAMETER_POLICY } from '../lambda/bedrock/chat-parameter-policy';
import { prepareReasoning, type ReasoningPlan } from '../lambda/bedrock/prepare-reasoning';
import { RequestWarnings } from '../lambda/bedrock/request-warnings';
import type { OpenAIReasoningEffort } from '../lambda/openai/chat-request-types';
import { createModelCatalog, type AnthropicThinking, type CatalogEntry } from '../lambda/catalog';
import { COMMANDS } from './admin-cli/commands';

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The Chat Completions parameter table: parameter | behaviour | notes. */
function parameterTable(): string {
  const rows = CHAT_PARAMETER_POLICY.map((row) => `| \`${row.parameter}\` | ${row.behaviour} | ${escapeCell(row.notes)} |`);
  return ['| Parameter | Behaviour | Notes |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The Messages API field table: field | Claude (InvokeModel) | other models (Converse) | notes. */
function messagesParameterTable(): string {
  const rows = MESSAGES_PARAMETER_POLICY.map((row) => `| ${row.field.startsWith('(') ? row.field : `\`${row.field}\``} | ${row.claude} | ${row.converse} | ${escapeCell(row.notes)} |`);
  return ['| Field | Claude (InvokeModel) | Other models (Converse) | Notes |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function formatTokens(tokens: number): string {
  if (tokens >= 1_000_000 && tokens % 1_000_000 === 0) return `${tokens / 1_000_000}M`;
  if (tokens >= 1000 && tokens % 1000 === 0) return `${tokens / 1000}K`;
  return tokens.toLocaleString('en-US');
}

function formatPrice(usdPerMTok: number | undefined): string {
  return usdPerMTok === undefined ? '-' : `$${usdPerMTok}`;
}

/** How a Claude model thinks, in a few words: budget, adaptive, on by default, or always on. */
function thinkingSummary(thinking: AnthropicThinking): string {
  const { types, whenOmitted } = thinking;
  const mode = types.includes('enabled') ? (types.includes('adaptive') ? 'budget or adaptive' : 'budget') : 'adaptive';
  const switchable = types.includes('disabled') || types.includes('between_tools');
  if (whenOmitted === 'off') return `thinking (${mode})`;
  return switchable ? `thinking (${mode}, on by default)` : `thinking (${mode}, always on)`;
}

function capabilityList(entry: CatalogEntry): string {
  const c = entry.capabilities;
  const parts: string[] = [];
  if (c.tools) parts.push(c.toolChoice.length > 1 ? `tools (${c.toolChoice.join('/')})` : c.toolChoice.length === 0 && c.messagesApi === true ? 'tools (auto only)' : 'tools');
  if (c.images) parts.push('images');
  if (c.documents) parts.push('documents');
  if (c.thinking !== undefined) parts.push(thinkingSummary(c.thinking));
  else if (c.reasoning !== undefined) parts.push(`reasoning (${c.reasoning})`);
  if (c.promptCaching) parts.push('caching');
  if (c.structuredOutput) parts.push('structured output');
  return parts.join(', ') || '-';
}

/** `in / out`, plus the cheaper `global.` profile's prices where they differ. */
function priceCell(entry: CatalogEntry, global: CatalogEntry | undefined): string {
  const own = `${formatPrice(entry.prices.inputPerMTok)} / ${formatPrice(entry.prices.outputPerMTok)}`;
  if (global === undefined || global.prices.inputPerMTok === entry.prices.inputPerMTok) return own;
  return `${own} (global. ${formatPrice(global.prices.inputPerMTok)} / ${formatPrice(global.prices.outputPerMTok)})`;
}

/** The model table: every catalog entry with its Bedrock id, limits, prices and capabilities. */
function modelTable(): string {
  const catalog = createModelCatalog();
  const rows = catalog.list().map((entry) => {
    const p = entry.prices;
    const limits = entry.kind === 'embedding' ? `${formatTokens(entry.contextWindowTokens)} in` : `${formatTokens(entry.contextWindowTokens)} / ${formatTokens(entry.maxOutputTokens)}`;
    const global = entry.aliases.includes(`global.${entry.foundationModelId}`) ? catalog.resolve(`global.${entry.foundationModelId}`) : undefined;
    const prices = entry.kind === 'embedding' ? formatPrice(p.inputPerMTok) : priceCell(entry, global);
    const writes = p.cacheWrite1hPerMTok === undefined ? formatPrice(p.cacheWritePerMTok) : `${formatPrice(p.cacheWritePerMTok)} (1h ${formatPrice(p.cacheWrite1hPerMTok)})`;
    const cache = p.cacheReadPerMTok === undefined ? '-' : `${formatPrice(p.cacheReadPerMTok)} / ${writes}`;
    const capabilities = entry.kind === 'embedding' ? `embeddings (${(entry.embeddingDimensions ?? []).join('/')} dims)` : capabilityList(entry);
    return `| \`${entry.id}\` | \`${entry.bedrockModelId}\` | ${limits} | ${prices} | ${cache} | ${capabilities} | ${entry.provenance?.verification ?? '-'} |`;
  });
  return [
    '| Model | Bedrock id | Context / max output | Input / output $ per MTok | Cache read / write $ per MTok | Capabilities | Checked against AWS docs |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const REASONING_EFFORTS: readonly (OpenAIReasoningEffort | undefined)[] = [undefined, 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** What a reasoning plan sends, in a few words. */
function describePlan(plan: ReasoningPlan, thinksByDefault: boolean): string {
  switch (plan.kind) {
    case 'none':
      return thinksByDefault ? 'model default' : '-';
    case 'model-fields':
      return Object.entries(plan.fields).map(([key, value]) => `\`${key}: ${JSON.stringify(value)}\``).join(' ');
    case 'anthropic': {
      const { thinking, effort } = plan.plan;
      const parts = [thinking === undefined ? (plan.plan.thinks ? 'model default (thinks)' : '-') : thinking.type === 'enabled' ? `budget ${thinking.budget_tokens}` : thinking.type];
      if (effort !== undefined) parts.push(`effort ${effort}`);
      return parts.join(', ');
    }
    default: {
      const _exhaustiveCheck: never = plan;
      return _exhaustiveCheck;
    }
  }
}

/**
 * The `reasoning_effort` table: what each value sends to each model that reasons, computed from the
 * mapping code, one column per distinct behaviour (its heading lists the models that share it).
 */
function reasoningTable(): string {
  const columns = new Map<string, { ids: string[]; cells: string[] }>();
  for (const model of createModelCatalog().list('chat')) {
    if (model.capabilities.reasoning === undefined) continue;
    const cells = REASONING_EFFORTS.map((effort) => {
      const request = { model: model.id, messages: [{ role: 'user' as const, content: 'Hi' }], ...(effort === undefined ? {} : { reasoning_effort: effort }) };
      const plan = prepareReasoning({ request, model, forcesTool: false, lastToolUseLacksThinking: false, warnings: new RequestWarnings() });
      return model.capabilities.reasoning === 'always' ? 'always reasons' : describePlan(plan, model.capabilities.thinking?.whenOmitted === 'adaptive');
    });
    const key = JSON.stringify(cells);
    const column = columns.get(key) ?? { ids: [], cells };
    column.ids.push(`\`${model.id}\``);
    columns.set(key, column);
  }
  const all = [...columns.values()];
  const rows = REASONING_EFFORTS.map(
    (effort, row) => `| ${effort === undefined ? '(absent)' : `\`${effort}\``} | ${all.map((column) => column.cells[row]).join(' | ')} |`,
  );
  return [`| \`reasoning_effort\` | ${all.map((column) => column.ids.join(', ')).join(' | ')} |`, `| --- | ${all.map(() => '---').join(' | ')} |`, ...rows].join('\n');
}

/** The admin CLI reference: command | admin route | what it does, from the CLI's command table. */
function cliTable(): string {
  const rows = COMMANDS.map((command) => {
    const usage = `${command.words}${command.synopsis === '' ? '' : ` ${command.synopsis}`}`;
    return `| \`${escapeCell(usage)}\` | ${command.route.startsWith('(') ? escapeCell(command.route) : `\`${command.route}\``} | ${escapeCell(command.summary)} |`;
  });
  return ['| Command | Admin route | What it does |', '| --- | --- | --- |', ...rows].join('\n');
}

if (require.main === module) {
  process.stdout.write(`${parameterTable()}\n\n${messagesParameterTable()}\n\n${modelTable()}\n\n${reasoningTable()}\n\n${cliTable()}\n`);
}

export { cliTable, messagesParameterTable, modelTable, parameterTable, reasoningTable };
