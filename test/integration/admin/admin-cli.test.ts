import { runAdminCli } from '../../../bin/admin';
import { startAdminHarness, type AdminHarness } from './admin-harness';

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startAdminHarness();
});

afterAll(async () => {
  await harness.close();
});

async function cli(...args: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runAdminCli(args, {
    env: { GATEWAY_URL: harness.url, GATEWAY_ADMIN_TOKEN: harness.token },
    fetch,
    out: (text) => lines.push(text),
  });
  return { code, output: lines.join('\n') };
}

describe('admin CLI against a local gateway', () => {
  it('creates a key with a budget and prints the secret once', async () => {
    const { code, output } = await cli('keys', 'create', '--name', 'cli-bot', '--team', 'search', '--budget-usd', '25', '--budget-period', 'month', '--rpm', '10');

    expect(code).toBe(0);
    expect(output).toMatch(/^id\s+key_[0-9a-f]{24}$/m);
    expect(output).toContain('budget   $25.00 per month');
    expect(output).toContain('limits   rpm 10, tpm -');
    expect(output).toMatch(/Secret \(shown once, store it now\):\nsk-[A-Za-z0-9_-]{43}$/);
  });

  it('lists keys as a table, then rotates and revokes one', async () => {
    const created = JSON.parse((await cli('keys', 'create', '--name', 'to-revoke', '--json')).output) as { id: string; key: string };

    const listed = await cli('keys', 'list');
    expect(listed.output.split('\n')[0]).toMatch(/^id\s+name\s+team\s+status\s+prefix\s+created\s+expires$/);
    expect(listed.output).toContain(created.id);

    const rotated = await cli('keys', 'rotate', created.id);
    expect(rotated.output).not.toContain(created.key);
    expect(rotated.output).toMatch(/sk-[A-Za-z0-9_-]{43}$/);

    expect((await cli('keys', 'revoke', created.id)).output).toBe(`Revoked ${created.id} (to-revoke).`);
    expect((await cli('keys', 'get', created.id)).output).toMatch(/^status\s+revoked$/m);
  });

  it('sets and reads a team budget and limits', async () => {
    await harness.ledger.keys.create({ name: 'ml-bot', team: 'ml' });
    expect((await cli('budgets', 'set', 'team', 'ml', '--usd', '100', '--period', 'day')).output).toBe('Budget for team ml: $100.00 per day.');
    expect((await cli('budgets', 'get', 'team', 'ml')).output).toMatch(/team\s+ml\s+\d{4}-\d{2}-\d{2}\s+\$100\.00\s+\$0\.00\s+\$0\.00\s+\$100\.00/);
    expect((await cli('limits', 'set', 'team', 'ml', '--tpm', '5000')).output).toBe('Limits for team ml: rpm -, tpm 5000.');
  });

  it('prints a usage report with a total line', async () => {
    const admitted = await harness.ledger.meter.admit({
      principal: { id: 'key_cli_usage', kind: 'key' },
      model: { id: 'nova-micro' } as never,
      requestId: 'req_cli_usage',
      maxCostNanoUsd: 10_000_000,
      estimatedInputTokens: 10,
      maxOutputTokens: 10,
    });
    await admitted.settle({
      usage: { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 0, cacheWriteTokens: 0 },
      costNanoUsd: 4_500_000,
      status: 200,
      latencyMs: 1,
      servedModel: 'nova-micro',
    });

    const { code, output } = await cli('usage', '--group-by', 'model', '--key', 'key_cli_usage');

    expect(code).toBe(0);
    expect(output).toMatch(/^model\s+requests\s+input\s+output\s+cached\s+cost$/m);
    expect(output).toMatch(/^nova-micro\s+1\s+1200\s+300\s+0\s+\$0\.0045$/m);
    expect(output).toMatch(/^TOTAL\s+1\s+1200\s+300\s+0\s+\$0\.0045$/m);
  });

  it('fails with the API error and exit code 1 on bad input', async () => {
    const { code, output } = await cli('budgets', 'set', 'team', 'ml', '--usd=-5', '--period', 'day');
    expect(code).toBe(1);
    expect(output).toMatch(/^Error: 400 invalid_request_error: .*\(param: usd\)$/);
  });

  it('fails with usage help for an unknown command', async () => {
    const { code, output } = await cli('keys', 'explode');
    expect(code).toBe(1);
    expect(output).toContain('Usage: npm run admin');
  });
});

describe('admin CLI against AWS', () => {
  it('signs requests with SigV4 for execute-api in the URL region when no admin token is set', async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const seen: { url: string; headers: Record<string, string> }[] = [];
    try {
      const code = await runAdminCli(['keys', 'list', '--url', 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod'], {
        env: {},
        fetch: async (url, init) => {
          seen.push({ url: String(url), headers: init?.headers as Record<string, string> });
          return new Response(JSON.stringify({ object: 'list', data: [] }), { status: 200 });
        },
        out: () => undefined,
      });
      expect(code).toBe(0);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    }
    expect(seen[0]?.headers.host).toBeUndefined();
    expect(seen[0]?.url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod/admin/keys');
    expect(seen[0]?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
  });
});
