import { mkdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CodedError } from '../base/errors.ts';
import { workspaceKey } from './workspaceKey.ts';
import { runHook, type HookResult } from './hookRunner.ts';

export interface Workspace {
  path: string;
  key: string;
  createdNow: boolean;
}

export interface WorkspaceHooks {
  after_create: string | null;
  before_run: string | null;
  after_run: string | null;
  timeout_ms: number;
}

/** Per-issue workspaces under one root, with containment checks and lifecycle hooks (Symphony §4). */
export class WorkspaceManager {
  private readonly hookLog: (hook: string, result: HookResult) => void;

  constructor(hookLog: (hook: string, result: HookResult) => void) {
    this.hookLog = hookLog;
  }

  /** Creates (or reuses) the issue's workspace; runs `after_create` when it was just created. */
  async ensure(root: string, identifier: string, hooks: WorkspaceHooks): Promise<Workspace> {
    if (!isAbsolute(root)) throw new CodedError('invalid_workspace_root', `workspace.root must be absolute, got "${root}"`);
    await mkdir(root, { recursive: true });
    const realRoot = await realpath(root);
    const key = workspaceKey(identifier);
    const path = join(realRoot, key);
    let createdNow = false;
    try {
      const info = await stat(path);
      if (!info.isDirectory()) {
        throw new CodedError('invalid_workspace_cwd', `${path} exists and is not a directory; remove it so the workspace can be created`);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(path);
      createdNow = true;
    }
    await assertContained(realRoot, path);
    if (createdNow && hooks.after_create) await this.runRequiredHook('after_create', hooks.after_create, path, hooks.timeout_ms);
    return { path, key, createdNow };
  }

  async beforeRun(workspace: Workspace, hooks: WorkspaceHooks): Promise<void> {
    if (hooks.before_run) await this.runRequiredHook('before_run', hooks.before_run, workspace.path, hooks.timeout_ms);
  }

  /** Failures are logged and ignored (Symphony §2.3). */
  async afterRun(workspace: Workspace, hooks: WorkspaceHooks): Promise<void> {
    if (!hooks.after_run) return;
    this.hookLog('after_run', await runHook(hooks.after_run, workspace.path, hooks.timeout_ms));
  }

  private async runRequiredHook(name: string, script: string, cwd: string, timeoutMs: number): Promise<void> {
    const result = await runHook(script, cwd, timeoutMs);
    this.hookLog(name, result);
    if (result.outcome !== 'ok') {
      throw new CodedError(`hook_${result.outcome}`, `${name} hook ${result.outcome === 'timeout' ? `timed out after ${timeoutMs} ms` : `exited with ${result.exitCode}`}: ${result.output.slice(-500)}`);
    }
  }
}

/** Rejects a path that resolves (symlinks included) outside the root. */
export async function assertContained(root: string, path: string): Promise<void> {
  const realRoot = await realpath(root);
  const realPath = await realpath(resolve(path));
  const rel = relative(realRoot, realPath);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new CodedError('invalid_workspace_cwd', `workspace ${realPath} is not inside the workspace root ${realRoot}`);
  }
}
