import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHostProcess } from '../../../fakes/hostProcess.ts';
import { runCli, tempDir } from './conformanceSupport.ts';

/** A valid WORKFLOW.md with a local tracker and no issues, in `dir`. */
function aWorkflowFolder(dir: string): string {
  writeFileSync(join(dir, 'issues.yaml'), 'issues: []\n');
  writeFileSync(join(dir, 'WORKFLOW.md'), '---\ntracker:\n  kind: local\nworkspace:\n  root: workspaces\n---\nWork on {{ issue.identifier }}.\n');
  return join(dir, 'WORKFLOW.md');
}

const noStackTrace = (text: string) => assert.doesNotMatch(text, /^\s+at /m, 'a clean message, not a stack trace');

describe('Symphony §17.7 CLI and host lifecycle', () => {
  it('17.7.1 accepts a positional workflow path', async (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, 'elsewhere'));
    const workflow = aWorkflowFolder(join(dir, 'elsewhere'));
    const result = await runCli(['validate', workflow], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).path, workflow);
  });

  it('17.7.2 defaults to ./WORKFLOW.md without one', async (t) => {
    const dir = tempDir(t);
    aWorkflowFolder(dir);
    const result = await runCli(['validate'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).path, join(dir, 'WORKFLOW.md'));
  });

  it('17.7.3 errors on a nonexistent explicit path and on a missing default file (serve reports it and keeps serving, as documented)', async (t) => {
    const dir = tempDir(t);
    const explicit = await runCli(['validate', join(dir, 'nope.md')], { cwd: dir });
    assert.equal(explicit.code, 1);
    assert.match(explicit.stderr, /^missing_workflow_file: Cannot read the workflow file .*nope\.md/);
    const defaulted = await runCli(['validate'], { cwd: dir });
    assert.equal(defaulted.code, 1);
    assert.match(defaulted.stderr, /missing_workflow_file: Cannot read the workflow file .*WORKFLOW\.md/);
    const host = await startHostProcess({ workflow: join(dir, 'missing', 'WORKFLOW.md'), dataDir: join(dir, 'data') });
    try {
      const snapshot = await host.client.snapshot();
      assert.equal(snapshot.workflow.error?.code, 'missing_workflow_file');
    } finally {
      await host.stop();
    }
  });

  it('17.7.4 surfaces a startup failure cleanly: a typed error line and the usage, no stack trace', async () => {
    const result = await runCli(['serve', '--workflow', 'WORKFLOW.md']);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /ERROR \[host\] usage: missing --data/);
    noStackTrace(result.stderr);
  });

  it('17.7.5 exits 0 after a normal start and shutdown', async (t) => {
    const dir = tempDir(t);
    const host = await startHostProcess({ workflow: aWorkflowFolder(dir), dataDir: join(dir, 'data') });
    assert.equal((await host.client.ready()).status, 'ready');
    assert.equal(await host.stop(), 0);
  });

  it('17.7.6 exits non-zero when startup fails', async (t) => {
    const dir = tempDir(t);
    const workflow = aWorkflowFolder(dir);
    writeFileSync(join(dir, 'not-a-folder'), '');
    const data = join(dir, 'not-a-folder', 'data');
    const result = await runCli(['serve', '--workflow', workflow, '--data', data, '--socket', join(dir, 'host.sock'), '--token-file', join(dir, 'token')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /ERROR \[host\] \w+/);
    noStackTrace(result.stderr);
    const unknown = await runCli(['launch']);
    assert.equal(unknown.code, 2, 'an unknown command is a usage error');
  });
});
