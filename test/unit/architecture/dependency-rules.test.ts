/**
 * Dependencies point one way: domain folders never import the HTTP layer (`lambda/gateway/`),
 * `identity/` and `ledger/` never import each other, and the runtime configuration
 * (`platform/config.ts`, read by the CDK app too) reaches no domain folder, not even through
 * another platform module. Each rule first proves, on a made-up file that breaks it, that the
 * checker sees the violation.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';

const LAMBDA_ROOT = join(__dirname, '../../../lambda');

/** Entry folders: thin handlers that wire the domains together; they may import anything. */
const ENTRY_FOLDERS = new Set(['gateway', 'authorizer', 'admin', 'maintenance']);

/** A source file by its path under `lambda/` (posix separators) and its text. */
interface SourceFile {
  readonly path: string;
  readonly source: string;
}

/** One import that breaks a rule. */
interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

const IMPORT_SPECIFIER = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The `lambda/` paths a file imports (relative imports only; packages are not ours). */
function importsOf(file: SourceFile, known: ReadonlySet<string>): string[] {
  const targets: string[] = [];
  for (const match of file.source.matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? '';
    if (!specifier.startsWith('.')) continue;
    const base = posix.normalize(posix.join(posix.dirname(file.path), specifier));
    const resolved = [`${base}.ts`, `${base}.d.ts`, `${base}/index.ts`].find((candidate) => known.has(candidate)) ?? base;
    targets.push(resolved);
  }
  return targets;
}

function folderOf(path: string): string {
  return path.split('/')[0] ?? '';
}

/** Every violation of the three rules in `files`. */
function findViolations(files: readonly SourceFile[]): Violation[] {
  const known = new Set(files.map((file) => file.path));
  const graph = new Map(files.map((file) => [file.path, importsOf(file, known)] as const));
  const violations: Violation[] = [];
  for (const [from, targets] of graph) {
    const source = folderOf(from);
    for (const to of targets) {
      const target = folderOf(to);
      if (!ENTRY_FOLDERS.has(source) && target === 'gateway') violations.push({ rule: 'domain imports gateway', from, to });
      if ((source === 'identity' && target === 'ledger') || (source === 'ledger' && target === 'identity')) {
        violations.push({ rule: 'identity and ledger import each other', from, to });
      }
    }
  }
  // The configuration's whole import closure stays inside platform/.
  const seen = new Set<string>();
  const pending = ['platform/config.ts'];
  while (pending.length > 0) {
    const from = pending.pop() as string;
    if (seen.has(from)) continue;
    seen.add(from);
    for (const to of graph.get(from) ?? []) {
      if (folderOf(to) !== 'platform') violations.push({ rule: 'config reaches a domain folder', from, to });
      else pending.push(to);
    }
  }
  return violations;
}

function lambdaSources(directory = LAMBDA_ROOT): SourceFile[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return lambdaSources(path);
    if (!entry.name.endsWith('.ts')) return [];
    return [{ path: relative(LAMBDA_ROOT, path).split(/[\\/]/).join('/'), source: readFileSync(path, 'utf8') }];
  });
}

/** A small valid tree the control cases break one rule at a time. */
const CLEAN: readonly SourceFile[] = [
  { path: 'platform/config.ts', source: "import { ENV } from './env-names';" },
  { path: 'platform/env-names.ts', source: 'export const ENV = {};' },
  { path: 'gateway/app.ts', source: "import { readRuntimeConfig } from '../platform/config';\nimport { createLedger } from '../ledger/ledger';" },
  { path: 'ledger/ledger.ts', source: "import type { RuntimeConfig } from '../platform/config';" },
  { path: 'identity/principal.ts', source: 'export type Principal = { id: string };' },
  { path: 'admin/routes.ts', source: "import type { RequestContext } from '../gateway/context';" },
  { path: 'gateway/context.ts', source: 'export type RequestContext = {};' },
];

describe('the dependency checker', () => {
  it('finds nothing in a tree that keeps the rules, entry folders importing the gateway included', () => {
    expect(findViolations(CLEAN)).toEqual([]);
  });

  it.each([
    {
      rule: 'domain imports gateway',
      file: { path: 'resilience/request-resilience.ts', source: "import type { RequestContext } from '../gateway/context';" },
      to: 'gateway/context.ts',
    },
    { rule: 'identity and ledger import each other', file: { path: 'identity/authenticator.ts', source: "import type { KeyStore } from '../ledger/ledger';" }, to: 'ledger/ledger.ts' },
    { rule: 'identity and ledger import each other', file: { path: 'ledger/meter.ts', source: "import type { Principal } from '../identity/principal';" }, to: 'identity/principal.ts' },
    { rule: 'domain imports gateway', file: { path: 'model-call/x.ts', source: "const app = require('../gateway/app');" }, to: 'gateway/app.ts' },
  ])('fails on $file.path importing $to ($rule)', ({ rule, file, to }) => {
    expect(findViolations([...CLEAN, file])).toEqual([{ rule, from: file.path, to }]);
  });

  it('fails when the configuration reaches a domain folder through another platform module', () => {
    const files = CLEAN.map((file) =>
      file.path === 'platform/env-names.ts' ? { ...file, source: "export { DEFAULT_RESILIENCE_SETTINGS } from '../resilience/resilience-settings';" } : file,
    );

    expect(findViolations(files)).toEqual([{ rule: 'config reaches a domain folder', from: 'platform/env-names.ts', to: 'resilience/resilience-settings' }]);
  });
});

describe('lambda/', () => {
  it('reads every source file, the configuration among them', () => {
    const paths = lambdaSources().map((file) => file.path);

    expect(paths).toContain('platform/config.ts');
    expect(paths.length).toBeGreaterThan(100);
  });

  it('keeps every dependency rule', () => {
    expect(findViolations(lambdaSources())).toEqual([]);
  });
});

export {};
