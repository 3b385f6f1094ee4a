import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceKey } from '../../../../host/workspace/workspaceKey.ts';
import { WorkspaceManager, assertContained } from '../../../../host/workspace/workspaceManager.ts';

const noHooks = { after_create: null, before_run: null, after_run: null, timeout_ms: 5_000 };

describe('workspace keys', () => {
  it('keeps safe identifiers as they are', () => {
    assert.equal(workspaceKey('ABC-123'), 'ABC-123');
    assert.equal(workspaceKey('a.b_c-1'), 'a.b_c-1');
  });

  it('replaces unsafe characters and adds a 64-bit hash so distinct identifiers stay distinct', () => {
    const slash = workspaceKey('A/B');
    const space = workspaceKey('A B');
    assert.match(slash, /^A_B-[0-9a-f]{16}$/);
    assert.notEqual(slash, space);
    assert.equal(workspaceKey('A/B'), slash, 'stable');
  });

  it('never yields . or .. as a key', () => {
    assert.match(workspaceKey('..'), /^__-[0-9a-f]{16}$/);
    assert.match(workspaceKey('.'), /^_-[0-9a-f]{16}$/);
  });
});

describe('WorkspaceManager', () => {
  it('creates the workspace once and runs after_create only then', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'));
    const manager = new WorkspaceManager(() => undefined);
    const hooks = { ...noHooks, after_create: 'echo created >> marker.txt' };
    const first = await manager.ensure(root, 'X-1', hooks);
    const second = await manager.ensure(root, 'X-1', hooks);
    assert.equal(first.createdNow, true);
    assert.equal(second.createdNow, false);
    assert.equal(first.path, second.path);
    const { readFileSync } = await import('node:fs');
    assert.equal(readFileSync(join(first.path, 'marker.txt'), 'utf8'), 'created\n');
  });

  it('fails the attempt when before_run fails or times out, and ignores after_run failures', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'));
    const manager = new WorkspaceManager(() => undefined);
    const workspace = await manager.ensure(root, 'X-2', noHooks);
    await assert.rejects(manager.beforeRun(workspace, { ...noHooks, before_run: 'exit 3' }), (error: { code: string }) => error.code === 'hook_failed');
    await assert.rejects(manager.beforeRun(workspace, { ...noHooks, before_run: 'sleep 5', timeout_ms: 100 }), (error: { code: string }) => error.code === 'hook_timeout');
    await manager.afterRun(workspace, { ...noHooks, after_run: 'exit 1' });
  });

  it('refuses a file where the workspace directory should be', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'));
    writeFileSync(join(root, 'X-3'), 'not a dir');
    await assert.rejects(new WorkspaceManager(() => undefined).ensure(root, 'X-3', noHooks), (error: { code: string }) => error.code === 'invalid_workspace_cwd');
  });

  it('rejects paths that escape the root through a symlink', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ws-'));
    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    symlinkSync(outside, join(root, 'X-4'));
    await assert.rejects(new WorkspaceManager(() => undefined).ensure(root, 'X-4', noHooks), /not a directory|not inside/);
    mkdirSync(join(root, 'inside'));
    await assertContained(root, join(root, 'inside'));
    await assert.rejects(assertContained(root, outside), /not inside/);
    await assert.rejects(assertContained(root, root), /not inside/);
    assert.ok(existsSync(outside));
  });
});
