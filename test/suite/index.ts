// Entry VS Code's extension host loads for `extensionTestsPath` (bundled by build.ts to
// out/test/suite/index.js, mocha external). Same contract as @vscode/test-electron and the
// code-server payload runner: export run(), which settles when mocha is done.
import Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number | undefined;
  error?: string;
}

/** Runs the suite; writes a JSON summary to $OPENSYMPHONY_TEST_RESULTS (default: beside this file). */
export async function run(): Promise<void> {
  const resultsFile = process.env.OPENSYMPHONY_TEST_RESULTS ?? join(__dirname, 'results.json');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  // The test files are bundled into this one, so they are loaded here, after mocha has installed
  // its bdd globals (describe/it), instead of through mocha.addFile.
  mocha.suite.emit('pre-require', globalThis, 'extension.test.ts', mocha);
  await import('./extension.test.ts');
  await import('./connections.test.ts');
  await import('./runControls.test.ts');
  const results: TestResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error) => results.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration, error: String(error?.stack ?? error) }));
  });
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify({ failures, passes: results.filter((result) => result.state === 'passed').length, tests: results.length, results }, null, 2));
  if (failures > 0) throw new Error(`${failures} extension host test(s) failed`);
}
