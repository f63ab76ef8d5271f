/**
 * The console server between the browser and the admin API: it forwards with the operator's
 * credentials, which never reach the browser, and refuses requests other sites could make.
 */
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdminApiClient } from '../../../local/admin-api-client';
import { buildConsoleAssets, type ConsoleAssets } from '../../../local/console/assets';
import { startConsoleServer, type RunningConsole } from '../../../local/console/server';
import { startAdminHarness, type AdminHarness } from '../admin/admin-harness';

/** What a browser downloads, gzipped; past this the bundle has grown by a dependency, not a feature. */
const BUNDLE_BUDGET_GZIP_BYTES = 48 * 1024;

let harness: AdminHarness;
let assets: ConsoleAssets;
let consoleServer: RunningConsole;

beforeAll(async () => {
  [harness, assets] = await Promise.all([startAdminHarness(), buildConsoleAssets()]);
  const admin = createAdminApiClient({ baseUrl: harness.url, token: harness.token }, { env: {}, fetch });
  consoleServer = await startConsoleServer({ admin, assets, port: 0 });
});

afterAll(async () => {
  await consoleServer.close();
  await harness.close();
});

const origin = (): string => consoleServer.url;

describe('console server', () => {
  it('serves the page, its script and styles with a same-origin content security policy', async () => {
    const page = await fetch(`${origin()}/`);
    const html = await page.text();

    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(html).toContain('<script type="module" src="/assets/console.js"></script>');
    expect((await fetch(`${origin()}/assets/console.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${origin()}/assets/console.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it(`keeps the bundle under ${BUNDLE_BUDGET_GZIP_BYTES / 1024} KiB gzipped`, () => {
    expect(assets.gzipBytes).toBeGreaterThan(10 * 1024);
    expect(assets.gzipBytes).toBeLessThan(BUNDLE_BUDGET_GZIP_BYTES);
  });

  it('forwards admin calls with the admin token, which neither the page nor any answer contains', async () => {
    const created = await fetch(`${origin()}/api/admin/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: origin() },
      body: JSON.stringify({ name: 'through-the-console', team: 'search' }),
    });
    const listed = await fetch(`${origin()}/api/admin/keys`);
    const info = await fetch(`${origin()}/api/console`);

    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'through-the-console', team: 'search', key: expect.stringMatching(/^sk-/) });
    expect(listed.headers.get('x-request-id')).toMatch(/\S/);
    expect(await listed.json()).toMatchObject({ object: 'list', data: expect.arrayContaining([expect.objectContaining({ name: 'through-the-console' })]) });
    expect(await info.json()).toEqual({ adminUrl: harness.url, auth: 'token', region: null });
    for (const body of [...[...assets.files.values()].map((file) => file.body.toString()), JSON.stringify(Object.fromEntries(listed.headers))]) {
      expect(body).not.toContain(harness.token);
    }
  });

  it('passes the admin API error through, with its status and param', async () => {
    const answer = await fetch(`${origin()}/api/admin/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: origin() },
      body: JSON.stringify({ name: 'x', budget: { usd: -1, period: 'month' } }),
    });

    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ error: { type: 'invalid_request_error', param: 'budget.usd' } });
  });

  it.each<{ rule: string; method: string; headers: Record<string, string> }>([
    { rule: 'a change posted from another site', method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' } },
    { rule: 'a change without an origin', method: 'DELETE', headers: {} },
    { rule: 'a read another site started', method: 'GET', headers: { 'sec-fetch-site': 'cross-site' } },
  ])('fails $rule with 403 and forwards nothing', async ({ method, headers }) => {
    const before = (await harness.ledger.keys.list()).length;

    const answer = await fetch(`${origin()}/api/admin/keys`, { method, headers, body: method === 'POST' ? JSON.stringify({ name: 'csrf' }) : undefined });

    expect(answer.status).toBe(403);
    expect(await answer.json()).toMatchObject({ error: { type: 'console_error' } });
    expect((await harness.ledger.keys.list()).length).toBe(before);
  });

  it.each(['/api/admin/../../v1/models', '/api/admin/%2e%2e/%2e%2e/v1/models', '/api/v1/models'])('forwards nothing but the admin API: %s is a 404', async (path) => {
    const { port } = new URL(origin());
    // node:http sends the path as written; fetch would normalise the dot segments before sending.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject);
    });
    expect(status).toBe(404);
  });

  it('answers 502 naming the admin API URL when it does not answer', async () => {
    const unreachable = createAdminApiClient({ baseUrl: 'http://127.0.0.1:9', token: 't' }, { env: {}, fetch });
    const orphan = await startConsoleServer({ admin: unreachable, assets, port: 0 });
    try {
      const answer = await fetch(`${orphan.url}/api/admin/keys`);
      expect(answer.status).toBe(502);
      expect(await answer.json()).toMatchObject({ error: { type: 'console_error', message: expect.stringMatching(/^The admin API at http:\/\/127\.0\.0\.1:9\/admin did not answer/) } });
    } finally {
      await orphan.close();
    }
  });
});

describe('console server against a deployed admin API', () => {
  let recorder: Server;
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    // Stands in for API Gateway, which cannot run here: it records what the console sends.
    recorder = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [] }));
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => recorder.close(() => resolve()));
  });

  it('signs each call with SigV4 for execute-api from the credential chain, and the browser sees no credential', async () => {
    const { port } = recorder.address() as AddressInfo;
    const admin = createAdminApiClient(
      { baseUrl: `http://127.0.0.1:${port}/prod`, region: 'eu-west-1' },
      { env: {}, fetch, credentials: async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-value' }) },
    );
    const signed = await startConsoleServer({ admin, assets, port: 0 });
    try {
      const answer = await fetch(`${signed.url}/api/admin/limits/team/search`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', origin: signed.url },
        body: JSON.stringify({ rpm: 60 }),
      });
      const info = await (await fetch(`${signed.url}/api/console`)).json();

      expect(answer.status).toBe(200);
      expect(seen[0]).toMatchObject({ url: '/prod/admin/limits/team/search', body: '{"rpm":60}' });
      expect(seen[0]?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
      expect(seen[0]?.headers['x-amz-security-token']).toBe('session-token-value');
      expect(info).toEqual({ adminUrl: `http://127.0.0.1:${port}/prod`, auth: 'sigv4', region: 'eu-west-1' });
      expect(JSON.stringify(Object.fromEntries(answer.headers))).not.toMatch(/AWS4-HMAC|session-token-value/);
    } finally {
      await signed.close();
    }
  });
});
