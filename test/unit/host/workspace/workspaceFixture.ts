import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { WorkspaceHooks, WorkspaceSettings } from '../../../../host/workspace/workspaceSettings.ts';

export const noHooks: WorkspaceHooks = { after_create: null, before_run: null, after_run: null, before_remove: null, timeout_ms: 5_000 };

/** A real temp folder (symlinks resolved) removed after the test. */
export function tempDir(t: TestContext, prefix = 'ws-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Directory-strategy settings under `root` with the given hooks. */
export function settings(root: string, hooks: Partial<WorkspaceHooks> = {}, extra: Partial<WorkspaceSettings> = {}): WorkspaceSettings {
  return { root, strategy: 'directory', repository: root, baseRef: 'HEAD', hooks: { ...noHooks, ...hooks }, ...extra };
}
