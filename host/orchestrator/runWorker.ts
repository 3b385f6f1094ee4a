import type { Issue, Run } from '../protocol/index.ts';
import type { HarnessAdapter, HarnessSession, HarnessSink } from '../harness/harnessAdapter.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { Workspace, WorkspaceManager } from '../workspace/workspaceManager.ts';
import { workspaceSettings } from '../workspace/workspaceSettings.ts';
import { CodedError, errorMessage } from '../base/errors.ts';

/** What one worker needs; given by the orchestrator. */
export interface RunWorkerContext {
  run: Run;
  issue: Issue;
  workflow: WorkflowDefinition;
  tracker: Tracker;
  harness: HarnessAdapter;
  workspaces: WorkspaceManager;
  sink: HarnessSink;
  renderPrompt: (template: string, issue: Issue, attempt: number | null) => Promise<string>;
  continuationPrompt: (turn: number, maxTurns: number) => string;
  /** The workspace exists; the orchestrator journals the run as started. */
  workspaceReady: (workspace: Workspace) => void;
  /** Whether the refreshed issue warrants another turn (active and routable, Symphony §3.9). */
  mayContinue: (issue: Issue) => boolean;
  /** The issue as the by-id refresh after a turn returned it. */
  issueRefreshed: (issue: Issue) => void;
  /** The agent session is open: operator controls may reach it now. */
  sessionStarted?: (session: HarnessSession) => void;
  /** The session is over: pending approvals of the run are cancelled. */
  sessionEnded: () => void;
  signal: AbortSignal;
}

/**
 * The worker (Symphony §3.9): workspace → before_run → agent session → turns up to max_turns (the
 * full prompt first, continuation guidance after), refreshing the issue by id after every turn.
 * `after_run` runs whenever the workspace exists, however the attempt ends. Resolves on a normal
 * exit; throws on a failure.
 */
export async function executeRun(context: RunWorkerContext): Promise<void> {
  const { run, workflow } = context;
  const settings = workspaceSettings(workflow);
  const workspace = await context.workspaces.ensure({ identifier: run.issue_identifier, branchName: context.issue.branch_name }, settings);
  run.workspace_path = workspace.path;
  context.workspaceReady(workspace);
  let session: HarnessSession | undefined;
  try {
    context.signal.throwIfAborted();
    await context.workspaces.beforeRun(workspace, settings.hooks);
    // before_run may have changed the folder: the agent's cwd must still be the contained workspace.
    await context.workspaces.assertLaunchable(workspace, settings);
    context.signal.throwIfAborted();
    session = await context.harness.startSession({ issue: context.issue, workspacePath: workspace.path, sink: context.sink, signal: context.signal });
    run.thread_id = session.sessionId;
    context.sessionStarted?.(session);
    await runTurns(context, session);
  } finally {
    context.sessionEnded();
    if (session) await session.dispose();
    await context.workspaces.afterRun(workspace, settings.hooks);
  }
}

async function runTurns(context: RunWorkerContext, session: HarnessSession): Promise<void> {
  const { run, workflow } = context;
  const maxTurns = workflow.config.agent.max_turns;
  let issue = context.issue;
  for (let turn = 1; turn <= maxTurns; turn++) {
    const prompt = turn === 1
      ? await context.renderPrompt(workflow.promptTemplate, issue, run.attempt)
      : context.continuationPrompt(turn, maxTurns);
    run.turn_count = turn;
    const outcome = await session.runTurn(prompt, context.signal);
    if (outcome.status !== 'completed') {
      const error = outcome.error ?? { code: outcome.status === 'interrupted' ? 'turn_cancelled' : 'turn_failed', message: `turn ${outcome.status}` };
      throw new CodedError(error.code, error.message);
    }
    const refreshed = await refreshIssue(context.tracker, issue.id);
    if (!refreshed) return;
    issue = refreshed;
    context.issueRefreshed(issue);
    if (!context.mayContinue(issue)) return;
  }
}

async function refreshIssue(tracker: Tracker, issueId: string): Promise<Issue | undefined> {
  try {
    return (await tracker.fetchIssuesByIds([issueId]))[0];
  } catch (error) {
    throw new CodedError('issue_state_refresh_error', `issue state refresh error: ${errorMessage(error)}`, { cause: error });
  }
}
