/**
 * `npm start` as a user meets it: bin/dev.ts in its own process, its printed URL, key and curl.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { startDev, stopDev as stop } from '../support/dev-process';

// Each test starts npm start in its own process (tsx, the emulator, dynalite, the catalog refresh):
// seconds on a quiet machine, many more on a loaded CI runner.
jest.setTimeout(90_000);

describe('npm start (bin/dev.ts)', () => {
  it('serves on embedded defaults, answers the printed curl request and the openai client, and stops cleanly on Ctrl-C', async () => {
    const dev = await startDev([], { GATEWAY_DEV_KEY: 'sk-dev-runner-test-key' });
    try {
      expect(dev.key).toBe('sk-dev-runner-test-key');
      expect(dev.output()).toContain(`curl ${dev.url}/v1/chat/completions`);
      expect(dev.output()).toContain(`Console:         GATEWAY_URL=${dev.url} GATEWAY_ADMIN_TOKEN=${dev.adminToken} npm run console`);
      const body = /-d '(.+)'/.exec(dev.output())?.[1] ?? '';
      const curlLike = await fetch(`${dev.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dev.key}`, 'content-type': 'application/json' },
        body,
      });
      expect(curlLike.status).toBe(200);
      expect(await curlLike.json()).toMatchObject({ object: 'chat.completion', choices: [{ message: { role: 'assistant' } }] });

      const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: dev.key, maxRetries: 0 });
      const stream = await client.chat.completions.create({ model: 'nova-lite', stream: true, messages: [{ role: 'user', content: 'Hello' }] });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toContain('Hello from the Bedrock emulator');

      // Health: liveness and readiness without credentials, as a load balancer calls them.
      const live = await fetch(`${dev.url}/health`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`${dev.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { dynamodb: 'ok', bedrock: 'ok' } });
    } finally {
      expect(await stop(dev.child)).toBe(0);
    }
  });

  describe('with a data folder (the default is .gateway/ in the repository)', () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'gateway-data-'));
    });
    afterAll(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });

    // Three starts of npm start (each also loads the live catalog from the emulator): room on a busy machine.
    it('keeps keys, budgets, usage, the generated dev key and the admin token across a restart, and refuses a second process on the folder', async () => {
      const first = await startDev([`--data-dir=${dataDir}`], {});
      let keyId: string;
      let secret: string;
      try {
        expect(first.output()).toContain(`Data:            ${join(dataDir, 'ledger')} (kept across restarts; delete ${dataDir} to reset, or start with --ephemeral)`);
        expect(statSync(join(dataDir, 'dev-credentials.json')).mode & 0o777).toBe(0o600);
        const created = await fetch(`${first.url}/admin/keys`, {
          method: 'POST',
          headers: { authorization: `Bearer ${first.adminToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'survivor', team: 'search', budget: { usd: 5, period: 'month' } }),
        });
        expect(created.status).toBe(201);
        ({ id: keyId, key: secret } = (await created.json()) as { id: string; key: string });
        const client = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: secret, maxRetries: 0 });
        await client.chat.completions.create({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello' }] });

        await expect(startDev([`--data-dir=${dataDir}`], {})).rejects.toThrow(`${dataDir} is in use by another npm start (process ${String(first.child.pid)})`);
      } finally {
        expect(await stop(first.child)).toBe(0);
      }

      const second = await startDev([`--data-dir=${dataDir}`], {});
      try {
        expect([second.key, second.adminToken]).toEqual([first.key, first.adminToken]);
        expect(second.output()).toContain('(generated, kept for the next start; set GATEWAY_DEV_KEY to choose one)');
        const admin = { authorization: `Bearer ${second.adminToken}` };
        const key = (await (await fetch(`${second.url}/admin/keys/${keyId}`, { headers: admin })).json()) as { name: string; budget: { usd: number; spentNanoUsd: number } };
        expect(key.name).toBe('survivor');
        expect(key.budget.usd).toBe(5);
        expect(key.budget.spentNanoUsd).toBeGreaterThan(0);
        const usage = (await (await fetch(`${second.url}/admin/usage?groupBy=team`, { headers: admin })).json()) as { rows: { team: string; requests: number }[] };
        expect(usage.rows).toEqual([expect.objectContaining({ team: 'search', requests: 1 })]);

        const client = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: secret, maxRetries: 0 });
        const again = await client.chat.completions.create({ model: 'nova-lite', messages: [{ role: 'user', content: 'Hello again' }] });
        expect(again.choices[0]?.message.content).toContain('Hello from the Bedrock emulator');
        const devClient = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: second.key, maxRetries: 0 });
        expect((await devClient.models.list()).data.length).toBeGreaterThan(0);
      } finally {
        expect(await stop(second.child)).toBe(0);
      }
    }, 180_000);

    it('keeps a chosen GATEWAY_DEV_KEY working across a restart without writing it down', async () => {
      const folder = join(dataDir, 'chosen');
      const env = { GATEWAY_DEV_KEY: 'sk-chosen-dev-key-0123' };
      for (const round of [1, 2]) {
        const dev = await startDev([`--data-dir=${folder}`], env);
        try {
          expect({ round, key: dev.key }).toEqual({ round, key: env.GATEWAY_DEV_KEY });
          const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: dev.key, maxRetries: 0 });
          expect((await client.models.list()).data.length).toBeGreaterThan(0);
          const keys = (await (await fetch(`${dev.url}/admin/keys`, { headers: { authorization: `Bearer ${dev.adminToken}` } })).json()) as { data: { name: string }[] };
          expect(keys.data.map((key) => key.name)).toEqual(['dev']);
        } finally {
          expect(await stop(dev.child)).toBe(0);
        }
      }
      expect(readFileSync(join(folder, 'dev-credentials.json'), 'utf8')).not.toContain(env.GATEWAY_DEV_KEY);
    });

    it('keeps nothing with --ephemeral', async () => {
      const dev = await startDev(['--ephemeral'], {});
      try {
        expect(dev.output()).toContain('Data:            in memory (--ephemeral): lost when this process stops');
        const keys = (await (await fetch(`${dev.url}/admin/keys`, { headers: { authorization: `Bearer ${dev.adminToken}` } })).json()) as { data: { name: string }[] };
        expect(keys.data.map((key) => key.name)).toEqual(['dev']);
      } finally {
        expect(await stop(dev.child)).toBe(0);
      }
    });
  });

  describe('with --bedrock=aws and AWS_ENDPOINT_URL_BEDROCK_RUNTIME', () => {
    let emulator: BedrockEmulator;
    beforeAll(async () => {
      emulator = await startBedrockEmulator();
    });
    afterAll(async () => {
      await emulator.close();
    });

    it('sends the Converse calls to that endpoint with the credentials in the environment', async () => {
      const dev = await startDev(['--bedrock=aws'], {
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME: emulator.runtimeUrl,
        AWS_REGION: 'us-west-2',
        AWS_ACCESS_KEY_ID: 'AKIAEXTERNALTEST',
        AWS_SECRET_ACCESS_KEY: 'external-secret',
      });
      try {
        emulator.script({ text: 'served by the external endpoint' });
        const client = new OpenAI({ baseURL: `${dev.url}/v1`, apiKey: dev.key, maxRetries: 0 });

        const completion = await client.chat.completions.create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] });

        expect(completion.choices[0]?.message.content).toBe('served by the external endpoint');
        const converse = emulator.requests.find((request) => request.operation === 'Converse');
        expect(converse?.modelId).toBe('us.anthropic.claude-haiku-4-5-20251001-v1:0');
        expect(converse?.headers.authorization).toContain('Credential=AKIAEXTERNALTEST/');
        expect(converse?.headers.authorization).toContain('/us-west-2/bedrock/aws4_request');
      } finally {
        expect(await stop(dev.child)).toBe(0);
      }
    });
  });
});
