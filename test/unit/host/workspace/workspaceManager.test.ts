import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceKey } from '../../../../host/workspace/workspaceKey.ts';
import { WorkspaceManager, assertContained } from '../../../../host/workspace/workspaceManager.ts';
import { settings, tempDir } from './workspaceFixture.ts';

const subject = (identifier: string) => ({ identifier, branchName: null });
const codeOf = (code: string) => (error: { code?: string }) => error.code === code;

describe('workspace keys', () => {
  it('keeps safe identifiers as they are', () => {
    assert.equal(workspaceKey('ABC-123'), 'ABC-123');
    assert.equal(workspaceKey('a.b_c-1'), 'a.b_c-1');
  });

  it('replaces unsafe characters and adds a 64-bit hash so distinct identifiers stay distinct', () => {
    const slash = workspaceKey('A/B');
    assert.match(slash, /^A_B-[0-9a-f]{16}$/);
    assert.notEqual(slash, workspaceKey('A B'));
    assert.notEqual(slash, workspaceKey('A_B'));
    assert.equal(workspaceKey('A/B'), slash, 'stable');
  });

  it('never yields . or .. as a key', () => {
    assert.match(workspaceKey('..'), /^__-[0-9a-f]{16}$/);
    assert.match(workspaceKey('.'), /^_-[0-9a-f]{16}$/);
  });

  it('turns non-ASCII letters into a safe, distinct key (composed and decomposed forms differ)', () => {
    const composed = workspaceKey('ÄRGER-1');
    assert.match(composed, /^_RGER-1-[0-9a-f]{16}$/);
    assert.notEqual(composed, workspaceKey('A\u0308RGER-1'));
    assert.notEqual(workspaceKey('票-1'), workspaceKey('票-2'));
  });
});

describe('workspace containment', () => {
  const manager = new WorkspaceManager();

  it('keeps "../x" inside the root as one sanitized folder', async (t) => {
    const root = tempDir(t);
    const workspace = await manager.ensure(subject('../x'), settings(join(root, 'ws')));
    assert.equal(workspace.path, join(root, 'ws', workspaceKey('../x')));
    assert.ok(!existsSync(join(root, 'x')));
  });

  it('keeps "a/b" one folder deep', async (t) => {
    const root = tempDir(t);
    const workspace = await manager.ensure(subject('a/b'), settings(root));
    assert.match(workspace.path, new RegExp(`^${root}/a_b-[0-9a-f]{16}$`));
    assert.ok(!existsSync(join(root, 'a')));
  });

  it('accepts a root reached through a symlink and places workspaces in its real folder', async (t) => {
    const real = tempDir(t);
    const link = join(tempDir(t), 'root-link');
    symlinkSync(real, link);
    const workspace = await manager.ensure(subject('S-1'), settings(link));
    assert.equal(workspace.path, join(real, 'S-1'));
  });

  it('creates a workspace for a unicode identifier inside the root', async (t) => {
    const root = tempDir(t);
    const workspace = await manager.ensure(subject('Ünïcødé 票'), settings(root));
    assert.equal(workspace.path, join(root, workspaceKey('Ünïcødé 票')));
    assert.ok(existsSync(workspace.path));
  });

  it('fails with invalid_workspace_cwd when a file stands where the folder should be, and leaves the file alone', async (t) => {
    const root = tempDir(t);
    writeFileSync(join(root, 'X-3'), 'not a dir');
    await assert.rejects(manager.ensure(subject('X-3'), settings(root)), codeOf('invalid_workspace_cwd'));
    assert.equal(readFileSync(join(root, 'X-3'), 'utf8'), 'not a dir');
  });

  it('refuses a symlink at the workspace path, wherever it points', async (t) => {
    const root = tempDir(t);
    const outside = tempDir(t, 'outside-');
    symlinkSync(outside, join(root, 'X-4'));
    await assert.rejects(manager.ensure(subject('X-4'), settings(root)), codeOf('invalid_workspace_cwd'));
    mkdirSync(join(root, 'inside'));
    await assertContained(root, join(root, 'inside'));
    await assert.rejects(assertContained(root, outside), /not inside/);
    await assert.rejects(assertContained(root, root), /not inside/, 'the root itself is not a workspace');
  });

  it('refuses to launch when before_run swapped the workspace for a link out of the root', async (t) => {
    const root = tempDir(t);
    const outside = tempDir(t, 'outside-');
    const config = settings(root, { before_run: `rm -rf "$PWD" && ln -s ${outside} "$PWD"` });
    const workspace = await manager.ensure(subject('X-5'), config);
    await manager.beforeRun(workspace, config.hooks);
    await assert.rejects(manager.assertLaunchable(workspace, config), codeOf('invalid_workspace_cwd'));
  });
});

describe('WorkspaceManager', () => {
  it('creates the workspace once and runs after_create only then', async (t) => {
    const root = tempDir(t);
    const manager = new WorkspaceManager();
    const config = settings(root, { after_create: 'echo created >> marker.txt' });
    const first = await manager.ensure(subject('X-1'), config);
    const second = await manager.ensure(subject('X-1'), config);
    assert.deepEqual([first.createdNow, second.createdNow], [true, false]);
    assert.equal(first.path, second.path);
    assert.equal(readFileSync(join(first.path, 'marker.txt'), 'utf8'), 'created\n');
  });

  it('removes a folder whose after_create failed, so the next attempt prepares it again', async (t) => {
    const root = tempDir(t);
    const manager = new WorkspaceManager();
    const flag = join(root, 'fail-once');
    writeFileSync(flag, '');
    const config = settings(join(root, 'ws'), { after_create: `if [ -e ${flag} ]; then rm ${flag}; exit 7; fi; touch ready` });
    await assert.rejects(manager.ensure(subject('X-2'), config), codeOf('hook_failed'));
    assert.ok(!existsSync(join(root, 'ws', 'X-2')));
    const workspace = await manager.ensure(subject('X-2'), config);
    assert.equal(workspace.createdNow, true);
    assert.ok(existsSync(join(workspace.path, 'ready')));
  });

  it('removes a workspace after before_remove, and reports nothing to remove for an unknown one', async (t) => {
    const root = tempDir(t);
    const log = join(root, 'removed.log');
    const manager = new WorkspaceManager();
    const config = settings(join(root, 'ws'), { before_remove: `basename "$PWD" >> ${log}` });
    const workspace = await manager.ensure(subject('X-6'), config);
    assert.equal(await manager.remove('X-6', config), workspace.path);
    assert.ok(!existsSync(workspace.path));
    assert.equal(readFileSync(log, 'utf8'), 'X-6\n');
    assert.equal(await manager.remove('X-6', config), null);
    assert.equal(await manager.remove('X-7', settings(join(root, 'missing-root'))), null);
  });

  it('drops a symlink at a workspace path on removal without touching its target', async (t) => {
    const root = tempDir(t);
    const outside = tempDir(t, 'outside-');
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    symlinkSync(outside, join(root, 'X-8'));
    assert.equal(await new WorkspaceManager().remove('X-8', settings(root)), join(root, 'X-8'));
    assert.equal(readFileSync(join(outside, 'keep.txt'), 'utf8'), 'keep');
  });
});
