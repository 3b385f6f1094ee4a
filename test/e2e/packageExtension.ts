// Builds what the real-workbench runs need, through the project's own npm scripts: the development
// build (which also bundles the in-host suite to out/test/suite/index.js) and the production VSIX.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './codeServer.ts';
import { runCommand } from './processGroup.ts';

export const vsixPath = join(repoRoot, 'dist', 'opensymphony.vsix');
export const suiteEntry = join(repoRoot, 'out', 'test', 'suite', 'index.js');

/** `npm run build` then `npm run package`; returns the VSIX path. */
export async function buildAndPackage(options: { suite: boolean }): Promise<string> {
  // npm scripts find the project's Node 24 (devDependency `node`) first on PATH, which vsce 4 needs.
  if (options.suite) {
    await runCommand('npm', ['run', '--silent', 'build'], { cwd: repoRoot });
    if (!existsSync(suiteEntry)) throw new Error(`npm run build did not produce ${suiteEntry}`);
  }
  await runCommand('npm', ['run', '--silent', 'package'], { cwd: repoRoot });
  if (!existsSync(vsixPath)) throw new Error(`npm run package did not produce ${vsixPath}`);
  return vsixPath;
}
