// One build for every bundle: the extension (cjs, `vscode` external), the host (node, native module
// external), the webviews (browser) and the in-host test suite. `node build.ts [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common: esbuild.BuildOptions = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  target: 'es2023',
  logLevel: 'warning',
  legalComments: 'none',
};

const node: esbuild.BuildOptions = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // The native module ships beside the bundle; ws's optional native accelerators are not used.
  external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
  // Sources are ES modules; the bundles are CommonJS, where import.meta.url is the bundle's file.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
};

const webviewEntries = existsSync('webviews')
  ? readdirSync('webviews', { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join('webviews', entry.name, 'main.tsx')))
    .map((entry) => ({ in: join('webviews', entry.name, 'main.tsx'), out: entry.name }))
  : [];

const builds: esbuild.BuildOptions[] = [
  // VS Code's extension host logs an error (PendingMigrationError) whenever an extension reads the
  // global `navigator`; zod reads it once to detect Cloudflare Workers. The extension is never there.
  { ...node, entryPoints: ['extension/main.ts'], outfile: 'dist/extension.js', external: [...node.external!, 'vscode'], define: { ...node.define, navigator: 'undefined' } },
  { ...node, entryPoints: ['host/main.ts'], outfile: 'dist/host.js' },
  ...(webviewEntries.length
    ? [{ ...common, platform: 'browser' as const, format: 'iife' as const, entryPoints: webviewEntries, outdir: 'dist/webviews', jsx: 'automatic' as const, jsxImportSource: 'preact' }]
    : []),
];
if (!production && existsSync('test/suite/index.ts')) {
  builds.push({ ...node, entryPoints: ['test/suite/index.ts'], outfile: 'out/test/suite/index.js', external: [...node.external!, 'vscode', 'mocha'] });
}

// Codicons for the webviews: served from dist/webviews like the bundles (the only webview resource root besides media).
mkdirSync('dist/webviews/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', file), join('dist', 'webviews', 'codicons', file));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
