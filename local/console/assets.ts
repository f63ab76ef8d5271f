/**
 * @module The console's browser bundle: built in memory by esbuild when the console starts (a few
 * hundred milliseconds), so there is no build step and nothing generated in the repository.
 */
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const WEB_ROOT = join(__dirname, 'web');

/** One served file. */
interface ConsoleAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

interface ConsoleAssets {
  /** By URL path: `/`, `/assets/console.js`, `/assets/console.css`. */
  readonly files: ReadonlyMap<string, ConsoleAsset>;
  /** What a browser downloads: the page, the script and the styles. */
  readonly bytes: number;
  readonly gzipBytes: number;
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Bedrock Gateway console</title>
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/assets/console.js"></script>
</head>
<body>
<div id="app"></div>
<noscript>The console needs JavaScript.</noscript>
</body>
</html>
`;

/** Bundles and minifies the web app (Preact and uPlot included). */
async function buildConsoleAssets(): Promise<ConsoleAssets> {
  const result = await build({
    entryPoints: { console: join(WEB_ROOT, 'main.tsx'), 'console-styles': join(WEB_ROOT, 'styles.css') },
    bundle: true,
    minify: true,
    write: false,
    outdir: '/assets',
    format: 'esm',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(WEB_ROOT, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = (suffix: string): Buffer => {
    const file = result.outputFiles.find((candidate) => candidate.path.endsWith(suffix));
    if (file === undefined) throw new Error(`The console bundle has no ${suffix}.`);
    return Buffer.from(file.contents);
  };
  const files = new Map<string, ConsoleAsset>([
    ['/', { contentType: 'text/html; charset=utf-8', body: Buffer.from(INDEX_HTML) }],
    ['/assets/console.js', { contentType: 'text/javascript; charset=utf-8', body: output('console.js') }],
    ['/assets/console.css', { contentType: 'text/css; charset=utf-8', body: output('console-styles.css') }],
  ]);
  const bodies = [...files.values()].map((file) => file.body);
  return {
    files,
    bytes: bodies.reduce((sum, body) => sum + body.length, 0),
    gzipBytes: bodies.reduce((sum, body) => sum + gzipSync(body).length, 0),
  };
}

export { buildConsoleAssets };
export type { ConsoleAsset, ConsoleAssets };
