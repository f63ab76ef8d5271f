/**
 * @module Takes the README's console screenshot (docs/console.png): `npm start` in its own process
 * on an embedded DynamoDB of this script's, a few keys spending through the `openai` client today
 * and, for a chart worth looking at, the 13 days before written through the ledger with its clock
 * moved back; then the console and headless Chromium on its usage page, as in the browser tests.
 *
 * Run: npx tsx local/console/screenshot.ts [output.png]
 */
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import OpenAI from 'openai';
import { computeCostNanoUsd, createModelCatalog } from '../../lambda/catalog';
import { createDynamoLedger } from '../../lambda/ledger';
import { DEFAULT_TABLE_NAME } from '../../lambda/platform/config';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from '../../test/support/chromium';
import { startDev, stopDev } from '../../test/support/dev-process';
import { createAdminApiClient } from '../admin-api-client';
import { createEmbeddedDynamoDbClient, startEmbeddedDynamoDb } from '../embedded-dynamodb';
import { buildConsoleAssets } from './assets';
import { startConsoleServer } from './server';

const OUTPUT = process.argv[2] ?? join(__dirname, '../../docs/console.png');

/** Teams, their keys and how much each calls, so the chart and the table have something to show. */
const HISTORY_DAYS = 13;
const DAY_MS = 86_400_000;

const TRAFFIC = [
  { name: 'search-assistant', team: 'search', budgetUsd: 50, model: 'claude-sonnet-4-5', calls: 6 },
  { name: 'ml-batch', team: 'ml-platform', budgetUsd: 200, model: 'claude-haiku-4-5', calls: 9 },
  { name: 'support-bot', team: 'support', budgetUsd: 25, model: 'nova-pro', calls: 12 },
] as const;

async function main(): Promise<void> {
  if (!chromiumInstalled()) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  const engine = await startEmbeddedDynamoDb();
  const dynamo = createEmbeddedDynamoDbClient(engine.endpoint);
  const dev = await startDev([], { AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint });
  const browser = await launchChromium();
  try {
    const admin = createAdminApiClient({ baseUrl: dev.url, token: dev.adminToken }, { env: {}, fetch });
    const catalog = createModelCatalog();
    for (const { name, team, budgetUsd, model, calls } of TRAFFIC) {
      const created = await admin.send({ method: 'POST', path: '/admin/keys', body: JSON.stringify({ name, team, budget: { usd: budgetUsd, period: 'month' } }) });
      const { id, key } = (await created.json()) as { id: string; key: string };
      const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: key, maxRetries: 0 });
      for (let call = 0; call < calls; call += 1) {
        await client.chat.completions.create({ model, max_tokens: 400, messages: [{ role: 'user', content: `Summarise ticket ${call} for the ${team} team.`.repeat(20) }] });
      }
      const entry = catalog.get(model);
      if (entry === undefined) throw new Error(`No catalog entry "${model}".`);
      for (let daysAgo = HISTORY_DAYS; daysAgo > 0; daysAgo -= 1) {
        const at = Date.now() - daysAgo * DAY_MS;
        const ledger = createDynamoLedger({ client: dynamo, tableName: DEFAULT_TABLE_NAME, now: () => at, logger: new Logger({ logLevel: 'SILENT' }) });
        // Weekdays busier than weekends, each team with its own rhythm; one usage record per request.
        const weekday = new Date(at).getUTCDay() % 6 !== 0;
        const requests = Math.round((weekday ? calls : calls / 3) * (1 + 0.4 * Math.sin(daysAgo + calls)));
        for (let request = 0; request < requests; request += 1) {
          const usage = { inputTokens: 600 + 37 * request, outputTokens: 250 + 11 * request, cacheReadTokens: 0, cacheWriteTokens: 0 };
          const costNanoUsd = computeCostNanoUsd(entry.prices, usage);
          const admitted = await ledger.meter.admit({ principal: { id, kind: 'key', team }, model: entry, requestId: `seed-${id}-${daysAgo}-${request}`, maxCostNanoUsd: costNanoUsd, estimatedInputTokens: usage.inputTokens, maxOutputTokens: usage.outputTokens });
          await admitted.settle({ usage, costNanoUsd, status: 200, latencyMs: 900, servedModel: model });
        }
      }
    }
    const consoleServer = await startConsoleServer({ admin, assets: await buildConsoleAssets(), port: 0 });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
      await page.goto(`${consoleServer.url}/#/usage`);
      await page.getByLabel('From').fill(new Date(Date.now() - HISTORY_DAYS * DAY_MS).toISOString().slice(0, 10));
      await page.getByRole('button', { name: 'Show' }).click();
      await page.getByRole('list', { name: 'Teams' }).waitFor();
      await page.screenshot({ path: OUTPUT });
      process.stdout.write(`Wrote ${OUTPUT}\n`);
    } finally {
      await consoleServer.close();
    }
  } finally {
    await browser.close();
    await stopDev(dev.child);
    dynamo.destroy();
    await engine.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshot failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
