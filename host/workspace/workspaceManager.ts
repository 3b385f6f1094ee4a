import { lstat, mkdir, realpath, rm, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { CodedError } from '../base/errors.ts';
import { assertContained } from './containment.ts';
import { addWorktree, defaultBranchName, pruneWorktrees, removeWorktree } from './gitWorktree.ts';
import { runHook, silentHookObserver, type HookName, type HookObserver } from './hookRunner.ts';
import { workspaceKey } from './workspaceKey.ts';
import type { WorkspaceHooks, WorkspaceSettings } from './workspaceSettings.ts';

export type { WorkspaceHooks, WorkspaceSettings } from './workspaceSettings.ts';
export { assertContained } from './containment.ts';

export interface Workspace {
  path: string;
  key: string;
  createdNow: boolean;
}

/** Which issue a workspace is for. */
export interface WorkspaceSubject {
  identifier: string;
  /** git_worktree: the branch; a sanitized default when null. */
  branchName: string | null;
}

/**
 * Per-issue workspaces under one root (Symphony §4): `<root>/<sanitized key>`, created once and
 * reused, contained in the root (symlinks resolved), prepared by the `after_create` hook, removed
 * with `before_remove`. With `strategy: git_worktree` a workspace is a worktree of the repository
 * on the branch. A path that exists but is not a plain folder fails the attempt
 * (`invalid_workspace_cwd`) rather than being replaced.
 */
export class WorkspaceManager {
  private readonly hooks: HookObserver;

  constructor(hooks: HookObserver = silentHookObserver) {
    this.hooks = hooks;
  }

  /** Creates (or reuses) the workspace; runs `after_create` when it was just created. */
  async ensure(subject: WorkspaceSubject, settings: WorkspaceSettings): Promise<Workspace> {
    const realRoot = await this.prepareRoot(settings.root);
    const key = workspaceKey(subject.identifier);
    const path = join(realRoot, key);
    if (await this.existingFolder(path)) {
      await assertContained(realRoot, path);
      return { path, key, createdNow: false };
    }
    await this.create(path, subject, settings);
    await assertContained(realRoot, path);
    if (settings.hooks.after_create) {
      try {
        await this.runRequiredHook('after_create', settings.hooks.after_create, path, settings.hooks.timeout_ms);
      } catch (error) {
        // A half-prepared folder would be reused as if ready; remove it so the next attempt starts over.
        await this.deleteFolder(path, settings);
        throw error;
      }
    }
    return { path, key, createdNow: true };
  }

  /** Runs `before_run`; its failure or timeout fails the attempt. */
  async beforeRun(workspace: Workspace, hooks: WorkspaceHooks): Promise<void> {
    if (hooks.before_run) await this.runRequiredHook('before_run', hooks.before_run, workspace.path, hooks.timeout_ms);
  }

  /** Runs `after_run`; failures are logged and ignored (Symphony §2.3). */
  async afterRun(workspace: Workspace, hooks: WorkspaceHooks): Promise<void> {
    if (hooks.after_run) await this.runHookLogged('after_run', hooks.after_run, workspace.path, hooks.timeout_ms);
  }

  /** Checks, right before the agent starts, that its cwd is still a real folder inside the root. */
  async assertLaunchable(workspace: Workspace, settings: WorkspaceSettings): Promise<void> {
    if (!(await this.existingFolder(workspace.path))) throw new CodedError('invalid_workspace_cwd', `workspace ${workspace.path} is gone`);
    await assertContained(settings.root, workspace.path);
  }

  /**
   * Removes the workspace if it exists: `before_remove` first (failures ignored), then the
   * folder (a worktree through `git worktree remove --force`). Returns the removed path, or null.
   */
  async remove(identifier: string, settings: WorkspaceSettings): Promise<string | null> {
    const realRoot = await realpath(settings.root).catch(() => null);
    if (realRoot === null) return null;
    const path = join(realRoot, workspaceKey(identifier));
    const info = await lstatOrUndefined(path);
    if (!info) return null;
    if (info.isSymbolicLink()) {
      await unlink(path); // never follow a link out of the root; dropping the link is enough
      return path;
    }
    if (!info.isDirectory()) return null;
    await assertContained(realRoot, path);
    if (settings.hooks.before_remove) await this.runHookLogged('before_remove', settings.hooks.before_remove, path, settings.hooks.timeout_ms);
    await this.deleteFolder(path, settings);
    return path;
  }

  private async prepareRoot(root: string): Promise<string> {
    if (!isAbsolute(root)) throw new CodedError('invalid_workspace_root', `workspace.root must be absolute, got "${root}"`);
    await mkdir(root, { recursive: true });
    return realpath(root);
  }

  /** True for an existing folder; throws for anything else standing at the path. */
  private async existingFolder(path: string): Promise<boolean> {
    const info = await lstatOrUndefined(path);
    if (!info) return false;
    if (info.isSymbolicLink()) throw new CodedError('invalid_workspace_cwd', `${path} is a symbolic link; a workspace must be a real folder inside the root. Remove the link.`);
    if (!info.isDirectory()) throw new CodedError('invalid_workspace_cwd', `${path} exists and is not a directory; remove it so the workspace can be created`);
    return true;
  }

  private async create(path: string, subject: WorkspaceSubject, settings: WorkspaceSettings): Promise<void> {
    if (settings.strategy === 'directory') {
      await mkdir(path);
      return;
    }
    const branch = subject.branchName?.trim() || defaultBranchName(subject.identifier);
    await addWorktree({ repository: settings.repository, path, branch, baseRef: settings.baseRef });
  }

  private async deleteFolder(path: string, settings: WorkspaceSettings): Promise<void> {
    if (settings.strategy === 'git_worktree') {
      const result = await removeWorktree(settings.repository, path);
      if (result.removed) return;
      this.hooks.warning(`git worktree remove failed (${result.reason}); deleting the folder and pruning the worktree list`, path);
      await rm(path, { recursive: true, force: true });
      await pruneWorktrees(settings.repository);
      return;
    }
    await rm(path, { recursive: true, force: true });
  }

  private async runRequiredHook(name: HookName, script: string, cwd: string, timeoutMs: number): Promise<void> {
    const result = await this.runHookLogged(name, script, cwd, timeoutMs);
    if (result.outcome === 'ok') return;
    const what = result.outcome === 'timeout' ? `timed out after ${timeoutMs} ms` : `exited with ${result.exitCode}`;
    throw new CodedError(`hook_${result.outcome}`, `${name} hook ${what}: ${result.output.slice(-500)}`);
  }

  private async runHookLogged(name: HookName, script: string, cwd: string, timeoutMs: number) {
    this.hooks.started(name, cwd);
    const result = await runHook(script, cwd, timeoutMs);
    this.hooks.finished(name, cwd, result);
    return result;
  }
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
