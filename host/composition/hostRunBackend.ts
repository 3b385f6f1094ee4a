import { existsSync } from 'node:fs';
import type { ApprovalService } from '../approvals/approvalService.ts';
import type { RunBackend, RunChanges, RunContext, RunFileDiff } from '../gateway/runBackend.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { Issue, Run } from '../protocol/index.ts';
import type { TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { workspaceSettings } from '../workspace/workspaceSettings.ts';
import { gitBranch, gitFileDiff, gitWorkspaceChanges } from '../workspace/workspaceChanges.ts';
import type { BaseRefHint, GitChanges } from '../workspace/workspaceChanges.ts';
import { recordedFileChanges } from './recordedFileChanges.ts';
import { RunActions } from './runActions.ts';
import type { RunOrchestrator } from './runActions.ts';

/** What the run side of the gateway reads. */
export interface HostRunBackendDeps {
  journal: EventJournal;
  orchestrator: RunOrchestrator;
  approvals: Pick<ApprovalService, 'list'>;
  /** The loaded workflow (harness kind, workspace strategy and base ref); undefined before it loads. */
  workflow?: () => WorkflowDefinition | undefined;
  taskGraph?: TaskGraphReader;
}

/** The gateway's run backend over the orchestrator, the journal and the run workspaces. */
export function createHostRunBackend(deps: HostRunBackendDeps): RunBackend {
  const actions = new RunActions(deps.orchestrator);
  return {
    run: (runId) => deps.orchestrator.runsList().find((run) => run.id === runId),
    runsOfIssue: (issueId) => deps.orchestrator.runsList().filter((run) => run.issue_id === issueId).sort((a, b) => (a.queued_at < b.queued_at ? 1 : a.queued_at > b.queued_at ? -1 : 0)),
    context: (run) => runContext(deps, run),
    changes: (run) => runChanges(deps, run).then(({ changes }) => changes),
    diff: (run, path) => runDiff(deps, run, path),
    retry: (request, context) => actions.retry(request, context),
    cancel: (request) => actions.cancel(request),
    pause: (request, context) => actions.pause(request, context),
    resume: (request, context) => actions.resume(request, context),
    sendMessage: (request, context) => actions.sendMessage(request, context),
  };
}

async function runContext(deps: HostRunBackendDeps, run: Run): Promise<RunContext> {
  const issue = issueOf(deps, run.issue_id);
  const path = run.workspace_path;
  const branch = path && existsSync(path) ? await gitBranch(path) : null;
  return {
    issue,
    workspace: path ? { path, branch: branch ?? issue?.branch_name ?? null } : null,
    harness: { kind: deps.workflow?.()?.config.harness.kind ?? 'unknown', session_id: run.thread_id },
    approvals: deps.approvals.list().filter((approval) => approval.run_id === run.id).sort((a, b) => (a.requested_at < b.requested_at ? -1 : a.requested_at > b.requested_at ? 1 : 0)),
  };
}

function issueOf(deps: HostRunBackendDeps, issueId: string): Issue | null {
  const known = deps.orchestrator.issuesList().find((issue) => issue.id === issueId);
  if (known) return known;
  const node = deps.taskGraph?.node(`issue:${issueId}`);
  return node?.kind === 'issue' ? node.issue : null;
}

/** Git when the workspace is its own repository, else what the harness recorded, else nothing. */
async function runChanges(deps: HostRunBackendDeps, run: Run): Promise<{ changes: RunChanges; git?: GitChanges }> {
  const path = run.workspace_path;
  const git = path && existsSync(path) ? await gitWorkspaceChanges(path, baseHint(deps)) : undefined;
  if (git) return { changes: { source: 'git', baseRef: git.baseRef, files: git.files.map(({ path: file, status }) => ({ path: file, status })) }, git };
  const recorded = recordedFileChanges(deps.journal, run.id, path);
  if (recorded.length > 0) return { changes: { source: 'events', baseRef: null, files: recorded.map(({ path: file, status }) => ({ path: file, status })) } };
  return { changes: { source: 'none', baseRef: null, files: [] } };
}

async function runDiff(deps: HostRunBackendDeps, run: Run, path: string): Promise<RunFileDiff | undefined> {
  const { git } = await runChanges(deps, run);
  if (git && run.workspace_path) {
    const file = git.files.find((candidate) => candidate.path === path);
    if (!file) return undefined;
    return { status: file.status, source: 'git', baseRef: git.baseRef, ...await gitFileDiff(run.workspace_path, git.baseRef, file) };
  }
  const recorded = recordedFileChanges(deps.journal, run.id, run.workspace_path).find((candidate) => candidate.path === path);
  if (!recorded) return undefined;
  return { status: recorded.status, source: 'events', baseRef: null, diff: recorded.diffs.join('\n'), truncated: recorded.truncated };
}

/** git_worktree workspaces branched from `workspace.base_ref` of the repository; others have no configured base. */
function baseHint(deps: HostRunBackendDeps): BaseRefHint | null {
  const workflow = deps.workflow?.();
  if (!workflow || workflow.config.workspace.strategy !== 'git_worktree') return null;
  const settings = workspaceSettings(workflow);
  return { repository: settings.repository, ref: settings.baseRef };
}
