import type {
  Approval, FileChangeStatus, Issue, Run, RunFileChange, RunTargetRequest, SendMessageRequest,
} from '../protocol/index.ts';
import type { ActionContext, ActionOutcome } from './gatewayBackend.ts';

/** What the host knows about a run beyond its DTO, for `GET /api/v1/runs/{id}`. */
export interface RunContext {
  issue: Issue | null;
  workspace: { path: string; branch: string | null } | null;
  harness: { kind: string; session_id: string | null };
  approvals: Approval[];
}

/** The files a run changed and where that knowledge came from. */
export interface RunChanges {
  source: 'git' | 'events' | 'none';
  baseRef: string | null;
  files: RunFileChange[];
}

/** One file's diff against its base. */
export interface RunFileDiff {
  status: FileChangeStatus;
  source: 'git' | 'events';
  baseRef: string | null;
  diff: string;
  truncated: boolean;
}

/** The run side of the host, as the run routes and run actions use it. */
export interface RunBackend {
  /** The run, or undefined for an id the host does not know. */
  run(runId: string): Run | undefined;
  /** The host's runs of an issue, newest first. */
  runsOfIssue(issueId: string): Run[];
  context(run: Run): Promise<RunContext>;
  /** Files changed in the run's workspace (git when it is a repository, else the harness's recorded changes). */
  changes(run: Run): Promise<RunChanges>;
  /** The diff of one changed file; undefined when `path` is not among the run's changed files. */
  diff(run: Run, path: string): Promise<RunFileDiff | undefined>;
  retry(request: RunTargetRequest, context: ActionContext): Promise<ActionOutcome>;
  cancel(request: RunTargetRequest, context: ActionContext): Promise<ActionOutcome>;
  pause(request: RunTargetRequest, context: ActionContext): Promise<ActionOutcome>;
  resume(request: RunTargetRequest, context: ActionContext): Promise<ActionOutcome>;
  sendMessage(request: SendMessageRequest, context: ActionContext): Promise<ActionOutcome>;
}
