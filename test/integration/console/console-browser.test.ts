/**
 * The console as a platform engineer uses it: headless Chromium (Debian's package, driven by
 * playwright-core) on the console, the console on `npm start` (bin/dev.ts in its own process), and
 * the key it creates used through the official `openai` client.
 *
 * The steps run in order and build on each other, like the engineer's session. Without Chromium
 * (`apt-get install -y chromium`) they are skipped, and the run says so.
 */
import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { createAdminApiClient } from '../../../local/admin-api-client';
import { buildConsoleAssets } from '../../../local/console/assets';
import { startConsoleServer, type RunningConsole } from '../../../local/console/server';
import { CHROMIUM_PATH, chromiumInstalled, launchChromium } from '../../support/chromium';
import { startDev, stopDev, type RunningDev } from '../../support/dev-process';

const DAY_MS = 86_400_000;
const inBrowser = chromiumInstalled();
if (!inBrowser) process.stdout.write(`SKIPPED the console browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH).\n`);

(inBrowser ? describe : describe.skip)(`the console in Chromium against npm start${inBrowser ? '' : ` (skipped: no Chromium at ${CHROMIUM_PATH})`}`, () => {
  let dev: RunningDev;
  let consoleServer: RunningConsole;
  let browser: Browser;
  let page: Page;
  let secret = '';
  let admin: ReturnType<typeof createAdminApiClient>;

  const client = (apiKey: string): OpenAI => new OpenAI({ baseURL: `${dev.url}/v1`, apiKey, maxRetries: 0 });
  const chat = (apiKey: string) => client(apiKey).chat.completions.create({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello from the console test' }] });
  const keyRow = () => page.getByRole('row', { name: /checkout-bot/ });

  beforeAll(async () => {
    [dev, browser] = await Promise.all([startDev([], {}), launchChromium()]);
    admin = createAdminApiClient({ baseUrl: dev.url, token: dev.adminToken }, { env: {}, fetch });
    consoleServer = await startConsoleServer({ admin, assets: await buildConsoleAssets(), port: 0 });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await consoleServer?.close();
    if (dev !== undefined) await stopDev(dev.child);
  });

  it('creates a key with a team, models, budget, limits and expiry, and shows its secret once', async () => {
    await page.goto(`${consoleServer.url}/#/keys`);
    await page.getByLabel('Name').fill('checkout-bot');
    await page.getByLabel('Team').fill('checkout');
    await page.getByLabel('Models').fill('nova-lite, nova-micro');
    await page.getByLabel('Budget (USD)').fill('5');
    await page.getByLabel('Budget period').selectOption('month');
    await page.getByLabel('Requests per minute').fill('60');
    await page.getByLabel('Tokens per minute').fill('100000');
    await page.getByLabel('Expires on').fill(new Date(Date.now() + 365 * DAY_MS).toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Create key' }).click();

    secret = await page.getByLabel('Secret key').inputValue();
    expect(secret).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    await expectText(keyRow(), ['checkout', 'active', 'nova-lite, nova-micro', '$0.00 of $5.00', '60 rpm, 100,000 tpm']);

    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.content()).not.toContain(secret);
  });

  it('shows the API error next to the field it concerns', async () => {
    await page.getByLabel('Name').fill('bad-budget');
    await page.getByLabel('Budget (USD)').fill('-1');
    await page.getByRole('button', { name: 'Create key' }).click();

    const budget = page.getByLabel('Budget (USD)');
    await expect(page.locator('#new-key-budget-usd-error').textContent()).resolves.toMatch(/^Invalid 'budget\.usd'/);
    expect(await budget.getAttribute('aria-invalid')).toBe('true');
    expect(await budget.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await page.getByRole('row', { name: /bad-budget/ }).count()).toBe(0);
  });

  it('shows what the key spent through the openai client against its budget', async () => {
    await chat(secret);

    await page.getByRole('button', { name: 'Refresh' }).click();
    await expectText(keyRow(), [/\$0\.0\d+ of \$5\.00/]);
    await page.getByRole('link', { name: 'Budgets and limits' }).click();
    await expectText(page.getByRole('row', { name: /checkout-bot/ }).first(), ['key', 'month', /\$0\.0\d+ of \$5\.00/]);
  });

  it('sets a team budget and limits; a team nothing names yet needs the new-team box, and says so next to the field', async () => {
    const budgetForm = page.getByRole('form', { name: 'Set a budget' });
    await budgetForm.getByLabel('For').selectOption('team');
    await budgetForm.getByLabel('Team, key id or principal').fill('chekout');
    await budgetForm.getByLabel('Limit (USD)').fill('1,000');
    await budgetForm.getByRole('button', { name: 'Save budget' }).click();
    await expectText(page.locator('#set-budget-id-error'), ['team "chekout"', 'allowNewTeam']);

    await budgetForm.getByLabel('Team, key id or principal').fill('checkout');
    await budgetForm.getByRole('button', { name: 'Save budget' }).click();
    await expectText(page.getByRole('row', { name: /^team checkout/ }), ['month', 'of $1,000.00']);

    const limitsForm = page.getByRole('form', { name: 'Set rate limits' });
    await limitsForm.getByLabel('For').selectOption('team');
    await limitsForm.getByLabel('Team, key id or principal').fill('data-science');
    await limitsForm.getByLabel('Requests per minute').fill('1200');
    await limitsForm.getByLabel('A new team, not yet named by any key or usage').check();
    await limitsForm.getByRole('button', { name: 'Save limits' }).click();
    await expectText(page.getByRole('row', { name: /^team data-science/ }), ['1,200']);
  });

  it('charts the spend per team and downloads the report as CSV', async () => {
    await page.getByRole('link', { name: 'Usage' }).click();

    const legend = page.getByRole('list', { name: 'Teams' });
    await expectText(legend, ['checkout']);
    expect(await page.locator('.chart-canvas canvas').count()).toBeGreaterThan(0);
    const teamRow = page.getByRole('row', { name: /^checkout/ }).last();
    await expectText(teamRow, ['1']);
    const legendCost = (await legend.getByRole('listitem').filter({ hasText: 'checkout' }).innerText()).replace('checkout', '').trim();
    expect(await teamRow.innerText()).toContain(legendCost);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^team,/);
    expect(csv).toMatch(/^checkout,/m);
  });

  it('lists budget alerts, none yet on a fresh gateway', async () => {
    await page.getByRole('link', { name: 'Alerts' }).click();

    await expectText(page.getByRole('main'), ['Budget alerts', 'No budget has crossed a threshold yet.']);
  });

  it('shows the alert a key raises when one request crosses its budget threshold', async () => {
    // A budget of 100,000 nano-USD alerting at 1%: a short answer (max_tokens 16) costs a few thousand
    // nano-USD, so the first request crosses 1% and the worst case it reserves still fits.
    const created = (await (
      await admin.send({
        method: 'POST',
        path: '/admin/keys',
        body: JSON.stringify({ name: 'alerting-bot', budget: { usd: 0.0001, period: 'month', alertThresholds: [1] } }),
      })
    ).json()) as { id: string; key: string };
    await client(created.key).chat.completions.create({ model: 'nova-lite', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] });

    // The page names keys it listed when it opened; this one is newer, so it shows by id.
    const alertRow = page.getByRole('row', { name: new RegExp(created.id) });
    for (let tries = 0; tries < 50 && (await alertRow.count()) === 0; tries++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await expectText(alertRow, [`key ${created.id}`, 'month', '1%']);
  });

  it('rotates the key after confirmation (Escape cancels and gives focus back): the old secret is refused, the new one works', async () => {
    await page.getByRole('link', { name: 'Keys' }).click();
    const rotate = page.getByRole('button', { name: 'Rotate checkout-bot' });
    await rotate.click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await rotate.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate' }).click();

    const rotated = await page.getByLabel('Secret key').inputValue();
    expect(rotated).not.toBe(secret);
    await expect(chat(secret)).rejects.toMatchObject({ status: 401 });
    await expect(chat(rotated)).resolves.toMatchObject({ object: 'chat.completion' });
    secret = rotated;
  });

  it('revokes the key after confirmation, and the next call is refused', async () => {
    await page.getByRole('button', { name: 'Revoke checkout-bot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();

    await expectText(keyRow(), ['revoked']);
    await expectText(page.getByRole('status'), ['Revoked checkout-bot: every call with it is refused from now on.']);
    expect(await page.getByRole('heading', { name: 'All keys' }).evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Revoke checkout-bot' }).count()).toBe(0);
    await expect(chat(secret)).rejects.toMatchObject({ status: 401 });
  });
});

/** Waits (briefly) until the element's text contains every expected piece. */
async function expectText(locator: ReturnType<Page['locator']>, expected: readonly (string | RegExp)[]): Promise<void> {
  const deadline = Date.now() + 5_000;
  let text = '';
  while (Date.now() < deadline) {
    text = await locator.innerText({ timeout: 5_000 }).catch(() => '');
    if (expected.every((piece) => (typeof piece === 'string' ? text.includes(piece) : piece.test(text)))) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`fails to show ${expected.map(String).join(', ')}; the element reads:\n${text}`);
}
