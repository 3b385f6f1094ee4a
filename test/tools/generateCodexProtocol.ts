// Regenerates host/harness/codex/generated/ from the pinned codex binary: the TypeScript bindings of
// `codex app-server generate-ts --experimental` (experimental too, because the adapter uses dynamic
// tools), plus knownMethods.ts, the runtime list of the server's notification and request methods.
//
//   npm run codex:generate            rewrite the folder
//   npm run codex:generate -- --check exit 1 when the checked-in folder differs from the binary's output
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCodexBinary } from '../fakes/codexMockEnvironment.ts';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = join(repositoryRoot, 'host', 'harness', 'codex', 'generated');

/** The version in the installed @openai/codex package.json: what the repository pins. */
function pinnedVersion(): string {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'node_modules', '@openai', 'codex', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function binaryVersion(binary: string): string {
  const output = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  const version = /(\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
  if (!version) throw new Error(`cannot read the version from \`codex --version\` output: ${output}`);
  return version;
}

/** The `"method": "…"` literals of one generated union file, in file order. */
function methodsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/"method": "([^"]+)"/g)].map((match) => match[1]!);
}

function knownMethodsModule(dir: string, version: string): string {
  const list = (methods: string[]) => methods.map((method) => `  '${method}',`).join('\n');
  return [
    '// GENERATED CODE! DO NOT MODIFY BY HAND!',
    `// Written by test/tools/generateCodexProtocol.ts from codex ${version}; regenerate with \`npm run codex:generate\`.`,
    "import type { ServerNotification } from './ServerNotification';",
    "import type { ServerRequest } from './ServerRequest';",
    '',
    '/** The @openai/codex version these bindings were generated from. */',
    `export const CODEX_PROTOCOL_VERSION = '${version}';`,
    '',
    '/** Every server → client notification method of this version. */',
    `export const SERVER_NOTIFICATION_METHODS: readonly ServerNotification['method'][] = [\n${list(methodsOf(join(dir, 'ServerNotification.ts')))}\n];`,
    '',
    '/** Every server → client request method of this version. */',
    `export const SERVER_REQUEST_METHODS: readonly ServerRequest['method'][] = [\n${list(methodsOf(join(dir, 'ServerRequest.ts')))}\n];`,
    '',
  ].join('\n');
}

function generate(binary: string, version: string): string {
  const scratch = mkdtempSync(join(tmpdir(), 'codex-generate-'));
  const out = join(scratch, 'generated');
  // A private CODEX_HOME: generation must not read or write the developer's own codex config.
  execFileSync(binary, ['app-server', 'generate-ts', '--experimental', '--out', out], {
    env: { ...process.env, CODEX_HOME: join(scratch, 'home') },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  writeFileSync(join(out, 'knownMethods.ts'), knownMethodsModule(out, version));
  return out;
}

function filesUnder(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, 'utf8'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return files;
}

function differences(expected: Map<string, string>, actual: Map<string, string>): string[] {
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((name) => expected.get(name) !== actual.get(name)).sort();
}

function main(): void {
  const check = process.argv.includes('--check');
  const binary = resolveCodexBinary();
  const version = binaryVersion(binary);
  const pinned = pinnedVersion();
  if (version !== pinned) throw new Error(`the codex binary is ${version} but package.json pins @openai/codex ${pinned}; run npm ci`);
  const out = generate(binary, version);
  try {
    if (check) {
      const drift = differences(filesUnder(out), filesUnder(target));
      if (drift.length) {
        console.error(`host/harness/codex/generated differs from codex ${version} in ${drift.length} file(s), e.g. ${drift.slice(0, 5).join(', ')}; run npm run codex:generate`);
        process.exitCode = 1;
        return;
      }
      console.log(`host/harness/codex/generated matches codex ${version}`);
      return;
    }
    rmSync(target, { recursive: true, force: true });
    cpSync(out, target, { recursive: true });
    console.log(`wrote ${filesUnder(target).size} files for codex ${version} to ${relative(repositoryRoot, target)}`);
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}

main();
