import type { WorkflowStatus } from '../protocol/index.ts';
import type { WorkflowWatcher } from '../workflow/workflowWatcher.ts';

/** The operator-visible state of WORKFLOW.md: when it last loaded, and what is wrong with it now. */
export function workflowStatus(watcher: WorkflowWatcher, loadedAt: string | null): WorkflowStatus {
  const error = watcher.lastError;
  return {
    path: watcher.path,
    loaded_at: loadedAt,
    error: error ? { code: error.code, message: error.message, line: error.line ?? null } : null,
  };
}
