/**
 * `npm start` as a user meets it: bin/dev.ts in its own process, its printed URL, key and curl.
 */
import OpenAI from 'openai';
import { startBedrockEmulator, type BedrockEmulator } from '../../local/bedrock-emulator';
import { startDev, stopDev as stop } from '../support/dev-process';

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
    } finally {
      expect(await stop(dev.child)).toBe(0);
    }
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
