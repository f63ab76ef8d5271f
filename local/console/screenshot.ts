/**
 * @module Takes the README's console screenshot (docs/console.png): `npm start` in its own process,
 * a few keys spending through the `openai` client, the console, and headless Chromium on its usage
 * page, with the same setup as the browser tests.
 *
 * Run: npx tsx local/console/screenshot.ts [output.png]
 */
import { join } from 'node:path';
import OpenAI from 'openai';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from '../../test/support/chromium';
import { startDev, stopDev } from '../../test/support/dev-process';
import { createAdminApiClient } from '../admin-api-client';
import { buildConsoleAssets } from './assets';
import { startConsoleServer } from './server';

const OUTPUT = process.argv[2] ?? join(__dirname, '../../docs/console.png');

/** Teams, their keys and how much each calls, so the chart and the table have something to show. */
const TRAFFIC = [
  { name: 'search-assistant', team: 'search', budgetUsd: 50, model: 'claude-sonnet-4-5', calls: 6 },
  { name: 'ml-batch', team: 'ml-platform', budgetUsd: 200, model: 'claude-haiku-4-5', calls: 9 },
  { name: 'support-bot', team: 'support', budgetUsd: 25, model: 'nova-pro', calls: 12 },
] as const;

async function main(): Promise<void> {
  if (!chromiumInstalled()) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  const dev = await startDev([], {});
  const browser = await launchChromium();
  try {
    const admin = createAdminApiClient({ baseUrl: dev.url, token: dev.adminToken }, { env: {}, fetch });
    for (const { name, team, budgetUsd, model, calls } of TRAFFIC) {
      const created = await admin.send({ method: 'POST', path: '/admin/keys', body: JSON.stringify({ name, team, budget: { usd: budgetUsd, period: 'month' } }) });
      const { key } = (await created.json()) as { key: string };
      const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: key, maxRetries: 0 });
      for (let call = 0; call < calls; call += 1) {
        await client.chat.completions.create({ model, max_tokens: 400, messages: [{ role: 'user', content: `Summarise ticket ${call} for the ${team} team.`.repeat(20) }] });
      }
    }
    const consoleServer = await startConsoleServer({ admin, assets: await buildConsoleAssets(), port: 0 });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 760 } });
      await page.goto(`${consoleServer.url}/#/usage`);
      await page.getByRole('list', { name: 'Teams' }).waitFor();
      await page.screenshot({ path: OUTPUT });
      process.stdout.write(`Wrote ${OUTPUT}\n`);
    } finally {
      await consoleServer.close();
    }
  } finally {
    await browser.close();
    await stopDev(dev.child);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshot failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
