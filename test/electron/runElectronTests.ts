// `npm run test:electron`: the same in-host mocha suite (test/suite) in DESKTOP VS Code, downloaded
// by @vscode/test-electron into .vscode-test/. Needs network access to update.code.visualstudio.com
// (not available on the offline CI machine, where `npm test` uses code-server instead; see
// test/e2e/runE2e.ts). Env: VSCODE_VERSION (default stable), VSCODE_EXECUTABLE (use a local install).
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSampleWorkspace } from '../e2e/sampleWorkspace.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const extensionTestsPath = join(repoRoot, 'out', 'test', 'suite', 'index.js');

async function main(): Promise<number> {
  if (!existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: run \`npm run build\` first`);
  const runDir = mkdtempSync(join(tmpdir(), 'opensymphony-electron-'));
  const workspace = createSampleWorkspace({ dir: join(runDir, 'sample'), codexCommand: 'codex app-server' });
  const resultsFile = join(runDir, 'mocha-results.json');
  try {
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace.dir, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { OPENSYMPHONY_TEST_RESULTS: resultsFile, OPENSYMPHONY_TEST_STATUS_FILE: join(runDir, 'status.json') },
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { version: process.env.VSCODE_VERSION ?? 'stable' }),
    });
    console.log(existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : 'no results file written');
    return 0;
  } catch (error) {
    console.error('extension host tests failed:', error instanceof Error ? error.message : error);
    return 1;
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 1;
});
