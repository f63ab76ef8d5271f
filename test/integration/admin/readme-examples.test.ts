/**
 * The README's examples run: every `npm run admin -- ...` line and admin curl in its bash blocks
 * against the admin API, every `-c gateway='...'` and `"gateway": {...}` configuration through the
 * configuration parser that `cdk synth` uses, the `GATEWAY_CATALOG` example through the catalog.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAdminCli } from '../../../bin/admin';
import { parseGatewayConfig } from '../../../lib/config';
import { createModelCatalog, parseCatalogOptions } from '../../../lambda/catalog';
import { startAdminHarness, type AdminHarness } from './admin-harness';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

/** The bodies of the README's fenced blocks of one language. */
const blocks = (language: string): string[] => [...readme.matchAll(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((match) => match[1] ?? '');

const bashLines = blocks('bash').flatMap((block) => block.split('\n'));

/** Shell words of a line: a command substitution `"$(...)"` is one word, "double" and 'single' quotes group, `# comment` and `> file` end it. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.replace(/"\$\(.*\)"/, '$(substitution)').matchAll(/"([^"]*)"|'([^']*)'|(#.*$)|(>.*$)|(\S+)/g)) {
    if (match[3] !== undefined || match[4] !== undefined) break;
    words.push(match[1] ?? match[2] ?? match[5] ?? '');
  }
  return words;
}

describe('README examples', () => {
  describe('admin CLI and curl', () => {
    let harness: AdminHarness;
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    beforeAll(async () => {
      harness = await startAdminHarness();
      // `token` presigns offline with these (sts:GetCallerIdentity is never called here).
      process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
      process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    });
    afterAll(async () => {
      await harness.close();
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    });

    const cliLines = bashLines.filter((line) => line.startsWith('npm run admin -- '));

    it('has the examples (a dozen CLI lines and a curl)', () => {
      expect(cliLines.length).toBeGreaterThanOrEqual(12);
      expect(bashLines.some((line) => line.startsWith('curl ') && line.includes('/admin/'))).toBe(true);
    });

    it('runs every npm run admin line, in order, with exit code 0', async () => {
      let keyId = '';
      for (const line of cliLines) {
        const args = shellWords(line)
          .slice(4)
          .map((word) => (word === 'key_...' ? keyId : word.startsWith('$(') ? 'bedrock-gateway:BedrockGateway:us-east-1:123456789012' : word));
        const stdout: string[] = [];
        const stderr: string[] = [];
        const code = await runAdminCli([...args, ...(args[0] === 'keys' && args[1] === 'create' ? ['--json'] : [])], {
          env: { GATEWAY_URL: harness.url, GATEWAY_ADMIN_TOKEN: harness.token },
          fetch,
          out: (text) => stdout.push(text),
          err: (text) => stderr.push(text),
        });
        expect({ line, code, stderr: stderr.join('\n') }).toEqual({ line, code: 0, stderr: '' });
        if (args[0] === 'keys' && args[1] === 'create') keyId = (JSON.parse(stdout.join('\n')) as { id: string }).id;
      }
      expect(keyId).toMatch(/^key_[0-9a-f]{24}$/);
    });

    it('answers every admin curl with a 2xx', async () => {
      const curls = bashLines.filter((line) => line.startsWith('curl ') && line.includes('/admin/'));
      for (const line of curls) {
        const url = shellWords(line).find((word) => word.startsWith('http://127.0.0.1:4000/admin/')) ?? '';
        const response = await fetch(url.replace('http://127.0.0.1:4000', harness.url), { headers: { authorization: `Bearer ${harness.token}` } });
        expect({ line, status: response.status }).toEqual({ line, status: 200 });
      }
    });
  });

  describe('deployment configuration', () => {
    const contextArgs = bashLines.flatMap((line) => [...line.matchAll(/-c gateway='([^']*)'/g)].map((match) => match[1] ?? ''));
    const jsonConfigs = blocks('json')
      .map((block) => JSON.parse(block) as Record<string, unknown>)
      .filter((value) => 'gateway' in value);

    it('has the examples', () => {
      expect(contextArgs.length).toBeGreaterThanOrEqual(2);
      expect(jsonConfigs.length).toBeGreaterThanOrEqual(1);
    });

    it.each(contextArgs)("-c gateway='%s' is a valid configuration", (json) => {
      expect(() => parseGatewayConfig(json)).not.toThrow();
    });

    it('every "gateway" JSON block is a valid configuration', () => {
      for (const config of jsonConfigs) expect(() => parseGatewayConfig(config.gateway)).not.toThrow();
    });

    it('the GATEWAY_CATALOG JSON block builds a catalog', () => {
      const catalogs = blocks('json').filter((block) => block.includes('"allowList"'));
      expect(catalogs.length).toBeGreaterThanOrEqual(1);
      for (const json of catalogs) expect(() => createModelCatalog(parseCatalogOptions(json))).not.toThrow();
    });

    it('an invalid one ends the CDK app (bin/gateway.ts) with exit 1 and its problems, without a stack trace', async () => {
      const context = { gateway: JSON.stringify({ endpointType: 'private', vpcEndpointIds: ['vpce-0123'], allowedSourceVpcIds: ['vpc-0456'] }) };
      const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
      try {
        // The CDK CLI hands `-c` context to the app in CDK_CONTEXT_JSON.
        const child = spawn(process.execPath, ['--import', 'tsx', 'bin/gateway.ts'], {
          cwd: join(__dirname, '../../..'),
          env: { ...process.env, NODE_NO_WARNINGS: '1', CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
        expect({ code, stderr }).toEqual({
          code: 1,
          stderr: [
            'Invalid deployment configuration in cdk.json context "gateway":',
            '  - gateway.vpcEndpointIds[0]: expected a VPC endpoint id like "vpce-0123456789abcdef0" (received "vpce-0123")',
            '  - gateway.allowedSourceVpcIds[0]: expected a VPC id like "vpc-0123456789abcdef0" (received "vpc-0456")',
            '',
          ].join('\n'),
        });
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    });
  });
});
