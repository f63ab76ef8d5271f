/**
 * `npm run console` (bin/console.ts) in its own process, as an operator starts it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startAdminHarness, type AdminHarness } from '../admin/admin-harness';

const ROOT = join(__dirname, '../../..');

let harness: AdminHarness;

beforeAll(async () => {
  harness = await startAdminHarness();
});

afterAll(async () => {
  await harness.close();
});

/** Runs bin/console.ts until it prints "Press Ctrl-C" (then stops it with SIGINT) or exits. */
function runConsole(args: readonly string[], env: Readonly<Record<string, string>>): Promise<{ output: string; code: number | null; page?: string }> {
  const { GATEWAY_URL: _url, GATEWAY_ADMIN_TOKEN: _token, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/console.ts', ...args], { cwd: ROOT, env: { ...inherited, ...env } });
  let output = '';
  let page: string | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`npm run console did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const url = /console on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined && output.includes('Press Ctrl-C') && page === undefined) {
        page = '';
        void fetch(url)
          .then((response) => response.text())
          .then((html) => {
            page = html;
            child.kill('SIGINT');
          }, reject);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ output, code, page });
    });
  });
}

describe('npm run console (bin/console.ts)', () => {
  it('serves on 127.0.0.1, says which admin API it reaches and how, prints the bundle size, and stops on Ctrl-C', async () => {
    const { output, code, page } = await runConsole(['--port', '0'], { GATEWAY_URL: harness.url, GATEWAY_ADMIN_TOKEN: harness.token });

    expect(output).toMatch(/^Bedrock gateway console on http:\/\/127\.0\.0\.1:\d+$/m);
    expect(output).toContain(`Admin API: ${harness.url} (admin token), reachable`);
    expect(output).toMatch(/Bundle: {4}\d+\.\d KiB \(\d+\.\d KiB gzipped\)/);
    expect(output).not.toContain(harness.token);
    expect(page).toContain('<div id="app"></div>');
    expect(code).toBe(0);
  });

  it('fails to start against a local gateway without its admin token, saying where to find it', async () => {
    const { output, code } = await runConsole(['--url', 'http://127.0.0.1:4000'], {});

    expect(output).toContain(
      'npm run console failed: A local gateway (http://127.0.0.1:4000) needs its admin token: GATEWAY_ADMIN_TOKEN=admin-... npm run console (npm start prints the token).',
    );
    expect(code).toBe(1);
  });

  it('says so at start when the admin token is wrong', async () => {
    const { output } = await runConsole(['--port', '0', '--url', harness.url, '--token', 'wrong-token'], {});

    expect(output).toMatch(/Admin API: http:\/\/127\.0\.0\.1:\d+ \(admin token\), answered 401: /);
  });
});
