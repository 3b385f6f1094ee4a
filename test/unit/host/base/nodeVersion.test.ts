import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MINIMUM_NODE_VERSION, MINIMUM_VSCODE_VERSION, nodeVersionProblem } from '../../../../host/base/nodeVersion.ts';

const repoRoot = join(import.meta.dirname, '..', '..', '..', '..');

test('the host accepts Node.js from its minimum version on, and names both versions below it', () => {
  for (const version of [MINIMUM_NODE_VERSION, '22.19.1', '22.20.0', '23.0.0', '24.21.0', '100.0.0']) {
    assert.equal(nodeVersionProblem(version), undefined, version);
  }
  for (const version of ['20.18.3', '22.18.9', '22.9.0', '21.99.99', '0.0.0', '']) {
    const problem = nodeVersionProblem(version) ?? '';
    assert.ok(problem.includes(`Node.js ${MINIMUM_NODE_VERSION} or later`), `${version}: ${problem}`);
    assert.ok(problem.includes(`this runtime is Node.js ${version}.`), problem);
  }
});

test('the host CLI on an older Node.js exits 1 with the sentence, before loading what would fail', async () => {
  // The runtime reports an old version; everything else is the real CLI from source.
  const fakeOldNode = 'data:text/javascript,Object.defineProperty(process.versions,"node",{value:"20.18.3"})';
  const child = spawn(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', '--import', fakeOldNode, join(repoRoot, 'host', 'main.ts'), 'serve'], {
    cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  assert.equal(code, 1, stderr);
  assert.equal(stderr.trim(), nodeVersionProblem('20.18.3'));
});

test('the manifest asks for the Node.js and the VS Code that the minimum names', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    engines: { node: string; vscode: string };
    devDependencies: Record<string, string>;
  };
  assert.equal(manifest.engines.node, `>=${MINIMUM_NODE_VERSION}`);
  assert.equal(manifest.engines.vscode, `^${MINIMUM_VSCODE_VERSION}`);
  // The API types are those of the oldest VS Code offered the extension, so code that calls a newer API does not compile.
  assert.equal(manifest.devDependencies['@types/vscode'], `~${MINIMUM_VSCODE_VERSION}`);
});
