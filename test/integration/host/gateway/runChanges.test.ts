// Files a run changed and their diffs, through the real gateway: from git when the workspace is a
// git worktree, from the harness's recorded fileChange events otherwise.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import { HostGateway, overTransports } from './hostGatewayFixture.ts';

const GIT_IDENTITY = { GIT_AUTHOR_NAME: 'agent', GIT_AUTHOR_EMAIL: 'agent@example.com', GIT_COMMITTER_NAME: 'agent', GIT_COMMITTER_EMAIL: 'agent@example.com' };

overTransports('run files and diffs', (transport) => {
  it('a git worktree workspace lists committed, modified, untracked and deleted files against the base ref, with diffs', async (t) => {
    const host = await HostGateway.start(t, { transport, workspaces: 'git_worktree' });
    host.harness.onTurn = ({ workspacePath }) => {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: workspacePath, stdio: 'pipe', env: { ...process.env, ...GIT_IDENTITY } });
      writeFileSync(join(workspacePath, 'committed.txt'), 'already committed\n');
      git('add', 'committed.txt');
      git('commit', '--quiet', '-m', 'agent work');
      writeFileSync(join(workspacePath, 'README.md'), '# Demo\nnew line\n');
      mkdirSync(join(workspacePath, 'src'));
      writeFileSync(join(workspacePath, 'src', 'new.ts'), 'export const hello = 1;\n');
      rmSync(join(workspacePath, 'old.txt'));
    };
    const run = await host.startRun('OS-3');
    const client = host.client('viewer');
    const mainSha = execFileSync('git', ['rev-parse', 'main'], { cwd: host.repository, encoding: 'utf8' }).trim();

    const files = await client.runFiles(run.id);
    const detail = await client.runDetail(run.id);

    assert.deepEqual([files.source, files.base_ref, files.workspace_path], ['git', mainSha, run.workspace_path]);
    assert.deepEqual(files.files, [
      { path: 'README.md', status: 'modified' }, { path: 'committed.txt', status: 'added' },
      { path: 'old.txt', status: 'deleted' }, { path: 'src/new.ts', status: 'added' },
    ]);
    assert.match(detail.workspace?.branch ?? '', /OS-3/);
    const readme = await client.runDiff(run.id, 'README.md');
    assert.deepEqual([readme.status, readme.source, readme.base_ref, readme.truncated], ['modified', 'git', mainSha, false]);
    assert.match(readme.diff, /^\+new line$/m);
    assert.match((await client.runDiff(run.id, 'src/new.ts')).diff, /^\+export const hello = 1;$/m);
    assert.match((await client.runDiff(run.id, 'committed.txt')).diff, /^\+already committed$/m);
    assert.match((await client.runDiff(run.id, 'old.txt')).diff, /^-to be removed$/m);
  });

  it('a diff path must be one of the changed files, relative and inside the workspace', async (t) => {
    const host = await HostGateway.start(t, { transport, workspaces: 'git_worktree' });
    host.harness.onTurn = ({ workspacePath }) => writeFileSync(join(workspacePath, 'README.md'), 'changed\n');
    const run = await host.startRun('OS-3');
    const outcomes = [];
    for (const query of ['', '?path=', '?path=..%2Fissues.yaml', '?path=%2Fetc%2Fpasswd', '?path=src%2F..%2FREADME.md', '?path=unchanged.txt']) {
      const response = await host.get(`/api/v1/runs/${run.id}/diffs${query}`);
      outcomes.push([response.status, ErrorEnvelopeSchema.parse(response.json).error.code]);
    }
    assert.deepEqual(outcomes, [
      [400, 'invalid_request'], [400, 'invalid_request'], [400, 'invalid_request'], [400, 'invalid_request'], [400, 'invalid_request'], [404, 'not_found'],
    ]);
  });

  it('outside git, files and diffs come from the harness\'s recorded file changes', async (t) => {
    const host = await HostGateway.start(t, { transport });
    host.harness.onTurn = ({ sink, workspacePath }) => {
      const fileChange = (id: string, status: string, changes: unknown[]) => sink.event({ type: 'agent.item', summary: `file change ${status}`, payload: { turn_id: 't1', item: { type: 'fileChange', id, status, changes } } });
      fileChange('fc-1', 'completed', [
        { path: join(workspacePath, 'src', 'a.ts'), kind: { type: 'add' }, diff: '+export const a = 1;\n' },
        { path: join(workspacePath, 'README.md'), kind: { type: 'update', move_path: null }, diff: '@@ -1 +1 @@\n-old\n+new\n' },
        { path: '/somewhere/else.txt', kind: { type: 'add' }, diff: '+outside\n' },
      ]);
      fileChange('fc-2', 'declined', [{ path: join(workspacePath, 'declined.txt'), kind: { type: 'add' }, diff: '+no\n' }]);
      fileChange('fc-3', 'completed', [{ path: join(workspacePath, 'README.md'), kind: { type: 'update', move_path: null }, diff: '@@ -1 +1 @@\n-new\n+newer\n' }]);
    };
    const run = await host.startRun('OS-3');
    await host.event((event) => event.type === 'agent.item' && (event.payload.item as { id?: string }).id === 'fc-3');
    const client = host.client('viewer');

    const files = await client.runFiles(run.id);
    const readme = await client.runDiff(run.id, 'README.md');

    assert.deepEqual([files.source, files.base_ref], ['events', null]);
    assert.deepEqual(files.files, [{ path: 'README.md', status: 'modified' }, { path: 'src/a.ts', status: 'added' }]);
    assert.deepEqual([readme.source, readme.status], ['events', 'modified']);
    assert.equal(readme.diff, '@@ -1 +1 @@\n-old\n+new\n\n@@ -1 +1 @@\n-new\n+newer\n');
    assert.equal((await client.runDiff(run.id, 'src/a.ts')).diff, '+export const a = 1;\n');
  });

  it('a run with no workspace changes and no recorded changes lists nothing', async (t) => {
    const host = await HostGateway.start(t, { transport });
    const run = await host.startRun('OS-3');

    const files = await host.client('viewer').runFiles(run.id);

    assert.deepEqual([files.source, files.files], ['none', []]);
  });
});
