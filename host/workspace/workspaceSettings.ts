import { dirname, resolve } from 'node:path';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';

export interface WorkspaceHooks {
  after_create: string | null;
  before_run: string | null;
  after_run: string | null;
  before_remove: string | null;
  timeout_ms: number;
}

/** How workspaces are laid out and prepared, from WORKFLOW.md's `workspace` and `hooks`. */
export interface WorkspaceSettings {
  /** Absolute root; every workspace is one folder directly under it. */
  root: string;
  strategy: 'directory' | 'git_worktree';
  /** git_worktree: the repository worktrees are added to (absolute). */
  repository: string;
  /** git_worktree: where a new issue branch starts. */
  baseRef: string;
  hooks: WorkspaceHooks;
}

/** The workspace settings of a workflow; `workspace.repository` defaults to (and resolves against) the WORKFLOW.md folder. */
export function workspaceSettings(workflow: WorkflowDefinition): WorkspaceSettings {
  const { workspace, hooks } = workflow.config;
  const folder = dirname(workflow.path);
  return {
    root: workspace.root,
    strategy: workspace.strategy,
    repository: resolve(folder, workspace.repository ?? '.'),
    baseRef: workspace.base_ref,
    hooks,
  };
}
